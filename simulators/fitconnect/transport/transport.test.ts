/**
 * The FIT-Connect transport over real HTTPS: OAuth, the Submission API flow, routing, event
 * log and problem responses, each response validated against the official OpenAPI document.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactEncrypt, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecorder, type Recorder } from '../../kernel/evidence/index.ts';
import { FaultStore } from '../../kernel/faults/rules.ts';
import { createEphemeralPki, type Pki } from '../../kernel/pki/index.ts';
import type { Simulator } from '../../kernel/types.ts';
import { systemClock } from '../../kernel/types.ts';
import { createFitConnectSimulator } from '../index.ts';
import { httpsCall, type HttpResult } from '../reference/http.ts';
import { ResponseValidator } from './openapi-validator.ts';
import type { SeedResult } from './seed.ts';

const LEIKA = 'urn:de:fim:leika:leistung:99123456760610';
const SCHEMA = { schemaUri: 'https://schema.fitko.de/fim/s00000121_1.0.0.schema.json', mimeType: 'application/json' };
const sha512 = (b: string | Uint8Array) => createHash('sha512').update(b).digest('hex');

let pki: Pki;
let recorder: Recorder;
let sim: Simulator;
let seeded: SeedResult;
let ca: string[];
let base: string;
const openapi = new ResponseValidator();

beforeAll(async () => {
  pki = await createEphemeralPki();
  recorder = createRecorder({ file: join(mkdtempSync(join(tmpdir(), 'govsim-fc-transport-')), 'evidence.jsonl'), runId: 'fc-transport' });
  sim = createFitConnectSimulator({ recorder, faults: new FaultStore(), pki, clock: systemClock, host: '127.0.0.1', environment: 'test' });
  await sim.start();
  ca = pki.trustedCaPem();
  base = sim.urls().submissionApi;
  seeded = await sim.admin.seed({
    clients: [{ type: 'sender', name: 'Onlinedienst Musterstadt (fiktiv)' }],
    destinations: [{ services: [{ identifier: LEIKA, regions: ['DE09162'], submissionSchemas: [SCHEMA] }], metadataVersions: ['2.1.0'], withSubscriber: true, authority: { mode: 'manual' } }],
  }) as SeedResult;
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  recorder?.close();
});

const json = (r: HttpResult) => (r.text ? JSON.parse(r.text) as Record<string, unknown> : undefined);
function conforms(method: string, template: string, r: HttpResult): void {
  const ct = String(r.headers['content-type'] ?? '');
  expect(openapi.validate(method, template, r.status, ct, r.text ? JSON.parse(r.text) : undefined), `${method} ${template} → ${r.status}`).toEqual([]);
}

async function token(clientId: string, secret: string): Promise<string> {
  const r = await httpsCall(`${base}/token`, {
    method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).toString(),
  });
  expect(r.status).toBe(200);
  const body = json(r)!;
  expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 1800, scope: 'send:region:DE' });
  expect(r.headers['cache-control']).toBe('no-store');
  return body.access_token as string;
}

describe('OAuth token endpoint', () => {
  it('refuses HTTP Basic and a wrong secret with invalid_client, and non-form bodies', async () => {
    const c = seeded.clients[0];
    const basic = await httpsCall(`${base}/token`, {
      method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    expect(basic.status).toBe(401);
    expect(json(basic)?.error).toBe('invalid_client');
    expect(basic.headers['www-authenticate']).toMatch(/^Basic/);
    const wrong = await httpsCall(`${base}/token`, { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=client_credentials&client_id=${c.clientId}&client_secret=nope` });
    expect([wrong.status, json(wrong)?.error]).toEqual([401, 'invalid_client']);
    const asJson = await httpsCall(`${base}/token`, { method: 'POST', ca, headers: { 'content-type': 'application/json' }, body: '{}' });
    expect([asJson.status, json(asJson)?.error]).toEqual([400, 'invalid_request']);
  });

  it('enforces scopes: a Subscriber token cannot create submissions, a missing token is 401 problem+json', async () => {
    const sub = seeded.destinations[0].subscriber!;
    const r = await httpsCall(`${base}/token`, { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sub.clientId, client_secret: sub.clientSecret }).toString() });
    const subToken = json(r)!.access_token as string;
    const body = JSON.stringify({ destinationId: seeded.destinations[0].destinationId, announcedAttachments: [], serviceType: { name: 'x', identifier: LEIKA } });
    const created = await httpsCall(`${base}/v1/submissions`, { method: 'POST', ca, headers: { authorization: `Bearer ${subToken}`, 'content-type': 'application/json' }, body });
    expect(created.status).toBe(403);
    conforms('POST', '/v1/submissions', created);
    const none = await httpsCall(`${base}/v1/submissions`, { method: 'POST', ca, headers: { 'content-type': 'application/json' }, body });
    expect(none.status).toBe(401);
    expect(none.headers['content-type']).toBe('application/problem+json');
    conforms('POST', '/v1/submissions', none);
  });
});

describe('Submission API flow', () => {
  it('create → streamed upload → send → event log → subscriber pickup, all conforming to the OpenAPI document', async () => {
    const c = seeded.clients[0];
    const d = seeded.destinations[0];
    const auth = { authorization: `Bearer ${await token(c.clientId, c.clientSecret)}` };

    const info = await httpsCall(`${base}/v1/info`, { ca });
    conforms('GET', '/v1/info', info);
    const jwks = await httpsCall(`${base}/.well-known/jwks.json`, { ca });
    conforms('GET', '/.well-known/jwks.json', jwks);
    const dest = await httpsCall(`${base}/v1/destinations/${d.destinationId}`, { ca, headers: auth });
    conforms('GET', '/v1/destinations/{destinationId}', dest);
    const key = await httpsCall(`${base}/v1/destinations/${d.destinationId}/keys/${d.encryptionKid}`, { ca });
    conforms('GET', '/v1/destinations/{destinationId}/keys/{keyId}', key);
    const jwk = json(key) as JWK & { x5c: string[] };
    expect(jwk.x5c.length).toBe(3);
    const { key_ops: _ops, x5c: _x5c, ...plain } = jwk;
    const pub = await importJWK(plain, 'RSA-OAEP-256');
    const enc = (s: string | Uint8Array, cty: string) => new CompactEncrypt(typeof s === 'string' ? Buffer.from(s) : s)
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: d.encryptionKid, cty }).encrypt(pub);

    const att = randomUUID();
    const create = await httpsCall(`${base}/v1/submissions`, {
      method: 'POST', ca, headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ destinationId: d.destinationId, announcedAttachments: [att], serviceType: { name: 'Anmeldung', identifier: LEIKA } }),
    });
    expect(create.status).toBe(201);
    conforms('POST', '/v1/submissions', create);
    const { submissionId, caseId } = json(create) as { submissionId: string; caseId: string };

    const unannounced = await httpsCall(`${base}/v1/submissions/${submissionId}/attachments/${randomUUID()}`, { method: 'PUT', ca, headers: { ...auth, 'content-type': 'application/jose' }, body: await enc('x', 'text/plain') });
    expect(unannounced.status).toBe(422);
    conforms('PUT', '/v1/submissions/{submissionId}/attachments/{attachmentId}', unannounced);
    expect(json(unannounced)?.type).toBe('https://schema.fitko.de/fit-connect/submission-api/problems/attachment-not-announced');

    const early = await httpsCall(`${base}/v1/submissions/${submissionId}`, { method: 'PUT', ca, headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ encryptedMetadata: await enc('{}', 'application/json') }) });
    expect(early.status).toBe(422);
    conforms('PUT', '/v1/submissions/{submissionId}', early);

    const pdf = Buffer.alloc(300_000, 7);
    const upload = await httpsCall(`${base}/v1/submissions/${submissionId}/attachments/${att}`, { method: 'PUT', ca, headers: { ...auth, 'content-type': 'application/jose' }, body: await enc(pdf, 'application/pdf') });
    expect(upload.status).toBe(204);
    const data = JSON.stringify({ antrag: 'fiktiv' });
    const metadata = {
      $schema: 'https://schema.fitko.de/fit-connect/metadata/2.1.0/metadata.schema.json',
      contentStructure: {
        data: { hash: { type: 'sha512', content: sha512(data) }, submissionSchema: SCHEMA },
        attachments: [{ hash: { type: 'sha512', content: sha512(pdf) }, purpose: 'attachment', mimeType: 'application/pdf', filename: 'a.pdf', attachmentId: att }],
      },
    };
    const sent = await httpsCall(`${base}/v1/submissions/${submissionId}`, {
      method: 'PUT', ca, headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ encryptedMetadata: await enc(JSON.stringify(metadata), 'application/json'), encryptedData: await enc(data, 'application/json') }),
    });
    expect(sent.status).toBe(202);
    conforms('PUT', '/v1/submissions/{submissionId}', sent);

    const log = await httpsCall(`${base}/v1/cases/${caseId}/events`, { ca, headers: auth });
    conforms('GET', '/v1/cases/{caseId}/events', log);
    expect((json(log) as { eventLog: string[] }).eventLog).toHaveLength(2);

    const sub = d.subscriber!;
    const subAuth = { authorization: `Bearer ${json(await httpsCall(`${base}/token`, { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sub.clientId, client_secret: sub.clientSecret }).toString() }))!.access_token}` };
    const list = await httpsCall(`${base}/v1/submissions?destinationId=${d.destinationId}`, { ca, headers: subAuth });
    conforms('GET', '/v1/submissions', list);
    expect((json(list) as { submissions: { submissionId: string }[] }).submissions.map((s) => s.submissionId)).toEqual([submissionId]);
    const fetched = await httpsCall(`${base}/v1/submissions/${submissionId}`, { ca, headers: subAuth });
    conforms('GET', '/v1/submissions/{submissionId}', fetched);
    const attachment = await httpsCall(`${base}/v1/submissions/${submissionId}/attachments/${att}`, { ca, headers: subAuth });
    expect(attachment.status).toBe(200);
    expect(attachment.headers['content-type']).toBe('application/jose');
    expect(attachment.text.split('.')).toHaveLength(5);
    // A Sender may not pick up submissions.
    expect((await httpsCall(`${base}/v1/submissions/${submissionId}`, { ca, headers: auth })).status).toBe(403);
  }, 30_000);

  it('the routing API finds the destination by LeiKa key and ARS and refuses a bad query', async () => {
    const ok = await httpsCall(`${sim.urls().routingApi}/routes?leikaKey=99123456760610&ars=091620000000`, { ca });
    expect(ok.status).toBe(200);
    expect((json(ok) as { routes: { destinationId: string }[] }).routes.map((r) => r.destinationId)).toEqual([seeded.destinations[0].destinationId]);
    const bad = await httpsCall(`${sim.urls().routingApi}/routes?leikaKey=12`, { ca });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toBe('application/problem+json');
  });
});

describe('OpenAPI validator (negative control)', () => {
  it('reports a response that does not match the document', () => {
    expect(openapi.validate('POST', '/v1/submissions', 201, 'application/json', { submissionId: 'not-a-uuid' })).not.toEqual([]);
    expect(openapi.validate('PUT', '/v1/submissions/{submissionId}', 200, 'application/json', {})).not.toEqual([]);
  });
});
