/**
 * Callbacks: the platform POSTs JSON to a registered HTTPS URL with
 * `callback-timestamp` (unix seconds) and `callback-authentication`
 * (hex HMAC-SHA512 with the callback secret over `timestamp + "." + body`).
 * This module builds deliveries, keeps the outbox with a retry schedule (data; the transport
 * sends), and verifies callbacks the way a receiver must (used by the reference client).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../kernel/types.ts';
import type { IdGenerator } from './ids.ts';

export const CALLBACK_TYPE_NEW_SUBMISSIONS = 'https://schema.fitko.de/fit-connect/submission-api/callbacks/new-submissions';
export const CALLBACK_TYPE_NEW_EVENTS = 'https://schema.fitko.de/fit-connect/submission-api/callbacks/new-events';
export const CALLBACK_MAX_AGE_S = 300;

export interface CallbackConfig {
  url: string;
  secret: string;
}

/** Checks the `CreateCallback` rules: HTTPS URL, secret of 32–512 characters. */
export function checkCallbackConfig(c: CallbackConfig): string | undefined {
  if (typeof c.url !== 'string' || !/^https:\/\/.+/.test(c.url) || c.url.length < 9) return 'callback url must be an https:// URL';
  try {
    new URL(c.url);
  } catch {
    return 'callback url is not a valid URL';
  }
  if (typeof c.secret !== 'string' || c.secret.length < 32 || c.secret.length > 512) return 'callback secret must have 32 to 512 characters';
  return undefined;
}

export function callbackHmac(secret: string, timestamp: number | string, body: string): string {
  return createHmac('sha512', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

export interface CallbackRequest {
  url: string;
  method: 'POST';
  headers: { 'content-type': 'application/json'; 'callback-authentication': string; 'callback-timestamp': string };
  body: string;
}

/** Signs `body` for `url` at the clock's current second. */
export function buildCallbackRequest(config: CallbackConfig, body: string, clock: Clock): CallbackRequest {
  const ts = Math.floor(clock.now().getTime() / 1000);
  return {
    url: config.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'callback-authentication': callbackHmac(config.secret, ts, body), 'callback-timestamp': String(ts) },
    body,
  };
}

export type CallbackVerificationCode = 'CALLBACK_MISSING_HEADER' | 'CALLBACK_BAD_TIMESTAMP' | 'CALLBACK_STALE' | 'CALLBACK_FROM_FUTURE' | 'CALLBACK_BAD_HMAC';

export type CallbackVerification = { ok: true; timestamp: number } | { ok: false; code: CallbackVerificationCode; reason: string };

export interface VerifyCallbackInput {
  /** Request headers; names are matched case-insensitively; array values use the first. */
  headers: Record<string, string | string[] | undefined>;
  /** The raw body exactly as received. */
  body: string;
  secret: string;
  clock: Clock;
  /** Oldest accepted timestamp age (default 300 s). */
  maxAgeSeconds?: number;
  /** Allowed clock skew into the future (default 60 s). */
  maxFutureSkewSeconds?: number;
}

export function verifyCallback(i: VerifyCallbackInput): CallbackVerification {
  const h = (name: string): string | undefined => {
    for (const [k, v] of Object.entries(i.headers)) if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
    return undefined;
  };
  const ts = h('callback-timestamp');
  const mac = h('callback-authentication');
  if (ts === undefined || mac === undefined) return { ok: false, code: 'CALLBACK_MISSING_HEADER', reason: 'callback-timestamp and callback-authentication are required' };
  if (!/^\d{1,12}$/.test(ts)) return { ok: false, code: 'CALLBACK_BAD_TIMESTAMP', reason: 'callback-timestamp must be unix seconds' };
  const now = Math.floor(i.clock.now().getTime() / 1000);
  const t = Number(ts);
  if (now - t > (i.maxAgeSeconds ?? CALLBACK_MAX_AGE_S)) return { ok: false, code: 'CALLBACK_STALE', reason: `timestamp is ${now - t} s old (max ${i.maxAgeSeconds ?? CALLBACK_MAX_AGE_S})` };
  if (t - now > (i.maxFutureSkewSeconds ?? 60)) return { ok: false, code: 'CALLBACK_FROM_FUTURE', reason: `timestamp is ${t - now} s in the future` };
  const expected = Buffer.from(callbackHmac(i.secret, ts, i.body), 'hex');
  const given = /^[0-9a-fA-F]{128}$/.test(mac) ? Buffer.from(mac, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, code: 'CALLBACK_BAD_HMAC', reason: 'callback-authentication does not match HMAC-SHA512(secret, timestamp.body)' };
  }
  return { ok: true, timestamp: t };
}

