/**
 * Fuzzing the MijnOverheid parsers (seeded; GOVSIM_FUZZ_SCALE for a longer run): the ebMS
 * envelope, multipart/related MIME, the StUF zakLk01 and the Consumerspecificatie. Every input
 * ends in a parsed value or the platform's error value with a stable code — never an exception,
 * never a hang.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FUZZ_SEED, INPUT_BUDGET_MS, STABLE_CODE, fuzzInput, fuzzParams, fuzzTimeout, mutatedBytes } from '../../../bench/reliability/fuzz-kit.ts';
import { envelope, MSH_SERVICE } from '../reference/envelope.ts';
import { zakLk01 } from '../reference/zaaksysteem.ts';
import { parseEnvelope } from './ebms/parse.ts';
import { parseMultipartRelated } from './mime/parser.ts';
import { MimeError } from './mime/errors.ts';
import { writeMultipartRelated } from './mime/writer.ts';
import { readZakLk01 } from './lopendezaken/zaklk01.ts';
import { parseConsumerSpec } from './consumer-spec.ts';
import { validSpecXml } from './testing/fixtures.ts';

const EB_PARTY = { type: 'urn:osb:oin', role: 'http://example.test/role' };
const ping = envelope({
  from: { partyId: '00000099000000042000_OTA', ...EB_PARTY }, to: { partyId: '00000099000000000001', ...EB_PARTY },
  cpaId: 'CPA_1', conversationId: 'c-1', service: MSH_SERVICE, action: 'Ping', messageId: 'm-1@sut.example.test', timestamp: '2026-06-01T10:00:00Z',
});
const business = envelope({
  from: { partyId: '00000099000000042000_OTA', ...EB_PARTY }, to: { partyId: '00000099000000000001', ...EB_PARTY },
  cpaId: 'CPA_1', conversationId: 'c-2', service: 'osb:lopendezaken:1.0', serviceType: 'urn:osb:services', action: 'zakLk01', messageId: 'm-2@sut.example.test',
  timestamp: '2026-06-01T10:00:00Z', refToMessageId: 'm-1@sut.example.test', duplicateElimination: true, ackRequested: true, syncReply: true, payloads: ['payload-1@sut'],
  acknowledgment: { refToMessageId: 'x@y', fromPartyId: '00000099000000042000_OTA' },
});
const zaak = zakLk01({
  identificatie: 'ZAAK-2026-0001', bsn: '999993847', omschrijving: 'Aanvraag parkeervergunning & <toelichting>', startdatum: '20260601',
  toelichting: 'Fuzz', einddatumGepland: '20260701', status: { code: 'S1', omschrijving: 'Ontvangen', datumStatusGezet: '20260601120000', volgnummer: '1' },
}, { oin: '00000099000000042000', afzenderId: 'AFZ-0042', mijnOverheidOin: '00000099000000000001' }, new Date('2026-06-01T10:00:00Z'));

/** Runs fn and fails with the offending input when it throws or takes longer than budgetMs. */
function settles<T>(input: unknown, budgetMs: number, fn: () => T): T {
  const t0 = performance.now();
  let out: T;
  try {
    out = fn();
  } catch (e) {
    throw new Error(`threw ${(e as Error).name}: ${(e as Error).message} for input ${JSON.stringify(input).slice(0, 300)}`);
  }
  const ms = performance.now() - t0;
  if (ms > budgetMs) throw new Error(`took ${ms.toFixed(0)} ms (budget ${budgetMs}) for input ${JSON.stringify(input).slice(0, 300)}`);
  return out;
}

