/**
 * Acceptance: a generic SOAP client built from the published WSDLs (node-soap, which knows
 * nothing of govsim) calls every operation of every service over mTLS. node-soap needs
 * `forceSoap12Headers` to send the SOAP 1.2 Content-Type (application/soap+xml) the binding asks for.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as soap from 'soap';
import { TEST_AUTHORITIES } from '../domain/index.ts';
import { https } from '../reference/bom-client.ts';
import { startBom, type BomTestkit, type TestCert } from '../testing/testkit.ts';
import { SERVICE_NAMES } from './contract.ts';
import { renderWsdl } from './wsdl.ts';

const NORDBY = TEST_AUTHORITIES.nordby.cvr;
let kit: BomTestkit;
let cert: TestCert;
const clients = new Map<string, soap.Client>();

async function clientFor(service: string, c: TestCert = cert): Promise<soap.Client> {
  const key = `${service}:${c.certFile}`;
  let client = clients.get(key);
  if (!client) {
    const [k, crt, ca] = [readFileSync(c.keyFile), readFileSync(c.certFile), readFileSync(kit.caFile)];
    client = await soap.createClientAsync(`${kit.sim.urls().https}/${service}.svc?wsdl`, { wsdl_options: { httpsAgent: new Agent({ key: k, cert: crt, ca }) }, forceSoap12Headers: true });
    client.setSecurity(new soap.ClientSSLSecurity(k, crt, ca));
    clients.set(key, client);
  }
  return client;
}

beforeAll(async () => {
  kit = await startBom();
  cert = await kit.foces(NORDBY, '2001', 'Nordby generic client (funktionscertifikat)');
  kit.sim.bom.registerCertificate(NORDBY, cert.issued.subject);
});
afterAll(async () => kit?.close());

describe('a generic SOAP client built from the WSDLs', () => {
  it('lists, reads, replies, updates the service level and gets a token (SagsbehandlingV5)', async () => {
    const c = await clientFor('SagsbehandlingV5');
    const [list] = await c.LaesAnsoegningOversigtAsync({ fromDate: '2000-01-01T00:00:00Z', toDate: '2100-01-01T00:00:00Z', myndighedCvr: NORDBY, sagOmraader: { string: ['byg'] } });
    const ids: string[] = list.LaesAnsoegningOversigtResult.string;
    expect(ids).toHaveLength(2);
    const [app] = await c.LaesAnsoegningAsync({ ansoegningId: ids[0], myndighedCvr: NORDBY });
    const sag = app.LaesAnsoegningResult.BOMSag;
    expect(sag.SagOmraadeKode).toBe('byg');
    expect(app.serviceMaalStatistik.Status).toBe('Aktiv');

    const [token] = await c.GetSecurityTokenAsync({ myndighedCvr: NORDBY });
    const cookie = (token.GetSecurityTokenResult.FederationTokenPart as Array<{ Name: string; Value: string }>).map((p) => `${p.Name}=${p.Value}`).join('; ');
    const dokumentId = randomUUID();
    const put = await https(`${sag.DokumentUploadUri}${dokumentId}`, { certFile: cert.certFile, keyFile: cert.keyFile, caFile: kit.caFile }, 'PUT', Buffer.from('%PDF-1.4 afgørelse'), { cookie, 'content-type': 'application/pdf' });
    expect(put.status).toBe(201);
    const [reply] = await c.BesvarAnsoegningAsync({ besvarelse: {
      MyndighedCvr: NORDBY, AnsoegningId: ids[0], BesvarelseKode: 'Afgoerelse', AfgoerelseKode: 'Tilladelse', Tekst: 'Byggetilladelse meddelt',
      Dokumenter: { Dokument: [{ DokumentId: dokumentId, Titel: 'Byggetilladelse', Filnavn: 'tilladelse.pdf', MimeType: 'application/pdf' }] },
    } });
    expect(reply.BesvarAnsoegningResult.SagId).toBe(sag.BOMSagID);

    const [sm] = await c.OpdaterSagServiceMaalAsync({ opdater: { MyndighedCvr: NORDBY, SagId: (await c.LaesAnsoegningAsync({ ansoegningId: ids[1], myndighedCvr: NORDBY }))[0].LaesAnsoegningResult.BOMSag.BOMSagID, Handling: 'Stop' } });
    expect(sm.OpdaterSagServiceMaalResult.Status).toBe('Stoppet');
  });

  it('reads the case status (SagStatusV2), messages (BeskedfordelerV2) and configuration (KonfigurationV6)', async () => {
    const b = await clientFor('BeskedfordelerV2');
    const [msgs] = await b.HentBeskederAsync({ request: { MyndighedCvr: NORDBY } });
    const result = msgs.HentBeskederResult;
    expect(result.HighWatermark).toMatch(/^[0-9a-f-]{36}$/);
    const sagId = [result.Beskeder.SagStatusSkiftBesked].flat()[0]?.SagId;
    expect(sagId).toBeDefined();

    const s = await clientFor('SagStatusV2');
    const [status] = await s.LaesSagStatusAsync({ sagId, myndighedCvr: NORDBY });
    expect(status.LaesSagStatusResult.SagStatusKode).toBe('Afgjort');

    const k = await clientFor('KonfigurationV6');
    const [cfg] = await k.GetBasisKonfigurationAsync({});
    expect(cfg.GetBasisKonfigurationResult.SagOmraader.KodeVaerdi.map((x: { Kode: string }) => x.Kode)).toEqual(['byg', 'miljoe', 'kultur', 'virkmiljoe']);
  });

  it('receives refusals as a SOAP 1.2 fault with the TransaktionFault detail', async () => {
    const stranger = await kit.foces('99990031', '9', 'Unregistered system');
    const c = await clientFor('SagsbehandlingV5', stranger);
    const err = await c.GetSecurityTokenAsync({ myndighedCvr: NORDBY }).then(() => undefined, (e: { root?: unknown; message: string }) => e);
    expect(err).toBeDefined();
    expect(JSON.stringify((err as { root?: unknown }).root)).toContain('BOM_CERTIFIKAT_IKKE_REGISTRERET');
  });
});

describe('published WSDL files', () => {
  for (const s of SERVICE_NAMES) {
    it(`schemas/bygogmiljo/${s}.wsdl matches the served contract`, () => {
      const file = new URL(`../../../schemas/bygogmiljo/${s}.wsdl`, import.meta.url);
      const expected = renderWsdl(s, 'https://localhost:8475', 'bygogmiljoe.xsd');
      if (process.env.GOVSIM_UPDATE_WSDL) writeFileSync(file, expected);
      expect(readFileSync(file, 'utf8')).toBe(expected);
    });
  }
});
