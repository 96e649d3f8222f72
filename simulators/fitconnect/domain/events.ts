/**
 * Event log: Security Event Tokens (SET, RFC 8417) per case, signed PS512 with
 * `typ: secevent+jwt`. Platform events are signed with the environment's signing key
 * (`iss` = the submission API issuer); accept/reject events of the simulated authority are
 * signed with the destination's signing key (`iss` = destinationId).
 */
import { CompactSign, compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import type { Clock } from '../../kernel/types.ts';
import type { IdGenerator } from './ids.ts';
import type { FitConnectKey } from './keys.ts';
import type { EventProblem } from './problems.ts';

export const EVENT_URI_PREFIX = 'https://schema.fitko.de/fit-connect/events/';
/** `$schema` observed in SETs of the FIT-Connect test environment. */
export const SET_PAYLOAD_SCHEMA = 'https://schema.fitko.de/fit-connect/set-payload/1.0.0/set-payload.schema.json';

export const EVENT_NAMES = [
  'create-submission', 'submit-submission', 'notify-submission', 'forward-submission',
  'accept-submission', 'reject-submission', 'delete-submission',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export const eventUri = (name: EventName): string => EVENT_URI_PREFIX + name;

export interface AuthenticationTags {
  metadata: string;
  data?: string;
  attachments?: Record<string, string>;
}

/** Event-specific content of the `events` claim. */
export interface EventPayload {
  problems?: EventProblem[];
  authenticationTags?: AuthenticationTags;
}

export interface SetClaims {
  $schema: string;
  iss: string;
  iat: number;
  jti: string;
  sub: string;
  txn: string;
  events: Record<string, EventPayload>;
}

/** One stored event: the compact SET plus its decoded parts for assertions and the portal. */
export interface CaseEvent {
  token: string;
  name: EventName;
  claims: SetClaims;
  submissionId: string;
  caseId: string;
  issuedAt: string;
}

export interface EventLogPage {
  count: number;
  offset: number;
  totalCount: number;
  eventLog: string[];
}

export interface Signer {
  iss: string;
  key: FitConnectKey;
}

export class EventLog {
  readonly #byCase = new Map<string, CaseEvent[]>();
  readonly #listeners: ((e: CaseEvent) => void)[] = [];

  constructor(private readonly clock: Clock, private readonly ids: IdGenerator) {}

  /** Signs and appends one event; listeners (callbacks) are told after it is stored. */
  async emit(name: EventName, ref: { submissionId: string; caseId: string }, signer: Signer, payload: EventPayload = {}): Promise<CaseEvent> {
    const claims: SetClaims = {
      $schema: SET_PAYLOAD_SCHEMA,
      iss: signer.iss,
      iat: Math.floor(this.clock.now().getTime() / 1000),
      jti: this.ids.uuid(),
      sub: `submission:${ref.submissionId}`,
      txn: `case:${ref.caseId}`,
      events: { [eventUri(name)]: payload },
    };
    const token = await new CompactSign(Buffer.from(JSON.stringify(claims), 'utf8'))
      .setProtectedHeader({ alg: 'PS512', typ: 'secevent+jwt', kid: signer.key.kid })
      .sign(signer.key.privateKey);
    const event: CaseEvent = { token, name, claims, submissionId: ref.submissionId, caseId: ref.caseId, issuedAt: this.clock.now().toISOString() };
    const list = this.#byCase.get(ref.caseId) ?? [];
    list.push(event);
    this.#byCase.set(ref.caseId, list);
    for (const l of this.#listeners) l(event);
    return event;
  }

  onEvent(listener: (e: CaseEvent) => void): void {
    this.#listeners.push(listener);
  }

  hasCase(caseId: string): boolean {
    return this.#byCase.has(caseId);
  }

  events(caseId: string): CaseEvent[] {
    return [...(this.#byCase.get(caseId) ?? [])];
  }

  /** `GET /v1/cases/{caseId}/events` page (limit 1..500, default 100). */
  page(caseId: string, limit = 100, offset = 0): EventLogPage {
    const all = this.#byCase.get(caseId) ?? [];
    const lim = Math.min(Math.max(1, Math.trunc(limit)), 500);
    const off = Math.max(0, Math.trunc(offset));
    const slice = all.slice(off, off + lim).map((e) => e.token);
    return { count: slice.length, offset: off, totalCount: all.length, eventLog: slice };
  }

  /** Appends an event signed elsewhere (a Subscriber's accept/reject SET), already verified. */
  append(event: CaseEvent): void {
    const list = this.#byCase.get(event.caseId) ?? [];
    list.push(event);
    this.#byCase.set(event.caseId, list);
    for (const l of this.#listeners) l(event);
  }
}

export type SetVerification =
  | { ok: true; claims: SetClaims; name: EventName; kid: string }
  | { ok: false; code: 'SET_MALFORMED' | 'SET_BAD_HEADER' | 'SET_BAD_SIGNATURE' | 'SET_BAD_CLAIMS'; reason: string };

/**
 * Verifies a SET the way a receiver must: header typ/alg/kid, PS512 signature against the
 * JWKS, required claims, sub/txn format and exactly one known event.
 */
export async function verifySecurityEventToken(token: string, jwks: JSONWebKeySet): Promise<SetVerification> {
  let header: { typ?: unknown; alg?: unknown; kid?: unknown };
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return { ok: false, code: 'SET_MALFORMED', reason: 'not a compact JWS' };
  }
  if (header.typ !== 'secevent+jwt') return { ok: false, code: 'SET_BAD_HEADER', reason: `typ must be secevent+jwt, got ${String(header.typ)}` };
  if (header.alg !== 'PS512') return { ok: false, code: 'SET_BAD_HEADER', reason: `alg must be PS512, got ${String(header.alg)}` };
  if (typeof header.kid !== 'string') return { ok: false, code: 'SET_BAD_HEADER', reason: 'kid missing' };
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(token, createLocalJWKSet(jwks), { algorithms: ['PS512'] }));
  } catch (e) {
    return { ok: false, code: 'SET_BAD_SIGNATURE', reason: e instanceof Error ? e.message : 'signature check failed' };
  }
  let claims: SetClaims;
  try {
    claims = JSON.parse(Buffer.from(payload).toString('utf8')) as SetClaims;
  } catch {
    return { ok: false, code: 'SET_BAD_CLAIMS', reason: 'payload is not JSON' };
  }
  for (const c of ['iss', 'iat', 'jti', 'sub', 'txn', 'events'] as const) {
    if (claims[c] === undefined) return { ok: false, code: 'SET_BAD_CLAIMS', reason: `claim ${c} missing` };
  }
  if (!/^submission:[0-9a-f-]{36}$/i.test(claims.sub)) return { ok: false, code: 'SET_BAD_CLAIMS', reason: 'sub must be submission:<uuid>' };
  if (!/^case:[0-9a-f-]{36}$/i.test(claims.txn)) return { ok: false, code: 'SET_BAD_CLAIMS', reason: 'txn must be case:<uuid>' };
  const keys = Object.keys(claims.events ?? {});
  if (keys.length !== 1) return { ok: false, code: 'SET_BAD_CLAIMS', reason: `events must hold exactly one event, has ${keys.length}` };
  const name = keys[0].startsWith(EVENT_URI_PREFIX) ? keys[0].slice(EVENT_URI_PREFIX.length) : '';
  if (!(EVENT_NAMES as readonly string[]).includes(name)) return { ok: false, code: 'SET_BAD_CLAIMS', reason: `unknown event ${keys[0]}` };
  return { ok: true, claims, name: name as EventName, kid: header.kid };
}
