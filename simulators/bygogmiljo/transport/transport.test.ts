import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseXml } from '../../kernel/xml/index.ts';
import { TEST_AUTHORITIES, TEST_INTEGRATOR } from '../domain/index.ts';
import { BomClient, NS, TransaktionFaultError, https } from '../reference/bom-client.ts';
import { startBom, type BomTestkit, type TestCert } from '../testing/testkit.ts';
import { xml } from '../../kernel/xml/index.ts';
import { redactTokenValues } from './redact.ts';

const NORDBY = TEST_AUTHORITIES.nordby.cvr;
const SYDBY = TEST_AUTHORITIES.sydby.cvr;
let kit: BomTestkit;
let nordby: TestCert;
let integratorCert: TestCert;

beforeAll(async () => {
  kit = await startBom();
  nordby = await kit.foces(NORDBY, '1001', 'Nordby ESDH (funktionscertifikat)');
  integratorCert = await kit.foces(TEST_INTEGRATOR.cvr, '7001', 'Fiktiv Sagssystem (funktionscertifikat)');
  kit.sim.bom.registerCertificate(NORDBY, nordby.issued.subject);
});
afterAll(async () => kit?.close());

const clientFor = (cert: TestCert, cvr: string) => new BomClient(kit.connection([{ myndighedCvr: cvr, cert }]), cvr, { certFile: cert.certFile, keyFile: cert.keyFile, caFile: kit.caFile });
const list = (c: BomClient) => c.call('SagsbehandlingV5', 'LaesAnsoegningOversigt',
  xml`<LaesAnsoegningOversigt xmlns="${NS}"><fromDate>2000-01-01T00:00:00Z</fromDate><toDate>2100-01-01T00:00:00Z</toDate><myndighedCvr>${c.myndighedCvr}</myndighedCvr></LaesAnsoegningOversigt>`);
const faultOf = async (p: Promise<unknown>) => { try { await p; return 'NO FAULT'; } catch (e) { return (e as TransaktionFaultError).code ?? String(e); } };
const exchanges = (op: string) => kit.recorder.query().filter((r) => r.kind === 'exchange' && (r.data as { bom?: { operation?: string } })?.bom?.operation === op);

async function rawSoap(body: string, contentType: string, cert = nordby) {
  return https(`${kit.sim.urls().https}/SagsbehandlingV5.svc`, { certFile: cert.certFile, keyFile: cert.keyFile, caFile: kit.caFile }, 'POST', body, { 'content-type': contentType });
}

