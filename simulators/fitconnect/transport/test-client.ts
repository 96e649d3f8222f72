/**
 * Test helper for transport tests: a started simulator with a seeded Sender and destination,
 * and small protocol steps (token, announce, send) over real HTTPS. Not a reference
 * client: it exists to drive the simulator into states, and it checks nothing itself.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactEncrypt, importJWK, type JWK } from 'jose';
import { createRecorder, type Recorder } from '../../kernel/evidence/index.ts';
import { FaultStore } from '../../kernel/faults/rules.ts';
import type { Pki } from '../../kernel/pki/index.ts';
import { systemClock, type Clock, type Simulator } from '../../kernel/types.ts';
import { createFitConnectSimulator } from '../index.ts';
import { httpsCall, type HttpResult } from '../reference/http.ts';
import type { DestinationSeed, SeedResult } from './seed.ts';

export const LEIKA = 'urn:de:fim:leika:leistung:99123456760610';
export const SCHEMA = { schemaUri: 'https://schema.fitko.de/fim/s00000121_1.0.0.schema.json', mimeType: 'application/json' as const };
export const sha512 = (b: string | Uint8Array): string => createHash('sha512').update(b).digest('hex');
export const json = (r: HttpResult): Record<string, unknown> => (r.text ? JSON.parse(r.text) as Record<string, unknown> : {});

export interface TestPlatform {
  sim: Simulator;
  recorder: Recorder;
  evidenceFile: string;
  base: string;
  ca: string[];
  seed(data: unknown): Promise<SeedResult>;
  token(clientId: string, secret: string): Promise<string>;
  call(path: string, o?: { method?: string; token?: string; headers?: Record<string, string>; body?: string }): Promise<HttpResult>;
  stop(): Promise<void>;
}

export function destinationSeed(extra: Partial<DestinationSeed> = {}): DestinationSeed {
  return { services: [{ identifier: LEIKA, regions: ['DE09162'], submissionSchemas: [SCHEMA] }], metadataVersions: ['2.1.0'], ...extra };
}

export async function startTestPlatform(pki: Pki, o: { environment?: 'test' | 'refz'; clock?: Clock; name: string }): Promise<TestPlatform> {
  const evidenceFile = join(mkdtempSync(join(tmpdir(), `govsim-fc-${o.name}-`)), 'evidence.jsonl');
  const recorder = createRecorder({ file: evidenceFile, runId: `fc-${o.name}` });
  const sim = createFitConnectSimulator({ recorder, faults: new FaultStore(), pki, clock: o.clock ?? systemClock, host: '127.0.0.1', environment: o.environment ?? 'test' });
  await sim.start();
  const ca = pki.trustedCaPem();
  const base = sim.urls().submissionApi;
  const call: TestPlatform['call'] = (path, c = {}) => httpsCall(`${base}${path}`, {
    method: c.method ?? 'GET', ca, ...(c.body !== undefined ? { body: c.body } : {}),
    headers: { ...(c.token ? { authorization: `Bearer ${c.token}` } : {}), ...c.headers },
  });
  return {
    sim, recorder, evidenceFile, base, ca, call,
    seed: async (data) => sim.admin.seed(data) as Promise<SeedResult>,
    async token(clientId, secret) {
      const r = await call('/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).toString() });
      if (r.status !== 200) throw new Error(`token request failed: ${r.status} ${r.text}`);
      return json(r).access_token as string;
    },
    async stop() {
      await sim.stop();
      recorder.close();
    },
  };
}

/** Announces a submission without attachments; returns its ids. */
export async function announce(p: TestPlatform, token: string, destinationId: string): Promise<{ submissionId: string; caseId: string }> {
  const r = await p.call('/v1/submissions', {
    method: 'POST', token, headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ destinationId, announcedAttachments: [], serviceType: { name: 'Anmeldung (fiktiv)', identifier: LEIKA } }),
  });
  if (r.status !== 201) throw new Error(`announce failed: ${r.status} ${r.text}`);
  return json(r) as { submissionId: string; caseId: string };
}

/** Encrypts data and valid 2.1.0 metadata for the destination's current key and sends. */
export async function send(p: TestPlatform, token: string, destinationId: string, submissionId: string): Promise<HttpResult> {
  const dest = json(await p.call(`/v1/destinations/${destinationId}`, { token }));
  const jwk = json(await p.call(`/v1/destinations/${destinationId}/keys/${String(dest.encryptionKid)}`)) as JWK & { x5c?: string[] };
  const { key_ops: _ops, x5c: _x5c, ...plain } = jwk;
  const key = await importJWK(plain, 'RSA-OAEP-256');
  const enc = (s: string, cty: string) => new CompactEncrypt(Buffer.from(s)).setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: String(dest.encryptionKid), cty }).encrypt(key);
  const data = JSON.stringify({ antrag: 'fiktiv', nr: randomUUID() });
  const metadata = {
    $schema: 'https://schema.fitko.de/fit-connect/metadata/2.1.0/metadata.schema.json',
    contentStructure: { data: { hash: { type: 'sha512', content: sha512(data) }, submissionSchema: SCHEMA }, attachments: [] },
  };
  return p.call(`/v1/submissions/${submissionId}`, {
    method: 'PUT', token, headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ encryptedMetadata: await enc(JSON.stringify(metadata), 'application/json'), encryptedData: await enc(data, 'application/json') }),
  });
}

/** Event names in a case's event log as the Submission API serves it. */
export async function eventNames(p: TestPlatform, token: string, caseId: string): Promise<string[]> {
  const r = await p.call(`/v1/cases/${caseId}/events`, { token });
  if (r.status !== 200) throw new Error(`event log: ${r.status} ${r.text}`);
  return (json(r).eventLog as string[]).map((t) => {
    const claims = JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString('utf8')) as { events: Record<string, unknown> };
    return Object.keys(claims.events)[0].split('/').pop()!;
  });
}
