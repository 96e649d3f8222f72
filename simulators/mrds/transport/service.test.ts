import { writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import soap from 'soap';
import { readFileSync } from 'node:fs';
import { install, query } from '../reference/fachverfahren.ts';
import { buildSuchanfrage } from '../reference/xmeld-request.ts';
import { callApplicationByte, envelope } from '../reference/soap-call.ts';
import { readZip } from './zip.ts';
import { parseMail } from './mime.ts';
import { startHarness, waitFor, type Harness } from './test-setup.ts';

const PASS = 'korrekt-Pferd-Batterie';
const HANNOVER = { mandant: '03241001', email: 'hauptadmin@ordnung-hannover.example', passphrase: PASS, consent: true };
let h: Harness;
let configDir: string;

beforeAll(async () => {
  h = await startHarness();
  const outcome = await h.sim.mrds.order(HANNOVER);
  expect(outcome.result).toBe('accepted');
  const kmail = await waitFor('Kundennummer mail', () => h.sim.mrds.mails().find((m) => m.parsed.subject.includes('Kundennummer')));
  const kundennummer = /Kundennummer: (\S+)/.exec(kmail.parsed.text)![1];
  const zipMail = h.sim.mrds.mails().find((m) => m.parsed.attachments.length)!;
  const zipFile = join(h.dir, 'cert.zip');
  writeFileSync(zipFile, zipMail.parsed.attachments[0].content);
  configDir = join(h.dir, 'fv');
  install({ configDir, zipFile, passphrase: PASS, kundennummer, endpoint: h.sim.urls().xmeld, caFile: h.caFile, behoerdenname: 'Ordnungsamt Test', autorKennung: 'ags:03241001' });
}, 30_000);

afterAll(async () => { await h?.sim.stop(); });

describe('order → mail → AG MiN', () => {
  it('mails a ZIP in several formats that opens with the passphrase, never the passphrase itself', () => {
    const mails = h.sim.mrds.mails();
    const certMail = mails.find((m) => m.parsed.attachments.length)!;
    expect(certMail.to).toEqual([HANNOVER.email]);
    const names = readZip(certMail.parsed.attachments[0].content).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['applikationskopplung.p12', 'applikationskopplung.crt.pem', 'applikationskopplung.key.pem', 'applikationskopplung.crt', 'ca-kette.pem']));
    for (const m of mails) {
      expect(m.raw).not.toContain(PASS);
      expect(m.raw).not.toContain(Buffer.from(PASS).toString('base64').slice(0, 16));
    }
    expect(h.evidenceText()).not.toContain(PASS);
    expect(parseMail(certMail.raw).subject).toMatch(/Client-SSL-Zertifikat/);
  });

  it('assigns the AGS as Kundennummer, registers the certificate and invoices the Ansprechpartner', () => {
    const m = h.sim.mrds.state.mandanten.get('03241001')!;
    expect(m.kopplung).toMatchObject({ status: 'kundennummer-assigned', kundennummer: '03241001' });
    expect(m.kopplung.certificateFingerprint).toMatch(/^[0-9A-F]{64}$/);
    expect(h.sim.mrds.state.rechnungen).toMatchObject([{ mandant: '03241001', quelle: 'ansprechpartner' }]);
  });
});