describe('SOAP services over mTLS', () => {
  it('answers a registered function certificate and records the authorised exchange', async () => {
    const r = await list(clientFor(nordby, NORDBY));
    expect(r.child('LaesAnsoegningOversigtResult', NS)!.children('string', NS)).toHaveLength(3);
    const ev = exchanges('LaesAnsoegningOversigt').at(-1)!;
    expect(ev.identity?.cvr).toBe(NORDBY);
    expect(ev.verdicts).toContainEqual(expect.objectContaining({ check: 'BOM_AUTHORISATION', ok: true }));
    expect(ev.response?.headers?.['content-type']).toMatch(/^application\/soap\+xml/);
  });

  it('refuses another CVR and an unregistered certificate with TransaktionFault, recorded with the code', async () => {
    expect(await faultOf(list(clientFor(nordby, SYDBY)))).toBe('BOM_CERTIFIKAT_ANDEN_MYNDIGHED');
    expect(await faultOf(list(clientFor(integratorCert, NORDBY)))).toBe('BOM_CERTIFIKAT_IKKE_REGISTRERET');
    const ev = exchanges('LaesAnsoegningOversigt').at(-1)!;
    expect(ev.response?.status).toBe(500);
    expect(ev.verdicts).toContainEqual(expect.objectContaining({ check: 'BOM_CERTIFIKAT_IKKE_REGISTRERET', ok: false }));
  });

  it('takes effect on the next call after an agreement is created and revoked', async () => {
    const c = clientFor(integratorCert, NORDBY);
    const ag = kit.sim.bom.createAgreement({ integratorCvr: TEST_INTEGRATOR.cvr, authorityCvr: NORDBY, sagOmraader: ['byg'] });
    const ids = (await list(c)).child('LaesAnsoegningOversigtResult', NS)!.children('string', NS);
    expect(ids).toHaveLength(2);
    kit.sim.bom.revokeAgreement(ag.id);
    expect(await faultOf(list(c))).toBe('BOM_SERVICEAFTALE_OPHOERT');
  });

  it.each([
    ['SOAP 1.1 envelope', '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>', 'application/soap+xml; charset=utf-8', 'BOM_SOAP_VERSION'],
    ['text/xml content type', '<x/>', 'text/xml; charset=utf-8', 'BOM_SOAP_VERSION'],
    ['malformed XML', '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>', 'application/soap+xml', 'BOM_ANMODNING_UGYLDIG'],
    ['a DTD', '<!DOCTYPE x [<!ENTITY e "x">]><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body/></s:Envelope>', 'application/soap+xml', 'BOM_ANMODNING_UGYLDIG'],
    ['an unknown operation', `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><HentBeskeder xmlns="${NS}"/></s:Body></s:Envelope>`, 'application/soap+xml', 'BOM_OPERATION_UKENDT'],
    ['a schema-invalid CVR', `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><GetSecurityToken xmlns="${NS}"><myndighedCvr>12AB</myndighedCvr></GetSecurityToken></s:Body></s:Envelope>`, 'application/soap+xml', 'BOM_ANMODNING_UGYLDIG'],
    ['a mismatched action', `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><GetSecurityToken xmlns="${NS}"><myndighedCvr>${NORDBY}</myndighedCvr></GetSecurityToken></s:Body></s:Envelope>`, `application/soap+xml; action="${NS}/ISagsbehandlingV5/LaesAnsoegning"`, 'BOM_SOAP_ACTION'],
  ])('refuses %s with a SOAP 1.2 TransaktionFault', async (_name, body, ct, code) => {
    const res = await rawSoap(body, ct);
    expect(res.status).toBe(500);
    const doc = parseXml(res.body);
    expect(doc.root.ns).toBe('http://www.w3.org/2003/05/soap-envelope');
    const fault = doc.root.child('Body')?.child('Fault')?.child('Detail')?.child('TransaktionFault', NS);
    expect(fault?.child('ErrorCode', NS)?.text()).toBe(code);
  });

  it('publishes a WSDL per service and the schema, behind the client certificate', async () => {
    const creds = { certFile: nordby.certFile, keyFile: nordby.keyFile, caFile: kit.caFile };
    for (const s of ['SagsbehandlingV5', 'SagStatusV2', 'BeskedfordelerV2', 'KonfigurationV6']) {
      const res = await https(`${kit.sim.urls().https}/${s}.svc?wsdl`, creds, 'GET');
      expect(res.status).toBe(200);
      const wsdl = parseXml(res.body);
      expect(wsdl.root.name).toBe('definitions');
      expect(res.body.toString()).toContain(`location="${kit.sim.urls().https}/${s}.svc"`);
    }
    const xsd = await https(`${kit.sim.urls().https}/xsd/bygogmiljoe.xsd`, creds, 'GET');
    expect(xsd.body.toString()).toContain('targetNamespace="urn:govsim:bygogmiljoe:modelled:1"');
  });
});

describe('documents and security tokens', () => {
  it('serves and stores documents only with the token cookies, and keeps token values out of the evidence', async () => {
    const c = clientFor(nordby, NORDBY);
    const app = [...kit.sim.bom.state.applications.values()].find((a) => a.myndighedCvr === NORDBY)!;
    const doc = kit.sim.bom.state.documents.get(app.dokumentIds[0])!;
    const url = `${kit.sim.urls().https}/Dokumenter/${app.sagId}/${doc.dokumentId}`;
    const creds = c.creds;
    const without = await https(url, creds, 'GET');
    expect(without.status).toBe(401);
    expect(without.body.toString()).toContain('BOM_TOKEN_MANGLER');
    const cookie = await c.securityToken();
    const withToken = await https(url, creds, 'GET', undefined, { cookie });
    expect(withToken.status).toBe(200);
    expect(withToken.body.equals(doc.content)).toBe(true);
    const put = await https(`${kit.sim.urls().https}/Dokumenter/${app.sagId}/0d0c0000-0000-4000-8000-00000000abcd`, creds, 'PUT', Buffer.from('%PDF-1.4 afgørelse'), { cookie, 'content-type': 'application/pdf' });
    expect(put.status).toBe(201);
    expect(kit.sim.bom.state.documents.get('0d0c0000-0000-4000-8000-00000000abcd')?.kilde).toBe('myndighed');
    const tokenValues = cookie.split('; ').map((p) => p.split('=')[1]);
    const log = JSON.stringify(kit.recorder.query());
    for (const v of tokenValues) expect(log).not.toContain(v);
    expect(exchanges('GetSecurityToken').at(-1)?.response?.body).toContain('[REDACTED]');
  });

  it('token redaction catches values in any prefix style (negative control for the wrapper)', () => {
    const body = '<a:FederationTokenPart><a:Name>FedAuth</a:Name><a:Value>secret-1</a:Value></a:FederationTokenPart><FederationTokenPart><Name>FedAuth1</Name><Value>secret-2</Value></FederationTokenPart>';
    const out = redactTokenValues(body);
    expect(out).not.toMatch(/secret-/);
    expect(out).toContain('<a:Name>FedAuth</a:Name>');
  });

  it('keeps the XSD file in the repository identical to the served one', () => {
    expect(readFileSync(new URL('../../../schemas/bygogmiljo/bygogmiljoe.xsd', import.meta.url), 'utf8')).toContain('TransaktionFault');
  });
});
