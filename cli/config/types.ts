/** The shape of govsim.config.json / govsim.config.ts (see govsim.config.schema.json for every field's meaning). */
export interface GovsimConfig {
  $schema?: string;
  platforms?: string[];
  environment?: string;
  host?: string;
  ephemeralPorts?: boolean;
  ports?: Record<string, Record<string, number>>;
  admin?: { port?: number; host?: string; allowRemote?: boolean };
  pkiDir?: string;
  outDir?: string;
  sut?: {
    mode?: 'reference' | 'trigger' | 'manual';
    command?: string;
    webhook?: string;
    variant?: string;
    timeoutMs?: number;
  };
  tags?: string;
}

/** Where a setting came from, for error messages and `--print-config`. */
export type ConfigOrigin = 'default' | 'file' | 'env' | 'flag';

/** One source of settings with a name for messages (`govsim.config.json`, `environment`, `command line`). */
export interface ConfigLayer {
  origin: ConfigOrigin;
  /** Used in messages: the file path, or "environment", or "command line". */
  label: string;
  config: GovsimConfig;
  /** Dotted setting path → the exact name the user wrote (`GOVSIM_ADMIN_PORT`, `--admin-port`). */
  names?: Record<string, string>;
}

/** Settings after merging defaults < file < environment < flags. Paths are absolute. */
export interface ResolvedConfig {
  platforms?: string[];
  environment?: string;
  host: string;
  ephemeralPorts: boolean;
  ports: Record<string, Record<string, number>>;
  admin: { port: number; host: string; allowRemote: boolean };
  pkiDir?: string;
  outDir: string;
  sut: { mode: 'reference' | 'trigger' | 'manual'; command?: string; webhook?: string; variant?: string; timeoutMs?: number };
  tags?: string;
  /** The config file that was read, if any. */
  file?: string;
  /** Dotted setting path → the layer that decided it (e.g. `sut.mode` → `env`). */
  sources: Record<string, { origin: ConfigOrigin; name: string }>;
}
