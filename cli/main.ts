import { readFileSync } from 'node:fs';
import { CliError, type CliCommand } from './command.ts';

/** Sub-commands, loaded on demand so `govsim --help` stays fast. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ command: CliCommand }> }> = {
  init: { summary: 'write a commented starter govsim.config.json for a platform and SUT mode', load: () => import('./commands/init.ts') },
  up: { summary: 'start the simulators, their web pages and the dashboard', load: () => import('./commands/up.ts') },
  run: { summary: 'run Cucumber conformance suites (by platform, tag, environment, SUT mode)', load: () => import('./commands/run.ts') },
  report: { summary: 'build a signed report bundle from an evidence log and Cucumber messages', load: () => import('./commands/report.ts') },
  'verify-report': { summary: 'verify a report bundle offline (signature + every byte of the manifest)', load: () => import('./commands/verify-report.ts') },
  mijnoverheid: { summary: 'MijnOverheid Lopende Zaken: CPA Register step (cpa create), test persons (person add)', load: () => import('./commands/mijnoverheid.ts') },
  pki: { summary: 'test PKI: init a CA hierarchy, issue and inspect certificates', load: () => import('./commands/pki.ts') },
  'reference-client': { summary: 'perform one SUT action with the reference client (for --sut trigger)', load: () => import('./commands/reference-client.ts') },
  test: { summary: 'run the unit tests and every suite, print "N passed, N failed"', load: () => import('./commands/test.ts') },
};

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    `govsim ${version()} — conformance test harness and simulator for government integration platforms`,
    '',
    'Usage: govsim <command> [options]      govsim <command> --help for details',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes: 0 success, 1 checks failed, 2 usage or configuration error, 3 internal error.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(version());
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    console.error(`govsim: unknown command "${name}". Run "govsim --help" for the list.`);
    return 2;
  }
  const { command } = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof CliError) {
      console.error(`govsim ${name}: ${err.message}`);
      return err.exitCode;
    }
    console.error(`govsim ${name}: internal error: ${(err as Error).stack ?? err}`);
    return 3;
  }
}
