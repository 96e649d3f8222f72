/**
 * The MijnOverheid reliable outbox on disk, so ebMS retries survive a restart of the simulator:
 * an append-only JSONL journal of outbox events, written synchronously (`writeSync` on an
 * append fd, like the evidence recorder: a record is in the kernel's page cache before the
 * send it announces goes out, so it survives the process being killed).
 *
 * Lines (`v: 1`):
 * - `cpa`: the CPA an enqueued message belongs to (XML), once per CPA per journal, so the
 *   SUT's Acknowledgment of a resent message can be validated after a restart;
 * - `enqueued`: the entry with the complete message to resend (body base64) and what
 *   MijnOverheid knows about the sent message (`SentMessage`);
 * - `attempt`, `outcome`, `acknowledged`, `deliveryFailure`: the entry's progress after it.
 *
 * On start the journal is read (a torn last line is ignored, other unreadable lines are
 * skipped and reported), folded with the domain's `replayOutbox`, the messages that still have
 * work to do are restored, and the file is compacted to just those (written to a temporary
 * file, fsynced, renamed). Finished messages are not kept across a restart.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../../kernel/types.ts';
import { isLiveEntry, readCpa, replayOutbox, type OutboxEntry, type OutboxEvent, type OutboxProgress } from '../domain/index.ts';
import type { MijnOverheidState, OutboxPayload, SentMessage } from '../state.ts';

export const JOURNAL_VERSION = 1;

type StoredPayload = Omit<OutboxPayload, 'body'> & { body: string };
type StoredEntry = Omit<OutboxEntry<OutboxPayload>, 'payload'> & { payload: StoredPayload };

export type JournalLine =
  | { v: 1; t: 'cpa'; cpaId: string; xml: string; loadedAt: string }
  | { v: 1; t: 'enqueued'; at: string; entry: StoredEntry; sent?: SentMessage }
  | { v: 1; t: 'attempt' | 'outcome' | 'acknowledged' | 'deliveryFailure'; at: string; progress: OutboxProgress };

export interface ReadJournal {
  lines: JournalLine[];
  /** 1-based line number in the file of each of `lines`. */
  lineNumbers: number[];
  /** The last line was cut off (the process died while writing it); it was ignored. */
  tornTail: boolean;
  /** Other lines that could not be read, by 1-based line number. */
  skipped: { line: number; reason: string }[];
}

const LINE_TYPES = new Set(['cpa', 'enqueued', 'attempt', 'outcome', 'acknowledged', 'deliveryFailure']);

/** Splits and parses journal text. Never throws. */
export function readJournalText(text: string): ReadJournal {
  const out: ReadJournal = { lines: [], lineNumbers: [], tornTail: false, skipped: [] };
  if (!text) return out;
  const parts = text.split('\n');
  const complete = text.endsWith('\n');
  if (complete) parts.pop();
  parts.forEach((raw, i) => {
    const last = i === parts.length - 1;
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      if (last && !complete) out.tornTail = true;
      else out.skipped.push({ line: i + 1, reason: `not JSON: ${(err as Error).message}` });
      return;
    }
    const l = value as { v?: unknown; t?: unknown };
    if (!l || typeof l !== 'object' || l.v !== JOURNAL_VERSION || !LINE_TYPES.has(String(l.t))) {
      out.skipped.push({ line: i + 1, reason: `not a version ${JOURNAL_VERSION} outbox journal line` });
      return;
    }
    out.lines.push(value as JournalLine);
    out.lineNumbers.push(i + 1);
  });
  return out;
}

export interface RecoveredOutbox {
  /** Messages with work left (pending or awaiting an ack), as the journal last described them. */
  entries: OutboxEntry<OutboxPayload>[];
  sent: Map<string, SentMessage>;
  cpas: Map<string, { xml: string; loadedAt: string }>;
  tornTail: boolean;
  skipped: { line: number; reason: string }[];
}

/** Rebuilds the live outbox from journal lines (pure). */
export function recoverOutbox(read: ReadJournal): RecoveredOutbox {
  const events: OutboxEvent<OutboxPayload>[] = [];
  const eventLine: number[] = [];
  const sent = new Map<string, SentMessage>();
  const cpas = new Map<string, { xml: string; loadedAt: string }>();
  const skipped = [...read.skipped];
  const lineNo = (i: number) => read.lineNumbers[i] ?? i + 1;
  read.lines.forEach((l, i) => {
    if (l.t === 'cpa') {
      if (typeof l.cpaId === 'string' && typeof l.xml === 'string') cpas.set(l.cpaId, { xml: l.xml, loadedAt: String(l.loadedAt) });
      else skipped.push({ line: lineNo(i), reason: 'cpa line without cpaId or xml' });
      return;
    }
    if (l.t === 'enqueued') {
      const p = l.entry?.payload;
      if (!p || typeof p.body !== 'string' || typeof p.url !== 'string' || typeof p.contentType !== 'string' || typeof p.action !== 'string') {
        skipped.push({ line: lineNo(i), reason: 'enqueued line without a complete message' });
        return;
      }
      events.push({ type: 'enqueued', entry: { ...l.entry, payload: { url: p.url, contentType: p.contentType, body: Buffer.from(p.body, 'base64'), action: p.action, syncSignals: p.syncSignals === true } } });
      eventLine.push(i);
      if (l.sent && typeof l.sent === 'object') sent.set(l.entry.messageId, { ...l.sent });
      return;
    }
    events.push({ type: l.t, progress: l.progress });
    eventLine.push(i);
  });
  const replayed = replayOutbox(events);
  for (const x of replayed.ignored) skipped.push({ line: lineNo(eventLine[x.index] ?? 0), reason: x.reason });
  const entries = replayed.entries.filter(isLiveEntry);
  const live = new Set(entries.map((e) => e.messageId));
  for (const id of [...sent.keys()]) if (!live.has(id)) sent.delete(id);
  const used = new Set(entries.map((e) => e.cpaId));
  for (const id of [...cpas.keys()]) if (!used.has(id)) cpas.delete(id);
  return { entries, sent, cpas, tornTail: read.tornTail, skipped: skipped.sort((a, b) => a.line - b.line) };
}

