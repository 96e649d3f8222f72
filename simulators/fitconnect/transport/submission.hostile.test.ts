/**
 * Hostile input at the real FIT-Connect server: JWEs with a wrong alg or enc, a huge protected
 * header, garbage and invalid UTF-8 instead of a compact JWE, deeply nested and invalid-UTF-8
 * JSON, an oversized declared body, and a Sender that disconnects mid-upload. Each is refused
 * with application/problem+json (stable type URI) and recorded; the server keeps serving, and
 * an interrupted upload leaves the submission consistent (the attachment can be uploaded again).
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:https';
import { CompactEncrypt, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecorder, type Recorder } from '../../kernel/evidence/index.ts';
import { FaultStore } from '../../kernel/faults/rules.ts';
import { createEphemeralPki, type Pki } from '../../kernel/pki/index.ts';
import { systemClock, type Simulator } from '../../kernel/types.ts';
import { createFitConnectSimulator } from '../index.ts';
import { httpsCall, type HttpResult } from '../reference/http.ts';
import type { SeedResult } from './seed.ts';

const LEIKA = 'urn:de:fim:leika:leistung:99123456760610';
const SCHEMA = { schemaUri: 'https://schema.fitko.de/fim/s00000121_1.0.0.schema.json', mimeType: 'application/json' };
let pki: Pki;
let recorder: Recorder;
let sim: Simulator;
let seeded: SeedResult;
let ca: string[];
let base: string;
let auth: Record<string, string>;
let pub: CryptoKey | Uint8Array;

beforeAll(async () => {
  pki = await createEphemeralPki({ keyAlgorithm: 'ec-p256' });
  recorder = createRecorder({ keepInMemory: 10_000 });
  sim = createFitConnectSimulator({ recorder, faults: new FaultStore(), pki, clock: systemClock, host: '127.0.0.1', environment: 'test' });
  await sim.start();
  ca = pki.trustedCaPem();
  base = sim.urls().submissionApi;
  seeded = await sim.admin.seed({
    clients: [{ type: 'sender', name: 'Onlinedienst Hostil (fiktiv)' }],
    destinations: [{ services: [{ identifier: LEIKA, regions: ['DE09162'], submissionSchemas: [SCHEMA] }], metadataVersions: ['2.1.0'], authority: { mode: 'manual' } }],
  }) as SeedResult;
  const c = seeded.clients[0];
  const t = await httpsCall(`${base}/token`, { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret }).toString() });
  auth = { authorization: `Bearer ${(JSON.parse(t.text) as { access_token: string }).access_token}` };
  const d = seeded.destinations[0];
  const key = JSON.parse((await httpsCall(`${base}/v1/destinations/${d.destinationId}/keys/${d.encryptionKid}`, { ca })).text) as JWK;
  const { key_ops: _o, x5c: _x, ...plain } = key as JWK & { x5c?: string[] };
  pub = await importJWK(plain, 'RSA-OAEP-256');
}, 60_000);
afterAll(async () => { await sim?.stop(); });

const d = () => seeded.destinations[0];
const enc = (s: string | Uint8Array, header: Record<string, string>) => new CompactEncrypt(typeof s === 'string' ? Buffer.from(s) : s)
  .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: d().encryptionKid, cty: 'application/pdf', ...header } as { alg: string; enc: string }).encrypt(pub as CryptoKey);

/** The same JWE with fields of its protected header replaced (what a broken Sender would send). */
function withHeader(jwe: string, patch: Record<string, string>): string {
  const [h, ...rest] = jwe.split('.');
  const header = { ...(JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as object), ...patch };
  return [Buffer.from(JSON.stringify(header)).toString('base64url'), ...rest].join('.');
}

async function newSubmission(): Promise<{ submissionId: string; attachmentId: string }> {
  const attachmentId = randomUUID();
  const r = await httpsCall(`${base}/v1/submissions`, {
    method: 'POST', ca, headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ destinationId: d().destinationId, announcedAttachments: [attachmentId], serviceType: { name: 'Anmeldung', identifier: LEIKA } }),
  });
  expect(r.status).toBe(201);
  return { submissionId: (JSON.parse(r.text) as { submissionId: string }).submissionId, attachmentId };
}

