/**
 * Duplicate elimination by MessageId: the first receipt stores the reply (Acknowledgment) it got;
 * a duplicate gets the very same reply again and is not delivered to the application twice.
 * Entries are kept at least (1 + Retries) × RetryInterval, as the profile requires.
 */
import { createHash } from 'node:crypto';

export interface DuplicateEntry {
  messageId: string;
  cpaId: string;
  /** SHA-256 of the received content (envelope + payload digests), to tell a true resend from a reused id. */
  contentHash: string;
  receivedAt: string;
  keepUntil: string;
  /** The reply sent for the first receipt, re-sent verbatim for duplicates. */
  reply?: string;
  duplicates: number;
  differentContentDuplicates: number;
}

export type DuplicateCheck =
  | { duplicate: false }
  | { duplicate: true; sameContent: boolean; entry: DuplicateEntry };

export function contentHash(...parts: (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(String(typeof p === 'string' ? Buffer.byteLength(p) : p.length));
    h.update(':');
    h.update(p);
  }
  return h.digest('hex');
}

export class DuplicateStore {
  private entries = new Map<string, DuplicateEntry>();

  /** Looks up a MessageId and, when it is a duplicate, counts it. */
  check(messageId: string, hash: string): DuplicateCheck {
    const e = this.entries.get(messageId);
    if (!e) return { duplicate: false };
    e.duplicates += 1;
    const sameContent = e.contentHash === hash;
    if (!sameContent) e.differentContentDuplicates += 1;
    return { duplicate: true, sameContent, entry: { ...e } };
  }

  remember(input: { messageId: string; cpaId: string; contentHash: string; now: Date; keepMs: number }): DuplicateEntry {
    if (this.entries.has(input.messageId)) throw new Error(`DUPLICATE_ALREADY_RECORDED: ${input.messageId}`);
    const e: DuplicateEntry = {
      messageId: input.messageId, cpaId: input.cpaId, contentHash: input.contentHash,
      receivedAt: input.now.toISOString(), keepUntil: new Date(input.now.getTime() + input.keepMs).toISOString(),
      duplicates: 0, differentContentDuplicates: 0,
    };
    this.entries.set(e.messageId, e);
    return { ...e };
  }

  /** Stores the reply sent for the first receipt. */
  setReply(messageId: string, reply: string): void {
    const e = this.entries.get(messageId);
    if (!e) throw new Error(`DUPLICATE_UNKNOWN_MESSAGE: ${messageId}`);
    e.reply = reply;
  }

  has(messageId: string): boolean {
    return this.entries.has(messageId);
  }

  /** Forgets entries past their keep time; returns how many. */
  purge(now: Date): number {
    let n = 0;
    for (const [id, e] of this.entries) if (Date.parse(e.keepUntil) <= now.getTime()) { this.entries.delete(id); n++; }
    return n;
  }

  snapshot(): DuplicateEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e }));
  }

  static restore(entries: DuplicateEntry[]): DuplicateStore {
    const s = new DuplicateStore();
    for (const e of entries) s.entries.set(e.messageId, { ...e });
    return s;
  }
}

/** (1 + Retries) × RetryInterval: how long a receiver must remember MessageIds. */
export function duplicateKeepMs(retries: number, retryIntervalMs: number, persistDurationMs = 0): number {
  return Math.max((1 + retries) * retryIntervalMs, persistDurationMs);
}
