import { describe, expect, it } from 'vitest';
import { buildChecklist } from './checklist.ts';
import type { Envelope } from './envelopes.ts';
import { scenariosFromEnvelopes } from './scenarios.ts';

const ts = (s: number) => ({ seconds: 1_800_000_000 + s, nanos: 0 });

/** A synthetic message stream: one pickle per entry, results per attempt. */
function stream(cases: Array<{ id: string; tags: string[]; attempts: Array<Array<string | { status: string; message?: string }>>; finished?: boolean; hooks?: boolean }>): Envelope[] {
  const out: Envelope[] = [{ meta: { protocolVersion: '32.2.0', implementation: { name: 'cucumber-js', version: '12.9.0' } } }];
  out.push({ hook: { id: 'h-before', name: 'start simulators', type: 'BEFORE_TEST_CASE' } });
  for (const c of cases) {
    const stepsCount = c.attempts[0]?.length ?? 2;
    const pickleSteps = Array.from({ length: c.hooks ? stepsCount - 1 : stepsCount }, (_, i) => ({ id: `${c.id}-ps${i}`, text: `step ${i}`, type: i === 0 ? 'Context' : 'Outcome' }));
    out.push({ pickle: { id: c.id, uri: 'features/cpr/x.feature', name: `scenario ${c.id}`, tags: c.tags.map((name) => ({ name })), steps: pickleSteps } });
    const testSteps = [
      ...(c.hooks ? [{ id: `${c.id}-hook`, hookId: 'h-before' }] : []),
      ...pickleSteps.map((p, i) => ({ id: `${c.id}-ts${i}`, pickleStepId: p.id })),
    ];
    out.push({ testCase: { id: `tc-${c.id}`, pickleId: c.id, testSteps } });
    c.attempts.forEach((results, attempt) => {
      const started = `tcs-${c.id}-${attempt}`;
      out.push({ testCaseStarted: { id: started, testCaseId: `tc-${c.id}`, attempt, timestamp: ts(attempt) } });
      results.forEach((r, i) => {
        const res = typeof r === 'string' ? { status: r } : r;
        out.push({ testStepFinished: { testCaseStartedId: started, testStepId: testSteps[i].id, testStepResult: { ...res, duration: { seconds: 0, nanos: 2_000_000 } } } });
      });
      const last = attempt === c.attempts.length - 1;
      if (!last || c.finished !== false) out.push({ testCaseFinished: { testCaseStartedId: started, timestamp: ts(attempt + 1), willBeRetried: !last } });
    });
  }
  return out;
}

