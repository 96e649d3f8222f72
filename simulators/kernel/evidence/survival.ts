import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readEvidence } from './read.ts';

export interface SurvivalResult {
  /** Highest seq the writer reported as acknowledged before it was killed. */
  acknowledged: number;
  /** Records found in the file afterwards. */
  found: number;
  /** Acknowledged seqs missing from the file: must be empty. */
  lost: number[];
  gaps: number;
  truncatedTail: boolean;
  /** True when the writer died by SIGKILL (not by finishing first). */
  killed: boolean;
}

const WRITER = fileURLToPath(new URL('./survival-writer.ts', import.meta.url));

/**
 * Starts a child process that appends `records` evidence records to `file` and reports
 * each acknowledged seq on stdout, kills it with SIGKILL once `killAfter` records are
 * acknowledged, then checks that every acknowledged record can be read back.
 * `writer` selects the recorder under test (the default is govsim's own; `buffered`
 * is a deliberately unsafe writer used as a negative control).
 */
export async function runSurvivalCheck(options: {
  file: string;
  records: number;
  killAfter: number;
  writer?: 'recorder' | 'buffered';
}): Promise<SurvivalResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, options.file, String(options.records), options.writer ?? 'recorder'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let acknowledged = 0;
  let killed = false;
  await new Promise<void>((resolve, reject) => {
    child.on('message', (seq) => {
      if (typeof seq === 'number' && seq > acknowledged) acknowledged = seq;
      if (acknowledged >= options.killAfter && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => { killed = signal === 'SIGKILL'; resolve(); });
  });
  const { records, gaps, truncatedTail } = existsSync(options.file)
    ? readEvidence(options.file)
    : { records: [], gaps: [], truncatedTail: false };
  const seen = new Set(records.map((r) => r.seq));
  const lost: number[] = [];
  for (let s = 1; s <= acknowledged; s++) if (!seen.has(s)) lost.push(s);
  return { acknowledged, found: records.length, lost, gaps: gaps.length, truncatedTail, killed };
}