const storedEntry = (e: OutboxEntry<OutboxPayload>): StoredEntry => ({ ...e, payload: { ...e.payload, body: e.payload.body.toString('base64') } });

export interface OutboxJournalOptions {
  file: string;
  clock: Clock;
  /** A write failed (disk full, …): the outbox carries on in memory; the caller reports it. */
  onError?: (err: Error) => void;
}

/** The journal of one simulator instance. Not safe for two live instances on one file. */
export class OutboxJournal {
  private fd: number | undefined;
  private unsubscribe: (() => void) | undefined;
  private state: MijnOverheidState | undefined;
  private readonly cpasWritten = new Set<string>();

  constructor(private readonly o: OutboxJournalOptions) {}

  get file(): string { return this.o.file; }

  /** Reads what a previous instance left (nothing when there is no file). */
  recover(): RecoveredOutbox {
    const text = existsSync(this.o.file) ? readFileSync(this.o.file, 'utf8') : '';
    return recoverOutbox(readJournalText(text));
  }

  /** Puts recovered messages (and their CPAs, when not loaded) into `state`. Returns the restored MessageIds. */
  static restoreInto(state: MijnOverheidState, r: RecoveredOutbox): string[] {
    for (const [cpaId, c] of r.cpas) {
      if (state.cpas.has(cpaId)) continue;
      const parsed = readCpa(c.xml);
      if (parsed.cpa && parsed.cpa.cpaId === cpaId) state.cpas.set(cpaId, { cpa: parsed.cpa, xml: c.xml, loadedAt: c.loadedAt });
    }
    const fresh = r.entries.filter((e) => !state.outbox.get(e.messageId));
    state.outbox.restore(fresh);
    for (const e of fresh) {
      const s = r.sent.get(e.messageId);
      if (s && !state.sent.has(e.messageId)) state.sent.set(e.messageId, s);
    }
    return fresh.map((e) => e.messageId);
  }

  /**
   * Makes the file describe `state`'s outbox (compacted: live messages only) and follows its
   * changes from now on. Called on start and after an admin reset (a fresh state empties it).
   */
  attach(state: MijnOverheidState): void {
    this.unsubscribe?.();
    this.state = state;
    this.compact();
    this.unsubscribe = state.outbox.subscribe((ev) => this.onEvent(ev));
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.fd !== undefined) {
      try { fsyncSync(this.fd); } catch { /* closing anyway */ }
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  private compact(): void {
    const state = this.state!;
    mkdirSync(dirname(this.o.file), { recursive: true });
    if (this.fd !== undefined) { closeSync(this.fd); this.fd = undefined; }
    this.cpasWritten.clear();
    const now = this.o.clock.now().toISOString();
    const lines: string[] = [];
    for (const e of state.outbox.snapshot().filter(isLiveEntry)) lines.push(...this.enqueuedLines(e, now));
    const tmp = `${this.o.file}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      if (lines.length) writeSync(fd, lines.join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.o.file);
    try {
      const dir = openSync(dirname(this.o.file), 'r');
      try { fsyncSync(dir); } finally { closeSync(dir); }
    } catch { /* not every file system fsyncs directories */ }
    this.fd = openSync(this.o.file, 'a');
  }

  private enqueuedLines(e: OutboxEntry<OutboxPayload>, at: string): string[] {
    const state = this.state!;
    const out: string[] = [];
    const c = state.cpas.get(e.cpaId);
    if (c && !this.cpasWritten.has(e.cpaId)) {
      out.push(line({ v: 1, t: 'cpa', cpaId: e.cpaId, xml: c.xml, loadedAt: c.loadedAt }));
      this.cpasWritten.add(e.cpaId);
    }
    const sent = state.sent.get(e.messageId);
    out.push(line({ v: 1, t: 'enqueued', at, entry: storedEntry(e), ...(sent ? { sent } : {}) }));
    return out;
  }

  private onEvent(ev: OutboxEvent<OutboxPayload>): void {
    if (this.fd === undefined) return;
    const at = this.o.clock.now().toISOString();
    try {
      const text = ev.type === 'enqueued' ? this.enqueuedLines(ev.entry, at).join('') : line({ v: 1, t: ev.type, at, progress: ev.progress });
      writeSync(this.fd, text);
    } catch (err) {
      this.o.onError?.(err as Error);
    }
  }
}

function line(l: JournalLine): string {
  return JSON.stringify(l) + '\n';
}
