import { loadReferenceClient } from '../../simulators/references.ts';
import { parseCliArgs } from '../args.ts';
import { CliError, type CliCommand } from '../command.ts';

const usage = `Usage: govsim reference-client [--variant <name>]

Performs one SUT action with govsim's built-in reference client, reading it from the
environment that "govsim run --sut trigger --sut-command" sets: GOVSIM_PLATFORM,
GOVSIM_ACTION and GOVSIM_PARAMS (JSON). Prints the result as JSON. This shows how a
trigger command is written, and lets CI exercise trigger mode end to end:

  govsim run --sut trigger --sut-command "npx govsim reference-client"

Exit codes: 0 the action was performed, 1 it failed, 2 usage error.`;

export const command: CliCommand = {
  name: 'reference-client',
  summary: 'perform one SUT action with the reference client (for --sut trigger)',
  usage,
  async run(argv) {
    const { values } = parseCliArgs(argv, { variant: { type: 'string' } });
    const { GOVSIM_PLATFORM: platform, GOVSIM_ACTION: action, GOVSIM_PARAMS: paramsText } = process.env;
    if (!platform || !action) throw new CliError('GOVSIM_PLATFORM and GOVSIM_ACTION must be set (govsim run --sut trigger sets them)');
    let params: Record<string, unknown>;
    try {
      params = JSON.parse(paramsText ?? '{}') as Record<string, unknown>;
    } catch (err) {
      throw new CliError(`GOVSIM_PARAMS is not JSON: ${(err as Error).message}`);
    }
    const client = await loadReferenceClient(platform);
    const fn = client.actions[action];
    if (!fn) throw new CliError(`the ${platform} reference client cannot perform "${action}" (can: ${Object.keys(client.actions).join(', ')})`);
    try {
      console.log(JSON.stringify(await fn(params, values.variant)));
      return 0;
    } catch (err) {
      console.error(`reference client: ${action} failed: ${(err as Error).message}`);
      return 1;
    }
  },
};
