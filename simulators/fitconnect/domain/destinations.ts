/**
 * Destinations (Zustellpunkte) of one environment: offered services (LeiKa URNs with regions
 * and submission schemas), accepted metadata versions, encryption key (RSA-OAEP-256) and
 * signing key (PS512), callback, status and the simulated authority's behaviour.
 *
 * Key rotation: the new key becomes `encryptionKid`; the previous key stays listed and
 * accepted for `keyGracePeriodMs` (default 1 day) so submissions encrypted just before the
 * rotation still arrive, then it is dropped by `expireGraceKeys()`. The private keys stay
 * in the domain because govsim plays the authority and must decrypt.
 */
import type { Clock } from '../../kernel/types.ts';
import { checkCallbackConfig, type CallbackConfig } from './callbacks.ts';
import type { IdGenerator } from './ids.ts';
import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { checkKeyPair, generateRsaKeyPair, MIN_RSA_BITS, publicJwk, rsaBits, type CertificateChainIssuer, type FitConnectKey, type PublicJwk, type RsaKeyPair } from './keys.ts';
import { SUPPORTED_METADATA_VERSIONS } from './metadata-schemas.ts';
import { fail, ok, problem, type EventProblem, type Result } from './problems.ts';

export type DestinationStatus = 'created' | 'active' | 'inactive' | 'decommissioned';

export interface SubmissionSchemaRef {
  schemaUri: string;
  mimeType: 'application/json' | 'application/xml';
}

/** `DestinationService` of the Submission API. */
export interface DestinationService {
  identifier: string;
  /** ARS with `DE` prefix, e.g. `DE09162000`. */
  regions: string[];
  submissionSchemas: SubmissionSchemaRef[];
}

/** How the simulated authority (Fachverfahren) answers submissions to this destination. */
export type AuthorityMode =
  | { mode: 'auto-accept' }
  | { mode: 'auto-reject'; problems: EventProblem[] }
  /** accept/reject called later through the portal or admin API. */
  | { mode: 'manual' };

export interface ContactInformation {
  legalName: string;
  address: string;
  phone: string;
  email: string;
  unit?: string;
}

/** Routing data (govsim's model of what XZuFi/PVOG hold for the routing API). */
export interface DestinationRouting {
  name: string;
  shortName?: string;
  /** Routing API area ids this destination is responsible for. */
  areaIds?: string[];
}

export interface KeyInput extends RsaKeyPair {
  kid?: string;
  x5c?: string[];
}

export interface CreateDestinationInput {
  services: DestinationService[];
  metadataVersions: string[];
  /** Omit to let the domain generate an RSA-4096 key (1–3 s). */
  encryptionKey?: KeyInput;
  signingKey?: KeyInput;
  callback?: CallbackConfig;
  contactInformation?: ContactInformation;
  status?: DestinationStatus;
  authority?: AuthorityMode;
  routing?: DestinationRouting;
}

export interface DestinationKeyInfo {
  kid: string;
  purpose: 'encryption' | 'signing';
  state: 'current' | 'grace';
  graceUntil?: string;
}

/** Domain view of a destination (no private material, no callback secret). */
export interface Destination {
  destinationId: string;
  status: DestinationStatus;
  services: DestinationService[];
  metadataVersions: string[];
  encryptionKid: string;
  signingKid: string;
  callback?: { url: string };
  contactInformation?: ContactInformation;
  authority: AuthorityMode;
  routing?: DestinationRouting;
  keys: DestinationKeyInfo[];
}

/** `PublicDestination` as served by `GET /v1/destinations/{id}`. */
export interface PublicDestination {
  destinationId: string;
  status: DestinationStatus;
  services: DestinationService[];
  encryptionKid: string;
  metadataVersions: string[];
}

interface GraceKey {
  key: FitConnectKey;
  graceUntil: number;
}

/** A PS512 public key a Subscriber registered (`POST /v1/destinations/{id}/keys`) to sign its accept/reject events. */
interface VerificationKey {
  kid: string;
  jwk: PublicJwk;
}

