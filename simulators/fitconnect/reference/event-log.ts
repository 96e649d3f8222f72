/**
 * Reads a case's event log and verifies every Security Event Token: typ secevent+jwt,
 * alg PS512, signature by the platform JWKS (platform events) or by the destination's
 * signing key (accept/reject), and sub/txn naming this submission and case.
 */
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import type { X509Certificate } from 'node:crypto';
import { checkPublicKey, type Jwk } from './key-check.ts';

export const EVENT_PREFIX = 'https://schema.fitko.de/fit-connect/events/';

export interface VerifiedEvent {
  event?: string;
  verified: boolean;
  reason?: string;
  problems?: unknown[];
}

export interface EventSources {
  platformJwks: () => Promise<{ keys: Jwk[] }>;
  destinationKey: (kid: string) => Promise<Jwk>;
  trustRoots: X509Certificate[];
}

function decodeClaims(token: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function eventOf(claims: Record<string, unknown> | undefined): { name?: string; payload?: { problems?: unknown[] } } {
  const events = claims?.events as Record<string, { problems?: unknown[] }> | undefined;
  const key = events ? Object.keys(events)[0] : undefined;
  return { name: key?.startsWith(EVENT_PREFIX) ? key.slice(EVENT_PREFIX.length) : key, payload: key ? events![key] : undefined };
}

const stripOps = (k: Jwk): JWK => { const { key_ops: _o, x5c: _x, ...rest } = k; return rest as JWK; };

export async function verifyEvent(token: string, expect: { submissionId: string; caseId: string }, src: EventSources): Promise<VerifiedEvent> {
  const claims = decodeClaims(token);
  const { name } = eventOf(claims);
  const fail = (reason: string): VerifiedEvent => ({ ...(name ? { event: name } : {}), verified: false, reason });
  let header: { typ?: unknown; alg?: unknown; kid?: unknown };
  try { header = decodeProtectedHeader(token); } catch { return fail('not a JWS'); }
  if (header.typ !== 'secevent+jwt') return fail(`typ must be secevent+jwt, got ${String(header.typ)}`);
  if (header.alg !== 'PS512') return fail(`alg must be PS512, got ${String(header.alg)}`);
  if (typeof header.kid !== 'string') return fail('kid missing');
  let jwk = (await src.platformJwks()).keys.find((k) => k.kid === header.kid);
  let purposeCheck;
  if (!jwk) {
    try { jwk = await src.destinationKey(header.kid); } catch (e) { return fail(`signing key ${header.kid} not found: ${(e as Error).message}`); }
  }
  purposeCheck = checkPublicKey(jwk, 'signing', src.trustRoots, new Date());
  if (!purposeCheck.ok) return fail(`signing key ${header.kid}: ${purposeCheck.reason}`);
  let verifiedClaims: Record<string, unknown>;
  try {
    const { payload } = await compactVerify(token, await importJWK(stripOps(jwk), 'PS512'), { algorithms: ['PS512'] });
    verifiedClaims = JSON.parse(Buffer.from(payload).toString('utf8')) as Record<string, unknown>;
  } catch (e) {
    return fail(`signature invalid: ${(e as Error).message}`);
  }
  if (String(verifiedClaims.sub).toLowerCase() !== `submission:${expect.submissionId}`) return fail('sub names another submission');
  if (String(verifiedClaims.txn).toLowerCase() !== `case:${expect.caseId}`) return fail('txn names another case');
  const ev = eventOf(verifiedClaims);
  if (!ev.name) return fail('no event in the token');
  const out: VerifiedEvent = { event: ev.name, verified: true };
  if (ev.payload?.problems) out.problems = ev.payload.problems;
  return out;
}

/** Decodes without verifying (only the broken `skips-set-verification` variant does this). */
export function unverifiedEvent(token: string): VerifiedEvent {
  const { name, payload } = eventOf(decodeClaims(token));
  const out: VerifiedEvent = { verified: true };
  if (name) out.event = name;
  if (payload?.problems) out.problems = payload.problems;
  return out;
}

const STATUS: Record<string, string> = {
  'create-submission': 'incomplete', 'submit-submission': 'submitted', 'notify-submission': 'submitted',
  'forward-submission': 'forwarded', 'accept-submission': 'accepted', 'reject-submission': 'rejected', 'delete-submission': 'deleted',
};

/** The status the verified events prove; unverified events change nothing. */
export function statusFrom(events: VerifiedEvent[], o: { ignoreRejects?: boolean } = {}): { status: string; problems?: unknown[] } {
  let status = 'unknown';
  let problems: unknown[] | undefined;
  for (const e of events) {
    if (!e.verified || !e.event || !(e.event in STATUS)) continue;
    if (e.event === 'reject-submission' && o.ignoreRejects) continue;
    if (e.event === 'notify-submission' && status !== 'unknown' && status !== 'incomplete') continue;
    status = STATUS[e.event];
    if (e.problems) problems = e.problems;
  }
  return problems ? { status, problems } : { status };
}
