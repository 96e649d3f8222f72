/** One `govsim <name>` sub-command. `run` returns the process exit code. */
export interface CliCommand {
  name: string;
  /** One line for `govsim --help`. */
  summary: string;
  /** Full help text for `govsim <name> --help`. */
  usage: string;
  run(argv: string[]): Promise<number>;
}

/** An error the CLI prints as one line (no stack) before exiting with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}
