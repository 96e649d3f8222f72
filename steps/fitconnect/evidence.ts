/** Evidence queries for the FIT-Connect suite: what the system under test did on the wire. */
import type { EvidenceRecord } from '../../simulators/kernel/evidence/index.ts';

export function pathOf(r: EvidenceRecord): string {
  const url = r.request?.url;
  return url === undefined ? '' : new URL(url, 'http://placeholder').pathname;
}

/** Inbound FIT-Connect exchanges with `method` whose path matches `path`. */
export const inbound = (method: string, path: RegExp) => (r: EvidenceRecord): boolean =>
  r.kind === 'exchange' && r.platform === 'fitconnect' && r.direction !== 'outbound' && r.request?.method === method && path.test(pathOf(r));

export const TOKEN = /^\/token$/;
export const DESTINATION = /^\/v1\/destinations\/[^/]+$/;
export const KEY = /^\/v1\/destinations\/[^/]+\/keys\/[^/]+$/;
export const CREATE = /^\/v1\/submissions$/;
export const UPLOAD = /^\/v1\/submissions\/[^/]+\/attachments\/[^/]+$/;
export const SEND = /^\/v1\/submissions\/[^/]+$/;
export const EVENTS = /^\/v1\/cases\/[^/]+\/events$/;
export const JWKS = /^\/\.well-known\/jwks\.json$/;
export const ROUTES = /^\/routes$/;
export const API = /^\/v1\//;

export const dataOf = <T = Record<string, unknown>>(r: EvidenceRecord): T => (r.data ?? {}) as T;

export function jsonBody(r: EvidenceRecord, side: 'request' | 'response'): Record<string, unknown> | undefined {
  const m = r[side];
  if (!m?.body || m.bodyEncoding === 'base64') return undefined;
  try {
    return JSON.parse(m.body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The protected header of a compact JWE at the start of `text` (enough of it must be captured). */
export function jweHeaderOf(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  const first = text.trim().split('.')[0];
  try {
    const h = JSON.parse(Buffer.from(first, 'base64url').toString('utf8')) as unknown;
    return h && typeof h === 'object' ? h as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

export interface CallbackAttempt {
  deliveryId: string;
  attempt: number;
  tampering: string;
  status?: number;
  error?: string;
}

export function callbackAttempts(records: EvidenceRecord[]): CallbackAttempt[] {
  return records
    .filter((r) => r.kind === 'note' && r.platform === 'fitconnect' && (r.data as { callbackAttempt?: unknown } | undefined)?.callbackAttempt)
    .map((r) => (r.data as { callbackAttempt: CallbackAttempt }).callbackAttempt);
}

export const is2xx = (s: number | undefined): boolean => s !== undefined && s >= 200 && s < 300;