describe(`MijnOverheid parsers under fuzzing (seed ${FUZZ_SEED})`, () => {
  it('ebMS envelope: a message or a SOAP fault with a stable EBMS_ code', () => {
    let parsed = 0;
    fc.assert(fc.property(fc.oneof(fuzzInput([ping, business]).map((s) => Buffer.from(s, 'utf8')), mutatedBytes(business)), (input) => {
      const r = settles(input.toString('latin1'), INPUT_BUDGET_MS, () => parseEnvelope(input));
      if ('message' in r) { parsed++; return; }
      expect(r.fault.code).toMatch(/^EBMS_/);
      expect(r.fault.code).toMatch(STABLE_CODE);
      expect(r.fault.faultString.length).toBeGreaterThan(0);
      expect(['Client', 'Server']).toContain(r.fault.faultCode);
    }), fuzzParams(2000));
    expect(parsed).toBeGreaterThan(0); // the mutations keep some inputs valid: the deep paths were reached
  }, fuzzTimeout(2000, 2));

  it('multipart/related: parts or a MimeError with a stable MIME_ code', async () => {
    const packed = writeMultipartRelated({ root: { contentId: 'soap@sut', contentType: 'text/xml; charset=UTF-8', body: business }, attachments: [{ contentId: 'payload-1@sut', contentType: 'application/xml', body: zaak }] });
    const header = packed.contentType;
    const headerArb = fc.oneof(
      { arbitrary: fc.constant(header), weight: 4 },
      { arbitrary: fuzzInput([header, 'multipart/related; boundary=x; type="text/xml"']), weight: 1 },
    );
    const chunking = fc.integer({ min: 1, max: 4096 });
    let ok = 0;
    await fc.assert(fc.asyncProperty(headerArb, mutatedBytes(packed.body), chunking, async (ct, body, size) => {
      const chunks: Buffer[] = [];
      for (let i = 0; i < body.length; i += size) chunks.push(body.subarray(i, i + size));
      const t0 = performance.now();
      try {
        const r = await parseMultipartRelated(ct, chunks, { limits: { maxTotalBytes: 1 << 20, maxRootBytes: 1 << 18, maxPartBytes: 1 << 18, keepBodyUpTo: 1 << 18, maxParts: 16 } });
        expect(r.root).toBeDefined();
        ok++;
      } catch (e) {
        if (!(e instanceof MimeError)) throw new Error(`non-MIME error ${(e as Error).name}: ${(e as Error).message} for ${JSON.stringify(ct)} / ${JSON.stringify(body.toString('latin1')).slice(0, 300)}`);
        expect(e.code).toMatch(/^MIME_/);
        expect(e.code).toMatch(STABLE_CODE);
      }
      expect(performance.now() - t0).toBeLessThan(INPUT_BUDGET_MS);
    }), fuzzParams(1500));
    expect(ok).toBeGreaterThan(0);
  }, fuzzTimeout(1500, 3));

  it('StUF zakLk01: a bericht or LZ_ issues, never both, never an exception', () => {
    fc.assert(fc.property(fc.oneof(fuzzInput([zaak]).map((s) => Buffer.from(s, 'utf8')), mutatedBytes(zaak)), (input) => {
      const r = settles(input.toString('latin1'), INPUT_BUDGET_MS, () => readZakLk01(input));
      if (r.bericht) expect(r.issues).toEqual([]);
      else {
        expect(r.issues.length).toBeGreaterThan(0);
        for (const i of r.issues) expect(i.code).toMatch(/^LZ_[A-Z0-9_]+$/);
      }
    }), fuzzParams(1500));
  }, fuzzTimeout(1500, 3));

  it('Consumerspecificatie: a spec or SPEC_ issues, never an exception', async () => {
    const spec = await validSpecXml();
    expect(parseConsumerSpec(spec).issues).toEqual([]);
    let valid = 0;
    fc.assert(fc.property(fc.oneof(fuzzInput([spec]).map((s) => Buffer.from(s, 'utf8')), mutatedBytes(spec, 3)), (input) => {
      const r = settles(input.toString('latin1'), INPUT_BUDGET_MS, () => parseConsumerSpec(input));
      if (r.spec) { valid++; expect(r.issues).toEqual([]); return; }
      expect(r.issues.length).toBeGreaterThan(0);
      for (const i of r.issues) expect(i.code).toMatch(/^SPEC_[A-Z0-9_]+$/);
    }), fuzzParams(800));
    expect(valid).toBeGreaterThan(0);
  }, fuzzTimeout(800, 4));
});