describe('XMeld web service', () => {
  const suche = { nachrichtentyp: '1330' as const, nachname: 'Brückner', vornamen: 'Lieselotte', gemeindeschluessel: '03241001', aktenzeichen: 'OA-2025-17', anlassDesAbrufs: 'Ordnungswidrigkeitenverfahren', anforderungselemente: [1, 3, 5, 9] };

  it('answers a 1330 with the one person and only the requested items', async () => {
    const r = await query({ configDir, suche });
    expect(r).toMatchObject({ status: 200, nachrichtentyp: '1331', ergebnis: '01', anzahlTreffer: 1 });
    const p = (r as { personen: Array<Record<string, unknown>> }).personen[0];
    expect(p).toMatchObject({ familienname: 'Brückner', geburtsdatum: '1961-04-17' });
    expect(p.geburtsort).toBeUndefined();
    expect(p.ausweis).toBeUndefined();
  });

  it.each([
    ['wrong-kundennummer', 'MRDS_KUNDENNUMMER_MISMATCH'],
    ['plain-xml', 'MRDS_PARAMETER_NOT_BASE64'],
    ['missing-nachrichtenkopf-fields', 'MRDS_XMELD_HEADER_INVALID'],
    ['missing-aktenzeichen', 'MRDS_CALLER_DATA_MISSING'],
  ])('refuses the %s client with %s', async (variant, code) => {
    const r = await query({ configDir, suche }, variant) as { status: number; fault?: { code?: string; faultcode: string } };
    expect(r.status).toBe(500);
    expect(r.fault).toMatchObject({ code, faultcode: 'soapenv:Client' });
  });

  it('refuses malformed XMeld, non-SOAP and schema-invalid requests with stable codes', async () => {
    const cfg = JSON.parse(readFileSync(join(configDir, 'fachverfahren.json'), 'utf8'));
    const send = (body: string) => callApplicationByte({ endpoint: cfg.endpoint, p12File: cfg.p12File, passphrase: PASS, caFile: h.caFile, body });
    expect((await send(envelope('<xmeld:oops', 'base64'))).fault?.code).toBe('MRDS_XMELD_MALFORMED');
    expect((await send('<notsoap/>')).fault?.code).toBe('MRDS_SOAP_INVALID');
    const ok = buildSuchanfrage(suche, { kundennummer: '03241001', behoerdenname: 'X', autorKennung: 'ags:03241001', sicherheitsbehoerde: false });
    expect((await send(envelope(ok.replace('<gemeindeschluessel>03241001<', '<gemeindeschluessel>0324100<'), 'base64'))).fault?.code).toBe('MRDS_XMELD_INVALID');
    expect((await send(envelope(ok.replace('<sicherheitsbehoerde>false<', '<sicherheitsbehoerde>true<'), 'base64'))).fault?.code).toBe('MRDS_NOT_SECURITY_AUTHORITY');
    expect((await send(envelope(ok.replace(/<!DOCTYPE[^>]*>/, '').replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>'), 'base64'))).fault?.code).toBe('MRDS_XMELD_MALFORMED');
  });

  it('refuses a valid certificate that AG MiN never registered', async () => {
    const stranger = await h.pki.issue({ profile: 'mrds-client', customer: '03241001', organization: 'Fremd', commonName: 'fremd' });
    const p12File = join(h.dir, 'fremd.p12');
    writeFileSync(p12File, await stranger.toPkcs12(PASS));
    const body = envelope(buildSuchanfrage(suche, { kundennummer: '03241001', behoerdenname: 'X', autorKennung: 'ags:03241001', sicherheitsbehoerde: false }), 'base64');
    const r = await callApplicationByte({ endpoint: h.sim.urls().xmeld, p12File, passphrase: PASS, caFile: h.caFile, body });
    expect(r.fault?.code).toBe('MRDS_CERT_NOT_REGISTERED');
  });

  it('a generic SOAP client built from the published WSDL can call the service', async () => {
    const cfg = JSON.parse(readFileSync(join(configDir, 'fachverfahren.json'), 'utf8'));
    const client = await soap.createClientAsync(h.sim.urls().wsdl);
    client.setSecurity(new soap.ClientSSLSecurityPFX(readFileSync(cfg.p12File), PASS, { ca: readFileSync(h.caFile) }));
    const xmeld = buildSuchanfrage(suche, { kundennummer: '03241001', behoerdenname: 'X', autorKennung: 'ags:03241001', sicherheitsbehoerde: false });
    const [result] = await client.callApplicationByteAsync({ xmlParameter: Buffer.from(xmeld).toString('base64') });
    const answer = Buffer.from(result.callApplicationByteReturn, 'base64').toString('utf8');
    expect(answer).toContain('<code>1331</code>');
    expect(answer).toContain('<familienname>Brückner</familienname>');
  });

  it('answers any bad input with a SOAP fault and a stable code, keeps serving, and records every exchange', async () => {
    const cfg = JSON.parse(readFileSync(join(configDir, 'fachverfahren.json'), 'utf8'));
    const raw = (body: Buffer | string, headers: Record<string, string> = { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, method = 'POST') =>
      new Promise<{ status?: number; body: string }>((resolve, reject) => {
        const req = request(h.sim.urls().xmeld, { method, agent: false, pfx: readFileSync(cfg.p12File), passphrase: PASS, ca: readFileSync(h.caFile), headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
        });
        req.on('error', reject);
        req.end(method === 'POST' ? body : undefined);
      });
    const code = (body: string) => /<fehler:code>([A-Z0-9_]+)<\/fehler:code>/.exec(body)?.[1];
    const before = h.evidenceText().split('\n').filter((l) => l.includes('"kind":"exchange"')).length;
    const cases: Array<[string, Promise<{ status?: number; body: string }>, string]> = [
      ['empty body', raw(''), 'MRDS_SOAP_INVALID'],
      ['binary bytes', raw(Buffer.from([0xff, 0xfe, 0x00, 0x3c, 0x80, 0x81])), 'MRDS_SOAP_INVALID'],
      ['JSON content type', raw('{"a":1}', { 'content-type': 'application/json', soapaction: '""' }), 'MRDS_SOAP_INVALID'],
      ['SOAP 1.2 envelope', raw('<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>'), 'MRDS_SOAP_INVALID'],
      ['no SOAPAction', raw(envelope('<x/>', 'base64'), { 'content-type': 'text/xml' }), 'MRDS_SOAP_INVALID'],
      ['base64 of Latin-1 bytes', raw(envelope(Buffer.from([0x3c, 0x61, 0x3e, 0xe4, 0x3c, 0x2f, 0x61, 0x3e]).toString('latin1'), 'base64').replace(/<svc:xmlParameter>[^<]*</, `<svc:xmlParameter>${Buffer.from([0x3c, 0x61, 0x3e, 0xe4, 0x3c, 0x2f, 0x61, 0x3e]).toString('base64')}<`)), 'MRDS_XMELD_MALFORMED'],
      ['unsupported XMeld message', raw(envelope('<x:datenabruf.personensuche.suchanfrage.1334 xmlns:x="http://www.osci.de/xmeld2511a"/>', 'base64')), 'MRDS_XMELD_UNSUPPORTED_MESSAGE'],
      ['billion laughs', raw(envelope('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>', 'base64')), 'MRDS_XMELD_MALFORMED'],
      ['body above 10 MiB', raw(Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)), ''],
      ['GET without ?wsdl', raw('', {}, 'GET'), 'MRDS_SOAP_INVALID'],
    ];
    for (const [what, pending, expected] of cases) {
      const r = await pending;
      expect(r.status, what).toBeGreaterThanOrEqual(400);
      expect(r.body, what).toContain('<soapenv:Fault>');
      if (expected) expect(code(r.body), what).toBe(expected);
      else expect(code(r.body), what).toMatch(/^[A-Z0-9_]+$/);
    }
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
      const r = await raw(envelope(text, 'base64'));
      expect(r.status).toBe(500);
      expect(r.body).toMatch(/<fehler:code>MRDS_[A-Z0-9_]+</);
    }), { numRuns: 25 });
    expect((await query({ configDir, suche })).status).toBe(200);
    const after = h.evidenceText().split('\n').filter((l) => l.includes('"kind":"exchange"')).length;
    expect(after - before).toBeGreaterThanOrEqual(cases.length + 25 + 1);
  }, 60_000);
});

describe('portal and admin API', () => {
  it('answer bad input with problem+json codes or the form with its Protokoll, never a crash', async () => {
    const p = h.sim.urls().portal;
    const ask = async (path: string, init?: RequestInit) => {
      const r = await fetch(`${p}${path}`, init);
      const text = await r.text();
      return { status: r.status, type: r.headers.get('content-type') ?? '', json: r.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : undefined, text };
    };
    const json = { 'content-type': 'application/json' };
    expect(await ask('/minca/bestellung', { method: 'POST', body: 'a='.padEnd(20_000, 'x') })).toMatchObject({ status: 413, type: expect.stringContaining('problem+json') });
    const garbage = await ask('/minca/bestellung', { method: 'POST', body: Buffer.from([0xff, 0, 0x26, 0x3d, 0x25]) });
    expect(garbage).toMatchObject({ status: 422, type: expect.stringContaining('text/html') });
    expect(garbage.text).toContain('data-code="ORD_FORM_EXPIRED"');
    expect((await ask('/api/mandanten', { method: 'POST', body: '{', headers: json })).status).toBe(400);
    expect((await ask('/api/mandanten', { method: 'POST', body: 'null', headers: json })).json).toMatchObject({ code: 'MRDS_MANDANT_INVALID' });
    expect((await ask('/api/mandanten/123/widerruf', { method: 'POST' })).json).toMatchObject({ code: 'MRDS_MANDANT_UNKNOWN' });
    expect((await ask('/api/ag-min/03101000', { method: 'POST' })).json).toMatchObject({ code: 'MRDS_NOTHING_PENDING' });
    expect((await ask('/postfach/x/anhang/abc')).json).toMatchObject({ code: 'MRDS_MAIL_NOT_FOUND' });
    const form = await ask('/minca/?mandant=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(form.text).not.toContain('<script>alert(1)');
    expect(form.text).toContain('&lt;script&gt;alert(1)');
    const mandanten = await ask('/api/mandanten');
    expect((mandanten.json as unknown as { mandanten: Array<{ ags: string; kopplung: { status: string } }> }).mandanten.find((m) => m.ags === '03241001')?.kopplung.status).toBe('kundennummer-assigned');
    const postfach = (await ask('/api/postfach')).json as unknown as { mails: Array<{ subject: string; attachments: Array<{ filename: string }> }> };
    expect(postfach.mails.map((m) => m.subject)).toEqual(expect.arrayContaining([expect.stringMatching(/Client-SSL-Zertifikat/), expect.stringMatching(/Kundennummer/)]));
  });
});

describe('double submission', () => {
  it('five concurrent submissions of one form create one order and one certificate', async () => {
    const p = h.sim.urls().portal;
    const formPage = await (await fetch(`${p}/minca/?mandant=03101000`)).text();
    const token = /name="formToken" value="([^"]+)"/.exec(formPage)![1];
    const body = new URLSearchParams({ formToken: token, mandant: '03101000', email: 'min-admin@polizei-braunschweig.example', passphrase: 'Polizei-Zertifikat-2025', consent: 'ja' });
    const before = h.sim.mrds.mails().filter((m) => m.parsed.attachments.length).length;
    const pages = await Promise.all(Array.from({ length: 5 }, () => fetch(`${p}/minca/bestellung`, { method: 'POST', body }).then(async (r) => ({ status: r.status, text: await r.text() }))));
    expect(pages.map((x) => x.status)).toEqual([200, 200, 200, 200, 200]);
    const ids = new Set(pages.map((x) => /Bestellung (BEST-[0-9A-F]+) angelegt/.exec(x.text)?.[1]));
    expect(ids.size).toBe(1);
    expect(pages.filter((x) => x.text.includes('keine zweite Bestellung'))).toHaveLength(4);
    expect(h.sim.mrds.state.orders.orders.filter((o) => o.mandant === '03101000')).toHaveLength(1);
    expect(h.sim.mrds.mails().filter((m) => m.parsed.attachments.length).length - before).toBe(1);
  });
});
