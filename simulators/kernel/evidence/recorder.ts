import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { systemClock, type Clock } from '../types.ts';
import { redact } from './redact.ts';
import type { EvidenceInput, EvidenceRecord } from './record.ts';

export interface RecorderOptions {
  /** JSONL file to append to; omit for an in-memory recorder (unit tests). */
  file?: string;
  runId?: string;
  clock?: Clock;
  /** Records kept in memory for the admin API and dashboard (oldest dropped first). */
  keepInMemory?: number;
  /** Scenario id stamped on records that do not carry one (set by the Cucumber world). */
  scenarioId?: string;
}

export interface EvidenceQuery {
  platform?: string;
  kind?: string;
  scenarioId?: string;
  sinceSeq?: number;
  /** Case-insensitive substring over the serialised record. */
  text?: string;
  limit?: number;
}

/**
 * Append-only evidence log. Every `record()` call is written to the file with a
 * synchronous append before it returns: once acknowledged, a record survives a SIGKILL
 * of the process (it is in the kernel's page cache). `flush()` adds an fsync for
 * power-loss durability at the end of a run.
 */
export class Recorder extends EventEmitter {
  readonly runId: string;
  readonly file?: string;
  scenarioId?: string;
  private fd?: number;
  private seq = 0;
  private readonly clock: Clock;
  private readonly keep: number;
  private readonly recent: EvidenceRecord[] = [];

  constructor(options: RecorderOptions = {}) {
    super();
    this.runId = options.runId ?? randomUUID();
    this.clock = options.clock ?? systemClock;
    this.keep = options.keepInMemory ?? 5000;
    this.scenarioId = options.scenarioId;
    this.file = options.file;
    if (options.file) {
      mkdirSync(dirname(options.file), { recursive: true });
      this.fd = openSync(options.file, 'a');
    }
  }

  record(input: EvidenceInput): EvidenceRecord {
    const rec = redact({
      seq: ++this.seq,
      runId: this.runId,
      time: this.clock.now().toISOString(),
      ...input,
      scenarioId: input.scenarioId ?? this.scenarioId,
    }) as EvidenceRecord;
    if (this.fd !== undefined) writeSync(this.fd, JSON.stringify(rec) + '\n');
    this.recent.push(rec);
    if (this.recent.length > this.keep) this.recent.shift();
    this.emit('record', rec);
    return rec;
  }

  query(q: EvidenceQuery = {}): EvidenceRecord[] {
    const text = q.text?.toLowerCase();
    const out = this.recent.filter((r) =>
      (q.platform === undefined || r.platform === q.platform) &&
      (q.kind === undefined || r.kind === q.kind) &&
      (q.scenarioId === undefined || r.scenarioId === q.scenarioId) &&
      (q.sinceSeq === undefined || r.seq > q.sinceSeq) &&
      (text === undefined || JSON.stringify(r).toLowerCase().includes(text)));
    return q.limit !== undefined ? out.slice(-q.limit) : out;
  }

  /** Forget the in-memory window (the file is never truncated). */
  clearMemory(): void {
    this.recent.length = 0;
  }

  get lastSeq(): number {
    return this.seq;
  }

  flush(): void {
    if (this.fd !== undefined) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd === undefined) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }
}

export function createRecorder(options: RecorderOptions = {}): Recorder {
  return new Recorder(options);
}
