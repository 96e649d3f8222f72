import { createLocalJWKSet, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../kernel/types.ts';
import { buildCallbackRequest, callbackHmac, verifyCallback } from './callbacks.ts';
import { verifySecurityEventToken } from './events.ts';
import { verifyRoute } from './routing.ts';
import { destinationInput, jwe, LEIKA, metadata210, START, testEnvironment } from './test-fixtures.ts';
import { testKeys, type TestKey } from './test-keys.ts';

let K: TestKey[];
beforeAll(async () => { K = await testKeys(5); }, 180_000);

async function sentSubmission(callbacks = false) {
  const { env, clock } = await testEnvironment(K[0]);
  const cb = { url: 'https://sut.example.test/callbacks/fit-connect', secret: 'a'.repeat(40) };
  const d = await env.destinations.create(destinationInput(K[2], K[3], callbacks ? { callback: cb } : {}));
  if (!d.ok) throw new Error(d.error.detail);
  const s = await env.submissions.create({ destinationId: d.value.destinationId, serviceType: { name: 'x', identifier: LEIKA }, announcedAttachments: [], ...(callbacks ? { callback: { ...cb, secret: 'b'.repeat(40) } } : {}) });
  if (!s.ok) throw new Error(s.error.detail);
  const r = await env.submissions.submit(s.value.submissionId, { encryptedMetadata: await jwe(JSON.stringify(metadata210('{}', [])), K[2]), encryptedData: await jwe('{}', K[2]) });
  if (!r.ok) throw new Error(r.error.detail);
  return { env, clock, ...s.value };
}

describe('security event tokens', () => {
  it('platform SETs verify with the environment JWKS via jose and carry the right claims', async () => {
    const { env, submissionId, caseId } = await sentSubmission();
    const page = env.events.page(caseId);
    expect(page).toMatchObject({ count: 2, offset: 0, totalCount: 2 });
    const { payload, protectedHeader } = await jwtVerify(page.eventLog[1], createLocalJWKSet(env.jwks()), { typ: 'secevent+jwt', algorithms: ['PS512'], issuer: env.issuer });
    expect(protectedHeader.kid).toBe('platform-signing-test');
    expect(payload).toMatchObject({ sub: `submission:${submissionId}`, txn: `case:${caseId}`, iat: Date.parse(START) / 1000 });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(payload.events as object)).toEqual(['https://schema.fitko.de/fit-connect/events/submit-submission']);
    const v = await verifySecurityEventToken(page.eventLog[0], env.jwks());
    expect(v.ok && v.name).toBe('create-submission');
  });

  it('a tampered SET or one checked against another key set fails verification', async () => {
    const { env, caseId } = await sentSubmission();
    const token = env.events.page(caseId).eventLog[0];
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    claims.events = { 'https://schema.fitko.de/fit-connect/events/accept-submission': {} };
    const tampered = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    const bad = await verifySecurityEventToken(tampered, env.jwks());
    expect(!bad.ok && bad.code).toBe('SET_BAD_SIGNATURE');
    const { env: other } = await testEnvironment(K[1]);
    const wrongKeys = await verifySecurityEventToken(token, { keys: other.jwks().keys.map((k) => ({ ...k, kid: 'platform-signing-test' })) });
    expect(!wrongKeys.ok && wrongKeys.code).toBe('SET_BAD_SIGNATURE');
  });

  it('accept-submission is signed by the destination signing key (iss = destinationId)', async () => {
    const { env, caseId, destinationId } = await sentSubmission();
    await env.tick();
    const accept = env.events.events(caseId).at(-1)!;
    const jwk = env.destinations.getKey(destinationId, 'dest-sig-key-1');
    expect(jwk.ok && jwk.value.alg).toBe('PS512');
    if (!jwk.ok) return;
    const v = await verifySecurityEventToken(accept.token, { keys: [jwk.value] });
    expect(v.ok && v.claims.iss).toBe(destinationId);
    const vPlatform = await verifySecurityEventToken(accept.token, env.jwks());
    expect(vPlatform.ok).toBe(false);
  });
});

