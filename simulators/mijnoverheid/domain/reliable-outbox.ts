/**
 * Reliable messaging for outgoing ebMS messages (pure state, clock-driven): one first attempt
 * plus up to `retries` retransmissions `retryInterval` apart until an Acknowledgment arrives;
 * then DeliveryFailure. Best-effort messages get one attempt and never wait for an ack.
 */
import type { Clock } from '../../kernel/types.ts';

export type OutboxState = 'pending' | 'awaiting-ack' | 'acknowledged' | 'delivered' | 'failed';

export interface OutboxEntry<P = unknown> {
  messageId: string;
  conversationId: string;
  cpaId: string;
  reliable: boolean;
  retries: number;
  retryIntervalMs: number;
  /** Attempts made so far (first send included). */
  attempts: number;
  state: OutboxState;
  createdAt: string;
  /** When the next send is due (pending) or when the ack wait runs out (awaiting-ack). */
  nextAt: string;
  /** Absolute expiry (TimeToLive / PersistDuration): no sends after it. */
  expiresAt?: string;
  lastError?: string;
  failureReason?: 'RETRIES_EXHAUSTED' | 'PERMANENT_ERROR' | 'EXPIRED';
  payload: P;
}

export type SendOutcome =
  | { kind: 'sent' }
  /** 503, connection refused, timeout: keeps the retry cycle going. */
  | { kind: 'retryable'; detail: string }
  /** 3xx/4xx, SOAP Fault: the receiver refused; no retry. */
  | { kind: 'permanent'; detail: string };

/** Digikoppeling HTTP rule: 3xx/4xx are errors, 503 is recoverable, other 5xx carry a SOAP Fault (refused). */
export function classifyHttpStatus(status: number): SendOutcome {
  if (status >= 200 && status < 300) return { kind: 'sent' };
  if (status === 503) return { kind: 'retryable', detail: 'HTTP 503' };
  return { kind: 'permanent', detail: `HTTP ${status}` };
}

export type OutboxAction<P> = { type: 'send'; entry: OutboxEntry<P>; attempt: number } | { type: 'deliveryFailure'; entry: OutboxEntry<P> };

export interface EnqueueInput<P> {
  messageId: string;
  conversationId: string;
  cpaId: string;
  reliable: boolean;
  retries: number;
  retryIntervalMs: number;
  /** Optional absolute expiry, e.g. from TimeToLive or now + PersistDuration. */
  expiresAt?: Date;
  payload: P;
}

export class ReliableOutbox<P = unknown> {
  private entries = new Map<string, OutboxEntry<P>>();
  constructor(private readonly clock: Clock) {}

  enqueue(input: EnqueueInput<P>): OutboxEntry<P> {
    if (this.entries.has(input.messageId)) throw new Error(`OUTBOX_DUPLICATE_MESSAGE_ID: ${input.messageId}`);
    if (!Number.isInteger(input.retries) || input.retries < 0) throw new RangeError(`retries must be a non-negative integer: ${input.retries}`);
    if (!(input.retryIntervalMs > 0)) throw new RangeError(`retryIntervalMs must be positive: ${input.retryIntervalMs}`);
    const now = this.clock.now().toISOString();
    const entry: OutboxEntry<P> = {
      messageId: input.messageId, conversationId: input.conversationId, cpaId: input.cpaId,
      reliable: input.reliable, retries: input.retries, retryIntervalMs: input.retryIntervalMs,
      attempts: 0, state: 'pending', createdAt: now, nextAt: now, payload: input.payload,
    };
    if (input.expiresAt) entry.expiresAt = input.expiresAt.toISOString();
    this.entries.set(entry.messageId, entry);
    return entry;
  }

  /**
   * What to do now: sends that are due (first attempts and retransmissions) and messages that
   * just gave up. Sends are counted as attempts here; report the transport result with `recordOutcome`.
   */
  poll(): OutboxAction<P>[] {
    const now = this.clock.now().getTime();
    const actions: OutboxAction<P>[] = [];
    for (const e of this.entries.values()) {
      if (e.state !== 'pending' && e.state !== 'awaiting-ack') continue;
      if (Date.parse(e.nextAt) > now) continue;
      if (e.expiresAt && Date.parse(e.expiresAt) <= now) {
        this.fail(e, 'EXPIRED');
        actions.push({ type: 'deliveryFailure', entry: e });
        continue;
      }
      if (e.attempts > e.retries || (!e.reliable && e.attempts > 0)) {
        this.fail(e, 'RETRIES_EXHAUSTED');
        actions.push({ type: 'deliveryFailure', entry: e });
        continue;
      }
      e.attempts += 1;
      e.state = 'pending';
      // Until the outcome is known, the next check is one interval away.
      e.nextAt = new Date(now + e.retryIntervalMs).toISOString();
      actions.push({ type: 'send', entry: e, attempt: e.attempts });
    }
    return actions;
  }

  recordOutcome(messageId: string, outcome: SendOutcome): OutboxEntry<P> | undefined {
    const e = this.entries.get(messageId);
    if (!e || (e.state !== 'pending' && e.state !== 'awaiting-ack')) return e;
    const now = this.clock.now().getTime();
    if (outcome.kind === 'sent') {
      if (!e.reliable) {
        e.state = 'delivered';
      } else {
        e.state = 'awaiting-ack';
        e.nextAt = new Date(now + e.retryIntervalMs).toISOString();
      }
      delete e.lastError;
    } else if (outcome.kind === 'retryable') {
      e.lastError = outcome.detail;
      e.state = 'pending';
      e.nextAt = new Date(now + e.retryIntervalMs).toISOString();
    } else {
      e.lastError = outcome.detail;
      this.fail(e, 'PERMANENT_ERROR');
    }
    return e;
  }

  /** An Acknowledgment with RefToMessageId = messageId arrived. Returns false when nothing was waiting for it. */
  acknowledge(messageId: string): boolean {
    const e = this.entries.get(messageId);
    if (!e || !e.reliable || (e.state !== 'awaiting-ack' && e.state !== 'pending')) return false;
    e.state = 'acknowledged';
    return true;
  }

  get(messageId: string): OutboxEntry<P> | undefined {
    return this.entries.get(messageId);
  }

  list(): OutboxEntry<P>[] {
    return [...this.entries.values()];
  }

  /** Earliest time something is due, so a driver can sleep until then. */
  nextDue(): Date | undefined {
    let min: number | undefined;
    for (const e of this.entries.values()) {
      if (e.state !== 'pending' && e.state !== 'awaiting-ack') continue;
      const t = Date.parse(e.nextAt);
      if (min === undefined || t < min) min = t;
    }
    return min === undefined ? undefined : new Date(min);
  }

  private fail(e: OutboxEntry<P>, reason: NonNullable<OutboxEntry<P>['failureReason']>): void {
    e.state = 'failed';
    e.failureReason = reason;
  }
}
