import { decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../kernel/types.ts';
import { ClientRegistry } from './clients.ts';
import { createFitConnectDomain, type FitConnectEnvironment } from './environment.ts';
import { seededIds } from './ids.ts';
import { START, type TestClock } from './test-fixtures.ts';
import { testKeys, type TestKey } from './test-keys.ts';
import { TokenService } from './tokens.ts';

let test: FitConnectEnvironment;
let refz: FitConnectEnvironment;
let clock: TestClock;
let k0: TestKey;

beforeAll(async () => {
  const [key0, k1] = await testKeys(2);
  k0 = key0;
  clock = fixedClock(START);
  test = await createFitConnectDomain({ environment: 'test', clock, issuer: 'https://auth-test.govsim.invalid', ids: seededIds('t'), signingKey: k0 });
  refz = await createFitConnectDomain({ environment: 'refz', clock, issuer: 'https://auth-refz.govsim.invalid', ids: seededIds('r'), signingKey: k1 });
}, 120_000);

function sender(env: FitConnectEnvironment, scopes?: string[]) {
  const r = env.clients.create({ type: 'sender', name: 'Onlinedienst Musterstadt', ...(scopes ? { scopes } : {}) });
  if (!r.ok) throw new Error(r.error.detail);
  return r.value;
}

const sendReq = { kind: 'send', regions: ['DE09162000'], serviceIdentifier: 'urn:de:fim:leika:leistung:99123456760610' } as const;

describe('token endpoint', () => {
  it('issues a PS512 JWT for client_secret_post with expires_in 1800', async () => {
    const c = sender(test);
    const r = await test.tokens.issueToken({ authMethod: 'client_secret_post', grant_type: 'client_credentials', client_id: c.client.clientId, client_secret: c.clientSecret });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ token_type: 'Bearer', expires_in: 1800, scope: 'send:region:DE' });
    expect(decodeProtectedHeader(r.value.access_token).alg).toBe('PS512');
    const claims = decodeJwt(r.value.access_token);
    expect(claims.exp! - claims.iat!).toBe(1800);
    expect(claims.aud).toBe(test.audience);
  });

  it('answers HTTP Basic with invalid_client even when the secret is right', async () => {
    const c = sender(test);
    const r = await test.tokens.issueToken({ authMethod: 'client_secret_basic', grant_type: 'client_credentials', client_id: c.client.clientId, client_secret: c.clientSecret });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.status).toBe(401);
    expect(r.error.body.error).toBe('invalid_client');
    expect(r.error.wwwAuthenticate).toMatch(/^Basic/);
  });

  it('refuses a wrong secret, an unknown grant type, a missing grant type and an ungranted scope', async () => {
    const c = sender(test);
    const base = { authMethod: 'client_secret_post', client_id: c.client.clientId, client_secret: c.clientSecret } as const;
    const bad = await test.tokens.issueToken({ ...base, grant_type: 'client_credentials', client_secret: 'wrong-secret' });
    const grant = await test.tokens.issueToken({ ...base, grant_type: 'password' });
    const noGrant = await test.tokens.issueToken({ ...base });
    const scope = await test.tokens.issueToken({ ...base, grant_type: 'client_credentials', scope: 'subscribe:destination:00000000-0000-4000-8000-000000000000' });
    expect(!bad.ok && bad.error.body.error).toBe('invalid_client');
    expect(!grant.ok && grant.error.body.error).toBe('unsupported_grant_type');
    expect(!noGrant.ok && noGrant.error.body.error).toBe('invalid_request');
    expect(!scope.ok && scope.error.body.error).toBe('invalid_scope');
  });

  it('rotating the secret makes the old one fail and the new one work', async () => {
    const c = sender(test);
    const rotated = test.clients.rotateSecret(c.client.clientId);
    expect(rotated.ok).toBe(true);
    if (!rotated.ok) return;
    const req = { authMethod: 'client_secret_post', grant_type: 'client_credentials', client_id: c.client.clientId } as const;
    expect((await test.tokens.issueToken({ ...req, client_secret: c.clientSecret })).ok).toBe(false);
    expect((await test.tokens.issueToken({ ...req, client_secret: rotated.value.clientSecret })).ok).toBe(true);
  });

  it('does not let a Subscriber client hold a send scope', () => {
    const r = test.clients.create({ type: 'subscriber', name: 'Fachverfahren', scopes: ['send:region:DE'] });
    expect(!r.ok && r.error.code).toBe('FC_REQUEST_INVALID');
  });
});

