import { readFileSync } from 'node:fs';
import type { EvidenceRecord } from './record.ts';

export interface EvidenceReadResult {
  records: EvidenceRecord[];
  /** A last line cut off by a crash mid-write (never an acknowledged record). */
  truncatedTail: boolean;
  /** seq values missing inside a run: each is a lost record. */
  gaps: Array<{ runId: string; afterSeq: number; nextSeq: number }>;
}

/** Reads an evidence JSONL file, tolerating a torn last line left by a killed process. */
export function readEvidence(file: string): EvidenceReadResult {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const records: EvidenceRecord[] = [];
  let truncatedTail = false;
  lines.forEach((line, i) => {
    if (line === '') return;
    try {
      records.push(JSON.parse(line) as EvidenceRecord);
    } catch (err) {
      if (i === lines.length - 1) truncatedTail = true;
      else throw new Error(`${file}:${i + 1}: evidence line is not JSON (${(err as Error).message})`);
    }
  });
  const gaps: EvidenceReadResult['gaps'] = [];
  const last = new Map<string, number>();
  for (const r of records) {
    const prev = last.get(r.runId) ?? 0;
    if (r.seq !== prev + 1) gaps.push({ runId: r.runId, afterSeq: prev, nextSeq: r.seq });
    last.set(r.runId, r.seq);
  }
  return { records, truncatedTail, gaps };
}
