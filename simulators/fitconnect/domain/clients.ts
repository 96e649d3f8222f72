/**
 * OAuth clients of one environment, as created on the self-service portal: type Sender
 * (Onlinedienst) or Subscriber (Fachverfahren), client_id UUID, random client_secret.
 * Only a SHA-256 of the secret is kept; the secret is returned once on create/rotate.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../kernel/types.ts';
import { base64url, type IdGenerator } from './ids.ts';
import { fail, ok, problem, type FitConnectProblem, type Result } from './problems.ts';
import { scopeAllowedFor } from './scopes.ts';

export type ClientType = 'sender' | 'subscriber';

export interface OAuthClient {
  clientId: string;
  type: ClientType;
  name: string;
  scopes: string[];
  createdAt: string;
  secretRotatedAt: string;
}

/** What create/rotate return: the only moment the plain secret is visible. */
export interface ClientCredentials {
  client: OAuthClient;
  clientSecret: string;
}

export interface CreateClientInput {
  type: ClientType;
  name: string;
  /** Defaults: Sender `send:region:DE` (all of Germany); Subscriber none (add per destination). */
  scopes?: string[];
}

interface StoredClient extends OAuthClient {
  secretSha256: Buffer;
  /** Registry-wide unique stamp of the current secret (set on create and on every rotation). */
  credentialsStamp: number;
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export class ClientRegistry {
  readonly #clients = new Map<string, StoredClient>();
  #stamps = 0;

  constructor(private readonly clock: Clock, private readonly ids: IdGenerator) {}

  create(input: CreateClientInput): Result<ClientCredentials> {
    if (input.type !== 'sender' && input.type !== 'subscriber') {
      return fail(problem('FC_REQUEST_INVALID', `client type must be "sender" or "subscriber", not ${JSON.stringify(input.type)}`));
    }
    if (typeof input.name !== 'string' || input.name.trim() === '') return fail(problem('FC_REQUEST_INVALID', 'client name is required'));
    const scopes = input.scopes ?? (input.type === 'sender' ? ['send:region:DE'] : []);
    const bad = scopes.filter((s) => !scopeAllowedFor(input.type, s));
    if (bad.length > 0) {
      return fail(problem('FC_REQUEST_INVALID', `scope(s) not allowed for a ${input.type} client: ${bad.join(' ')}`));
    }
    const now = this.clock.now().toISOString();
    const secret = this.#newSecret();
    const stored: StoredClient = {
      clientId: this.ids.uuid(), type: input.type, name: input.name.trim(), scopes: [...new Set(scopes)],
      createdAt: now, secretRotatedAt: now, secretSha256: sha256(secret), credentialsStamp: ++this.#stamps,
    };
    this.#clients.set(stored.clientId, stored);
    return ok({ client: publicView(stored), clientSecret: secret });
  }

  rotateSecret(clientId: string): Result<ClientCredentials> {
    const c = this.#clients.get(clientId);
    if (!c) return fail(notFound(clientId));
    const secret = this.#newSecret();
    c.secretSha256 = sha256(secret);
    c.secretRotatedAt = this.clock.now().toISOString();
    c.credentialsStamp = ++this.#stamps;
    return ok({ client: publicView(c), clientSecret: secret });
  }

  /** Adds scopes (e.g. `subscribe:destination:<id>` after a destination is registered). */
  grantScopes(clientId: string, scopes: string[]): Result<OAuthClient> {
    const c = this.#clients.get(clientId);
    if (!c) return fail(notFound(clientId));
    const bad = scopes.filter((s) => !scopeAllowedFor(c.type, s));
    if (bad.length > 0) return fail(problem('FC_REQUEST_INVALID', `scope(s) not allowed for a ${c.type} client: ${bad.join(' ')}`));
    c.scopes = [...new Set([...c.scopes, ...scopes])];
    return ok(publicView(c));
  }

  delete(clientId: string): Result<OAuthClient> {
    const c = this.#clients.get(clientId);
    if (!c) return fail(notFound(clientId));
    this.#clients.delete(clientId);
    return ok(publicView(c));
  }

  get(clientId: string): OAuthClient | undefined {
    const c = this.#clients.get(clientId);
    return c ? publicView(c) : undefined;
  }

  /**
   * The client's type and a stamp that changes whenever its secret is rotated (unique across the
   * registry, so a deleted and re-created id never repeats one); undefined once it is deleted.
   * Lets a cache of verified tokens notice rotation and deletion without copying the client.
   */
  credentialsState(clientId: string): { type: ClientType; stamp: number } | undefined {
    const c = this.#clients.get(clientId);
    return c ? { type: c.type, stamp: c.credentialsStamp } : undefined;
  }

  list(): OAuthClient[] {
    return [...this.#clients.values()].map(publicView);
  }

  /** Constant-time secret check; false for unknown clients too. */
  authenticate(clientId: string, secret: string): OAuthClient | undefined {
    const c = this.#clients.get(clientId);
    const given = sha256(secret);
    if (!c) {
      timingSafeEqual(given, given);
      return undefined;
    }
    return timingSafeEqual(given, c.secretSha256) ? publicView(c) : undefined;
  }

  #newSecret(): string {
    return base64url(this.ids.bytes(32));
  }
}

function notFound(clientId: string): FitConnectProblem {
  return problem('FC_CLIENT_NOT_FOUND', `no client ${clientId} in this environment`);
}

function publicView(c: StoredClient): OAuthClient {
  return { clientId: c.clientId, type: c.type, name: c.name, scopes: [...c.scopes], createdAt: c.createdAt, secretRotatedAt: c.secretRotatedAt };
}
