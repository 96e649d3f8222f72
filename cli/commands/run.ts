import { availableSuites, runSuites } from '../api/run-suites.ts';
import { listOption, parseCliArgs } from '../args.ts';
import { CliError, type CliCommand } from '../command.ts';
import { checkSutSettings, loadConfig, printConfig } from '../config/index.ts';
import { join } from 'node:path';
import { SIMULATORS } from '../../simulators/registry.ts';

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
  --out <dir>           parent folder of run folders (default <outDir>/runs, i.e. govsim-out/runs)
  --config <file>       configuration file (default ./govsim.config.ts or .json, or GOVSIM_CONFIG)
  --print-config        print the resolved settings and where each came from, then exit
  --defect <name>       (harness self-test only) run the kernel with a deliberate defect

Settings come from flags, then GOVSIM_* environment variables (GOVSIM_SUT,
GOVSIM_SUT_COMMAND, GOVSIM_TAGS, …), then govsim.config.json, then defaults.

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
      sut: { type: 'string' },
      'sut-command': { type: 'string' },
      'sut-webhook': { type: 'string' },
      variant: { type: 'string' },
      timeout: { type: 'string' },
      pki: { type: 'string' },
      out: { type: 'string' },
      defect: { type: 'string', multiple: true },
      config: { type: 'string' },
      'print-config': { type: 'boolean' },
    });
    // Suites are features/<name>/ folders; a suite may exist before its simulator is registered.
    const platforms = { ...Object.fromEntries(availableSuites().map((s) => [s, { ports: {} }])), ...SIMULATORS };
    const cfg = await loadConfig({
      configFile: v.config,
      platforms,
      flags: [
        ['platforms', '--platform', listOption(v.platform)],
        ['tags', '--tags', v.tags],
        ['environment', '--env', v.env],
        ['sut.mode', '--sut', v.sut],
        ['sut.command', '--sut-command', v['sut-command']],
        ['sut.webhook', '--sut-webhook', v['sut-webhook']],
        ['sut.variant', '--variant', v.variant],
        ['sut.timeoutMs', '--timeout', v.timeout, 'integer'],
        ['pkiDir', '--pki', v.pki],
      ],
    });
    if (v['print-config']) {
      console.log(printConfig(cfg));
      return 0;
    }
    checkSutSettings(cfg);
    let result;
    try {
      result = await runSuites({
        suites: cfg.platforms, tags: cfg.tags, name: v.name, environment: cfg.environment,
        sutMode: cfg.sut.mode, sutCommand: cfg.sut.command, sutWebhook: cfg.sut.webhook,
        variant: cfg.sut.variant, defects: listOption(v.defect), timeoutMs: cfg.sut.timeoutMs, pkiDir: cfg.pkiDir,
        outDir: v.out ?? join(cfg.outDir, 'runs'),
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
