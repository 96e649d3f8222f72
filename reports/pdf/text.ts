import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ItemVerdict } from '../model/v1/types.ts';

/** Thrown when poppler's pdftotext is not installed (apt-get install poppler-utils). */
export class PdfToolMissingError extends Error {
  readonly code = 'REPORT_PDFTOTEXT_MISSING';
  constructor(tool: string) {
    super(`${tool} not found; install poppler-utils to check report.pdf`);
  }
}

/** Text of a PDF, layout kept (pdftotext -layout), pages separated by form feeds. */
export function pdfText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'govsim-pdf-'));
  try {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    const res = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
    if (res.error && (res.error as NodeJS.ErrnoException).code === 'ENOENT') throw new PdfToolMissingError('pdftotext');
    if (res.status !== 0) throw new Error(`pdftotext failed (exit ${res.status}): ${res.stderr.trim()}`);
    return res.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const VERDICT_WORDS: Record<string, ItemVerdict> = { passed: 'passed', failed: 'failed', 'not run': 'not-run', 'not applicable': 'not-applicable' };

/**
 * Checklist rows as printed: "<id> <environment> <verdict>" at the start of a line. Returns
 * every verdict printed per `<id> <environment>` key.
 */
export function verdictRows(text: string, ids: readonly string[]): Map<string, ItemVerdict[]> {
  const out = new Map<string, ItemVerdict[]>();
  const wanted = new Set(ids);
  const row = /^\s*([A-Z][A-Z0-9]*(?:-[A-Z0-9.]+)+)\s+(\S+)\s+(passed|failed|not run|not applicable)\b/;
  for (const line of text.split(/\r?\n|\f/)) {
    const m = row.exec(line);
    if (!m || !wanted.has(m[1])) continue;
    const key = `${m[1]} ${m[2]}`;
    const list = out.get(key) ?? [];
    list.push(VERDICT_WORDS[m[3]]);
    out.set(key, list);
  }
  return out;
}

/** Number of pages (form feeds separate pages in pdftotext output). */
export function pageCount(text: string): number {
  return text.split('\f').filter((p, i, all) => i < all.length - 1 || p.trim() !== '').length;
}
