/**
 * OAuth token endpoint logic (client_credentials, client_secret_post only) and access-token
 * verification. Tokens are JWTs signed PS512 with the environment's signing key; `iss` and
 * `aud` name the environment, so a token of `refz` is refused by `test`.
 */
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../../kernel/types.ts';
import type { ClientRegistry, ClientType, OAuthClient } from './clients.ts';
import type { IdGenerator } from './ids.ts';
import type { FitConnectKey } from './keys.ts';
import { fail, ok, problem, type FitConnectProblem, type Result } from './problems.ts';
import { describeRequirement, scopeSatisfies, type ScopeRequirement } from './scopes.ts';

export const ACCESS_TOKEN_LIFETIME_S = 1800;

/** Upper bound of the verified-token cache (oldest entry evicted first). */
export const VERIFIED_TOKEN_CACHE_MAX = 1000;

export type ClientAuthMethod = 'client_secret_post' | 'client_secret_basic' | 'client_secret_jwt' | 'private_key_jwt' | 'none';

/** Parsed token request (form fields) plus how the client authenticated. */
export interface TokenRequest {
  grant_type?: string;
  client_id?: string;
  client_secret?: string;
  scope?: string;
  authMethod: ClientAuthMethod | string;
}

/** RFC 6749 §5.1 success body. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope';

/** RFC 6749 §5.2 error: `body` is the JSON to send, `status` the HTTP status. */
export interface OAuthError {
  status: 400 | 401;
  body: { error: OAuthErrorCode; error_description: string };
  /** Send `WWW-Authenticate` (RFC 6749 requires it on 401 when the client tried HTTP auth). */
  wwwAuthenticate?: string;
}

/** What a verified access token says about its bearer. */
export interface TokenContext {
  clientId: string;
  clientType: ClientType;
  scopes: string[];
  expiresAt: Date;
  environment: string;
}

export interface TokenServiceOptions {
  environment: string;
  issuer: string;
  audience: string;
  clock: Clock;
  ids: IdGenerator;
  signingKey: FitConnectKey;
  clients: ClientRegistry;
  /** Entries of the verified-token cache; 0 turns it off. Default VERIFIED_TOKEN_CACHE_MAX. */
  verifiedCacheSize?: number;
}

/**
 * A token whose signature and claims this service verified once. Everything that can change
 * afterwards is checked again on every use: expiry and nbf per the injected clock, the
 * environment, the client's existence and secret (stamp), and the required scope.
 */
interface VerifiedToken {
  clientId: string;
  credentialsStamp: number;
  scopes: string[];
  exp: number;
  nbf?: number;
  issuer: string;
  audience: string;
  environment: string;
}

/** Counters of the verified-token cache (for tests and diagnostics). */
export interface VerifiedTokenCacheStats {
  hits: number;
  /** Full verifications (signature through jose). */
  verifications: number;
  size: number;
}

const oauthError = (status: 400 | 401, error: OAuthErrorCode, description: string, wwwAuthenticate?: string): OAuthError =>
  (wwwAuthenticate ? { status, body: { error, error_description: description }, wwwAuthenticate } : { status, body: { error, error_description: description } });

export class TokenService {
  /** Verified tokens by their exact text; Map order is insertion order, so the first key is the oldest. */
  readonly #verified = new Map<string, VerifiedToken>();
  readonly #cacheMax: number;
  #hits = 0;
  #verifications = 0;

  constructor(private readonly o: TokenServiceOptions) {
    this.#cacheMax = Math.max(0, o.verifiedCacheSize ?? VERIFIED_TOKEN_CACHE_MAX);
  }

