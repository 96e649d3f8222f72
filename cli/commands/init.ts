import { existsSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { platformKeys, SIMULATORS } from '../../simulators/registry.ts';
import { SUT_MODES, type SutMode } from '../../simulators/kernel/sut/drivers.ts';
import { parseCliArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { CONFIG_SCHEMA_URL, ConfigError, starterConfig } from '../config/index.ts';
import { fileURLToPath } from 'node:url';

const usage = `Usage: govsim init [--platform <p>] [--sut <mode>] [--sut-command <cmd> | --sut-webhook <url>]
                   [--format json|ts] [--file <path>] [--force]

Writes a commented starter configuration (govsim.config.json, or govsim.config.ts with
--format ts) for one platform and SUT mode into the current folder. "govsim up" and
"govsim run" read it; flags and GOVSIM_* environment variables override it.

Options:
  --platform <p>        platform (default kernel; known: ${platformKeys().join(', ')})
  --sut <mode>          ${SUT_MODES.join(' | ')} (default trigger)
  --sut-command <cmd>   trigger command (default "npx govsim reference-client", a stand-in)
  --sut-webhook <url>   trigger webhook instead of a command
  --format <f>          json (default, comments allowed) or ts
  --file <path>         where to write (default govsim.config.<format>)
  --force               overwrite an existing file`;

export const command: CliCommand = {
  name: 'init',
  summary: 'write a commented starter govsim.config.json for a platform and SUT mode',
  usage,
  async run(argv) {
    const { values: v } = parseCliArgs(argv, {
      platform: { type: 'string', default: 'kernel' },
      sut: { type: 'string', default: 'trigger' },
      'sut-command': { type: 'string' },
      'sut-webhook': { type: 'string' },
      format: { type: 'string', default: 'json' },
      file: { type: 'string' },
      force: { type: 'boolean' },
    });
    const platform = v.platform!;
    const entry = SIMULATORS[platform];
    if (!entry) throw new ConfigError('CONFIG_UNKNOWN_PLATFORM', `unknown platform "${platform}" (known: ${platformKeys().join(', ')})`);
    if (!SUT_MODES.includes(v.sut as SutMode)) throw new ConfigError('CONFIG_FLAG_INVALID', `--sut must be one of ${SUT_MODES.join(', ')}, not "${v.sut}"`);
    if (v.format !== 'json' && v.format !== 'ts') throw new ConfigError('CONFIG_FLAG_INVALID', `--format must be json or ts, not "${v.format}"`);
    if (v['sut-command'] && v['sut-webhook']) throw new ConfigError('CONFIG_CONFLICT', 'give either --sut-command or --sut-webhook, not both');
    if ((v['sut-command'] || v['sut-webhook']) && v.sut !== 'trigger') throw new ConfigError('CONFIG_CONFLICT', '--sut-command and --sut-webhook need --sut trigger');
    const file = resolve(v.file ?? `govsim.config.${v.format}`);
    if (existsSync(file) && !v.force) throw new ConfigError('CONFIG_EXISTS', `${file} already exists (use --force to overwrite)`);
    const text = starterConfig({
      platform, title: entry.title, ports: entry.ports, sutMode: v.sut as SutMode,
      trigger: v['sut-command'] ?? v['sut-webhook'], format: v.format, schemaRef: schemaRef(file),
    });
    writeFileSync(file, text);
    console.log(`wrote ${file} (${platform}, SUT mode ${v.sut}). Next: npx govsim run`);
    return 0;
  },
};

/** "$schema" as seen from the config file: the installed package's copy, else this checkout's. */
function schemaRef(file: string): string {
  const installed = resolve(file, '..', 'node_modules/govsim/cli/config/govsim.config.schema.json');
  const target = existsSync(installed) ? installed : fileURLToPath(CONFIG_SCHEMA_URL);
  const rel = relative(resolve(file, '..'), target).split('\\').join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}
