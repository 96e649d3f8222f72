import { dirname } from 'node:path';
import { SIMULATORS } from '../../simulators/registry.ts';
import { envLayer, setPath } from './env.ts';
import { findConfigFile, readConfigFile } from './load.ts';
import { DEFAULT_CONFIG, resolveConfig, type PlatformPorts } from './resolve.ts';
import type { ConfigLayer, GovsimConfig, ResolvedConfig } from './types.ts';

export { ConfigError, type ConfigErrorCode } from './errors.ts';
export { CONFIG_ENV_VARS, OTHER_ENV_VARS, envLayer } from './env.ts';
export { CONFIG_FILE_NAMES, findConfigFile, readConfigFile } from './load.ts';
export { checkSutSettings, DEFAULT_CONFIG, platformPorts, resolveConfig, type PlatformPorts } from './resolve.ts';
export { CONFIG_SCHEMA_URL, validateConfigValue, type ConfigProblem } from './validate.ts';
export { parseJsonc, stripJsonComments } from './jsonc.ts';
export { starterConfig, type StarterOptions } from './starter.ts';
export type { ConfigLayer, ConfigOrigin, GovsimConfig, ResolvedConfig } from './types.ts';
export { printConfig } from './print.ts';

/** One command-line flag that maps to a setting: [setting path, flag as typed, parsed value]. */
export type FlagSetting = [path: string, flag: string, value: string | boolean | string[] | undefined, kind?: 'integer'];

/** The settings given on the command line (unset flags are skipped). */
export function flagLayer(flags: FlagSetting[]): ConfigLayer {
  const config: GovsimConfig = {};
  const names: Record<string, string> = {};
  for (const [path, flag, value, kind] of flags) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    setPath(config, path, kind === 'integer' && typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value);
    names[path] = flag;
  }
  return { origin: 'flag', label: 'command line', config, names };
}

export interface LoadConfigOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Flag settings of the command being run. */
  flags?: FlagSetting[];
  /** --config <file>; GOVSIM_CONFIG is used when absent. */
  configFile?: string;
  /** Defaults to the registry; tests pass their own. */
  platforms?: PlatformPorts;
}

/** Reads the config file, GOVSIM_* variables and flags, and resolves them (flags > env > file > defaults). */
export async function loadConfig(o: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = o.cwd ?? process.cwd();
  const env = o.env ?? process.env;
  const explicit = o.configFile ?? (env.GOVSIM_CONFIG?.trim() || undefined);
  const file = findConfigFile(cwd, explicit);
  const layers: Array<ConfigLayer & { baseDir: string }> = [
    { origin: 'default', label: 'defaults', config: DEFAULT_CONFIG, baseDir: cwd },
  ];
  if (file) layers.push({ ...(await readConfigFile(file)), baseDir: dirname(file) });
  layers.push({ ...envLayer(env), baseDir: cwd });
  layers.push({ ...flagLayer(o.flags ?? []), baseDir: cwd });
  return resolveConfig(layers, o.platforms ?? SIMULATORS);
}