describe('scenario verdicts from Cucumber statuses', () => {
  const { scenarios } = scenariosFromEnvelopes(stream([
    { id: 'pass', tags: ['@platform:cpr', '@CPR-PROT-01'], attempts: [['PASSED', 'PASSED']] },
    { id: 'undef', tags: ['@platform:cpr', '@CPR-PROT-02'], attempts: [['PASSED', 'UNDEFINED']] },
    { id: 'ambig', tags: ['@platform:cpr', '@CPR-PROT-03'], attempts: [['AMBIGUOUS', 'SKIPPED']] },
    { id: 'skip', tags: ['@platform:cpr', '@CPR-PROT-04'], attempts: [['SKIPPED', 'SKIPPED']] },
    { id: 'pend', tags: ['@platform:cpr', '@CPR-PROT-05'], attempts: [['PASSED', 'PENDING']] },
    { id: 'never', tags: ['@platform:cpr', '@CPR-PROT-06'], attempts: [] },
    { id: 'retry', tags: ['@platform:cpr', '@CPR-PROT-07'], attempts: [['PASSED', { status: 'FAILED', message: 'flaky' }], ['PASSED', 'PASSED']] },
    { id: 'retryfail', tags: ['@platform:cpr', '@CPR-PROT-08'], attempts: [['PASSED', 'PASSED'], ['PASSED', { status: 'FAILED', message: 'second try broke\nstack' }]] },
    { id: 'cut', tags: ['@platform:cpr', '@CPR-PROT-09'], attempts: [['PASSED']], finished: false },
    { id: 'hook', tags: ['@platform:cpr', '@CPR-PROT-10'], attempts: [[{ status: 'FAILED', message: 'simulator did not start' }, 'SKIPPED']], hooks: true },
  ]));
  const v = Object.fromEntries(scenarios.map((s) => [s.pickleId, s]));

  it('passes only when every step passed', () => {
    expect(v.pass.verdict).toBe('passed');
    expect(v.pass.steps.map((s) => s.keyword)).toEqual(['Given', 'Then']);
  });
  it('fails on undefined, ambiguous and failed steps, with a reason', () => {
    expect(v.undef).toMatchObject({ verdict: 'failed', status: 'UNDEFINED', reason: 'step is undefined: Then step 1' });
    expect(v.ambig).toMatchObject({ verdict: 'failed', status: 'AMBIGUOUS' });
    expect(v.ambig.reason).toMatch(/more than one step definition/);
  });
  it('does not count skipped, pending, never-run or interrupted scenarios as passed', () => {
    expect(v.skip).toMatchObject({ verdict: 'not-run', reason: 'scenario skipped' });
    expect(v.pend).toMatchObject({ verdict: 'not-run', reason: 'step is pending: Then step 1' });
    expect(v.never).toMatchObject({ verdict: 'not-run', attempts: 0, status: 'UNKNOWN', reason: 'scenario did not run' });
    expect(v.never.steps.every((s) => s.status === 'UNKNOWN')).toBe(true);
    expect(v.cut).toMatchObject({ verdict: 'not-run', reason: 'scenario did not finish (run interrupted)' });
  });
  it('uses the final attempt of a retried scenario', () => {
    expect(v.retry).toMatchObject({ verdict: 'passed', attempts: 2 });
    expect(v.retryfail).toMatchObject({ verdict: 'failed', attempts: 2, reason: 'second try broke' });
  });
  it('fails a scenario whose hook failed and shows the hook as a step', () => {
    expect(v.hook.verdict).toBe('failed');
    expect(v.hook.steps[0]).toMatchObject({ kind: 'hook', keyword: 'Before', text: 'start simulators', status: 'FAILED', message: 'simulator did not start' });
  });
});

describe('checklist items', () => {
  const { scenarios } = scenariosFromEnvelopes(stream([
    { id: 'a', tags: ['@platform:fitconnect', '@FC-SND-07', '@FC-SND-08'], attempts: [['PASSED', 'PASSED']] },
    { id: 'b', tags: ['@platform:fitconnect', '@FC-SND-08'], attempts: [['PASSED', { status: 'FAILED', message: 'no cty header' }]] },
    { id: 'c', tags: ['@platform:fitconnect', '@FC-SND-09'], attempts: [['PASSED', 'PASSED']] },
    { id: 'd', tags: ['@platform:fitconnect', '@FC-SND-09'], attempts: [['SKIPPED', 'SKIPPED']] },
    { id: 'e', tags: ['@platform:fitconnect', '@wip', '@fc-lower-1', '@LZ-3.2'], attempts: [['PASSED', 'PASSED']] },
    { id: 'f', tags: ['@smoke'], attempts: [['PASSED', 'PASSED']] },
  ]));
  const sections = buildChecklist(scenarios);
  const items = new Map(sections.flatMap((p) => p.items).map((i) => [i.checklistId, i]));

  it('fails an item when any of its scenarios failed, naming the failing one', () => {
    expect(items.get('FC-SND-07')!.verdict).toBe('passed');
    expect(items.get('FC-SND-08')).toMatchObject({ verdict: 'failed', scenarioIds: ['a', 'b'] });
    expect(items.get('FC-SND-08')!.reason).toBe('1 of 2 scenarios failed; "scenario b": no cty header');
  });
  it('does not pass an item when one of its scenarios did not run', () => {
    expect(items.get('FC-SND-09')!.verdict).toBe('not-run');
    expect(items.get('FC-SND-09')!.reason).toMatch(/1 of 2 scenarios did not run/);
  });
  it('takes only tags of the checklist shape as ids', () => {
    expect([...items.keys()].sort()).toEqual(['FC-SND-07', 'FC-SND-08', 'FC-SND-09', 'LZ-3.2']);
    expect(sections.map((s) => s.platform)).toEqual(['fitconnect']);
    expect(scenarios.find((s) => s.pickleId === 'f')!.platform).toBe('cpr');
  });
});