describe('token verification', () => {
  async function token(env: FitConnectEnvironment, scopes?: string[]) {
    const c = sender(env, scopes);
    const r = await env.tokens.issueToken({ authMethod: 'client_secret_post', grant_type: 'client_credentials', client_id: c.client.clientId, client_secret: c.clientSecret });
    if (!r.ok) throw new Error(r.error.body.error_description);
    return { token: r.value.access_token, clientId: c.client.clientId };
  }

  it('accepts its own token with the required send scope', async () => {
    const t = await token(test);
    const r = await test.tokens.verifyToken(t.token, sendReq);
    expect(r.ok && r.value.clientId).toBe(t.clientId);
  });

  it('refuses a refz token on test (and the other way round)', async () => {
    const fromRefz = await token(refz);
    const fromTest = await token(test);
    const a = await test.tokens.verifyToken(fromRefz.token);
    const b = await refz.tokens.verifyToken(fromTest.token);
    expect(!a.ok && a.error.code).toBe('FC_TOKEN_WRONG_ENVIRONMENT');
    expect(!b.ok && b.error.code).toBe('FC_TOKEN_WRONG_ENVIRONMENT');
    expect(!a.ok && a.error.status).toBe(401);
  });

  it('refuses a forged token that claims the right environment but is signed by another key', async () => {
    const t = await token(refz);
    const [h, , s] = t.token.split('.');
    const claims = { ...decodeJwt(t.token), iss: test.issuer, aud: test.audience };
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    const r = await test.tokens.verifyToken(forged);
    expect(!r.ok && r.error.code).toBe('FC_TOKEN_INVALID');
  });

  it('expires after 1800 s by the injected clock', async () => {
    const t = await token(test);
    clock.advance(1799_000);
    expect((await test.tokens.verifyToken(t.token)).ok).toBe(true);
    clock.advance(2_000);
    const r = await test.tokens.verifyToken(t.token);
    expect(!r.ok && r.error.code).toBe('FC_TOKEN_EXPIRED');
    clock.set(START);
  });

  it('enforces scopes: region and service restrictions, subscriber scopes', async () => {
    const other = await token(test, ['send:region:DE05']);
    const svc = await token(test, ['send:region:DE09+send:service:urn:de:fim:leika:leistung:99000000000000']);
    const r1 = await test.tokens.verifyToken(other.token, sendReq);
    const r2 = await test.tokens.verifyToken(svc.token, sendReq);
    const r3 = await test.tokens.verifyToken((await token(test)).token, { kind: 'subscribe', destinationId: '00000000-0000-4000-8000-000000000000' });
    expect(!r1.ok && r1.error.code).toBe('FC_TOKEN_INSUFFICIENT_SCOPE');
    expect(!r2.ok && r2.error.code).toBe('FC_TOKEN_INSUFFICIENT_SCOPE');
    expect(!r3.ok && r3.error.status).toBe(403);
    const ok = await token(test, ['send:region:DE09+send:service:urn:de:fim:leika:leistung:99123456760610']);
    expect((await test.tokens.verifyToken(ok.token, sendReq)).ok).toBe(true);
  });

  it('refuses the token of a deleted client', async () => {
    const t = await token(test);
    test.clients.delete(t.clientId);
    const r = await test.tokens.verifyToken(t.token);
    expect(!r.ok && r.error.code).toBe('FC_TOKEN_INVALID');
  });
});

