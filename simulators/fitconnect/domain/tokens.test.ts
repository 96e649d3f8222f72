import { decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../kernel/types.ts';
import { createFitConnectDomain, type FitConnectEnvironment } from './environment.ts';
import { seededIds } from './ids.ts';
import { START, type TestClock } from './test-fixtures.ts';
import { testKeys } from './test-keys.ts';

let test: FitConnectEnvironment;
let refz: FitConnectEnvironment;
let clock: TestClock;

beforeAll(async () => {
  const [k0, k1] = await testKeys(2);
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
