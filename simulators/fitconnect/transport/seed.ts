/**
 * Seed data for one environment (admin API `seed`, Cucumber steps, the portal): clients,
 * destinations with PKI-certified keys, key rotation, secret rotation and the platform's
 * behaviour switches. Plain JSON in, plain JSON out (secrets appear only in the result).
 */
import { eventProblem } from '../domain/index.ts';
import type {
  AuthorityMode, CallbackConfig, ClientType, ContactInformation, DestinationRouting, DestinationService, DestinationStatus, FitConnectEnvironment,
} from '../domain/index.ts';
import type { KeyCertificate, PkiKeySource } from './key-source.ts';
import type { PlatformClock } from './platform-clock.ts';
import type { PlatformBehaviour } from './tampering.ts';

export interface ClientSeed {
  type: ClientType;
  name: string;
  scopes?: string[];
}

export interface DestinationSeed {
  services: DestinationService[];
  metadataVersions: string[];
  authority?: AuthorityMode;
  routing?: DestinationRouting;
  callback?: CallbackConfig;
  contactInformation?: ContactInformation;
  status?: DestinationStatus;
  /** Certificate of the encryption key: chains to the govsim root (default) or a foreign one. */
  keyCertificate?: KeyCertificate;
  /** Also create a Subscriber client holding subscribe/manage scopes for the new destination. */
  withSubscriber?: boolean;
}

export interface FitConnectSeed {
  clients?: ClientSeed[];
  destinations?: DestinationSeed[];
  behaviour?: Partial<PlatformBehaviour>;
  rotateDestinationKey?: string;
  rotateClientSecret?: string;
  /** Changes how the simulated authority of a destination decides. */
  updateDestination?: { destinationId: string; authority?: AuthorityMode; status?: DestinationStatus };
  /** Simulated authority decisions for destinations in `manual` mode. */
  accept?: string;
  reject?: { submissionId: string; problem: string };
  /** Moves platform time forward (token expiry, 1-day deletion, 14-day pickup deadline); applied last. */
  advanceClockSeconds?: number;
}

export interface SeededClient { clientId: string; clientSecret: string; type: ClientType; name: string; scopes: string[] }
export interface SeededDestination { destinationId: string; encryptionKid: string; signingKid: string; subscriber?: SeededClient }

export interface SeedResult {
  clients: SeededClient[];
  destinations: SeededDestination[];
  behaviour: PlatformBehaviour;
  rotatedKey?: { destinationId: string; encryptionKid: string; previousKid: string };
  rotatedSecret?: SeededClient;
  decided?: { submissionId: string; status: string };
  /** Platform time after `advanceClockSeconds`. */
  clock?: { now: string; offsetMs: number };
}

export class SeedError extends Error {
  constructor(readonly code: string, message: string) { super(message); }
}

