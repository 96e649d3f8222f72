/**
 * Fuzzing the Byg og Miljø SOAP 1.2 request parser (seeded; GOVSIM_FUZZ_SCALE for longer):
 * every body and Content-Type ends in a parsed request or a BomFault with a stable BOM_ code,
 * and its TransaktionFault rendering is a well-formed SOAP 1.2 envelope.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FUZZ_SEED, INPUT_BUDGET_MS, fuzzInput, fuzzParams, fuzzTimeout, mutatedBytes } from '../../../bench/reliability/fuzz-kit.ts';
import { parseXml, xml } from '../../kernel/xml/index.ts';
import { isBomFault } from '../domain/index.ts';
import { BOM_NS, SOAP12_CONTENT_TYPE, SOAP12_NS, WSA_NS, soapAction } from './contract.ts';
import { parseSoapRequest, soapEnvelope, transaktionFault } from './soap.ts';

const call = (op: string, inner: string) => `<?xml version="1.0" encoding="utf-8"?>\n${xml`<s:Envelope xmlns:s="${SOAP12_NS}" xmlns:a="${WSA_NS}"><s:Header><a:Action s:mustUnderstand="1">${soapAction('SagsbehandlingV5', op)}</a:Action><a:MessageID>urn:uuid:00000000-0000-4000-8000-000000000001</a:MessageID></s:Header><s:Body>`}${inner}</s:Body></s:Envelope>`;
const samples = [
  call('LaesAnsoegningOversigt', `<LaesAnsoegningOversigt xmlns="${BOM_NS}"><fromDate>2000-01-01T00:00:00Z</fromDate><toDate>2100-01-01T00:00:00Z</toDate><myndighedCvr>99990001</myndighedCvr><sagOmraader><string>byg</string></sagOmraader></LaesAnsoegningOversigt>`),
  call('LaesAnsoegning', `<LaesAnsoegning xmlns="${BOM_NS}"><ansoegningId>A-1</ansoegningId><myndighedCvr>99990001</myndighedCvr></LaesAnsoegning>`),
  call('GetSecurityToken', `<GetSecurityToken xmlns="${BOM_NS}"><myndighedCvr>99990001</myndighedCvr></GetSecurityToken>`),
];
const contentTypes = [SOAP12_CONTENT_TYPE, `${SOAP12_CONTENT_TYPE}; action="${soapAction('SagsbehandlingV5', 'LaesAnsoegning')}"`, 'text/xml; charset=utf-8', ''];

describe(`Byg og Miljø SOAP under fuzzing (seed ${FUZZ_SEED})`, () => {
  it('a parsed request or a BOM_ TransaktionFault in a well-formed SOAP 1.2 envelope', () => {
    let parsed = 0;
    const codes = new Set<string>();
    fc.assert(fc.property(
      fc.oneof(fuzzInput(samples).map((s) => Buffer.from(s)), mutatedBytes(samples[0])),
      fc.oneof({ arbitrary: fc.constantFrom(...contentTypes), weight: 5 }, { arbitrary: fuzzInput(contentTypes), weight: 1 }),
      (body, contentType) => {
        const t0 = performance.now();
        try {
          parseSoapRequest('SagsbehandlingV5', body, contentType);
          parsed++;
        } catch (err) {
          if (!isBomFault(err)) throw new Error(`not a BomFault: ${(err as Error).name}: ${(err as Error).message}`);
          expect(err.code).toMatch(/^BOM_[A-Z0-9_]+$/);
          codes.add(err.code);
          const env = parseXml(soapEnvelope(transaktionFault(err.code, err.message))).root;
          expect(env.ns).toBe(SOAP12_NS);
        }
        expect(performance.now() - t0).toBeLessThan(INPUT_BUDGET_MS);
      },
    ), fuzzParams(1500));
    expect(parsed).toBeGreaterThan(0);
    expect(codes.size).toBeGreaterThan(2);
  }, fuzzTimeout(1500, 3));
});
