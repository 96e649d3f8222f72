/**
 * Hostile XML at the real Byg og Miljø SOAP 1.2 service over mTLS: XXE, billion laughs, deep
 * nesting and invalid UTF-8. Each is answered with a TransaktionFault carrying a BOM_ code —
 * never a generic server error — and a normal call is served right after. (Fault texts quoting
 * characters XML cannot carry: soap.fuzz.test.ts; HTTP itself refuses them in header values.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseXml } from '../../kernel/xml/index.ts';
import { TEST_AUTHORITIES } from '../domain/index.ts';
import { https, NS } from '../reference/bom-client.ts';
import { startBom, type BomTestkit, type TestCert } from '../testing/testkit.ts';
import { SOAP12_NS, soapAction } from './contract.ts';

const NORDBY = TEST_AUTHORITIES.nordby.cvr;
let kit: BomTestkit;
let cert: TestCert;
beforeAll(async () => {
  kit = await startBom();
  cert = await kit.foces(NORDBY, '1001', 'Nordby ESDH (funktionscertifikat)');
  kit.sim.bom.registerCertificate(NORDBY, cert.issued.subject);
}, 60_000);
afterAll(async () => kit?.close());

const action = soapAction('SagsbehandlingV5', 'LaesAnsoegningOversigt');
const call = (inner: string) => `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${SOAP12_NS}"><s:Body>${inner}</s:Body></s:Envelope>`;
const list = `<LaesAnsoegningOversigt xmlns="${NS}"><fromDate>2000-01-01T00:00:00Z</fromDate><toDate>2100-01-01T00:00:00Z</toDate><myndighedCvr>${NORDBY}</myndighedCvr></LaesAnsoegningOversigt>`;
const post = (body: string | Buffer) => https(`${kit.sim.urls().https}/SagsbehandlingV5.svc`, { certFile: cert.certFile, keyFile: cert.keyFile, caFile: kit.caFile }, 'POST', body, { 'content-type': `application/soap+xml; charset=utf-8; action="${action}"` });

async function expectTransaktionFault(body: string | Buffer): Promise<string> {
  const t0 = Date.now();
  const r = await post(body);
  expect(Date.now() - t0).toBeLessThan(5000);
  expect(r.status).toBe(500);
  const env = parseXml(r.body).root;
  const code = env.child('Body', SOAP12_NS)?.child('Fault', SOAP12_NS)?.child('Detail', SOAP12_NS)?.child('TransaktionFault', NS)?.child('ErrorCode', NS)?.text() ?? '';
  expect(code).toMatch(/^BOM_[A-Z_]+$/);
  const ok = await post(call(list));
  expect(ok.status).toBe(200);
  return code;
}

describe('hostile XML at the Byg og Miljø SOAP service', () => {
  it('refuses XXE', async () => {
    const r = await expectTransaktionFault(`<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>${call(list.replace(NORDBY, '&x;'))}`);
    expect(r).toBe('BOM_ANMODNING_UGYLDIG');
  });

  it('refuses billion laughs', async () => {
    const lol = ['<!ENTITY l0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`)].join('');
    expect(await expectTransaktionFault(`<?xml version="1.0"?><!DOCTYPE x [${lol}]><x>&l9;</x>`)).toBe('BOM_ANMODNING_UGYLDIG');
  });

  it('refuses 100,000 levels of nesting', async () => {
    expect(await expectTransaktionFault(call(`${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`))).toBe('BOM_ANMODNING_UGYLDIG');
  });

  it('refuses invalid UTF-8', async () => {
    const b = Buffer.from(call(list));
    const at = b.indexOf(NORDBY);
    b[at] = 0xff; b[at + 1] = 0xfe;
    expect(await expectTransaktionFault(b)).toBe('BOM_ANMODNING_UGYLDIG');
  });
});
