import { CliError } from '../command.ts';

export type ConfigErrorCode =
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_AMBIGUOUS'
  | 'CONFIG_JSON_SYNTAX'
  | 'CONFIG_TS_LOAD'
  | 'CONFIG_INVALID'
  | 'CONFIG_ENV_INVALID'
  | 'CONFIG_FLAG_INVALID'
  | 'CONFIG_CONFLICT'
  | 'CONFIG_UNKNOWN_PLATFORM'
  | 'CONFIG_UNKNOWN_PORT'
  | 'CONFIG_EXISTS';

/** A configuration problem; the CLI prints `message` and exits 2. */
export class ConfigError extends CliError {
  constructor(readonly code: ConfigErrorCode, message: string) {
    super(`${code}: ${message}`, 2);
    this.name = 'ConfigError';
  }
}
