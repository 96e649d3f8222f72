import { ConfigError } from './errors.ts';
import type { ConfigLayer, GovsimConfig } from './types.ts';

type EnvKind = 'string' | 'list' | 'boolean' | 'integer';

/** Every GOVSIM_* variable the configuration reads, with the setting it fills. */
export const CONFIG_ENV_VARS: Record<string, { path: string; kind: EnvKind }> = {
  GOVSIM_PLATFORMS: { path: 'platforms', kind: 'list' },
  GOVSIM_ENV: { path: 'environment', kind: 'string' },
  GOVSIM_HOST: { path: 'host', kind: 'string' },
  GOVSIM_EPHEMERAL_PORTS: { path: 'ephemeralPorts', kind: 'boolean' },
  GOVSIM_ADMIN_PORT: { path: 'admin.port', kind: 'integer' },
  GOVSIM_ADMIN_HOST: { path: 'admin.host', kind: 'string' },
  GOVSIM_ADMIN_ALLOW_REMOTE: { path: 'admin.allowRemote', kind: 'boolean' },
  GOVSIM_PKI_DIR: { path: 'pkiDir', kind: 'string' },
  GOVSIM_OUT_DIR: { path: 'outDir', kind: 'string' },
  GOVSIM_SUT: { path: 'sut.mode', kind: 'string' },
  GOVSIM_SUT_COMMAND: { path: 'sut.command', kind: 'string' },
  GOVSIM_SUT_WEBHOOK: { path: 'sut.webhook', kind: 'string' },
  GOVSIM_TIMEOUT_MS: { path: 'sut.timeoutMs', kind: 'integer' },
  GOVSIM_TAGS: { path: 'tags', kind: 'string' },
};

/**
 * Variables govsim reads that are not settings: the config file location, the admin
 * token (a secret, so never in a file govsim writes) and the Chromium path for browser
 * checks. GOVSIM_PLATFORM, GOVSIM_ACTION,
 * GOVSIM_PARAMS and GOVSIM_SCENARIO are set BY govsim for trigger commands.
 */
export const OTHER_ENV_VARS = ['GOVSIM_CONFIG', 'GOVSIM_ADMIN_TOKEN', 'GOVSIM_CHROMIUM'] as const;

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

/** Sets `path` (dotted) in a config object. */
export function setPath(target: GovsimConfig, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

/** The settings given by GOVSIM_* variables. Empty variables count as unset. */
export function envLayer(env: NodeJS.ProcessEnv): ConfigLayer {
  const config: GovsimConfig = {};
  const names: Record<string, string> = {};
  for (const [name, { path, kind }] of Object.entries(CONFIG_ENV_VARS)) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const text = raw.trim();
    let value: unknown = text;
    if (kind === 'list') value = text.split(',').map((s) => s.trim()).filter(Boolean);
    else if (kind === 'boolean') {
      if (TRUE.has(text.toLowerCase())) value = true;
      else if (FALSE.has(text.toLowerCase())) value = false;
      else throw new ConfigError('CONFIG_ENV_INVALID', `${name} must be true or false (got "${raw}")`);
    } else if (kind === 'integer') {
      if (!/^\d+$/.test(text)) throw new ConfigError('CONFIG_ENV_INVALID', `${name} must be a whole number (got "${raw}")`);
      value = Number(text);
    }
    setPath(config, path, value);
    names[path] = name;
  }
  return { origin: 'env', label: 'environment', config, names };
}
