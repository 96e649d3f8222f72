/**
 * The hand-written curl example in docs/platforms/bygogmiljo.md must keep working: this test
 * takes its SOAP bodies, actions, registration subject and document URL from the document and
 * sends them, as curl would, to a running simulator.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { https } from './reference/bom-client.ts';
import { startBom, type BomTestkit, type TestCert } from './testing/testkit.ts';

const doc = readFileSync(new URL('../../docs/platforms/bygogmiljo.md', import.meta.url), 'utf8');
const example = /## Try it by hand[\s\S]*?```sh\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
const heredoc = (name: string) => new RegExp(`cat > ${name} <<'XML'\\n([\\s\\S]*?)\\nXML`).exec(example)?.[1];
const ns = /^NS=(\S+)$/m.exec(example)?.[1];
const actions = [...example.matchAll(/action=\\"\$NS\/(\w+)\/(\w+)\\"/g)].map((m) => `${ns}/${m[1]}/${m[2]}`);
const subject = /--data-urlencode 'subject=([^']+)'/.exec(example)?.[1];
const documentPath = /https:\/\/127\.0\.0\.1:8475(\/Dokumenter\/\S+)/.exec(example)?.[1];

let kit: BomTestkit;
let cert: TestCert;
beforeAll(async () => {
  kit = await startBom();
  cert = await kit.foces('99990007', '12345678', 'Nordby ESDH (funktionscertifikat)', 'Testkommune Nordby');
});
afterAll(async () => kit?.close());

function formPost(url: string, form: Record<string, string>): Promise<number> {
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', reject);
    req.end(body);
  });
}

describe('docs/platforms/bygogmiljo.md "Try it by hand"', () => {
  it('has the pieces this test reads', () => {
    expect(heredoc('list.xml')).toContain('LaesAnsoegningOversigt');
    expect(heredoc('token.xml')).toContain('GetSecurityToken');
    expect(actions).toEqual([`${ns}/ISagsbehandlingV5/LaesAnsoegningOversigt`, `${ns}/ISagsbehandlingV5/GetSecurityToken`]);
    expect(subject).toBeDefined();
    expect(documentPath).toBeDefined();
  });

  it('registers the subject, lists, gets a token and downloads a document exactly as written', async () => {
    // The subject in the doc is what `govsim pki issue` prints for the documented options.
    expect(cert.issued.subject).toBe(subject);
    expect(await formPost(`${kit.sim.urls().portal}/operator/certifikater`, { cvr: '99990007', subject: subject! })).toBe(303);
    const creds = { certFile: cert.certFile, keyFile: cert.keyFile, caFile: kit.caFile };
    const soap = (body: string, action: string) => https(`${kit.sim.urls().https}/SagsbehandlingV5.svc`, creds, 'POST', body, { 'content-type': `application/soap+xml; charset=utf-8; action="${action}"` });
    const list = await soap(heredoc('list.xml')!, actions[0]);
    expect(list.status).toBe(200);
    expect(list.body.toString().match(/<string>/g)).toHaveLength(3);
    const token = await soap(heredoc('token.xml')!, actions[1]);
    expect(token.status).toBe(200);
    // The shell pipeline: grep -o '<Name>…</Name><Value>…</Value>' | sed … | paste -sd';'
    const cookie = [...token.body.toString().matchAll(/<Name>([^<]*)<\/Name><Value>([^<]*)<\/Value>/g)].map((m) => `${m[1]}=${m[2]}`).join(';');
    expect(cookie).toMatch(/^FedAuth=[^;]+;FedAuth1=[^;]+$/);
    const pdf = await https(`${kit.sim.urls().https}${documentPath}`, creds, 'GET', undefined, { cookie });
    expect(pdf.status).toBe(200);
    expect(pdf.body.subarray(0, 8).toString()).toBe('%PDF-1.4');
  });
});