describe('verified-token cache', () => {
  async function token(env: FitConnectEnvironment, scopes?: string[]) {
    const c = sender(env, scopes);
    const r = await env.tokens.issueToken({ authMethod: 'client_secret_post', grant_type: 'client_credentials', client_id: c.client.clientId, client_secret: c.clientSecret });
    if (!r.ok) throw new Error(r.error.body.error_description);
    return { token: r.value.access_token, clientId: c.client.clientId };
  }
  const stats = () => test.tokens.verifiedCacheStats;
  /** Verifies once (fills the cache) and checks that the second call is a cache hit. */
  async function cached(t: string) {
    expect((await test.tokens.verifyToken(t, sendReq)).ok).toBe(true);
    const before = stats();
    const again = await test.tokens.verifyToken(t, sendReq);
    expect(again.ok).toBe(true);
    expect(stats().hits).toBe(before.hits + 1);
    expect(stats().verifications).toBe(before.verifications);
  }

  it('answers a token verified before without verifying its signature again, and still checks the scope', async () => {
    const t = await token(test);
    await cached(t.token);
    const before = stats();
    const r = await test.tokens.verifyToken(t.token, { kind: 'subscribe', destinationId: '00000000-0000-4000-8000-000000000000' });
    expect(!r.ok && r.error.code).toBe('FC_TOKEN_INSUFFICIENT_SCOPE');
    expect(stats().hits).toBe(before.hits + 1);
    const ok = await test.tokens.verifyToken(t.token, sendReq);
    expect(ok.ok && ok.value).toMatchObject({ clientId: t.clientId, clientType: 'sender', scopes: ['send:region:DE'], environment: 'test' });
  });

  it('refuses a cached token once it expires by the injected clock, and drops it', async () => {
    const t = await token(test);
    await cached(t.token);
    clock.advance(1799_000);
    expect((await test.tokens.verifyToken(t.token)).ok).toBe(true); // negative control: one second before exp
    clock.advance(1_000); // now == exp: expired for jose too
    const before = stats();
    const r = await test.tokens.verifyToken(t.token);
    expect(!r.ok && r.error.code).toBe('FC_TOKEN_EXPIRED');
    expect(stats().verifications).toBe(before.verifications + 1);
    expect(stats().size).toBe(before.size - 1);
    clock.advance(3600_000);
    const later = await test.tokens.verifyToken(t.token);
    expect(!later.ok && later.error.code).toBe('FC_TOKEN_EXPIRED');
    clock.set(START);
  });

  it('refuses a cached token once its client is deleted', async () => {
    const t = await token(test);
    await cached(t.token);
    test.clients.delete(t.clientId);
    const r = await test.tokens.verifyToken(t.token, sendReq);
    expect(!r.ok && r.error.code).toBe('FC_TOKEN_INVALID');
    expect(!r.ok && r.error.detail).toMatch(/no longer exists/);
    const again = await test.tokens.verifyToken(t.token, sendReq); // not re-cached
    expect(!again.ok && again.error.code).toBe('FC_TOKEN_INVALID');
  });

  it('drops a cached token when its client\'s secret is rotated: the next use is verified in full and answered as without the cache', async () => {
    const t = await token(test);
    await cached(t.token);
    const rotated = test.clients.rotateSecret(t.clientId);
    expect(rotated.ok).toBe(true);
    const before = stats();
    const r = await test.tokens.verifyToken(t.token, sendReq);
    expect(stats().verifications).toBe(before.verifications + 1);
    expect(stats().hits).toBe(before.hits);
    // What the same service answers with the cache turned off (a token issued before a rotation
    // stays valid until its exp; the cache does not change that either way).
    const uncached = new TokenService({ environment: 'test', issuer: test.issuer, audience: test.audience, clock, ids: seededIds('u'), signingKey: { ...k0, kid: 'k', purpose: 'signing' }, clients: test.clients, verifiedCacheSize: 0 });
    const plain = await uncached.verifyToken(t.token, sendReq); // same key (k0) and client registry, no cache
    expect(r).toEqual(plain);
    // a second rotation at the same injected instant is noticed too (the stamp, not the time, changes)
    await test.tokens.verifyToken(t.token, sendReq);
    test.clients.rotateSecret(t.clientId);
    const b2 = stats();
    await test.tokens.verifyToken(t.token, sendReq);
    expect(stats().verifications).toBe(b2.verifications + 1);
  });

  it('keeps a token of test refused on refz after test cached it', async () => {
    const t = await token(test);
    await cached(t.token);
    const r = await refz.tokens.verifyToken(t.token);
    expect(!r.ok && r.error.code).toBe('FC_TOKEN_WRONG_ENVIRONMENT');
  });

  it('never caches a refused token (forged signature)', async () => {
    const t = await token(refz);
    const [h, , sig] = t.token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...decodeJwt(t.token), iss: test.issuer, aud: test.audience })).toString('base64url')}.${sig}`;
    for (let i = 0; i < 2; i++) {
      const before = stats();
      const r = await test.tokens.verifyToken(forged);
      expect(!r.ok && r.error.code).toBe('FC_TOKEN_INVALID');
      expect(stats().verifications).toBe(before.verifications + 1);
    }
  });

  it('holds at most verifiedCacheSize tokens, evicting the oldest', async () => {
    const clients = new ClientRegistry(clock, seededIds('b'));
    const svc = new TokenService({ environment: 'test', issuer: 'https://iss.invalid', audience: 'https://aud.invalid', clock, ids: seededIds('bt'), signingKey: { ...k0, kid: 'k', purpose: 'signing' }, clients, verifiedCacheSize: 2 });
    const c = clients.create({ type: 'sender', name: 'x' });
    if (!c.ok) throw new Error(c.error.detail);
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await svc.issueToken({ authMethod: 'client_secret_post', grant_type: 'client_credentials', client_id: c.value.client.clientId, client_secret: c.value.clientSecret });
      if (!r.ok) throw new Error(r.error.body.error_description);
      tokens.push(r.value.access_token);
      expect((await svc.verifyToken(r.value.access_token)).ok).toBe(true);
    }
    expect(svc.verifiedCacheStats.size).toBe(2);
    const before = svc.verifiedCacheStats;
    await svc.verifyToken(tokens[2]);
    expect(svc.verifiedCacheStats.hits).toBe(before.hits + 1);
    await svc.verifyToken(tokens[0]); // evicted: verified again
    expect(svc.verifiedCacheStats.verifications).toBe(before.verifications + 1);
    expect(svc.verifiedCacheStats.size).toBe(2);
  });
});
