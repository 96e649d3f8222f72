import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MESSAGES_FILE, modelInputsFromTexts } from '../bundle/inputs.ts';
import { EVIDENCE_FILE, RUN_FILE } from '../bundle/inputs.ts';
import { ReportError } from '../errors.ts';
import { buildReportModelV1 } from '../model/v1/build.ts';
import type { ItemVerdict, ReportDocumentV1, ReportModelV1 } from '../model/v1/types.ts';

/** One checklist item in one environment, as compared by `govsim report diff`. */
export interface DiffEntry {
  platform: string;
  checklistId: string;
  environment: string;
  verdict: ItemVerdict;
  reason?: string;
}

export interface ItemChange {
  platform: string;
  checklistId: string;
  environment: string;
  /** Undefined when the item is not in that side. */
  before?: ItemVerdict;
  after?: ItemVerdict;
  reasonAfter?: string;
  /** passed → anything else, or applicable → missing. */
  regression: boolean;
}

export interface ReportDiff {
  a: string;
  b: string;
  changed: ItemChange[];
  unchanged: number;
}

export interface DiffSide {
  label: string;
  entries: DiffEntry[];
}

/** Entries of a bundle (report.json v1) or a run folder (built on the fly, unsigned). */
export function loadReportForDiff(path: string): DiffSide {
  if (!existsSync(path)) throw new ReportError('REPORT_RUN_DIR_MISSING', `${path} does not exist`);
  const file = statSync(path).isDirectory() ? join(path, 'report.json') : path;
  if (existsSync(file) && statSync(file).isFile()) {
    let doc: ReportDocumentV1;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8')) as ReportDocumentV1;
    } catch (err) {
      throw new ReportError('REPORT_INPUT_MALFORMED', `${file}: ${(err as Error).message}`);
    }
    if (doc.reportVersion === '1') return { label: file, entries: entriesV1(doc) };
    throw new ReportError('REPORT_INPUT_MALFORMED', `${file}: unsupported report format (reportVersion ${JSON.stringify((doc as { reportVersion?: unknown }).reportVersion ?? null)}); only report v1 bundles can be compared`);
  }
  if (existsSync(join(path, MESSAGES_FILE))) {
    const opt = (n: string): string | undefined => (existsSync(join(path, n)) ? readFileSync(join(path, n), 'utf8') : undefined);
    const inputs = modelInputsFromTexts({ messages: opt(MESSAGES_FILE)!, evidenceFile: existsSync(join(path, EVIDENCE_FILE)) ? join(path, EVIDENCE_FILE) : undefined, run: opt(RUN_FILE) });
    const model = buildReportModelV1({ runs: [{ key: 'run', files: { messages: MESSAGES_FILE }, inputs }] });
    return { label: path, entries: entriesV1(model) };
  }
  throw new ReportError('REPORT_INPUT_MISSING', `${path} is neither a report bundle (report.json) nor a run folder (messages.ndjson)`);
}

function entriesV1(doc: ReportModelV1): DiffEntry[] {
  return doc.platforms.flatMap((p) => p.items.flatMap((i) => {
    const results = i.results.length ? i.results : [{ environment: '-', verdict: i.verdict, reason: i.reason }];
    return results.map((r) => {
      const verdict = i.verdict === 'not-applicable' ? 'not-applicable' : r.verdict;
      const reason = i.verdict === 'not-applicable' ? i.reason : r.reason;
      return { platform: p.platform, checklistId: i.checklistId, environment: r.environment, verdict, ...(reason ? { reason } : {}) };
    });
  }));
}

/** Which items changed verdict between two reports (per platform, id and environment). */
export function diffReports(a: DiffSide, b: DiffSide): ReportDiff {
  const key = (e: DiffEntry): string => `${e.platform}\u0000${e.checklistId}\u0000${e.environment}`;
  const before = new Map(a.entries.map((e) => [key(e), e]));
  const after = new Map(b.entries.map((e) => [key(e), e]));
  const changed: ItemChange[] = [];
  let unchanged = 0;
  for (const k of [...new Set([...before.keys(), ...after.keys()])]) {
    const x = before.get(k);
    const y = after.get(k);
    if (x && y && x.verdict === y.verdict) { unchanged++; continue; }
    const e = (y ?? x)!;
    changed.push({
      platform: e.platform, checklistId: e.checklistId, environment: e.environment,
      ...(x ? { before: x.verdict } : {}), ...(y ? { after: y.verdict } : {}),
      ...(y?.reason ? { reasonAfter: y.reason } : {}),
      regression: x?.verdict === 'passed' && y?.verdict !== 'passed',
    });
  }
  changed.sort((p, q) => p.platform.localeCompare(q.platform) || p.checklistId.localeCompare(q.checklistId, 'en', { numeric: true }) || p.environment.localeCompare(q.environment));
  return { a: a.label, b: b.label, changed, unchanged };
}

/** Plain-text diff for the terminal. */
export function formatDiff(d: ReportDiff): string {
  const v = (x?: ItemVerdict): string => x ?? 'absent';
  const lines = [`Comparing ${d.a}`, `     with ${d.b}`, ''];
  if (d.changed.length === 0) lines.push(`No checklist item changed (${d.unchanged} unchanged).`);
  else {
    lines.push(`${d.changed.length} checklist item(s) changed, ${d.unchanged} unchanged:`);
    for (const c of d.changed) {
      lines.push(`  ${c.regression ? '!' : ' '} ${c.platform}/${c.checklistId} [${c.environment}]: ${v(c.before)} -> ${v(c.after)}${c.reasonAfter && c.after !== 'passed' ? ` (${c.reasonAfter})` : ''}`);
    }
    if (d.changed.some((c) => c.regression)) lines.push('', '! = regression (passed before, not passed now)');
  }
  return lines.join('\n');
}