function expectProblem(r: HttpResult, status: RegExp): Record<string, unknown> {
  expect(String(r.status)).toMatch(status);
  expect(String(r.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const p = JSON.parse(r.text) as Record<string, unknown>;
  expect(String(p.type)).toMatch(/^https:\/\//);
  expect(typeof p.title).toBe('string');
  return p;
}

async function stillServing(): Promise<void> {
  expect((await httpsCall(`${base}/v1/info`, { ca })).status).toBe(200);
}

describe('hostile JWEs at the attachment upload', () => {
  const put = (id: { submissionId: string; attachmentId: string }, body: string | Buffer) =>
    httpsCall(`${base}/v1/submissions/${id.submissionId}/attachments/${id.attachmentId}`, { method: 'PUT', ca, headers: { ...auth, 'content-type': 'application/jose' }, body });

  it.each([
    ['wrong alg (RSA-OAEP)', async () => withHeader(await enc('pdf', {}), { alg: 'RSA-OAEP' })],
    ['alg "dir" (no key wrapping)', async () => withHeader(await enc('pdf', {}), { alg: 'dir' })],
    ['alg "none"', async () => withHeader(await enc('pdf', {}), { alg: 'none' })],
    ['wrong enc (A128GCM)', async () => enc('pdf', { enc: 'A128GCM' })],
    ['a 100 KB protected header', async () => enc('pdf', { kid: 'k'.repeat(100_000) })],
    ['an unknown kid', async () => enc('pdf', { kid: 'not-the-destination-key' })],
    ['garbage instead of a compact JWE', async () => 'this is not a JWE at all'],
    ['invalid UTF-8 bytes', async () => Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0x2e, 0xff, 0xfe])],
    ['a header segment of nested JSON', async () => `${Buffer.from(`{"alg":${'['.repeat(50_000)}${']'.repeat(50_000)}}`).toString('base64url')}.a.b.c.d`],
  ])('refuses %s with a problem document and keeps serving', async (_name, body) => {
    const id = await newSubmission();
    const p = expectProblem(await put(id, await body()), /^4\d\d$/);
    expect(String(p.type)).not.toMatch(/internal|technical/);
    await stillServing();
  });
});

describe('hostile JSON at the submission endpoints', () => {
  it.each([
    ['deeply nested JSON', `{"destinationId":${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
    ['invalid UTF-8 inside a JSON string', Buffer.concat([Buffer.from('{"destinationId":"'), Buffer.from([0xff, 0xfe, 0xc0, 0xaf]), Buffer.from('"}')])],
    ['a prototype-pollution shaped object', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"destinationId":"x"}'],
    ['truncated JSON', '{"destinationId":"'],
  ])('refuses %s with a problem document and keeps serving', async (_name, body) => {
    const r = await httpsCall(`${base}/v1/submissions`, { method: 'POST', ca, headers: { ...auth, 'content-type': 'application/json' }, body });
    expectProblem(r, /^4\d\d$/);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    await stillServing();
  });

  it('refuses a body declared larger than the limit before reading it', async () => {
    const r = await new Promise<HttpResult>((resolve, reject) => {
      const req = request(`${base}/v1/submissions`, { method: 'POST', ca, agent: false, headers: { ...auth, 'content-type': 'application/json', 'content-length': String(2 * 1024 ** 3) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => { text += c; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      });
      req.on('error', reject);
      req.write('{"destinationId":');
    });
    expectProblem(r, /^413$/);
    await stillServing();
  });
});

describe('a Sender that disconnects mid-upload', () => {
  it('leaves the submission consistent: the attachment is not stored and can be uploaded again', async () => {
    const id = await newSubmission();
    const jwe = Buffer.from(await enc(Buffer.alloc(2 * 1024 * 1024, 9), {}));
    const url = `${base}/v1/submissions/${id.submissionId}/attachments/${id.attachmentId}`;
    await new Promise<void>((resolve) => {
      const req = request(url, { method: 'PUT', ca, agent: false, headers: { ...auth, 'content-type': 'application/jose', 'content-length': String(jwe.length) } });
      req.on('error', () => resolve());
      req.write(jwe.subarray(0, jwe.length / 2), () => setTimeout(() => { req.destroy(); resolve(); }, 50));
    });
    // The interrupted exchange is recorded as incomplete, not as a stored attachment.
    const until = Date.now() + 5000;
    let rec;
    while (!(rec = recorder.query({ kind: 'exchange' }).find((r) => r.request?.url?.startsWith(new URL(url).pathname) && r.request.method === 'PUT')) && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    expect(rec).toBeDefined();
    expect(rec!.request?.bodyTruncated ?? rec!.response?.status !== 204).toBe(true);
    // Sending now fails because the attachment is missing; uploading it again succeeds.
    const again = await httpsCall(url, { method: 'PUT', ca, headers: { ...auth, 'content-type': 'application/jose' }, body: jwe });
    expect(again.status).toBe(204);
    await stillServing();
  });
});
