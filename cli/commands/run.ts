import { availableSuites, runSuites } from '../api/run-suites.ts';
import { listOption, parseCliArgs } from '../args.ts';
import { CliError, type CliCommand } from '../command.ts';
import { SUT_MODES, type SutMode } from '../../simulators/kernel/sut/drivers.ts';

const usage = `Usage: govsim run [options]

Runs the Cucumber conformance suites against the simulators. Each run writes a folder
govsim-out/runs/<runId>/ with evidence.jsonl, messages.ndjson, junit.xml, cucumber.html
and run.json; build the signed report from it with "govsim report".

Options:
  --platform <p>        suite(s) to run, comma-separated or repeated (default: all: ${availableSuites().join(', ')})
  --tags <expr>         Cucumber tag expression, e.g. "@LZ-MSG-01 or @LZ-CON-01", "not @slow"
  --name <regex>        only scenarios whose name matches
  --env <environment>   platform environment (e.g. FIT-Connect "test" or "refz")
  --sut <mode>          how the system under test is driven: reference (built-in client,
                        default), trigger (--sut-command or --sut-webhook), manual (a tester acts)
  --sut-command <cmd>   trigger mode: shell command run per SUT action, with GOVSIM_PLATFORM,
                        GOVSIM_ACTION, GOVSIM_PARAMS (JSON) and GOVSIM_SCENARIO (JSON) set
  --sut-webhook <url>   trigger mode: URL that receives each SUT action as a JSON POST
  --variant <name>      reference mode: play a deliberately broken client (negative control)
  --timeout <ms>        how long a step waits for the SUT (default 10000 reference,
                        60000 trigger, 300000 manual)
  --pki <dir>           use the persistent test PKI in <dir> (default: ephemeral per run)
  --out <dir>           parent folder of run folders (default govsim-out/runs)
  --defect <name>       (harness self-test only) run the kernel with a deliberate defect

Examples:
  govsim run --platform kernel
  govsim run --platform mijnoverheid --tags @LZ-CON-01 --sut trigger --sut-command ./drive-sut.sh

Exit codes: 0 all scenarios passed, 1 a scenario failed, 2 usage error.`;

export const command: CliCommand = {
  name: 'run',
  summary: 'run Cucumber conformance suites',
  usage,
  async run(argv) {
    const { values: v } = parseCliArgs(argv, {
      platform: { type: 'string', multiple: true },
      tags: { type: 'string' },
      name: { type: 'string' },
      env: { type: 'string' },
      sut: { type: 'string', default: 'reference' },
      'sut-command': { type: 'string' },
      'sut-webhook': { type: 'string' },
      variant: { type: 'string' },
      timeout: { type: 'string' },
      pki: { type: 'string' },
      out: { type: 'string' },
      defect: { type: 'string', multiple: true },
    });
    if (!SUT_MODES.includes(v.sut as SutMode)) throw new CliError(`--sut must be one of ${SUT_MODES.join(', ')}, not "${v.sut}"`);
    if (v.sut === 'trigger' && !v['sut-command'] === !v['sut-webhook']) throw new CliError('--sut trigger needs exactly one of --sut-command or --sut-webhook');
    if (v.variant && v.sut !== 'reference') throw new CliError('--variant only applies to --sut reference');
    const timeoutMs = v.timeout === undefined ? undefined : Number(v.timeout);
    if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) throw new CliError('--timeout must be a positive number of milliseconds');
    let result;
    try {
      result = await runSuites({
        suites: listOption(v.platform), tags: v.tags, name: v.name, environment: v.env,
        sutMode: v.sut as SutMode, sutCommand: v['sut-command'], sutWebhook: v['sut-webhook'],
        variant: v.variant, defects: listOption(v.defect), timeoutMs, pkiDir: v.pki, outDir: v.out,
      });
    } catch (err) {
      if ((err as Error).message.startsWith('unknown suite')) throw new CliError((err as Error).message);
      throw err;
    }
    const { counts } = result;
    console.log(`\nScenarios: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
    console.log(`Run folder: ${result.runDir}`);
    return result.success ? 0 : 1;
  },
};
