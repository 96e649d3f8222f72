import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { availableSuites, PROJECT_ROOT, suiteEnvironments } from '../api/run-suites.ts';
import { parseCliArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';

const usage = `Usage: govsim test [--unit-only | --suites-only]

Runs govsim's own checks: the vitest unit tests (including the negative controls), the
wall-clock timing tests (*.timing.test.ts) alone so parallel files cannot skew them, then
every Cucumber suite against the simulators in reference mode. Ends with one line
"N passed, N failed" (", N skipped" when any) summing unit tests and scenarios.
This is what "npm test" and CI run.`;

interface Counts { passed: number; failed: number; skipped: number }

async function runVitest(phase: 'main' | 'timing'): Promise<Counts> {
  const out = join(PROJECT_ROOT, 'govsim-out', `vitest-${phase}.json`);
  mkdirSync(join(PROJECT_ROOT, 'govsim-out'), { recursive: true });
  rmSync(out, { force: true });
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], {
      cwd: PROJECT_ROOT, stdio: 'inherit', env: { ...process.env, GOVSIM_VITEST_PHASE: phase },
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  if (!existsSync(out)) return { passed: 0, failed: 1, skipped: 0 }; // vitest itself broke
  const r = JSON.parse(readFileSync(out, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; numFailedTestSuites: number };
  // A file that fails to load has no tests to count; count it as a failure.
  const failed = r.numFailedTests + (r.numFailedTests === 0 && (r.numFailedTestSuites > 0 || code !== 0) ? Math.max(1, r.numFailedTestSuites) : 0);
  return { passed: r.numPassedTests, failed, skipped: r.numPendingTests + r.numTodoTests };
}

/** One run for the suites without declared environments, then one per suite environment. */
function suitePlans(): Array<{ suites: string[]; environment?: string }> {
  const plain: string[] = [];
  const plans: Array<{ suites: string[]; environment?: string }> = [];
  for (const suite of availableSuites()) {
    const envs = suiteEnvironments(suite);
    if (envs) for (const environment of envs) plans.push({ suites: [suite], environment });
    else plain.push(suite);
  }
  return plain.length ? [{ suites: plain }, ...plans] : plans;
}

/**
 * Each plan runs in its own `govsim run` process: Cucumber registers hooks and steps when
 * their modules load, and a second in-process run would see the first run's cached modules.
 */
async function runPlan(plan: { suites: string[]; environment?: string }): Promise<{ runDir: string; success: boolean; counts: Counts }> {
  const parent = join(PROJECT_ROOT, 'govsim-out', 'runs', `test-${Date.now()}-${plan.suites.join('+')}${plan.environment ? `-${plan.environment}` : ''}`);
  mkdirSync(parent, { recursive: true });
  const args = [join(PROJECT_ROOT, 'cli/govsim.mjs'), 'run', '--out', parent, '--sut', 'reference', ...plan.suites.flatMap((s) => ['--platform', s]),
    ...(plan.environment ? ['--env', plan.environment] : [])];
  await new Promise<void>((resolve) => spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: 'inherit' }).on('exit', () => resolve()));
  const [runId] = readdirSync(parent);
  if (!runId || !existsSync(join(parent, runId, 'run.json'))) return { runDir: parent, success: false, counts: { passed: 0, failed: 1, skipped: 0 } };
  const run = JSON.parse(readFileSync(join(parent, runId, 'run.json'), 'utf8')) as { success?: boolean; counts?: Counts };
  return { runDir: join(parent, runId), success: run.success === true, counts: run.counts ?? { passed: 0, failed: 1, skipped: 0 } };
}

export const command: CliCommand = {
  name: 'test',
  summary: 'run the unit tests and every suite',
  usage,
  async run(argv) {
    const { values } = parseCliArgs(argv, { 'unit-only': { type: 'boolean' }, 'suites-only': { type: 'boolean' } });
    const total: Counts = { passed: 0, failed: 0, skipped: 0 };
    const add = (c: Counts, label: string) => {
      console.log(`${label}: ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`);
      total.passed += c.passed; total.failed += c.failed; total.skipped += c.skipped;
    };
    if (!values['suites-only']) {
      add(await runVitest('main'), '\nUnit tests');
      add(await runVitest('timing'), '\nTiming tests (run alone)');
    }
    if (!values['unit-only']) {
      for (const plan of suitePlans()) {
        const result = await runPlan(plan);
        add(result.counts, `\nScenarios (${plan.suites.join(', ')}${plan.environment ? `, environment ${plan.environment}` : ''})`);
        console.log(`Run folder: ${result.runDir}`);
        if (!result.success && result.counts.failed === 0) total.failed += 1; // e.g. undefined steps counted by Cucumber only
      }
    }
    console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
    return total.failed === 0 ? 0 : 1;
  },
};
