/**
 * Hostile input at the real MijnOverheid ebMS endpoint over mTLS: XXE, billion laughs, deep
 * nesting, huge and many attributes, oversized bodies, invalid UTF-8, malformed MIME
 * boundaries and a slowloris-style slow body. Each is refused with a SOAP 1.1 Fault carrying
 * a stable code, recorded as evidence, and the MSH keeps answering Pings meanwhile.
 */
import { connect } from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rawRequest, type RawResult } from '../../kernel/http/test-helpers.ts';
import { startKit, sutCredentials, type Kit } from '../testkit.ts';
import { envelope, MSH_SERVICE } from '../reference/envelope.ts';
import { readSoapFault } from './soap.ts';

let kit: Kit;
let tlsOpts: { cert: string; key: string; ca: string[] };
let url: string;

beforeAll(async () => {
  kit = await startKit();
  const creds = await sutCredentials(kit.pki);
  tlsOpts = { ...creds.client, ca: creds.ca };
  url = kit.sim.urls().ebms;
}, 60_000);
afterAll(async () => { await kit?.close(); });

const ping = () => envelope({
  from: { partyId: '00000099000000042000_OTA', type: 'urn:osb:oin', role: 'x' }, to: { partyId: '00000099000000000001', type: 'urn:osb:oin', role: 'y' },
  cpaId: kit.adapter.cpa!.cpaId, conversationId: 'c-hostile', service: MSH_SERVICE, action: 'Ping', messageId: `m-${Math.random()}@sut.example.test`, timestamp: new Date().toISOString(),
});
const withBody = (xml: string, inner: string) => xml.replace('<soap:Body>', `<soap:Body>${inner}`);
const post = (body: string | Buffer, contentType = 'text/xml; charset=UTF-8') =>
  rawRequest(url, { method: 'POST', body, headers: { 'content-type': contentType, soapaction: '"ebXML"' }, tls: tlsOpts });
let since = 0;
beforeEach(() => { since = kit.recorder.query().at(-1)?.seq ?? 0; });

async function expectFault(r: RawResult, code: RegExp): Promise<void> {
  expect(r.status, r.error ?? r.body.toString().slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(String(r.headers?.['content-type'])).toMatch(/^text\/xml/);
  const f = readSoapFault(r.body.toString('utf8'));
  expect(f, r.body.toString().slice(0, 300)).toBeDefined();
  expect(f!.faultCode).toMatch(/^soap:(Client|Server)$/);
  expect(f!.code ?? '').toMatch(code);
  expect(f!.faultString.length).toBeGreaterThan(0);
  // The refusal is in the evidence with the same code, and the MSH still answers a Ping.
  const until = Date.now() + 3000;
  const refused = () => kit.recorder.query({ kind: 'exchange' }).find((e) => e.seq > since && e.request?.url?.startsWith('/ebms') && e.verdicts?.some((v) => !v.ok && code.test(v.check)));
  while (!refused() && Date.now() < until) await new Promise((res) => setTimeout(res, 20));
  expect(refused(), `no exchange record with a failed ${code} verdict; got ${JSON.stringify(kit.recorder.query({ kind: 'exchange' }).filter((e) => e.seq > since).map((e) => e.verdicts))}`).toBeDefined();
  expect((await kit.adapter.ping()).pong).toBe(true);
}

describe('hostile XML at the ebMS MSH', () => {
  it('refuses XXE (external entity in a DTD)', async () => {
    const xxe = ping().replace('<soap:Envelope', '<!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<soap:Envelope').replace('<eb:Action>Ping', '<eb:Action>&xxe;Ping').replace(/^<\?xml[^>]*\?>\n/, '');
    const r = await post(xxe);
    await expectFault(r, /^EBMS_XML_INVALID$/);
    expect(r.body.toString()).not.toContain('root:');
  });

  it('refuses billion laughs (nested entity expansion) quickly', async () => {
    const lol = ['<!ENTITY l0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`)].join('');
    const t0 = Date.now();
    const r = await post(`<?xml version="1.0"?><!DOCTYPE x [${lol}]><x>&l9;</x>`);
    expect(Date.now() - t0).toBeLessThan(2000);
    await expectFault(r, /^EBMS_XML_INVALID$/);
  });

  it('refuses 100,000 levels of nesting', async () => {
    await expectFault(await post(withBody(ping(), `${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`)), /^EBMS_XML_INVALID$/);
  });

  it('refuses an element with 10,000 attributes', async () => {
    await expectFault(await post(withBody(ping(), `<a ${Array.from({ length: 10_000 }, (_, i) => `a${i}="v"`).join(' ')}/>`)), /^EBMS_XML_INVALID$/);
  });

  it('refuses a 3 MB attribute value (over the SOAP part limit) without reading it whole', async () => {
    await expectFault(await post(withBody(ping(), `<a v="${'x'.repeat(3 * 1024 * 1024)}"/>`)), /^[A-Z_]*(TOO_LARGE|LIMIT)[A-Z_]*$/);
  });

  it('refuses invalid UTF-8 inside the envelope', async () => {
    const bytes = Buffer.from(ping().replace('<eb:Action>Ping', '<eb:Action>PingXX'));
    const at = bytes.indexOf('PingXX') + 4;
    bytes[at] = 0xc3; bytes[at + 1] = 0x28;
    await expectFault(await post(bytes), /^EBMS_XML_INVALID$/);
  });

  it('refuses a body declared larger than the limit before reading it', async () => {
    const r = await new Promise<RawResult>((resolve) => {
      const u = new URL(url);
      const s = connect({ host: u.hostname, port: Number(u.port), ...tlsOpts, servername: 'localhost' }, () => {
        s.write(`POST ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: text/xml\r\nSOAPAction: "ebXML"\r\nContent-Length: ${64 * 1024 * 1024}\r\n\r\n<soap:Envelope`);
      });
      let raw = '';
      s.on('data', (d: Buffer) => { raw += d.toString('latin1'); if (raw.includes('</soap:Envelope>')) s.end(); });
      s.on('close', () => {
        const [head, ...rest] = raw.split('\r\n\r\n');
        const status = Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1]);
        const ct = /content-type: ([^\r\n]+)/i.exec(head)?.[1];
        resolve({ status, headers: { 'content-type': ct }, body: Buffer.from(rest.join('\r\n\r\n').replace(/^[0-9a-f]+\r\n/i, ''), 'latin1'), incomplete: false });
      });
      s.on('error', () => undefined);
    });
    expect(r.status).toBe(413);
    await expectFault(r, /TOO_LARGE/);
  });
});

