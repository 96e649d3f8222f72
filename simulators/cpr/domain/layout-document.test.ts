/**
 * schemas/cpr/sbs-v01.layout.json must match the layouts the simulator runs on, and must
 * be enough on its own to talk to CPR: a codec that knows nothing but the JSON logs on,
 * initiates and validates a move and reads every answer.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../kernel/types.ts';
import { CprProtocol, CprState } from './index.ts';
import { LAYOUT_DOCUMENT_PATH, layoutDocumentText } from './layout-document.ts';

const FILE = readFileSync(new URL(`../../../${LAYOUT_DOCUMENT_PATH}`, import.meta.url), 'utf8');

interface JField { name: string; offset: number; width: number; type: 'A' | 'N' | 'D' | 'T'; blank?: boolean }
interface JDoc {
  requestHeader: { length: number; fields: JField[] };
  requests: Record<string, { length?: number; lengthByEvent?: Record<string, number>; fields: JField[] }>;
  eventData: Record<string, { offset: number; fields: JField[] }>;
  responseHeader: { length: number; fields: JField[] };
  records: Record<string, { length: number; fields: JField[] }>;
  errorCodes: Array<{ code: string; key: string }>;
}

/** A client codec written against the JSON only. */
function jsonCodec(doc: JDoc) {
  const put = (buf: string[], f: JField, v = '') => {
    const s = f.type === 'A' || v === '' ? v.padEnd(f.width, ' ') : v.padStart(f.width, '0');
    expect(s.length, f.name).toBe(f.width);
    for (let i = 0; i < f.width; i++) buf[f.offset + i] = s[i];
  };
  const encode = (transkode: string, values: Record<string, string>, event?: string) => {
    const req = doc.requests[transkode];
    const length = event ? req.lengthByEvent![event] : req.length!;
    const buf = Array<string>(length).fill(' ');
    for (const f of [...doc.requestHeader.fields, ...req.fields, ...(event ? doc.eventData[event].fields : [])]) put(buf, f, values[f.name]);
    return buf.join('');
  };
  const read = (text: string, fields: JField[], base = 0) => Object.fromEntries(fields.map((f) => [f.name, text.slice(base + f.offset, base + f.offset + f.width).trimEnd()]));
  const decode = (text: string) => {
    const head = read(text, doc.responseHeader.fields);
    const records: Array<Record<string, string>> = [];
    let at = doc.responseHeader.length;
    for (let i = 0; i < Number(head.ANTAL); i++) {
      const rec = doc.records[text.slice(at, at + 3)];
      records.push(read(text, rec.fields, at));
      at += rec.length;
    }
    expect(at).toBe(text.length);
    return { head, records };
  };
  return { encode, decode };
}

describe('machine-readable message reference (schemas/cpr/sbs-v01.layout.json)', () => {
  it('is up to date with the simulator\'s layouts', () => {
    expect(FILE, `${LAYOUT_DOCUMENT_PATH} is out of date: run npx tsx simulators/cpr/generate-layout-document.ts`).toBe(layoutDocumentText());
  });

  it('is enough to run a dialogue: logon, initiate and validate a move with a codec built from the JSON alone', () => {
    const doc = JSON.parse(FILE) as JDoc;
    const { encode, decode } = jsonCodec(doc);
    const state = new CprState(fixedClock('2025-03-10T10:00:00Z'));
    state.addPersonkode({ personkode: 'WSB00001', kendeord: 'Start#01', providerCvr: '99000001', changedAt: new Date('2025-03-01T00:00:00Z') });
    const protocol = new CprProtocol(state, { newToken: () => 'TOKEN001' });
    const send = (text: string) => decode(protocol.handle(Buffer.from(text, 'latin1'), { cvr: '99000001' }).response.toString('latin1'));
    const base = { VERSION: '01', PERSONKODE: 'WSB00001' };

    const logon = send(encode('LOGN', { ...base, TRANSKODE: 'LOGN', KENDEORD: 'Start#01' }));
    expect(logon.head).toMatchObject({ FEJLKODE: '00', TOKEN: 'TOKEN001' });
    expect(logon.records[0]).toMatchObject({ RECORDTYPE: '110', SIKKERHEDSGRUPPE: 'BORGER' });

    const anna = state.personKeys.get('anna')!;
    const init = send(encode('INIT', { ...base, TRANSKODE: 'INIT', TOKEN: 'TOKEN001', HAENDELSESKODE: 'FLYT', PNR: anna, HAENDELSESDATO: '20250310', KOMMUNEKODE: '0101' }));
    expect(init.head.FEJLKODE).toBe('00');
    expect(init.records[0]).toMatchObject({ RECORDTYPE: '101', PNR: anna, EFTERNAVN: 'Testesen', VEJNAVN: 'Vesterbrogade' });

    const vali = send(encode('VALI', {
      ...base, TRANSKODE: 'VALI', TOKEN: 'TOKEN001', HAENDELSESID: init.records[0].HAENDELSESID, HAENDELSESKODE: 'FLYT',
      TILFLYTNINGSDATO: '20250310', KOMMUNEKODE: '0101', VEJKODE: '9999', HUSNR: '', ETAGE: '2', SIDEDOER: 'th', POSTNR: '2200',
    }, 'FLYT'));
    expect(vali.head.FEJLKODE).toBe(doc.errorCodes.find((e) => e.key === 'CPR_VALIDATION_FAILED')!.code);
    expect(vali.records.map((r) => [r.RECORDTYPE, r.FELTNAVN, r.FEJLKODE])).toEqual([['900', 'VEJKODE', '52'], ['900', 'HUSNR', '50']]);
  });
});