export async function applySeed(env: FitConnectEnvironment, keys: PkiKeySource, behaviour: PlatformBehaviour, raw: unknown, clock?: PlatformClock): Promise<SeedResult> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new SeedError('FC_SEED_INVALID', 'seed data must be a JSON object');
  const seed = raw as FitConnectSeed;
  const out: SeedResult = { clients: [], destinations: [], behaviour };
  for (const c of seed.clients ?? []) out.clients.push(createClient(env, c));
  for (const d of seed.destinations ?? []) out.destinations.push(await createDestination(env, keys, d));
  if (seed.behaviour) {
    const b = seed.behaviour;
    if (b.eventLog !== undefined && !['none', 'forged-accept'].includes(b.eventLog)) throw new SeedError('FC_SEED_INVALID', `behaviour.eventLog ${b.eventLog} is unknown`);
    if (b.callbacks !== undefined && !['none', 'bad-hmac', 'stale-timestamp'].includes(b.callbacks)) throw new SeedError('FC_SEED_INVALID', `behaviour.callbacks ${b.callbacks} is unknown`);
    if (b.destinationKeys !== undefined && !['none', 'wrong-key-ops'].includes(b.destinationKeys)) throw new SeedError('FC_SEED_INVALID', `behaviour.destinationKeys ${b.destinationKeys} is unknown`);
    Object.assign(behaviour, b);
  }
  if (seed.updateDestination) {
    const { destinationId, ...patch } = seed.updateDestination;
    const r = env.destinations.update(destinationId, patch);
    if (!r.ok) throw new SeedError(r.error.code, r.error.detail ?? r.error.title);
  }
  if (seed.rotateDestinationKey) {
    const before = env.destinations.get(seed.rotateDestinationKey);
    if (!before) throw new SeedError('FC_DESTINATION_NOT_FOUND', `destination ${seed.rotateDestinationKey} does not exist`);
    const r = await env.destinations.rotateEncryptionKey(before.destinationId, await keys.take('destination-encryption'));
    if (!r.ok) throw new SeedError(r.error.code, r.error.detail ?? r.error.title);
    out.rotatedKey = { destinationId: before.destinationId, encryptionKid: r.value.encryptionKid, previousKid: before.encryptionKid };
  }
  if (seed.rotateClientSecret) {
    const r = env.clients.rotateSecret(seed.rotateClientSecret);
    if (!r.ok) throw new SeedError(r.error.code, r.error.detail ?? r.error.title);
    out.rotatedSecret = { clientId: r.value.client.clientId, clientSecret: r.value.clientSecret, type: r.value.client.type, name: r.value.client.name, scopes: r.value.client.scopes };
  }
  if (seed.accept) {
    const r = await env.submissions.accept(seed.accept);
    if (!r.ok) throw new SeedError(r.error.code, r.error.detail ?? r.error.title);
    out.decided = { submissionId: r.value.submissionId, status: r.value.status };
  }
  if (seed.reject) {
    const names = ['hash-mismatch', 'schema-violation', 'syntax-violation', 'missing-attachments', 'attachments-mismatch', 'missing-data', 'encryption-issue', 'unsupported-metadata-schema', 'technical-error'] as const;
    const name = names.find((n) => n === seed.reject!.problem);
    if (!name) throw new SeedError('FC_SEED_INVALID', `reject.problem must be one of ${names.join(', ')}`);
    const r = await env.submissions.reject(seed.reject.submissionId, [eventProblem(name)]);
    if (!r.ok) throw new SeedError(r.error.code, r.error.detail ?? r.error.title);
    out.decided = { submissionId: r.value.submissionId, status: r.value.status };
  }
  if (seed.advanceClockSeconds !== undefined) {
    if (!clock) throw new SeedError('FC_SEED_INVALID', 'this environment has no adjustable clock');
    const s = seed.advanceClockSeconds;
    if (typeof s !== 'number' || !Number.isInteger(s) || s <= 0) throw new SeedError('FC_SEED_INVALID', 'advanceClockSeconds must be a positive integer');
    try {
      clock.advance(s * 1000);
    } catch (e) {
      throw new SeedError('FC_SEED_INVALID', (e as Error).message);
    }
    out.clock = { now: clock.now().toISOString(), offsetMs: clock.offsetMs };
  }
  return out;
}

export function createClient(env: FitConnectEnvironment, c: ClientSeed): SeededClient {
  const r = env.clients.create(c.scopes ? { type: c.type, name: c.name, scopes: c.scopes } : { type: c.type, name: c.name });
  if (!r.ok) throw new SeedError(r.error.code, r.error.detail ?? r.error.title);
  return { clientId: r.value.client.clientId, clientSecret: r.value.clientSecret, type: r.value.client.type, name: r.value.client.name, scopes: r.value.client.scopes };
}

export async function createDestination(env: FitConnectEnvironment, keys: PkiKeySource, d: DestinationSeed): Promise<SeededDestination> {
  const [encryptionKey, signingKey] = await Promise.all([keys.take('destination-encryption', d.keyCertificate ?? 'valid'), keys.take('destination-signing')]);
  const { keyCertificate: _k, withSubscriber, ...definition } = d;
  const r = await env.destinations.create({ ...definition, encryptionKey, signingKey });
  if (!r.ok) throw new SeedError(r.error.code, r.error.detail ?? r.error.title);
  const out: SeededDestination = { destinationId: r.value.destinationId, encryptionKid: r.value.encryptionKid, signingKid: r.value.signingKid };
  if (withSubscriber) {
    out.subscriber = createClient(env, {
      type: 'subscriber', name: `Fachverfahren for ${r.value.destinationId}`,
      scopes: [`subscribe:destination:${r.value.destinationId}`, `manage:destination:${r.value.destinationId}`],
    });
  }
  return out;
}
