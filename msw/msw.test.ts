/**
 * A consumer's unit test: MSW intercepts Node's fetch and govsim's simulators answer.
 * FIT-Connect: token endpoint and destination lookup; kernel: mutual TLS through the
 * handlers with a client certificate from the test PKI.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initPki } from '../simulators/kernel/pki/index.ts';
import { createGovsimHandlers, type GovsimHandlers } from './index.ts';

const LEIKA = 'urn:de:fim:leika:leistung:99123456760610';
const SCHEMA = { schemaUri: 'https://schema.fitko.de/fim/s00000121_1.0.0.schema.json', mimeType: 'application/json' };
const ALIAS = 'https://fitconnect.govsim.invalid';

interface Seeded { clients: Array<{ clientId: string; clientSecret: string }>; destinations: Array<{ destinationId: string; encryptionKid: string }> }

let govsim: GovsimHandlers;
let kernel: GovsimHandlers;
let seeded: Seeded;
let clientOin: string;
const server = setupServer();

beforeAll(async () => {
  const pkiDir = mkdtempSync(join(tmpdir(), 'govsim-msw-pki-'));
  const pki = await initPki({ dir: pkiDir });
  clientOin = '00000099000000000042';
  const client = await pki.issue({ profile: 'pkioverheid', oin: clientOin, commonName: 'MSW consumer (fiktiv)', organization: 'Testgemeente' });
  govsim = await createGovsimHandlers({ platforms: ['fitconnect'], environment: 'test', aliases: { [ALIAS]: 'fitconnect' } });
  kernel = await createGovsimHandlers({ platforms: ['kernel'], pkiDir, clientCertificate: client });
  seeded = await govsim.running.simulators.fitconnect.admin.seed({
    clients: [{ type: 'sender', name: 'Onlinedienst Musterstadt (fiktiv)' }],
    destinations: [{ services: [{ identifier: LEIKA, regions: ['DE09162'], submissionSchemas: [SCHEMA] }], metadataVersions: ['2.1.0'] }],
  }) as Seeded;
  server.use(...govsim.handlers, ...kernel.handlers);
  server.listen({ onUnhandledRequest: 'error' });
}, 60_000);

afterAll(async () => {
  server.close();
  await govsim?.close();
  await kernel?.close();
});

async function token(base: string): Promise<Response> {
  const c = seeded.clients[0];
  return fetch(`${base}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret }),
  });
}

describe('govsim/msw with FIT-Connect', () => {
  it('issues an OAuth token through plain fetch (no CA setup in the consumer)', async () => {
    const res = await token(govsim.url('fitconnect'));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json() as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'send:region:DE' });
    expect(String(body.access_token).split('.')).toHaveLength(3);
    // The simulator records the exchange once the response has gone out: wait briefly for it.
    const tokenRecords = () => govsim.evidence({ platform: 'fitconnect' }).filter((r) => r.kind === 'exchange' && JSON.stringify(r).includes('FC_TOKEN_ISSUED'));
    for (let i = 0; i < 50 && tokenRecords().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(tokenRecords().length).toBeGreaterThan(0);
  });

  it('looks up a destination with the token, and refuses the lookup without one', async () => {
    const accessToken = (await (await token(govsim.url('fitconnect'))).json() as { access_token: string }).access_token;
    const { destinationId, encryptionKid } = seeded.destinations[0];
    const res = await fetch(`${govsim.url('fitconnect')}/v1/destinations/${destinationId}`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ destinationId, encryptionKid, metadataVersions: ['2.1.0'] });
    const anonymous = await fetch(`${govsim.url('fitconnect')}/v1/destinations/${destinationId}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('serves an alias origin and rewrites the simulator origin in response bodies', async () => {
    const res = await token(ALIAS);
    expect(res.status).toBe(200);
    const info = await fetch(`${ALIAS}/.well-known/jwks.json`);
    expect(info.status).toBe(200);
    expect(await info.text()).not.toContain(new URL(govsim.url('fitconnect')).host);
  });

  it('negative control: without the handlers the same fetch fails (self-signed test PKI, nothing in between)', async () => {
    server.close();
    try {
      await expect(token(govsim.url('fitconnect'))).rejects.toThrow();
    } finally {
      server.listen({ onUnhandledRequest: 'error' });
    }
  });
});

describe('govsim/msw with a mutual-TLS platform (kernel self-test)', () => {
  it('presents the configured client certificate; the simulator reads its OIN', async () => {
    const res = await fetch(`${kernel.url('kernel', 'https')}/identity`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { identity: { oin: string } }).identity.oin).toBe(clientOin);
  });
});