interface DestinationRecord {
  destinationId: string;
  status: DestinationStatus;
  services: DestinationService[];
  metadataVersions: string[];
  encryption: FitConnectKey;
  grace: GraceKey[];
  signing: FitConnectKey;
  verificationKeys: VerificationKey[];
  callback?: CallbackConfig;
  contactInformation?: ContactInformation;
  authority: AuthorityMode;
  routing?: DestinationRouting;
}

export const DEFAULT_KEY_GRACE_PERIOD_MS = 24 * 60 * 60 * 1000;
const SERVICE_URN_RE = /^urn:[a-z0-9][a-z0-9-]{0,31}:[a-z0-9()+,.:=@;$_!*'%/?#-]+$/;
const REGION_RE = /^DE[0-9]{0,12}$/;
const SEMVER_RE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export interface DestinationRegistryOptions {
  environment: string;
  clock: Clock;
  ids: IdGenerator;
  keyGracePeriodMs?: number;
  certificateIssuer?: CertificateChainIssuer;
}

export class DestinationRegistry {
  readonly #items = new Map<string, DestinationRecord>();

  constructor(private readonly o: DestinationRegistryOptions) {}

  async create(input: CreateDestinationInput): Promise<Result<Destination>> {
    const invalid = validateDefinition(input);
    if (invalid) return fail(problem('FC_DESTINATION_INVALID', invalid));
    const destinationId = this.o.ids.uuid();
    const enc = await this.#key(input.encryptionKey, 'encryption', destinationId);
    if (!enc.ok) return enc;
    const sig = await this.#key(input.signingKey, 'signing', destinationId);
    if (!sig.ok) return sig;
    const rec: DestinationRecord = {
      destinationId,
      status: input.status ?? 'active',
      services: structuredClone(input.services),
      metadataVersions: [...input.metadataVersions],
      encryption: enc.value,
      grace: [],
      signing: sig.value,
      verificationKeys: [],
      authority: structuredClone(input.authority ?? { mode: 'auto-accept' }),
    };
    if (input.callback) rec.callback = { ...input.callback };
    if (input.contactInformation) rec.contactInformation = { ...input.contactInformation };
    if (input.routing) rec.routing = structuredClone(input.routing);
    this.#items.set(destinationId, rec);
    return ok(view(rec));
  }

  get(destinationId: string): Destination | undefined {
    const r = this.#items.get(destinationId);
    return r ? view(r) : undefined;
  }

  list(): Destination[] {
    return [...this.#items.values()].map(view);
  }

  /**
   * The services a destination offers (identifier and regions), without copying the whole
   * destination as get() does: what the send-scope check of every Submission API request needs.
   * Read-only view of the current state; undefined for an unknown destination.
   */
  offeredServices(destinationId: string): ReadonlyArray<{ readonly identifier: string; readonly regions: readonly string[] }> | undefined {
    return this.#items.get(destinationId)?.services;
  }

  publicView(destinationId: string): Result<PublicDestination> {
    const r = this.#items.get(destinationId);
    if (!r) return fail(problem('FC_DESTINATION_NOT_FOUND', `destination ${destinationId} does not exist`));
    return ok({ destinationId: r.destinationId, status: r.status, services: structuredClone(r.services), encryptionKid: r.encryption.kid, metadataVersions: [...r.metadataVersions] });
  }

  /** `GET /v1/destinations/{id}/keys/{kid}`: current or grace encryption key, or the signing key. */
  getKey(destinationId: string, kid: string): Result<PublicJwk> {
    const r = this.#items.get(destinationId);
    if (!r) return fail(problem('FC_DESTINATION_NOT_FOUND', `destination ${destinationId} does not exist`));
    const key = [r.encryption, ...r.grace.map((g) => g.key), r.signing].find((k) => k.kid === kid);
    if (key) return ok(publicJwk(key));
    const registered = r.verificationKeys.find((k) => k.kid === kid);
    if (!registered) return fail(problem('FC_DESTINATION_NOT_FOUND', `destination ${destinationId} has no key ${kid}`));
    return ok(structuredClone(registered.jwk));
  }

  /**
   * `POST /v1/destinations/{id}/keys` for a signature key: the Subscriber's PS512 public key
   * (RSA ≥ 4096 bits, key_ops ["verify"], x5c whose leaf certifies it). Adding the same key
   * again is accepted (the API answers 201 "added or exists"). Encryption keys are not
   * accepted here: govsim plays the authority and must be able to decrypt, so destination
   * encryption keys come from the portal or the admin seed.
   */
  addVerificationKey(destinationId: string, jwk: unknown): Result<{ kid: string; created: boolean }> {
    const r = this.#items.get(destinationId);
    if (!r) return fail(problem('FC_DESTINATION_NOT_FOUND', `destination ${destinationId} does not exist`));
    const checked = checkVerificationJwk(jwk);
    if (typeof checked === 'string') return fail(problem('FC_DESTINATION_INVALID', checked));
    const existing = [r.encryption, ...r.grace.map((g) => g.key), r.signing].find((k) => k.kid === checked.kid);
    const same = r.verificationKeys.find((k) => k.kid === checked.kid);
    if (existing || (same && (same.jwk.n !== checked.n || same.jwk.e !== checked.e))) {
      return fail(problem('FC_DESTINATION_INVALID', `kid ${checked.kid} is already used by another key of this destination`));
    }
    if (same) return ok({ kid: checked.kid, created: false });
    r.verificationKeys.push({ kid: checked.kid, jwk: checked });
    return ok({ kid: checked.kid, created: true });
  }

  /** Keys that may sign the destination's accept/reject events: its own signing key and registered ones. */
  verificationJwks(destinationId: string): { keys: PublicJwk[] } {
    const r = this.#items.get(destinationId);
    if (!r) return { keys: [] };
    return { keys: [publicJwk(r.signing), ...r.verificationKeys.map((k) => structuredClone(k.jwk))] };
  }

  /** kids a JWE may name now: the current key and keys still in their grace period. */
  acceptedEncryptionKids(destinationId: string): string[] {
    const r = this.#items.get(destinationId);
    if (!r) return [];
    const now = this.o.clock.now().getTime();
    return [r.encryption.kid, ...r.grace.filter((g) => g.graceUntil > now).map((g) => g.key.kid)];
  }

  /** Private decryption key for an accepted kid (the simulated authority's key). */
  decryptionKey(destinationId: string, kid: string): FitConnectKey | undefined {
    if (!this.acceptedEncryptionKids(destinationId).includes(kid)) return undefined;
    const r = this.#items.get(destinationId)!;
    return [r.encryption, ...r.grace.map((g) => g.key)].find((k) => k.kid === kid);
  }

  /** The destination's PS512 key, used to sign accept/reject events of the simulated authority. */
  signingKey(destinationId: string): FitConnectKey | undefined {
    return this.#items.get(destinationId)?.signing;
  }

  callbackConfig(destinationId: string): CallbackConfig | undefined {
    const c = this.#items.get(destinationId)?.callback;
    return c ? { ...c } : undefined;
  }

  async rotateEncryptionKey(destinationId: string, newKey?: KeyInput): Promise<Result<Destination>> {
    const r = this.#items.get(destinationId);
    if (!r) return fail(problem('FC_DESTINATION_NOT_FOUND', `destination ${destinationId} does not exist`));
    const k = await this.#key(newKey, 'encryption', destinationId);
    if (!k.ok) return k;
    if (k.value.kid === r.encryption.kid || r.grace.some((g) => g.key.kid === k.value.kid)) {
      return fail(problem('FC_DESTINATION_INVALID', `kid ${k.value.kid} is already used by this destination`));
    }
    r.grace.push({ key: r.encryption, graceUntil: this.o.clock.now().getTime() + (this.o.keyGracePeriodMs ?? DEFAULT_KEY_GRACE_PERIOD_MS) });
    r.encryption = k.value;
    return ok(view(r));
  }

  /** Drops keys whose grace period ended; returns the dropped kids. */
  expireGraceKeys(): string[] {
    const now = this.o.clock.now().getTime();
    const dropped: string[] = [];
    for (const r of this.#items.values()) {
      r.grace = r.grace.filter((g) => (g.graceUntil > now ? true : (dropped.push(g.key.kid), false)));
    }
    return dropped;
  }

  update(destinationId: string, patch: Partial<Pick<CreateDestinationInput, 'services' | 'metadataVersions' | 'callback' | 'contactInformation' | 'status' | 'authority' | 'routing'>>): Result<Destination> {
    const r = this.#items.get(destinationId);
    if (!r) return fail(problem('FC_DESTINATION_NOT_FOUND', `destination ${destinationId} does not exist`));
    const merged: CreateDestinationInput = {
      services: patch.services ?? r.services, metadataVersions: patch.metadataVersions ?? r.metadataVersions,
      status: patch.status ?? r.status, authority: patch.authority ?? r.authority,
    };
    const cb = patch.callback ?? r.callback;
    if (cb) merged.callback = cb;
    const invalid = validateDefinition(merged);
    if (invalid) return fail(problem('FC_DESTINATION_INVALID', invalid));
    r.services = structuredClone(merged.services);
    r.metadataVersions = [...merged.metadataVersions];
    r.status = merged.status!;
    r.authority = structuredClone(merged.authority!);
    if (cb) r.callback = { ...cb };
    if (patch.contactInformation) r.contactInformation = { ...patch.contactInformation };
    if (patch.routing) r.routing = structuredClone(patch.routing);
    return ok(view(r));
  }

  delete(destinationId: string): Result<Destination> {
    const r = this.#items.get(destinationId);
    if (!r) return fail(problem('FC_DESTINATION_NOT_FOUND', `destination ${destinationId} does not exist`));
    this.#items.delete(destinationId);
    return ok(view(r));
  }

  async #key(input: KeyInput | undefined, purpose: 'encryption' | 'signing', destinationId: string): Promise<Result<FitConnectKey>> {
    const pair = input ?? await generateRsaKeyPair();
    const kid = input?.kid ?? this.o.ids.uuid();
    if (kid.length < 8 || kid.length > 64) return fail(problem('FC_DESTINATION_INVALID', `kid must have 8 to 64 characters: ${kid}`));
    let x5c = input?.x5c ?? [];
    if (x5c.length === 0 && this.o.certificateIssuer) {
      x5c = await this.o.certificateIssuer(pair.publicKey, { kid, purpose, subject: `FIT-Connect destination ${destinationId} (${this.o.environment})` });
    }
    const check = checkKeyPair(pair, x5c);
    if (!check.ok) return fail(problem('FC_DESTINATION_INVALID', `${purpose} key: ${check.reason}`));
    return ok({ kid, purpose, privateKey: pair.privateKey, publicKey: pair.publicKey, x5c: [...x5c] });
  }
}

function checkVerificationJwk(raw: unknown): PublicJwk | string {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return 'the key must be a JWK object';
  const j = raw as Record<string, unknown>;
  if (j.kty !== 'RSA') return `kty must be RSA, got ${JSON.stringify(j.kty ?? null)}`;
  if (Array.isArray(j.key_ops) && j.key_ops.length === 1 && j.key_ops[0] === 'wrapKey') {
    return 'govsim accepts only signature keys (key_ops ["verify"]) over the API; encryption keys are registered on the portal, because the simulated authority must decrypt';
  }
  if (!Array.isArray(j.key_ops) || j.key_ops.length !== 1 || j.key_ops[0] !== 'verify') return `key_ops must be ["verify"], got ${JSON.stringify(j.key_ops ?? null)}`;
  if (j.alg !== 'PS512') return `alg must be PS512, got ${JSON.stringify(j.alg ?? null)}`;
  if (typeof j.kid !== 'string' || j.kid.length < 8 || j.kid.length > 64) return 'kid must be a string of 8 to 64 characters';
  if (typeof j.n !== 'string' || typeof j.e !== 'string') return 'n and e are required';
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: 'RSA', n: j.n, e: j.e }, format: 'jwk' });
  } catch {
    return 'n and e do not form an RSA public key';
  }
  if (rsaBits(key) < MIN_RSA_BITS) return `RSA key has ${rsaBits(key)} bits; FIT-Connect requires at least ${MIN_RSA_BITS}`;
  if (j.e !== 'AQAB') return 'RSA public exponent must be 65537 (AQAB)';
  if (!Array.isArray(j.x5c) || j.x5c.length === 0 || j.x5c.some((c) => typeof c !== 'string')) return 'x5c certificate chain is required';
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(Buffer.from(j.x5c[0] as string, 'base64'));
  } catch {
    return 'x5c[0] is not a base64 DER certificate';
  }
  if ((leaf.publicKey.export({ format: 'jwk' }) as { n?: string }).n !== j.n) return 'x5c[0] certifies a different public key';
  return { kty: 'RSA', key_ops: ['verify'], alg: 'PS512', kid: j.kid, n: j.n, e: j.e, x5c: [...(j.x5c as string[])] };
}

