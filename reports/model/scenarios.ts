import { checklistIdsOf, isFailingStatus, platformOf, scenarioVerdict, worstStatus } from './checklist.ts';
import { durationToMs, timestampToIso, type Envelope, type GherkinChild } from './envelopes.ts';
import type { CucumberInfo, ScenarioResult, StepResult, StepStatus } from './types.ts';

const STATUSES: ReadonlySet<string> = new Set(['PASSED', 'FAILED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'UNKNOWN']);
const TYPE_KEYWORD: Record<string, string> = { Context: 'Given', Action: 'When', Outcome: 'Then' };
const REASON_MAX = 500;

export interface ScenarioParse {
  scenarios: ScenarioResult[];
  cucumber: CucumberInfo;
  warnings: string[];
}

/**
 * Reads scenarios, steps and results out of a Cucumber message stream. The final
 * attempt of each test case counts (retries); a scenario that never started, or whose
 * attempt never finished, has verdict not run unless a step already failed.
 * Evidence is linked later (`evidenceSeqs` is left empty here).
 */
export function scenariosFromEnvelopes(envelopes: readonly Envelope[]): ScenarioParse {
  const warnings: string[] = [];
  const cucumber: CucumberInfo = {};
  const keywords = new Map<string, string>();
  const featureNames = new Map<string, string>();
  const pickles: NonNullable<Envelope['pickle']>[] = [];
  const hooks = new Map<string, NonNullable<Envelope['hook']>>();
  const testCases = new Map<string, NonNullable<Envelope['testCase']>>();
  const attempts = new Map<string, Array<NonNullable<Envelope['testCaseStarted']>>>();
  const stepResults = new Map<string, Map<string, NonNullable<Envelope['testStepFinished']>['testStepResult']>>();
  const finished = new Map<string, NonNullable<Envelope['testCaseFinished']>>();

  for (const e of envelopes) {
    if (e.meta) {
      cucumber.protocolVersion = e.meta.protocolVersion;
      const impl = e.meta.implementation;
      if (impl?.name) cucumber.implementation = `${impl.name}${impl.version ? ` ${impl.version}` : ''}`;
      const rt = e.meta.runtime;
      if (rt?.name) cucumber.runtime = `${rt.name}${rt.version ? ` ${rt.version}` : ''}`;
    } else if (e.gherkinDocument) {
      const doc = e.gherkinDocument;
      if (doc.uri && doc.feature?.name !== undefined) featureNames.set(doc.uri, doc.feature.name);
      collectKeywords(doc.feature?.children ?? [], keywords);
    } else if (e.pickle) pickles.push(e.pickle);
    else if (e.hook) hooks.set(e.hook.id, e.hook);
    else if (e.testCase) testCases.set(e.testCase.id, e.testCase);
    else if (e.testCaseStarted) {
      const list = attempts.get(e.testCaseStarted.testCaseId) ?? [];
      list.push(e.testCaseStarted);
      attempts.set(e.testCaseStarted.testCaseId, list);
    } else if (e.testStepFinished) {
      const f = e.testStepFinished;
      const m = stepResults.get(f.testCaseStartedId) ?? new Map();
      m.set(f.testStepId, f.testStepResult);
      stepResults.set(f.testCaseStartedId, m);
    } else if (e.testCaseFinished) finished.set(e.testCaseFinished.testCaseStartedId, e.testCaseFinished);
    else if (e.testRunStarted) cucumber.startedAt = timestampToIso(e.testRunStarted.timestamp);
    else if (e.testRunFinished) {
      cucumber.finishedAt = timestampToIso(e.testRunFinished.timestamp);
      if (typeof e.testRunFinished.success === 'boolean') cucumber.success = e.testRunFinished.success;
    }
  }

  const caseByPickle = new Map<string, NonNullable<Envelope['testCase']>>();
  for (const tc of testCases.values()) caseByPickle.set(tc.pickleId, tc);

  const scenarios = pickles.map((p): ScenarioResult => {
    const tags = (p.tags ?? []).map((t) => t.name);
    const base = {
      pickleId: p.id,
      name: p.name,
      uri: p.uri,
      line: p.location?.line,
      featureName: featureNames.get(p.uri),
      platform: platformOf(tags, p.uri),
      checklistIds: checklistIdsOf(tags),
      tags,
      evidenceSeqs: [] as number[],
    };
    const pickleSteps = new Map((p.steps ?? []).map((s) => [s.id, s]));
    const tc = caseByPickle.get(p.id);
    const tries = tc ? [...(attempts.get(tc.id) ?? [])].sort((a, b) => (a.attempt ?? 0) - (b.attempt ?? 0)) : [];
    const last = tries[tries.length - 1];
    const results = last ? stepResults.get(last.id) : undefined;
    const end = last ? finished.get(last.id) : undefined;
    let seenHookBefore = false;

    const steps: StepResult[] = tc
      ? tc.testSteps.map((ts) => {
          const r = results?.get(ts.id);
          const status = toStatus(r?.status, warnings);
          const common = {
            status,
            durationMs: durationToMs(r?.duration),
            ...failureText(r),
          };
          if (ts.pickleStepId) {
            seenHookBefore = true;
            const ps = pickleSteps.get(ts.pickleStepId);
            const keyword = (ps?.astNodeIds ?? []).map((id) => keywords.get(id)).find((k) => k !== undefined)
              ?? TYPE_KEYWORD[ps?.type ?? ''] ?? '*';
            return { keyword: keyword.trim(), text: ps?.text ?? '(unknown step)', kind: 'step' as const, ...common };
          }
          const hook = ts.hookId ? hooks.get(ts.hookId) : undefined;
          const when = hook?.type ? hookKeyword(hook.type) : seenHookBefore ? 'After' : 'Before';
          return { keyword: when, text: hook?.name ?? hook?.tagExpression ?? 'hook', kind: 'hook' as const, ...common };
        })
      : (p.steps ?? []).map((s) => ({
          keyword: ((s.astNodeIds ?? []).map((id) => keywords.get(id)).find((k) => k !== undefined) ?? TYPE_KEYWORD[s.type ?? ''] ?? '*').trim(),
          text: s.text,
          kind: 'step' as const,
          status: 'UNKNOWN' as StepStatus,
          durationMs: 0,
        }));

    const statuses = steps.map((s) => s.status);
    const verdict = last ? scenarioVerdict(statuses, end !== undefined) : 'not-run';
    const status: StepStatus = last && end ? worstStatus(statuses) : statuses.some(isFailingStatus) ? worstStatus(statuses) : 'UNKNOWN';
    const startedAt = timestampToIso(last?.timestamp);
    const finishedAt = timestampToIso(end?.timestamp);
    return {
      ...base,
      status,
      verdict,
      attempts: tries.length,
      startedAt,
      finishedAt,
      durationMs: startedAt && finishedAt ? Date.parse(finishedAt) - Date.parse(startedAt) : undefined,
      steps,
      reason: scenarioReason(verdict, steps, last !== undefined, end !== undefined),
    };
  });
  return { scenarios, cucumber, warnings: [...new Set(warnings)] };
}

function collectKeywords(children: readonly GherkinChild[], out: Map<string, string>): void {
  for (const c of children) {
    for (const s of c.background?.steps ?? []) out.set(s.id, s.keyword);
    for (const s of c.scenario?.steps ?? []) out.set(s.id, s.keyword);
    if (c.rule?.children) collectKeywords(c.rule.children, out);
  }
}

function hookKeyword(type: string): string {
  if (type.startsWith('BEFORE')) return 'Before';
  if (type.startsWith('AFTER')) return 'After';
  return 'Hook';
}

function toStatus(raw: string | undefined, warnings: string[]): StepStatus {
  if (raw === undefined) return 'UNKNOWN';
  if (STATUSES.has(raw)) return raw as StepStatus;
  warnings.push(`unknown Cucumber step status "${raw}" treated as UNKNOWN`);
  return 'UNKNOWN';
}

function failureText(r: { message?: string; exception?: { message?: string } } | undefined): { message?: string; detail?: string } {
  if (!r) return {};
  const message = r.exception?.message?.trim() || r.message?.trim();
  if (!message) return {};
  const detail = r.message?.trim();
  return detail && detail !== message ? { message, detail } : { message };
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > REASON_MAX ? `${line.slice(0, REASON_MAX - 1)}…` : line;
}

function scenarioReason(verdict: string, steps: readonly StepResult[], started: boolean, ended: boolean): string | undefined {
  if (verdict === 'passed') return undefined;
  const failing = steps.find((s) => isFailingStatus(s.status));
  if (failing) {
    const where = `${failing.keyword} ${failing.text}`;
    if (failing.status === 'UNDEFINED') return `step is undefined: ${where}`;
    if (failing.status === 'AMBIGUOUS') return `step matches more than one step definition: ${where}`;
    return failing.message ? firstLine(failing.message) : `step failed: ${where}`;
  }
  if (!started) return 'scenario did not run';
  if (!ended) return 'scenario did not finish (run interrupted)';
  const pending = steps.find((s) => s.status === 'PENDING');
  if (pending) return `step is pending: ${pending.keyword} ${pending.text}`;
  if (steps.length > 0 && steps.every((s) => s.status === 'SKIPPED')) return 'scenario skipped';
  const other = steps.find((s) => s.status !== 'PASSED');
  return other ? `step ${other.status.toLowerCase()}: ${other.keyword} ${other.text}` : 'scenario did not run';
}
