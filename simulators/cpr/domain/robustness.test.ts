/**
 * Bad input never crashes CPR's side and is always answered in the protocol's own format:
 * a well-formed answer (header + ANTAL records of known types and lengths) with a
 * documented FEJLKODE, for random bytes and for valid records with random damage.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../kernel/types.ts';
import { CprProtocol, CprState, decodeRecord, encodeRecord, ERROR_CODES, layoutLength, RECORDS, REQUEST_BODIES, REQUEST_HEADER, RESPONSE_HEADER, EVENT_DATA } from './index.ts';

const KNOWN = new Set<string>(ERROR_CODES.map((e) => e.code));

function setup() {
  const state = new CprState(fixedClock('2025-03-10T10:00:00Z'));
  state.addPersonkode({ personkode: 'WSB00001', kendeord: 'Start#01', providerCvr: '99000001', changedAt: new Date('2025-03-01T00:00:00Z') });
  const protocol = new CprProtocol(state, { newToken: () => 'TOKEN001' });
  const token = protocol.handle(Buffer.from('LOGN01        WSB00001Start#01', 'latin1'), { cvr: '99000001' }).response.toString('latin1').slice(6, 14);
  const anna = state.personKeys.get('anna')!;
  const head = (t: string) => encodeRecord(REQUEST_HEADER, { TRANSKODE: t, VERSION: '01', TOKEN: token, PERSONKODE: 'WSB00001' });
  const init = head('INIT') + encodeRecord(REQUEST_BODIES.INIT, { HAENDELSESKODE: 'FLYT', PNR: anna, HAENDELSESDATO: '20250310', KOMMUNEKODE: '0101' });
  const id = protocol.handle(Buffer.from(init, 'latin1'), { cvr: '99000001' }).response.toString('latin1').slice(27, 37);
  const vali = head('VALI') + encodeRecord(REQUEST_BODIES.VALI, { HAENDELSESID: id, HAENDELSESKODE: 'FLYT' })
    + encodeRecord(EVENT_DATA.FLYT, { TILFLYTNINGSDATO: '20250310', KOMMUNEKODE: '0101', VEJKODE: '5032', HUSNR: '10', ETAGE: '2', SIDEDOER: 'th', POSTNR: '2200' });
  return { protocol, samples: [init, vali, head('GEMH') + id, head('KVIT') + 'K20250310001'] };
}

function expectWellFormed(answer: Buffer): void {
  const text = answer.toString('latin1');
  const head = decodeRecord(RESPONSE_HEADER, text);
  expect(KNOWN.has(head.FEJLKODE), `FEJLKODE ${head.FEJLKODE}`).toBe(true);
  let at = layoutLength(RESPONSE_HEADER);
  for (let i = 0; i < Number(head.ANTAL); i++) {
    const layout = RECORDS[text.slice(at, at + 3)];
    expect(layout, `record type at ${at}`).toBeDefined();
    decodeRecord(layout, text, at);
    at += layoutLength(layout);
  }
  expect(at).toBe(text.length);
  if (head.FEJLKODE !== '00') expect(text.slice(layoutLength(RESPONSE_HEADER), layoutLength(RESPONSE_HEADER) + 3)).toBe('900');
}

describe('robustness against bad records', () => {
  it('answers random bytes with a well-formed error record', () => {
    const { protocol } = setup();
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      expectWellFormed(protocol.handle(Buffer.from(bytes), { cvr: '99000001' }).response);
    }), { numRuns: 300, seed: 7 });
  });

  it('answers valid records with random damage (changed, cut or added characters) with a well-formed answer', () => {
    const { protocol, samples } = setup();
    const damage = fc.record({
      sample: fc.integer({ min: 0, max: samples.length - 1 }),
      at: fc.nat(),
      kind: fc.constantFrom('replace', 'cut', 'insert'),
      ch: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)),
    });
    fc.assert(fc.property(damage, ({ sample, at, kind, ch }) => {
      const s = samples[sample];
      const i = at % s.length;
      const text = kind === 'replace' ? s.slice(0, i) + ch + s.slice(i + 1) : kind === 'cut' ? s.slice(0, i) : s.slice(0, i) + ch + s.slice(i);
      expectWellFormed(protocol.handle(Buffer.from(text, 'latin1'), { cvr: '99000001' }).response);
    }), { numRuns: 400, seed: 11 });
  });

  it('never lets a kendeord into the trace, wherever a malformed logon puts it', () => {
    const { protocol } = setup();
    const kendeord = 'Hemm#l1g';
    const logon = fc.record({
      code: fc.constantFrom('LOGN', 'KEND', 'LOGX', ' LOG', 'KEN'),
      before: fc.string({ maxLength: 40 }),
      after: fc.string({ maxLength: 20 }),
    });
    fc.assert(fc.property(logon, ({ code, before, after }) => {
      const text = `${code}01        WSB00001${before}${kendeord}${after}`;
      const a = protocol.handle(Buffer.from(text, 'latin1'), { cvr: '99000001' });
      expectWellFormed(a.response);
      expect(JSON.stringify(a.trace)).not.toContain(kendeord);
    }), { numRuns: 400, seed: 13 });
    const shifted = protocol.handle(Buffer.from(`LOGN01        ${kendeord}WSB00001`, 'latin1'), { cvr: '99000001' });
    expect(JSON.stringify(shifted.trace)).not.toContain(kendeord);
  });
});
