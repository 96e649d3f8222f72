import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from './errors.ts';
import type { ConfigLayer, GovsimConfig, ResolvedConfig } from './types.ts';
import { closest, validateConfigValue } from './validate.ts';

/** What the resolver needs to know about the registered platforms. */
export type PlatformPorts = Record<string, { ports: Record<string, number> }>;

export const DEFAULT_CONFIG: GovsimConfig = {
  host: '127.0.0.1',
  ephemeralPorts: false,
  admin: { port: 7070, host: '127.0.0.1', allowRemote: false },
  outDir: 'govsim-out',
  sut: { mode: 'reference' },
};

const PATH_SETTINGS = ['pkiDir', 'outDir'] as const;

/**
 * Merges layers, lowest precedence first (defaults, file, environment, flags), after
 * validating each one, and checks platform keys and port names against the registry.
 * Relative paths are resolved against `baseDir` of their layer (the file's folder, or cwd).
 */
export function resolveConfig(layers: Array<ConfigLayer & { baseDir: string }>, platforms: PlatformPorts): ResolvedConfig {
  const merged: Record<string, unknown> = {};
  const sources: ResolvedConfig['sources'] = {};
  let file: string | undefined;
  for (const layer of layers) {
    const problems = validateConfigValue(layer.config);
    if (problems.length) {
      const code = layer.origin === 'env' ? 'CONFIG_ENV_INVALID' : layer.origin === 'flag' ? 'CONFIG_FLAG_INVALID' : 'CONFIG_INVALID';
      const lines = problems.map((p) => (layer.names?.[p.path] ? `${layer.names[p.path]}: ${p.message}` : p.message));
      throw new ConfigError(code, `${layer.label}: ${lines.join('; ')}`);
    }
    if (layer.origin === 'file') file = layer.label;
    const config = structuredClone(layer.config) as Record<string, unknown>;
    delete config.$schema;
    for (const key of PATH_SETTINGS) {
      const v = config[key];
      if (typeof v === 'string' && !isAbsolute(v)) config[key] = resolve(layer.baseDir, v);
    }
    // A higher layer naming one trigger target replaces the other target of lower layers.
    const sut = config.sut as GovsimConfig['sut'];
    const mergedSut = merged.sut as GovsimConfig['sut'] | undefined;
    if (sut?.command !== undefined && mergedSut?.webhook !== undefined && sut.webhook === undefined) delete mergedSut.webhook;
    if (sut?.webhook !== undefined && mergedSut?.command !== undefined && sut.command === undefined) delete mergedSut.command;
    mergeInto(merged, config, '', (path) => {
      sources[path] = { origin: layer.origin, name: layer.names?.[path] ?? (layer.origin === 'file' ? `${layer.label} (${path})` : layer.origin === 'default' ? 'default' : path) };
    });
  }
  const config = merged as unknown as ResolvedConfig;
  config.sources = sources;
  if (file) config.file = file;
  checkPlatforms(config, platforms);
  return config;
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>, prefix: string, set: (path: string) => void): void {
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const existing = target[key];
      target[key] = existing !== null && typeof existing === 'object' && !Array.isArray(existing) ? existing : {};
      mergeInto(target[key] as Record<string, unknown>, value as Record<string, unknown>, path, set);
    } else {
      target[key] = value;
      set(path);
    }
  }
}

function where(config: ResolvedConfig, path: string): string {
  const s = config.sources[path];
  return s ? ` (from ${s.name})` : '';
}

function checkPlatforms(config: ResolvedConfig, platforms: PlatformPorts): void {
  const known = Object.keys(platforms);
  for (const [i, p] of (config.platforms ?? []).entries()) {
    if (!platforms[p]) {
      const hint = closest(p, known);
      throw new ConfigError('CONFIG_UNKNOWN_PLATFORM', `unknown platform "${p}"${where(config, 'platforms') || where(config, `platforms.${i}`)}${hint ? `; did you mean "${hint}"?` : ''} (known: ${known.join(', ')})`);
    }
  }
  for (const [platform, ports] of Object.entries(config.ports ?? {})) {
    const entry = platforms[platform];
    if (!entry) {
      throw new ConfigError('CONFIG_UNKNOWN_PLATFORM', `ports: unknown platform "${platform}"${where(config, `ports.${platform}.${Object.keys(ports)[0]}`)} (known: ${known.join(', ')})`);
    }
    for (const name of Object.keys(ports)) {
      if (!(name in entry.ports)) {
        throw new ConfigError('CONFIG_UNKNOWN_PORT', `ports.${platform}.${name}: ${platform} has no port named "${name}"${where(config, `ports.${platform}.${name}`)} (it has: ${Object.keys(entry.ports).join(', ')})`);
      }
    }
  }
}

/** Checks the SUT settings `govsim run` needs: trigger has exactly one target, variants only in reference mode. */
export function checkSutSettings(config: ResolvedConfig): void {
  const { mode, command, webhook, variant } = config.sut;
  if (mode === 'trigger' && !command && !webhook) {
    throw new ConfigError('CONFIG_CONFLICT', `sut.mode is "trigger"${where(config, 'sut.mode')} but no trigger is set: give --sut-command (GOVSIM_SUT_COMMAND, sut.command) or --sut-webhook (GOVSIM_SUT_WEBHOOK, sut.webhook)`);
  }
  if (mode === 'trigger' && command && webhook) {
    throw new ConfigError('CONFIG_CONFLICT', `give either a trigger command${where(config, 'sut.command')} or a webhook${where(config, 'sut.webhook')}, not both`);
  }
  if (variant && mode !== 'reference') {
    throw new ConfigError('CONFIG_CONFLICT', `a reference-client variant${where(config, 'sut.variant')} only applies to sut mode "reference", but the mode is "${mode}"${where(config, 'sut.mode')}`);
  }
}

/** Ports `govsim up` uses for one platform: the registry's fixed ports with config overrides. */
export function platformPorts(config: ResolvedConfig, platform: string, registryPorts: Record<string, number>): Record<string, number> {
  return { ...registryPorts, ...(config.ports?.[platform] ?? {}) };
}
