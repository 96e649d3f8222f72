/**
 * Personkoder and their kendeord (password) rules, as CPR states them for CPR Direkte:
 * exactly 8 characters; at least one lower-case letter, upper-case letter, digit and
 * special character; " ' < > & ? æ ø å not allowed; no reuse; changed at most once per
 * 24 hours; valid for 90 days; 5 consecutive failed logons lock the personkode.
 * Only hashes are kept, so state snapshots never hold a kendeord.
 */
import { createHash } from 'node:crypto';
import type { ErrorKey } from './errors.ts';

export const KENDEORD_LENGTH = 8;
export const FORBIDDEN_KENDEORD_CHARS = ['"', "'", '<', '>', '&', '?', 'æ', 'ø', 'å', 'Æ', 'Ø', 'Å'];

export interface KendeordPolicy {
  lifetimeDays: number;
  minHoursBetweenChanges: number;
  maxFailures: number;
}

export const DEFAULT_KENDEORD_POLICY: KendeordPolicy = { lifetimeDays: 90, minHoursBetweenChanges: 24, maxFailures: 5 };

/** A security group: what a personkode placed in it may do. */
export interface SecurityGroup {
  name: string;
  events: readonly string[];
}

export interface Personkode {
  personkode: string;
  /** CVR of the self-service provider the personkode was issued to (must match the client certificate). */
  providerCvr: string;
  group: string;
  kendeordHash: string;
  /** Hashes of every kendeord this personkode has had, the current one included. */
  history: string[];
  changedAt: Date;
  failures: number;
  locked: boolean;
}

const hash = (personkode: string, kendeord: string) => createHash('sha256').update(`${personkode}\u0000${kendeord}`).digest('hex');

/** Why a kendeord breaks the format rules, or undefined when it is fine. */
export function kendeordFormatProblem(k: string): string | undefined {
  if (k.length !== KENDEORD_LENGTH) return `skal være præcis ${KENDEORD_LENGTH} tegn`;
  const bad = FORBIDDEN_KENDEORD_CHARS.find((c) => k.includes(c));
  if (bad) return `tegnet ${bad} er ikke tilladt`;
  if (/\s/.test(k)) return 'mellemrum er ikke tilladt';
  if (!/[a-z]/.test(k)) return 'mangler et lille bogstav';
  if (!/[A-Z]/.test(k)) return 'mangler et stort bogstav';
  if (!/[0-9]/.test(k)) return 'mangler et ciffer';
  if (!/[^A-Za-z0-9]/.test(k)) return 'mangler et specialtegn';
  return undefined;
}

export function newPersonkode(init: { personkode: string; kendeord: string; providerCvr: string; group: string; changedAt: Date }): Personkode {
  const h = hash(init.personkode, init.kendeord);
  return { personkode: init.personkode, providerCvr: init.providerCvr, group: init.group, kendeordHash: h, history: [h], changedAt: init.changedAt, failures: 0, locked: false };
}

export type LogonOutcome = { ok: true } | { ok: false; key: ErrorKey; detail?: string };

export function kendeordExpiresOn(p: Personkode, policy: KendeordPolicy): Date {
  return new Date(p.changedAt.getTime() + policy.lifetimeDays * 86_400_000);
}

function failure(p: Personkode, policy: KendeordPolicy): LogonOutcome {
  p.failures++;
  if (p.failures >= policy.maxFailures) {
    p.locked = true;
    return { ok: false, key: 'CPR_PERSONKODE_LOCKED', detail: `${p.failures} fejlede forsøg` };
  }
  return { ok: false, key: 'CPR_WRONG_KENDEORD', detail: `fejlforsøg ${p.failures} af ${policy.maxFailures}` };
}

/** Checks a logon; counts failures and locks on the last allowed one. */
export function checkLogon(p: Personkode, kendeord: string, now: Date, policy: KendeordPolicy): LogonOutcome {
  if (p.locked) return { ok: false, key: 'CPR_PERSONKODE_LOCKED' };
  if (hash(p.personkode, kendeord) !== p.kendeordHash) return failure(p, policy);
  p.failures = 0;
  if (now.getTime() >= kendeordExpiresOn(p, policy).getTime()) return { ok: false, key: 'CPR_KENDEORD_EXPIRED' };
  return { ok: true };
}

/** Changes the kendeord (the old one must be right; it may have expired). Logs on when it succeeds. */
export function changeKendeord(p: Personkode, oldK: string, newK: string, now: Date, policy: KendeordPolicy): LogonOutcome {
  if (p.locked) return { ok: false, key: 'CPR_PERSONKODE_LOCKED' };
  if (hash(p.personkode, oldK) !== p.kendeordHash) return failure(p, policy);
  p.failures = 0;
  const problem = kendeordFormatProblem(newK);
  if (problem) return { ok: false, key: 'CPR_KENDEORD_FORMAT', detail: problem };
  const h = hash(p.personkode, newK);
  if (p.history.includes(h)) return { ok: false, key: 'CPR_KENDEORD_REUSED' };
  if (now.getTime() - p.changedAt.getTime() < policy.minHoursBetweenChanges * 3_600_000) return { ok: false, key: 'CPR_KENDEORD_TOO_SOON' };
  p.kendeordHash = h;
  p.history.push(h);
  p.changedAt = now;
  return { ok: true };
}

/** The CPR office sets a new kendeord (e.g. a reset); it counts as changed at `now`. */
export function resetKendeord(p: Personkode, kendeord: string, now: Date): void {
  const h = hash(p.personkode, kendeord);
  p.kendeordHash = h;
  if (!p.history.includes(h)) p.history.push(h);
  p.changedAt = now;
  p.failures = 0;
  p.locked = false;
}