describe('malformed MIME at the ebMS MSH', () => {
  const part = (boundary: string, id: string, type: string, body: string) => `--${boundary}\r\nContent-ID: <${id}>\r\nContent-Type: ${type}\r\n\r\n${body}\r\n`;
  it.each([
    ['no boundary parameter', 'multipart/related; type="text/xml"', (b: string) => part(b, 'soap@sut', 'text/xml', ping()) + `--${b}--\r\n`],
    ['a boundary that never appears', 'multipart/related; type="text/xml"; boundary="nowhere"', (b: string) => part(b, 'soap@sut', 'text/xml', ping()) + `--${b}--\r\n`],
    ['no closing delimiter', 'multipart/related; type="text/xml"; boundary="BND"', (b: string) => part(b, 'soap@sut', 'text/xml', ping())],
    ['a 71-character boundary', `multipart/related; type="text/xml"; boundary="${'b'.repeat(71)}"`, (b: string) => part(b, 'soap@sut', 'text/xml', ping()) + `--${b}--\r\n`],
    ['an unterminated quoted boundary', 'multipart/related; type="text/xml"; boundary="BND', (b: string) => part(b, 'soap@sut', 'text/xml', ping()) + `--${b}--\r\n`],
    ['a part without a header block', 'multipart/related; type="text/xml"; boundary="BND"', (b: string) => `--${b}\r\n${ping()}\r\n--${b}--\r\n`],
    ['17 parts (over the part limit)', 'multipart/related; type="text/xml"; boundary="BND"; start="<soap@sut>"', (b: string) => part(b, 'soap@sut', 'text/xml', ping()) + Array.from({ length: 16 }, (_, i) => part(b, `p${i}@sut`, 'application/xml', '<p/>')).join('') + `--${b}--\r\n`],
  ])('refuses %s with a MIME_ fault', async (_name, contentType, body) => {
    await expectFault(await post(body('BND'), contentType), /^(MIME_[A-Z_]+|EBMS_ROOT_NOT_TEXT_XML)$/);
  });
});

describe('a slowloris-style slow body', () => {
  it('does not stop the MSH from serving other clients while a body trickles in', async () => {
    const u = new URL(url);
    const body = Buffer.from(ping());
    const slow = connect({ host: u.hostname, port: Number(u.port), ...tlsOpts, servername: 'localhost' });
    await new Promise<void>((r) => slow.once('secureConnect', () => r()));
    slow.on('error', () => undefined);
    slow.write(`POST ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: text/xml\r\nSOAPAction: "ebXML"\r\nContent-Length: ${body.length}\r\n\r\n`);
    let sent = 0;
    const timer = setInterval(() => { if (sent < 40 && !slow.destroyed) slow.write(body.subarray(sent, ++sent)); }, 50);
    try {
      // While one byte arrives every 50 ms, five Pings from the reference adapter are answered promptly.
      for (let i = 0; i < 5; i++) {
        const t0 = Date.now();
        expect((await kit.adapter.ping()).pong).toBe(true);
        expect(Date.now() - t0).toBeLessThan(1500);
      }
    } finally {
      clearInterval(timer);
      slow.destroy();
    }
  });
});
