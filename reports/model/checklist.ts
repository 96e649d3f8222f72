import type { ChecklistItem, PlatformSection, ScenarioResult, StepStatus, Verdict, VerdictCounts } from './types.ts';

/** A checklist id tag, e.g. `@LZ-MSG-01`, `@KERNEL-TLS-03`, `@LZ-3.2`. */
export const CHECKLIST_TAG = /^@[A-Z][A-Z0-9]*(-[A-Z0-9.]+)+$/;
const PLATFORM_TAG = /^@platform:([a-z0-9][a-z0-9_-]*)$/i;

export function checklistIdsOf(tags: readonly string[]): string[] {
  return [...new Set(tags.filter((t) => CHECKLIST_TAG.test(t)).map((t) => t.slice(1)))];
}

/** `@platform:<key>`, else the folder under `features/`, else `unassigned`. */
export function platformOf(tags: readonly string[], uri: string): string {
  for (const t of tags) {
    const m = PLATFORM_TAG.exec(t);
    if (m) return m[1].toLowerCase();
  }
  const m = /(?:^|\/)features\/([^/]+)\//.exec(uri);
  return m ? m[1].toLowerCase() : 'unassigned';
}

const FAILING: ReadonlySet<StepStatus> = new Set(['FAILED', 'UNDEFINED', 'AMBIGUOUS']);
const SEVERITY: readonly StepStatus[] = ['PASSED', 'SKIPPED', 'PENDING', 'UNKNOWN', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];

export function isFailingStatus(s: StepStatus): boolean {
  return FAILING.has(s);
}

/** The worst of a list of statuses; an empty list is PASSED (a scenario without steps). */
export function worstStatus(statuses: readonly StepStatus[]): StepStatus {
  let worst: StepStatus = 'PASSED';
  for (const s of statuses) if (SEVERITY.indexOf(s) > SEVERITY.indexOf(worst)) worst = s;
  return worst;
}

/**
 * Scenario verdict: failed on any failed/undefined/ambiguous step, passed when it
 * finished with every step passed, otherwise not run (skipped, pending, never started,
 * interrupted).
 */
export function scenarioVerdict(statuses: readonly StepStatus[], finished: boolean): Verdict {
  if (statuses.some(isFailingStatus)) return 'failed';
  if (finished && statuses.every((s) => s === 'PASSED')) return 'passed';
  return 'not-run';
}

/** Item verdict: passed when all its scenarios passed, failed when any failed, else not run. */
export function itemVerdict(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.some((v) => v === 'failed')) return 'failed';
  if (verdicts.length > 0 && verdicts.every((v) => v === 'passed')) return 'passed';
  return 'not-run';
}

export function countVerdicts(verdicts: Iterable<Verdict>): VerdictCounts {
  const c: VerdictCounts = { passed: 0, failed: 0, notRun: 0 };
  for (const v of verdicts) {
    if (v === 'passed') c.passed++;
    else if (v === 'failed') c.failed++;
    else c.notRun++;
  }
  return c;
}

const byNatural = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/** Groups scenarios into checklist items per platform; a scenario with several ids counts for each. */
export function buildChecklist(scenarios: readonly ScenarioResult[]): PlatformSection[] {
  const byPlatform = new Map<string, Map<string, ScenarioResult[]>>();
  for (const s of scenarios) {
    const platform = s.platform ?? 'unassigned';
    let items = byPlatform.get(platform);
    if (!items) byPlatform.set(platform, (items = new Map()));
    for (const id of s.checklistIds) {
      const list = items.get(id) ?? [];
      list.push(s);
      items.set(id, list);
    }
  }
  const sections: PlatformSection[] = [];
  for (const platform of [...byPlatform.keys()].sort(byNatural)) {
    const items = byPlatform.get(platform)!;
    const out: ChecklistItem[] = [];
    for (const id of [...items.keys()].sort(byNatural)) {
      const list = items.get(id)!;
      const verdict = itemVerdict(list.map((s) => s.verdict));
      const evidence = new Set(list.flatMap((s) => s.evidenceSeqs));
      out.push({
        checklistId: id,
        platform,
        verdict,
        reason: itemReason(verdict, list),
        scenarioIds: list.map((s) => s.pickleId),
        evidenceCount: evidence.size,
      });
    }
    if (out.length > 0) sections.push({ platform, counts: countVerdicts(out.map((i) => i.verdict)), items: out });
  }
  return sections;
}

function itemReason(verdict: Verdict, list: readonly ScenarioResult[]): string | undefined {
  if (verdict === 'passed') return undefined;
  const relevant = list.filter((s) => s.verdict === verdict);
  const first = relevant.find((s) => s.reason) ?? relevant[0];
  if (!first) return undefined;
  const prefix = list.length > 1 ? `${relevant.length} of ${list.length} scenarios ${verdict === 'failed' ? 'failed' : 'did not run'}; "${first.name}": ` : '';
  return prefix + (first.reason ?? (verdict === 'failed' ? 'failed' : 'did not run'));
}
