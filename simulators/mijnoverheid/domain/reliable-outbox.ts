/**
 * Reliable messaging for outgoing ebMS messages (pure state, clock-driven): one first attempt
 * plus up to `retries` retransmissions `retryInterval` apart until an Acknowledgment arrives;
 * then DeliveryFailure. Best-effort messages get one attempt and never wait for an ack.
 *
 * Every change is announced to subscribers as an `OutboxEvent` (synchronously, before the
 * caller acts on it, e.g. before a send), so a transport can journal them; `replayOutbox`
 * folds such events back into entries and `restore` loads them. No I/O here.
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

/** How far an entry has got: what changes after it was enqueued. */
export type OutboxProgress = Pick<OutboxEntry, 'messageId' | 'attempts' | 'state' | 'nextAt'> & Partial<Pick<OutboxEntry, 'lastError' | 'failureReason'>>;

/**
 * A change to the outbox, in the order it happened. `attempt` is announced when a send is
 * counted (before it goes out), `outcome` when its transport result or a MessageError is
 * recorded, `acknowledged` for an Acknowledgment, `deliveryFailure` when the message gives up.
 */
export type OutboxEvent<P = unknown> =
  | { type: 'enqueued'; entry: OutboxEntry<P> }
  | { type: 'attempt' | 'outcome' | 'acknowledged' | 'deliveryFailure'; progress: OutboxProgress };

export type OutboxListener<P> = (event: OutboxEvent<P>) => void;

const STATES: readonly OutboxState[] = ['pending', 'awaiting-ack', 'acknowledged', 'delivered', 'failed'];
const FAILURE_REASONS: readonly NonNullable<OutboxEntry['failureReason']>[] = ['RETRIES_EXHAUSTED', 'PERMANENT_ERROR', 'EXPIRED'];
const PROGRESS_EVENTS = new Set(['attempt', 'outcome', 'acknowledged', 'deliveryFailure']);

/** Still has work to do (a send or an ack wait). */
export function isLiveEntry(e: Pick<OutboxEntry, 'state'>): boolean {
  return e.state === 'pending' || e.state === 'awaiting-ack';
}

export function progressOf(e: OutboxEntry<unknown>): OutboxProgress {
  const p: OutboxProgress = { messageId: e.messageId, attempts: e.attempts, state: e.state, nextAt: e.nextAt };
  if (e.lastError !== undefined) p.lastError = e.lastError;
  if (e.failureReason !== undefined) p.failureReason = e.failureReason;
  return p;
}

const isIsoTime = (v: unknown): v is string => typeof v === 'string' && Number.isFinite(Date.parse(v));
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function progressProblem(p: Partial<OutboxProgress> | undefined): string | undefined {
  if (!p || typeof p !== 'object') return 'no progress';
  if (typeof p.messageId !== 'string' || !p.messageId) return 'messageId missing';
  if (!isCount(p.attempts)) return `attempts is not a non-negative integer: ${String(p.attempts)}`;
  if (!STATES.includes(p.state as OutboxState)) return `unknown state ${String(p.state)}`;
  if (!isIsoTime(p.nextAt)) return `nextAt is not a time: ${String(p.nextAt)}`;
  if (p.lastError !== undefined && typeof p.lastError !== 'string') return 'lastError is not text';
  if (p.failureReason !== undefined && !FAILURE_REASONS.includes(p.failureReason)) return `unknown failureReason ${String(p.failureReason)}`;
  return undefined;
}

/** Why `e` cannot be an outbox entry, or undefined when it can (the payload is the caller's business). */
export function entryProblem(e: Partial<OutboxEntry<unknown>> | undefined): string | undefined {
  if (!e || typeof e !== 'object') return 'no entry';
  const p = progressProblem(e);
  if (p) return p;
  if (typeof e.conversationId !== 'string' || typeof e.cpaId !== 'string') return 'conversationId or cpaId missing';
  if (typeof e.reliable !== 'boolean') return 'reliable is not a boolean';
  if (!isCount(e.retries)) return `retries is not a non-negative integer: ${String(e.retries)}`;
  if (!(typeof e.retryIntervalMs === 'number' && e.retryIntervalMs > 0)) return `retryIntervalMs is not positive: ${String(e.retryIntervalMs)}`;
  if (!isIsoTime(e.createdAt)) return 'createdAt is not a time';
  if (e.expiresAt !== undefined && !isIsoTime(e.expiresAt)) return 'expiresAt is not a time';
  if (!('payload' in e)) return 'payload missing';
  return undefined;
}

