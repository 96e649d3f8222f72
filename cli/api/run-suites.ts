import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import type { Envelope, TestStepResultStatus } from '@cucumber/messages';
import type { GovsimParameters } from '../../steps/support/parameters.ts';
import { configHash } from '../../reports/index.ts';
import type { SutMode } from '../../simulators/kernel/sut/drivers.ts';

export const PROJECT_ROOT = resolve(new URL('../..', import.meta.url).pathname);

export interface RunSuitesOptions {
  /** Suite folders under features/ (e.g. `kernel`, `mijnoverheid`); default all. */
  suites?: string[];
  tags?: string;
  /** Regular expression over scenario names. */
  name?: string;
  environment?: string;
  sutMode?: SutMode;
  sutCommand?: string;
  sutWebhook?: string;
  variant?: string;
  defects?: string[];
  timeoutMs?: number;
  pkiDir?: string;
  /** Parent folder of run directories; default govsim-out/runs. */
  outDir?: string;
  runId?: string;
  /** Where Cucumber's progress output goes; default process.stdout. */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

export interface ScenarioCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export interface RunSuitesResult {
  runId: string;
  runDir: string;
  success: boolean;
  counts: ScenarioCounts;
  /** Scenario name → final status, for negative-control tests. */
  scenarios: Array<{ name: string; tags: string[]; status: string; message?: string }>;
}

export function availableSuites(): string[] {
  const dir = join(PROJECT_ROOT, 'features');
  return existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
}

/**
 * A suite may declare the platform environments it must pass on, in
 * features/<suite>/suite.json: `{ "environments": ["test", "refz"] }`.
 */
export function suiteEnvironments(suite: string): string[] | undefined {
  const file = join(PROJECT_ROOT, 'features', suite, 'suite.json');
  if (!existsSync(file)) return undefined;
  const envs = (JSON.parse(readFileSync(file, 'utf8')) as { environments?: unknown }).environments;
  if (envs !== undefined && !(Array.isArray(envs) && envs.length > 0 && envs.every((e) => typeof e === 'string'))) {
    throw new Error(`${file}: "environments" must be a non-empty list of names`);
  }
  return envs as string[] | undefined;
}

const SEVERITY: TestStepResultStatus[] = ['PASSED', 'SKIPPED', 'PENDING', 'UNKNOWN', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'] as TestStepResultStatus[];

/**
 * Runs Cucumber suites in-process and writes the run directory (evidence, messages, JUnit,
 * HTML, run.json). Once per process: Cucumber registers steps and hooks when their modules
 * load, so a second call would run without the first call's (cached) support code; run
 * further suites in a new process (`govsim test` does).
 */
export async function runSuites(o: RunSuitesOptions = {}): Promise<RunSuitesResult> {
  const known = availableSuites();
  const suites = o.suites?.length ? o.suites : known;
  for (const s of suites) if (!known.includes(s)) throw new Error(`unknown suite "${s}" (known: ${known.join(', ')})`);
  const runId = o.runId ?? `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
  const runDir = resolve(o.outDir ?? join(PROJECT_ROOT, 'govsim-out', 'runs'), runId);
  mkdirSync(runDir, { recursive: true });
  const sutMode = o.sutMode ?? 'reference';
  const timeoutMs = o.timeoutMs ?? (sutMode === 'manual' ? 300_000 : sutMode === 'trigger' ? 60_000 : 10_000);
  process.env.GOVSIM_STEP_TIMEOUT_MS = String(timeoutMs + 15_000);

  const params: GovsimParameters = {
    runDir, runId, sutMode, timeoutMs,
    environment: o.environment, sutCommand: o.sutCommand, sutWebhook: o.sutWebhook,
    variant: o.variant, defects: o.defects ?? [], pkiDir: o.pkiDir && resolve(o.pkiDir),
  };
  const config = { suites, tags: o.tags ?? '', name: o.name ?? '', environment: o.environment ?? '', sutMode, variant: o.variant ?? '', defects: o.defects ?? [] };
  const runInfo = {
    runId, harnessVersion: harnessVersion(), gitCommit: gitCommit(), startedAt: new Date().toISOString(),
    environment: o.environment ?? 'default', sutMode, platforms: suites, tags: o.tags ?? '', config,
    configHash: configHash(config),
  };
  writeFileSync(join(runDir, 'run.json'), JSON.stringify(runInfo, null, 2) + '\n');

  const { runConfiguration } = await loadConfiguration({
    file: false,
    provided: {
      paths: suites.map((s) => join(PROJECT_ROOT, 'features', s, '**/*.feature')),
      import: [join(PROJECT_ROOT, 'steps/support/**/*.ts'), ...suites.map((s) => join(PROJECT_ROOT, 'steps', s, '**/*.ts'))],
      tags: o.tags ?? '',
      name: o.name ? [o.name] : [],
      format: [
        'progress',
        ['message', join(runDir, 'messages.ndjson')],
        ['junit', join(runDir, 'junit.xml')],
        ['html', join(runDir, 'cucumber.html')],
      ],
      formatOptions: { junit: { suiteName: `govsim ${suites.join(',')}` } },
      worldParameters: params as unknown as Record<string, never>,
      strict: true,
    },
  }, { cwd: PROJECT_ROOT });

  const tracker = scenarioTracker();
  const { success } = await runCucumber(runConfiguration, {
    cwd: PROJECT_ROOT,
    stdout: (o.stdout ?? process.stdout) as never,
    stderr: (o.stderr ?? process.stderr) as never,
  }, tracker.onMessage);

  const scenarios = tracker.results();
  const counts = {
    passed: scenarios.filter((s) => s.status === 'PASSED').length,
    failed: scenarios.filter((s) => !['PASSED', 'SKIPPED', 'PENDING'].includes(s.status)).length,
    skipped: scenarios.filter((s) => ['SKIPPED', 'PENDING'].includes(s.status)).length,
  };
  writeFileSync(join(runDir, 'run.json'), JSON.stringify({ ...runInfo, finishedAt: new Date().toISOString(), counts, success, scenarios }, null, 2) + '\n');
  return { runId, runDir, success, counts, scenarios };
}

/** Follows Cucumber messages to get each scenario's final status. */
function scenarioTracker() {
  const pickles = new Map<string, { name: string; tags: string[] }>();
  const caseToPickle = new Map<string, string>();
  const started = new Map<string, { testCaseId: string; worst: TestStepResultStatus; message?: string }>();
  const finished: RunSuitesResult['scenarios'] = [];
  return {
    onMessage(m: Envelope) {
      if (m.pickle) pickles.set(m.pickle.id, { name: m.pickle.name, tags: m.pickle.tags.map((t) => t.name) });
      else if (m.testCase) caseToPickle.set(m.testCase.id, m.testCase.pickleId);
      else if (m.testCaseStarted) started.set(m.testCaseStarted.id, { testCaseId: m.testCaseStarted.testCaseId, worst: 'PASSED' as TestStepResultStatus });
      else if (m.testStepFinished) {
        const s = started.get(m.testStepFinished.testCaseStartedId);
        const status = m.testStepFinished.testStepResult.status;
        if (s && SEVERITY.indexOf(status) > SEVERITY.indexOf(s.worst)) {
          s.worst = status;
          s.message = m.testStepFinished.testStepResult.message;
        }
      } else if (m.testCaseFinished && !m.testCaseFinished.willBeRetried) {
        const s = started.get(m.testCaseFinished.testCaseStartedId);
        const pickle = s && pickles.get(caseToPickle.get(s.testCaseId) ?? '');
        if (s && pickle) finished.push({ ...pickle, status: s.worst, message: s.message });
      }
    },
    results: () => finished,
  };
}

export function harnessVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return undefined;
  }
}