/** Delay before attempt n (0-based); the number of entries is the number of attempts. */
export interface RetrySchedule {
  delaysMs: readonly number[];
}

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = { delaysMs: [0, 10_000, 60_000, 300_000, 1_800_000, 3_600_000] };

export type DeliveryKind = 'new-submissions' | 'new-events';

export interface DeliveryAttempt {
  at: string;
  ok: boolean;
  status?: number;
  error?: string;
}

/** An outbox entry as shown to the portal/evidence (no secret). */
export interface CallbackDelivery {
  deliveryId: string;
  kind: DeliveryKind;
  url: string;
  body: string;
  /** Submission the callback is about (for notify-submission). */
  submissionId: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
  nextAttemptAt?: string;
}

interface StoredDelivery extends CallbackDelivery {
  secret: string;
}

export class CallbackOutbox {
  readonly #items = new Map<string, StoredDelivery>();
  readonly #onDelivered: ((d: CallbackDelivery) => void)[] = [];

  constructor(private readonly clock: Clock, private readonly ids: IdGenerator, private readonly schedule: RetrySchedule = DEFAULT_RETRY_SCHEDULE) {}

  enqueue(kind: DeliveryKind, config: CallbackConfig, body: unknown, submissionId: string): CallbackDelivery {
    const first = this.schedule.delaysMs[0] ?? 0;
    const d: StoredDelivery = {
      deliveryId: this.ids.uuid(), kind, url: config.url, body: JSON.stringify(body), submissionId, secret: config.secret,
      state: 'pending', attempts: [], nextAttemptAt: new Date(this.clock.now().getTime() + first).toISOString(),
    };
    this.#items.set(d.deliveryId, d);
    return view(d);
  }

  /**
   * Deliveries whose next attempt is due, each with a freshly signed request. `signingClock`
   * lets the transport sign an attempt at another time (a scenario's stale-timestamp test).
   */
  due(signingClock?: (d: CallbackDelivery) => Clock | undefined): { delivery: CallbackDelivery; request: CallbackRequest }[] {
    const now = this.clock.now().getTime();
    return [...this.#items.values()]
      .filter((d) => d.state === 'pending' && d.nextAttemptAt !== undefined && Date.parse(d.nextAttemptAt) <= now)
      .map((d) => {
        const v = view(d);
        return { delivery: v, request: buildCallbackRequest({ url: d.url, secret: d.secret }, d.body, signingClock?.(v) ?? this.clock) };
      });
  }

  /** The transport reports each attempt; 2xx = delivered, otherwise retried per schedule. */
  report(deliveryId: string, outcome: { status?: number; error?: string }): CallbackDelivery | undefined {
    const d = this.#items.get(deliveryId);
    if (!d || d.state !== 'pending') return d ? view(d) : undefined;
    const ok = outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300;
    const attempt: DeliveryAttempt = { at: this.clock.now().toISOString(), ok };
    if (outcome.status !== undefined) attempt.status = outcome.status;
    if (outcome.error !== undefined) attempt.error = outcome.error;
    d.attempts.push(attempt);
    if (ok) {
      d.state = 'delivered';
      d.nextAttemptAt = undefined;
      for (const l of this.#onDelivered) l(view(d));
    } else if (d.attempts.length >= this.schedule.delaysMs.length) {
      d.state = 'failed';
      d.nextAttemptAt = undefined;
    } else {
      d.nextAttemptAt = new Date(this.clock.now().getTime() + this.schedule.delaysMs[d.attempts.length]).toISOString();
    }
    return view(d);
  }

  onDelivered(listener: (d: CallbackDelivery) => void): void {
    this.#onDelivered.push(listener);
  }

  list(): CallbackDelivery[] {
    return [...this.#items.values()].map(view);
  }
}

function view(d: StoredDelivery): CallbackDelivery {
  const { secret: _secret, ...rest } = d;
  return { ...rest, attempts: [...d.attempts] };
}