describe('callbacks', () => {
  const clock = fixedClock(START);
  const secret = 'insecure_test_secret_0123456789_abcdef';
  const body = JSON.stringify({ type: 'https://schema.fitko.de/fit-connect/submission-api/callbacks/new-events' });

  it('verifies a request it built; refuses a bad HMAC, a stale timestamp and a changed body', () => {
    const req = buildCallbackRequest({ url: 'https://sut.example.test/cb', secret }, body, clock);
    expect(req.headers['callback-authentication']).toBe(callbackHmac(secret, req.headers['callback-timestamp'], body));
    expect(req.headers['callback-authentication']).toMatch(/^[0-9a-f]{128}$/);
    expect(verifyCallback({ headers: req.headers, body, secret, clock }).ok).toBe(true);
    const badMac = verifyCallback({ headers: { ...req.headers, 'callback-authentication': 'f'.repeat(128) }, body, secret, clock });
    expect(!badMac.ok && badMac.code).toBe('CALLBACK_BAD_HMAC');
    const wrongSecret = verifyCallback({ headers: req.headers, body, secret: secret + 'x', clock });
    expect(!wrongSecret.ok && wrongSecret.code).toBe('CALLBACK_BAD_HMAC');
    const changed = verifyCallback({ headers: req.headers, body: body + ' ', secret, clock });
    expect(!changed.ok && changed.code).toBe('CALLBACK_BAD_HMAC');
    const later = fixedClock(START);
    later.advance(301_000);
    const stale = verifyCallback({ headers: req.headers, body, secret, clock: later });
    expect(!stale.ok && stale.code).toBe('CALLBACK_STALE');
    later.set(START);
    later.advance(300_000);
    expect(verifyCallback({ headers: req.headers, body, secret, clock: later }).ok).toBe(true);
    expect(verifyCallback({ headers: req.headers, body, secret, clock: later, maxAgeSeconds: 60 }).ok).toBe(false);
  });

  it('queues new-submissions and new-events callbacks, retries on the schedule, and notify-submission follows delivery', async () => {
    const { env, clock: c, caseId } = await sentSubmission(true);
    const due = env.callbacks.due();
    expect(due.map((d) => d.delivery.kind).sort()).toEqual(['new-events', 'new-submissions']);
    const toDest = due.find((d) => d.delivery.kind === 'new-submissions')!;
    expect(verifyCallback({ headers: toDest.request.headers, body: toDest.request.body, secret: 'a'.repeat(40), clock: c }).ok).toBe(true);
    const failed = await env.reportCallbackResult(toDest.delivery.deliveryId, { status: 503 });
    expect(failed?.state).toBe('pending');
    expect(Date.parse(failed!.nextAttemptAt!) - c.now().getTime()).toBe(10_000);
    expect(env.callbacks.due().some((d) => d.delivery.deliveryId === toDest.delivery.deliveryId)).toBe(false);
    c.advance(10_000);
    const retry = env.callbacks.due().find((d) => d.delivery.deliveryId === toDest.delivery.deliveryId)!;
    expect(retry).toBeDefined();
    await env.reportCallbackResult(toDest.delivery.deliveryId, { status: 200 });
    expect(env.events.events(caseId).map((e) => e.name)).toContain('notify-submission');
  });
});

describe('routing', () => {
  async function routed() {
    const { env } = await testEnvironment(K[0], { submissionApiUrl: 'https://127.0.0.1:8443' });
    const d = await env.destinations.create(destinationInput(K[2], K[3], {
      services: [{ identifier: LEIKA, regions: ['DE09162000', 'DE05315'], submissionSchemas: [{ schemaUri: 'https://schema.fitko.de/fim/s00000121_1.0.0.schema.json', mimeType: 'application/json' }] }],
      routing: { name: 'Stadtverwaltung Musterstadt (fiktiv)', areaIds: ['4711'] },
    }));
    if (!d.ok) throw new Error(d.error.detail);
    return { env, destinationId: d.value.destinationId };
  }

  it('finds destinations by LeiKa key with ARS, AGS or areaId; not for other areas or services', async () => {
    const { env, destinationId } = await routed();
    const byArs = await env.routing.findRoutes({ leikaKey: '99123456760610', ars: '053150000000' });
    const byAgs = await env.routing.findRoutes({ leikaKey: '99123456760610', ags: '05315000' });
    const byArea = await env.routing.findRoutes({ leikaKey: '99123456760610', areaId: '4711' });
    const otherArea = await env.routing.findRoutes({ leikaKey: '99123456760610', ars: '064350014014' });
    const otherService = await env.routing.findRoutes({ leikaKey: '99123456760611', ars: '053150000000' });
    for (const r of [byArs, byAgs, byArea]) expect(r.ok && r.value.routes.map((x) => x.destinationId)).toEqual([destinationId]);
    expect(otherArea.ok && otherArea.value.totalCount).toBe(0);
    expect(otherService.ok && otherService.value.totalCount).toBe(0);
    const bad = await env.routing.findRoutes({ leikaKey: '12345', ars: '05' });
    const none = await env.routing.findRoutes({ leikaKey: '99123456760610' });
    expect(!bad.ok && bad.error.status).toBe(400);
    expect(!none.ok && none.error.code).toBe('FC_ROUTING_BAD_REQUEST');
  });

  it('route signatures verify with the platform JWKS; tampered parameters are detected', async () => {
    const { env, destinationId } = await routed();
    const r = await env.routing.findRoutes({ leikaKey: '99123456760610', ars: '05315' });
    if (!r.ok) throw new Error(r.error.detail);
    const route = r.value.routes[0];
    expect(route.destinationParameters).toMatchObject({ encryptionKid: 'dest-enc-key-1', submissionUrl: 'https://127.0.0.1:8443', metadataVersions: ['1.0.0', '2.1.0'] });
    expect(await verifyRoute(route, env.jwks())).toEqual({ ok: true });
    const payload = JSON.parse(Buffer.from(route.destinationSignature.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ destinationId, submissionHost: '127.0.0.1:8443', services: [{ leistungIDs: [LEIKA] }] });
    const tampered = { ...route, destinationParameters: { ...route.destinationParameters, encryptionKid: 'attacker-key' } };
    expect(await verifyRoute(tampered, env.jwks())).toMatchObject({ ok: false, code: 'ROUTE_PAYLOAD_MISMATCH' });
    const { env: other } = await testEnvironment(K[1]);
    expect(await verifyRoute(route, { keys: other.jwks().keys.map((k) => ({ ...k, kid: 'platform-signing-test' })) })).toMatchObject({ ok: false, code: 'ROUTE_BAD_SIGNATURE' });
  });
});
