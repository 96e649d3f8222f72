/**
 * Subscriber side of the Submission API over HTTPS: register a PS512 signature key
 * (`POST /v1/destinations/{id}/keys`) and end a submission with a signed accept or reject
 * SET (`POST /v1/cases/{caseId}/events`), verified against the registered key. Every
 * response carries a passing FC_OPENAPI_RESPONSE verdict.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { CompactSign } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEphemeralPki, type Pki } from '../../kernel/pki/index.ts';
import type { SeedResult } from './seed.ts';
import { announce, destinationSeed, eventNames, send, startTestPlatform, type TestPlatform } from './test-client.ts';

let pki: Pki;
let p: TestPlatform;
let seeded: SeedResult;
let subscriberKey: { privateKey: ReturnType<typeof createPrivateKey>; jwk: Record<string, unknown> };

const b64der = (pem: string) => Buffer.from(new X509Certificate(pem).raw).toString('base64');

beforeAll(async () => {
  pki = await createEphemeralPki();
  p = await startTestPlatform(pki, { name: 'subscriber' });
  seeded = await p.seed({ clients: [{ type: 'sender', name: 'Onlinedienst (fiktiv)' }], destinations: [destinationSeed({ authority: { mode: 'manual' }, withSubscriber: true })] });
  const issued = await pki.issue({
    profile: 'server', purpose: 'server', keyAlgorithm: 'rsa4096', commonName: 'Fachverfahren Musterstadt (fiktiv) signing key', organization: 'Stadt Musterstadt (fiktiv)',
    dnsNames: ['fachverfahren.govsim.invalid'], ipAddresses: [], keyLabel: 'fitconnect/test/subscriber-signing',
  });
  const privateKey = createPrivateKey(issued.keyPem);
  const pub = createPublicKey(privateKey).export({ format: 'jwk' }) as { n: string; e: string };
  const chain = issued.chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  subscriberKey = { privateKey, jwk: { kty: 'RSA', key_ops: ['verify'], alg: 'PS512', kid: 'fachverfahren-sign-1', n: pub.n, e: pub.e, x5c: [b64der(issued.certPem), ...chain.map(b64der)] } };
}, 90_000);

afterAll(async () => p?.stop());

async function signedEvent(key: ReturnType<typeof createPrivateKey>, kid: string, claims: Record<string, unknown>): Promise<string> {
  return new CompactSign(Buffer.from(JSON.stringify(claims))).setProtectedHeader({ alg: 'PS512', typ: 'secevent+jwt', kid }).sign(key);
}

describe('Subscriber: destination keys and accept/reject events', () => {
  it('registers a signature key, refuses forged and out-of-state events, and accepts a signed accept-submission', async () => {
    const d = seeded.destinations[0];
    const sub = await p.token(d.subscriber!.clientId, d.subscriber!.clientSecret);
    const sender = await p.token(seeded.clients[0].clientId, seeded.clients[0].clientSecret);
    const keys = `/v1/destinations/${d.destinationId}/keys`;
    const post = (path: string, token: string, body: string, ct = 'application/json') => p.call(path, { method: 'POST', token, headers: { 'content-type': ct }, body });

    expect((await post(keys, sender, JSON.stringify(subscriberKey.jwk))).status).toBe(403);
    const wrapKey = await post(keys, sub, JSON.stringify({ ...subscriberKey.jwk, key_ops: ['wrapKey'], alg: 'RSA-OAEP-256' }));
    expect(wrapKey.status).toBe(400);
    expect((await post(keys, sub, JSON.stringify({ ...subscriberKey.jwk, x5c: (subscriberKey.jwk.x5c as string[]).slice(1) }))).status).toBe(400);
    const added = await post(keys, sub, JSON.stringify(subscriberKey.jwk));
    expect(added.status).toBe(201);
    expect(added.headers.location).toBe(`${keys}/fachverfahren-sign-1`);
    expect((await post(keys, sub, JSON.stringify(subscriberKey.jwk))).status).toBe(201);
    expect((await p.call(`${keys}/fachverfahren-sign-1`)).status).toBe(200);

    const { submissionId, caseId } = await announce(p, sender, d.destinationId);
    expect((await send(p, sender, d.destinationId, submissionId)).status).toBe(202);
    const claims = (name: string, payload: Record<string, unknown> = {}) => ({
      $schema: 'https://schema.fitko.de/fit-connect/set-payload/1.0.0/set-payload.schema.json', iss: d.destinationId, iat: Math.floor(Date.now() / 1000),
      jti: crypto.randomUUID(), sub: `submission:${submissionId}`, txn: `case:${caseId}`, events: { [`https://schema.fitko.de/fit-connect/events/${name}`]: payload },
    });
    const events = `/v1/cases/${caseId}/events`;
    // Negative controls: signed by an unregistered key, and a kid that names the registered key over a foreign signature.
    const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = await post(events, sub, await signedEvent(foreign, 'fachverfahren-sign-1', claims('accept-submission')), 'application/jose');
    expect(forged.status).toBe(422);
    expect(JSON.parse(forged.text).detail).toMatch(/SET_BAD_SIGNATURE/);
    const fromSender = await post(events, sender, await signedEvent(subscriberKey.privateKey, 'fachverfahren-sign-1', claims('accept-submission')), 'application/jose');
    expect(fromSender.status).toBe(403);
    const noProblems = await post(events, sub, await signedEvent(subscriberKey.privateKey, 'fachverfahren-sign-1', claims('reject-submission')), 'application/jose');
    expect(noProblems.status).toBe(422);

    const accepted = await post(events, sub, await signedEvent(subscriberKey.privateKey, 'fachverfahren-sign-1', claims('accept-submission')), 'application/jose');
    expect(accepted.status).toBe(204);
    expect(await eventNames(p, sender, caseId)).toEqual(['create-submission', 'submit-submission', 'forward-submission', 'accept-submission']);
    const again = await post(events, sub, await signedEvent(subscriberKey.privateKey, 'fachverfahren-sign-1', claims('reject-submission', { problems: [{ type: 'https://schema.fitko.de/fit-connect/events/problems/technical-error', title: 'x', detail: 'y' }] })), 'application/jose');
    expect(again.status).toBe(409);

    const verdicts = p.recorder.query({}).filter((r) => r.kind === 'exchange').flatMap((r) => r.verdicts ?? []).filter((v) => v.check === 'FC_OPENAPI_RESPONSE');
    expect(verdicts.filter((v) => !v.ok)).toEqual([]);
    expect(verdicts.length).toBeGreaterThan(10);
  }, 60_000);
});