export interface ReplayResult<P> {
  /** Every entry the events describe, in enqueue order, with its latest progress. */
  entries: OutboxEntry<P>[];
  /** Events that could not be applied (unknown MessageId, malformed), with the reason. */
  ignored: { index: number; reason: string }[];
}

/**
 * Folds outbox events (as journaled) back into entries: an `enqueued` event (re)creates the
 * entry, every later event overwrites its progress. Pure; the events are not changed.
 */
export function replayOutbox<P>(events: Iterable<OutboxEvent<P>>): ReplayResult<P> {
  const entries = new Map<string, OutboxEntry<P>>();
  const ignored: ReplayResult<P>['ignored'] = [];
  let index = -1;
  for (const ev of events) {
    index += 1;
    if (ev?.type === 'enqueued') {
      const problem = entryProblem(ev.entry);
      if (problem) { ignored.push({ index, reason: problem }); continue; }
      entries.delete(ev.entry.messageId);
      entries.set(ev.entry.messageId, { ...ev.entry });
      continue;
    }
    if (!ev || !PROGRESS_EVENTS.has(ev.type)) { ignored.push({ index, reason: `unknown event ${String((ev as { type?: unknown })?.type)}` }); continue; }
    const problem = progressProblem(ev.progress);
    if (problem) { ignored.push({ index, reason: problem }); continue; }
    const e = entries.get(ev.progress.messageId);
    if (!e) { ignored.push({ index, reason: `${ev.type} for ${ev.progress.messageId}, which was never enqueued` }); continue; }
    applyProgress(e, ev.progress);
  }
  return { entries: [...entries.values()], ignored };
}

function applyProgress(e: OutboxEntry<unknown>, p: OutboxProgress): void {
  e.attempts = p.attempts;
  e.state = p.state;
  e.nextAt = p.nextAt;
  if (p.lastError !== undefined) e.lastError = p.lastError; else delete e.lastError;
  if (p.failureReason !== undefined) e.failureReason = p.failureReason; else delete e.failureReason;
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
  private readonly listeners = new Set<OutboxListener<P>>();
  constructor(private readonly clock: Clock) {}

  /**
   * Hears every change, synchronously and before the caller acts on it. The event's entry is
   * a shallow copy (the payload is shared): serialise it, do not keep or change it.
   */
  subscribe(listener: OutboxListener<P>): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  private emit(event: OutboxEvent<P>): void {
    for (const l of this.listeners) l(event);
  }

  private progressed(type: 'attempt' | 'outcome' | 'acknowledged' | 'deliveryFailure', e: OutboxEntry<P>): void {
    if (this.listeners.size) this.emit({ type, progress: progressOf(e) });
  }

  /** Copies of every entry (payloads shared), e.g. to journal a compacted state. */
  snapshot(): OutboxEntry<P>[] {
    return [...this.entries.values()].map((e) => ({ ...e }));
  }

  /**
   * Loads entries rebuilt after a restart (see `replayOutbox`), as they were: attempts, state,
   * next-due times. Announces nothing. Refuses malformed entries and MessageIds already present.
   */
  restore(entries: readonly OutboxEntry<P>[]): void {
    for (const e of entries) {
      const problem = entryProblem(e);
      if (problem) throw new RangeError(`OUTBOX_RESTORE_INVALID: ${problem}`);
      if (this.entries.has(e.messageId)) throw new Error(`OUTBOX_DUPLICATE_MESSAGE_ID: ${e.messageId}`);
    }
    for (const e of entries) this.entries.set(e.messageId, { ...e });
  }

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
    if (this.listeners.size) this.emit({ type: 'enqueued', entry: { ...entry } });
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
        this.progressed('deliveryFailure', e);
        actions.push({ type: 'deliveryFailure', entry: e });
        continue;
      }
      if (e.attempts > e.retries || (!e.reliable && e.attempts > 0)) {
        this.fail(e, 'RETRIES_EXHAUSTED');
        this.progressed('deliveryFailure', e);
        actions.push({ type: 'deliveryFailure', entry: e });
        continue;
      }
      e.attempts += 1;
      e.state = 'pending';
      // Until the outcome is known, the next check is one interval away.
      e.nextAt = new Date(now + e.retryIntervalMs).toISOString();
      this.progressed('attempt', e);
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
    this.progressed('outcome', e);
    return e;
  }

  /** An Acknowledgment with RefToMessageId = messageId arrived. Returns false when nothing was waiting for it. */
  acknowledge(messageId: string): boolean {
    const e = this.entries.get(messageId);
    if (!e || !e.reliable || (e.state !== 'awaiting-ack' && e.state !== 'pending')) return false;
    e.state = 'acknowledged';
    this.progressed('acknowledged', e);
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
