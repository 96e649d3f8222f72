/**
 * Fuzzing the MRDS XMeld web service input path (seeded; GOVSIM_FUZZ_SCALE for longer): the
 * SOAP 1.1 callApplicationByte envelope (base64 and inline XML), the XMeld message, its header,
 * caller data, schema and search criteria — the same steps as the service, without sockets.
 * Every input ends in a Suchanfrage or an MRDS_ fault whose SOAP rendering is well-formed XML.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FUZZ_SEED, INPUT_BUDGET_MS, fuzzInput, fuzzParams, fuzzTimeout, mutatedBytes } from '../../../bench/reliability/fuzz-kit.ts';
import { getSchema, parseXml, XmlError } from '../../kernel/xml/index.ts';
import { envelope } from '../reference/soap-call.ts';
import { buildSuchanfrage } from '../reference/xmeld-request.ts';
import { readCallApplicationByte, soapFault } from '../transport/soap.ts';
import { XMELD_XSD } from '../transport/xmeld-service.ts';
import { fault, type MrdsFault } from './errors.ts';
import { checkAbrufendeStelle, checkNachrichtenkopf, messageType, readSuchanfrage } from './xmeld.ts';

const NOW = new Date('2025-03-01T10:00:00Z');
const absender = { kundennummer: '03241001', behoerdenname: 'Testbehörde', autorKennung: 'ags:03241001', sicherheitsbehoerde: false };
const x1330 = buildSuchanfrage({ nachrichtentyp: '1330', nachname: 'Brückner', vornamen: 'Lieselotte', gemeindeschluessel: '03241001', aktenzeichen: 'AZ-1', anlassDesAbrufs: 'Test' }, absender, { now: NOW });
const x1332 = buildSuchanfrage({ nachrichtentyp: '1332', nachname: 'Brückner', geburtsdatum: '1961-04', postleitzahl: '30159', aktenzeichen: 'AZ-2', anlassDesAbrufs: 'Test' }, absender, { now: NOW });

/** The service's input steps (xmeld-service.ts handleQuery, without certificate and Mandant checks). */
function readRequest(body: Buffer, encoding: 'base64' | 'xml'): { ok: true } | { fault: MrdsFault } {
  const call = readCallApplicationByte(body, encoding);
  if ('fault' in call) return call;
  let root;
  try {
    root = parseXml(call.xmeld, { label: 'XMeld request' }).root;
  } catch (err) {
    if (!(err instanceof XmlError)) throw err;
    return { fault: fault('MRDS_XMELD_MALFORMED', err.message) };
  }
  const typ = messageType(root);
  if ('fault' in typ) return typ;
  const kopf = checkNachrichtenkopf(root, typ.typ, NOW);
  if ('fault' in kopf) return kopf;
  const stelle = checkAbrufendeStelle(root);
  if ('fault' in stelle) return stelle;
  const xsd = getSchema(XMELD_XSD).validate(root);
  if (!xsd.valid) return { fault: fault('MRDS_XMELD_INVALID', xsd.errors[0]?.message ?? 'invalid') };
  const anfrage = readSuchanfrage(root, typ.typ, kopf.kopf, stelle.stelle);
  return 'fault' in anfrage ? anfrage : { ok: true };
}

describe(`MRDS XMeld input under fuzzing (seed ${FUZZ_SEED})`, () => {
  for (const encoding of ['xml', 'base64'] as const) {
    it(`callApplicationByte (${encoding}): a Suchanfrage or an MRDS_ fault rendered as a SOAP fault`, () => {
      const samples = [envelope(x1330, encoding), envelope(x1332, encoding)];
      expect(samples.map((s) => readRequest(Buffer.from(s), encoding))).toEqual([{ ok: true }, { ok: true }]);
      // base64 hides the XMeld from byte mutations: also mutate the message, then wrap it.
      const inner = fuzzInput([x1330, x1332]).map((x) => envelope(x, encoding));
      let accepted = 0;
      const codes = new Set<string>();
      fc.assert(fc.property(fc.oneof(fuzzInput(samples).map((s) => Buffer.from(s)), mutatedBytes(samples[1]), inner.map((s) => Buffer.from(s))), (body) => {
        const t0 = performance.now();
        const r = readRequest(body, encoding);
        expect(performance.now() - t0).toBeLessThan(INPUT_BUDGET_MS);
        if ('ok' in r) { accepted++; return; }
        expect(r.fault.code).toMatch(/^MRDS_[A-Z0-9_]+$/);
        codes.add(r.fault.code);
        const rendered = parseXml(soapFault({ ...r.fault, side: r.fault.side })).root;
        expect(rendered.name).toBe('Envelope');
      }), fuzzParams(1200));
      expect(accepted).toBeGreaterThan(0);
      expect(codes.size).toBeGreaterThan(2);
    }, fuzzTimeout(1200, 3));
  }
});