function validateDefinition(d: CreateDestinationInput): string | undefined {
  if (!Array.isArray(d.services) || d.services.length === 0) return 'at least one service is required';
  const ids = new Set<string>();
  for (const s of d.services) {
    if (typeof s.identifier !== 'string' || !SERVICE_URN_RE.test(s.identifier) || s.identifier.length > 255) return `service identifier ${JSON.stringify(s.identifier)} is not a URN (urn:de:fim:leika:leistung:<key>)`;
    if (ids.has(s.identifier)) return `service ${s.identifier} is listed twice`;
    ids.add(s.identifier);
    if (!Array.isArray(s.regions) || s.regions.length === 0) return `service ${s.identifier} needs at least one region`;
    const badRegion = s.regions.find((r) => !REGION_RE.test(r));
    if (badRegion !== undefined) return `region ${JSON.stringify(badRegion)} must be DE followed by up to 12 ARS digits`;
    if (!Array.isArray(s.submissionSchemas) || s.submissionSchemas.length === 0) return `service ${s.identifier} needs at least one submission schema`;
    for (const sc of s.submissionSchemas) {
      if (sc.mimeType !== 'application/json' && sc.mimeType !== 'application/xml') return `submission schema mimeType must be application/json or application/xml`;
      try { new URL(sc.schemaUri); } catch { return `submission schema uri ${JSON.stringify(sc.schemaUri)} is not a URI`; }
    }
  }
  if (!Array.isArray(d.metadataVersions) || d.metadataVersions.length === 0) return 'at least one metadata version is required';
  for (const v of d.metadataVersions) {
    if (!SEMVER_RE.test(v)) return `metadata version ${JSON.stringify(v)} is not a semantic version`;
    if (!SUPPORTED_METADATA_VERSIONS.includes(v)) return `metadata version ${v} cannot be validated by govsim (supported: ${SUPPORTED_METADATA_VERSIONS.join(', ')})`;
  }
  if (new Set(d.metadataVersions).size !== d.metadataVersions.length) return 'metadata versions must be unique';
  if (d.callback) {
    const bad = checkCallbackConfig(d.callback);
    if (bad) return bad;
  }
  if (d.status && !['created', 'active', 'inactive', 'decommissioned'].includes(d.status)) return `status ${d.status} is unknown`;
  if (d.authority) {
    if (!['auto-accept', 'auto-reject', 'manual'].includes(d.authority.mode)) return `authority mode ${String((d.authority as { mode: unknown }).mode)} is unknown`;
    if (d.authority.mode === 'auto-reject' && (!Array.isArray(d.authority.problems) || d.authority.problems.length === 0)) return 'auto-reject needs at least one problem';
  }
  return undefined;
}

function view(r: DestinationRecord): Destination {
  const keys: DestinationKeyInfo[] = [
    { kid: r.encryption.kid, purpose: 'encryption', state: 'current' },
    ...r.grace.map((g): DestinationKeyInfo => ({ kid: g.key.kid, purpose: 'encryption', state: 'grace', graceUntil: new Date(g.graceUntil).toISOString() })),
    { kid: r.signing.kid, purpose: 'signing', state: 'current' },
  ];
  const d: Destination = {
    destinationId: r.destinationId, status: r.status, services: structuredClone(r.services), metadataVersions: [...r.metadataVersions],
    encryptionKid: r.encryption.kid, signingKid: r.signing.kid, authority: structuredClone(r.authority), keys,
  };
  if (r.callback) d.callback = { url: r.callback.url };
  if (r.contactInformation) d.contactInformation = { ...r.contactInformation };
  if (r.routing) d.routing = structuredClone(r.routing);
  return d;
}
