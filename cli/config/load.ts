import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from './errors.ts';
import { parseJsonc } from './jsonc.ts';
import type { ConfigLayer, GovsimConfig } from './types.ts';

/** File names looked for in the working directory, in this order. */
export const CONFIG_FILE_NAMES = ['govsim.config.ts', 'govsim.config.json'] as const;

/**
 * The config file to read: `explicit` (from --config or GOVSIM_CONFIG) must exist;
 * otherwise the one govsim.config.* in `cwd`, or none.
 */
export function findConfigFile(cwd: string, explicit?: string): string | undefined {
  if (explicit !== undefined) {
    const file = resolve(cwd, explicit);
    if (!existsSync(file)) throw new ConfigError('CONFIG_NOT_FOUND', `config file ${file} does not exist`);
    return file;
  }
  const present = CONFIG_FILE_NAMES.map((n) => resolve(cwd, n)).filter((f) => existsSync(f));
  if (present.length > 1) {
    throw new ConfigError('CONFIG_AMBIGUOUS', `both ${present.map((f) => basename(f)).join(' and ')} exist in ${cwd}; keep one, or choose with --config`);
  }
  return present[0];
}

/** Reads a JSON (comments allowed) or TypeScript config file into a layer. */
export async function readConfigFile(file: string): Promise<ConfigLayer> {
  let value: unknown;
  if (/\.(ts|mts|js|mjs)$/.test(file)) {
    try {
      const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
      value = await mod.default;
    } catch (err) {
      throw new ConfigError('CONFIG_TS_LOAD', `${file} could not be loaded: ${(err as Error).message}`);
    }
    if (value === undefined) throw new ConfigError('CONFIG_TS_LOAD', `${file} has no default export (write "export default { … } satisfies GovsimConfig")`);
  } else {
    const parsed = parseJsonc(readFileSync(file, 'utf8'));
    if (!parsed.ok) throw new ConfigError('CONFIG_JSON_SYNTAX', `${file}:${parsed.line}:${parsed.column}: ${parsed.message}`);
    value = parsed.value;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError('CONFIG_INVALID', `${file}: the configuration must be an object ({ … })`);
  }
  return { origin: 'file', label: file, config: value as GovsimConfig };
}
