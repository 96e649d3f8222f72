import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './command.ts';

/** node:util parseArgs with usage errors turned into CliError (exit 2). */
export function parseCliArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw new CliError((err as Error).message.replace(/^TypeError \[\w+\]: /, ''));
  }
}

/** `--x a,b --x c` → ['a','b','c']. */
export function listOption(value: string | string[] | undefined): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}