  get verifiedCacheStats(): VerifiedTokenCacheStats {
    return { hits: this.#hits, verifications: this.#verifications, size: this.#verified.size };
  }

  async issueToken(req: TokenRequest): Promise<Result<TokenResponse, OAuthError>> {
    if (req.authMethod === 'client_secret_basic') {
      return fail(oauthError(401, 'invalid_client',
        'HTTP Basic client authentication is not supported; send client_id and client_secret in the form body (client_secret_post)',
        'Basic realm="fit-connect"'));
    }
    if (req.authMethod !== 'client_secret_post') {
      return fail(oauthError(401, 'invalid_client', `client authentication method ${String(req.authMethod)} is not supported; use client_secret_post`));
    }
    if (!req.grant_type) return fail(oauthError(400, 'invalid_request', 'grant_type is required'));
    if (req.grant_type !== 'client_credentials') {
      return fail(oauthError(400, 'unsupported_grant_type', `grant_type ${req.grant_type} is not supported; use client_credentials`));
    }
    if (!req.client_id || !req.client_secret) return fail(oauthError(401, 'invalid_client', 'client_id and client_secret are required'));
    const client = this.o.clients.authenticate(req.client_id, req.client_secret);
    if (!client) return fail(oauthError(401, 'invalid_client', 'client authentication failed'));

    let scopes = client.scopes;
    if (req.scope !== undefined && req.scope.trim() !== '') {
      const requested = [...new Set(req.scope.trim().split(/\s+/))];
      const notGranted = requested.filter((s) => !client.scopes.includes(s));
      if (notGranted.length > 0) return fail(oauthError(400, 'invalid_scope', `scope(s) not granted to this client: ${notGranted.join(' ')}`));
      scopes = requested;
    }
    if (scopes.length === 0) return fail(oauthError(400, 'invalid_scope', 'the client has no scopes'));
    const token = await this.#sign(client, scopes);
    return ok({ access_token: token, token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_S, scope: scopes.join(' ') });
  }

  /**
   * Verifies signature, environment (iss/aud), expiry per the injected clock, client and scope.
   * A token verified before is taken from the cache (no signature check) only while it is still
   * unexpired by the injected clock, of this environment, and its client exists with the same
   * secret; otherwise the entry is dropped and the token verified in full again, so every
   * refusal is the one a first verification gives.
   */
  async verifyToken(token: string, required?: ScopeRequirement): Promise<Result<TokenContext, FitConnectProblem>> {
    const cached = this.#verified.get(token);
    if (cached) {
      const hit = this.#fromCache(token, cached, required);
      if (hit) return hit;
    }
    return this.#verifyFully(token, required);
  }

  /** The cached answer, or undefined (entry dropped) when anything it relied on has changed. */
  #fromCache(token: string, c: VerifiedToken, required?: ScopeRequirement): Result<TokenContext, FitConnectProblem> | undefined {
    const now = Math.floor(this.o.clock.now().getTime() / 1000); // jose's epoch(currentDate)
    const client = this.o.clients.credentialsState(c.clientId);
    if (c.exp <= now || (c.nbf !== undefined && c.nbf > now) || !client || client.stamp !== c.credentialsStamp
      || c.issuer !== this.o.issuer || c.audience !== this.o.audience || c.environment !== this.o.environment) {
      this.#verified.delete(token);
      return undefined;
    }
    this.#hits++;
    if (required && !scopeSatisfies(c.scopes, required)) {
      return fail(problem('FC_TOKEN_INSUFFICIENT_SCOPE', `required scope: ${describeRequirement(required)}; token has: ${c.scopes.join(' ')}`));
    }
    return ok({ clientId: c.clientId, clientType: client.type, scopes: [...c.scopes], expiresAt: new Date(c.exp * 1000), environment: this.o.environment });
  }

  #remember(token: string, entry: VerifiedToken): void {
    if (this.#cacheMax === 0) return;
    this.#verified.delete(token);
    while (this.#verified.size >= this.#cacheMax) {
      const oldest = this.#verified.keys().next().value as string;
      this.#verified.delete(oldest);
    }
    this.#verified.set(token, entry);
  }

  async #verifyFully(token: string, required?: ScopeRequirement): Promise<Result<TokenContext, FitConnectProblem>> {
    this.#verifications++;
    let claims: Record<string, unknown>;
    try {
      decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      return fail(problem('FC_TOKEN_INVALID', 'not a JWT'));
    }
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (claims.iss !== this.o.issuer || !aud.includes(this.o.audience)) {
      return fail(problem('FC_TOKEN_WRONG_ENVIRONMENT',
        `token was issued by ${String(claims.iss)} for ${aud.map(String).join(', ')}; this is the ${this.o.environment} environment`));
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.o.signingKey.publicKey, {
        issuer: this.o.issuer,
        audience: this.o.audience,
        algorithms: ['PS512'],
        currentDate: this.o.clock.now(),
        requiredClaims: ['exp', 'iat', 'client_id', 'scope'],
      }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) return fail(problem('FC_TOKEN_EXPIRED', 'access token has expired'));
      return fail(problem('FC_TOKEN_INVALID', e instanceof Error ? e.message : 'token verification failed'));
    }
    const client = this.o.clients.get(String(payload.client_id));
    const credentials = this.o.clients.credentialsState(String(payload.client_id));
    if (!client || !credentials) return fail(problem('FC_TOKEN_INVALID', 'the client of this token no longer exists'));
    const scopes = String(payload.scope).split(' ').filter(Boolean);
    this.#remember(token, {
      clientId: client.clientId, credentialsStamp: credentials.stamp, scopes: [...scopes], exp: Number(payload.exp),
      ...(typeof payload.nbf === 'number' ? { nbf: payload.nbf } : {}),
      issuer: this.o.issuer, audience: this.o.audience, environment: this.o.environment,
    });
    if (required && !scopeSatisfies(scopes, required)) {
      return fail(problem('FC_TOKEN_INSUFFICIENT_SCOPE', `required scope: ${describeRequirement(required)}; token has: ${scopes.join(' ')}`));
    }
    return ok({ clientId: client.clientId, clientType: client.type, scopes, expiresAt: new Date(Number(payload.exp) * 1000), environment: this.o.environment });
  }

  async #sign(client: OAuthClient, scopes: string[]): Promise<string> {
    const iat = Math.floor(this.o.clock.now().getTime() / 1000);
    return new SignJWT({ client_id: client.clientId, scope: scopes.join(' '), client_type: client.type })
      .setProtectedHeader({ alg: 'PS512', typ: 'at+jwt', kid: this.o.signingKey.kid })
      .setIssuer(this.o.issuer)
      .setAudience(this.o.audience)
      .setSubject(client.clientId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ACCESS_TOKEN_LIFETIME_S)
      .setJti(this.o.ids.uuid())
      .sign(this.o.signingKey.privateKey);
  }
}
