import { spawn } from 'node:child_process';

/** How the system under test is driven in a run. */
export type SutMode = 'manual' | 'trigger' | 'reference';
export const SUT_MODES: readonly SutMode[] = ['manual', 'trigger', 'reference'];

/** One thing a scenario asks the SUT to do, as plain JSON so every mode can carry it. */
export interface SutAction {
  platform: string;
  /** Stable action name the SUT integration understands, e.g. `call-identity`, `send-zaak`. */
  action: string;
  params: Record<string, unknown>;
  /** What a human tester must do, printed in manual mode. */
  instructions: string;
  scenario: { id: string; name: string; tags: string[] };
}

export interface SutOutcome {
  mode: SutMode;
  /** The SUT reported success (reference/trigger), or the instructions were shown (manual). */
  ok: boolean;
  /** JSON the SUT returned (reference client result, trigger command stdout, webhook body). */
  output?: unknown;
  error?: string;
}

export interface SutDriver {
  readonly mode: SutMode;
  perform(action: SutAction): Promise<SutOutcome>;
}

/** A built-in reference client: one function per action, plus named broken variants. */
export interface ReferenceClient {
  actions: Record<string, (params: Record<string, unknown>, variant: string | undefined) => Promise<unknown>>;
  /** Broken variants (negative controls) this client can play, with what each gets wrong. */
  variants: Record<string, string>;
}

export function referenceDriver(load: (platform: string) => Promise<ReferenceClient>, variant?: string): SutDriver {
  return {
    mode: 'reference',
    async perform(a) {
      const client = await load(a.platform);
      if (variant && !(variant in client.variants)) {
        throw new Error(`reference client of ${a.platform} has no variant "${variant}" (has: ${Object.keys(client.variants).join(', ') || 'none'})`);
      }
      const fn = client.actions[a.action];
      if (!fn) throw new Error(`reference client of ${a.platform} cannot perform "${a.action}"`);
      try {
        return { mode: 'reference', ok: true, output: await fn(a.params, variant) };
      } catch (err) {
        return { mode: 'reference', ok: false, error: (err as Error).message };
      }
    },
  };
}

/**
 * Trigger mode: runs a command (with the action in GOVSIM_* environment variables) or
 * POSTs the action as JSON to a webhook. Exit code 0 / HTTP 2xx means the SUT acted.
 */
export function triggerDriver(options: { command?: string; webhook?: string; timeoutMs: number; cwd?: string }): SutDriver {
  if (!options.command === !options.webhook) throw new Error('trigger mode needs exactly one of --sut-command or --sut-webhook');
  return {
    mode: 'trigger',
    perform: (a) => (options.command ? runCommand(options.command, a, options) : postWebhook(options.webhook!, a, options.timeoutMs)),
  };
}

async function runCommand(command: string, a: SutAction, o: { timeoutMs: number; cwd?: string }): Promise<SutOutcome> {
  const env = {
    ...process.env,
    GOVSIM_PLATFORM: a.platform,
    GOVSIM_ACTION: a.action,
    GOVSIM_PARAMS: JSON.stringify(a.params),
    GOVSIM_SCENARIO: JSON.stringify(a.scenario),
  };
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, env, cwd: o.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const output = parseMaybeJson(out.trim());
      if (signal) resolve({ mode: 'trigger', ok: false, output, error: `SUT command killed by ${signal} after ${o.timeoutMs} ms` });
      else if (code !== 0) resolve({ mode: 'trigger', ok: false, output, error: `SUT command exited ${code}: ${err.trim().slice(-500)}` });
      else resolve({ mode: 'trigger', ok: true, output });
    });
  });
}

async function postWebhook(url: string, a: SutAction, timeoutMs: number): Promise<SutOutcome> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(a),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const output = parseMaybeJson(await res.text());
    return res.ok ? { mode: 'trigger', ok: true, output } : { mode: 'trigger', ok: false, output, error: `SUT webhook answered ${res.status}` };
  } catch (err) {
    return { mode: 'trigger', ok: false, error: `SUT webhook ${url} failed: ${(err as Error).message}` };
  }
}

/** Manual mode: shows the tester what to do; the scenario then waits for the evidence. */
export function manualDriver(print: (text: string) => void): SutDriver {
  return {
    mode: 'manual',
    async perform(a) {
      print([
        '',
        `── govsim: action for the tester (${a.platform} · ${a.scenario.name}) ──`,
        a.instructions,
        ...Object.entries(a.params).map(([k, v]) => `   ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`),
        'govsim waits for the resulting exchange…',
        '',
      ].join('\n'));
      return { mode: 'manual', ok: true };
    },
  };
}

function parseMaybeJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
