/**
 * Trigger mode: every `govsim reference-client` call is a short-lived process, so the adapter runs
 * as a detached background process (daemon.ts) with its state file in the scenario's SUT folder
 * (`adapter.json`: pid, loopback control URL, bearer token; `adapter.log`). `register-cpa` starts
 * it (stopping an earlier one), later actions are forwarded to it, `stop-adapter` ends it; an
 * idle timeout ends a forgotten one.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, rmSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./daemon-entry.mjs', import.meta.url));
const STATE = 'adapter.json';

/** True when this process performs a single trigger action (GOVSIM_ACTION is set by `govsim run --sut trigger`). */
export function isOneShotProcess(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GOVSIM_ACTION !== undefined;
}

interface DaemonState { pid: number; controlUrl: string; token: string }

function readState(dir: string): DaemonState | undefined {
  const f = join(dir, STATE);
  if (!existsSync(f)) return undefined;
  try {
    return JSON.parse(readFileSync(f, 'utf8')) as DaemonState;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startDaemon(dir: string, idleMs?: number): Promise<DaemonState> {
  await stopDaemon(dir);
  const log = openSync(join(dir, 'adapter.log'), 'a');
  const env: NodeJS.ProcessEnv = { ...process.env, GOVSIM_ADAPTER_DIR: dir };
  for (const k of ['GOVSIM_ACTION', 'GOVSIM_PARAMS', 'GOVSIM_SCENARIO', 'GOVSIM_PLATFORM']) delete env[k];
  if (idleMs !== undefined) env.GOVSIM_ADAPTER_IDLE_MS = String(idleMs);
  // Own stdio (a log file), not the trigger command's pipes: the driver waits for those to close.
  const child = spawn(process.execPath, [ENTRY], { detached: true, stdio: ['ignore', log, log], env, cwd: dir });
  closeSync(log);
  let exited: number | null = null;
  child.once('exit', (code) => { exited = code ?? -1; });
  child.unref();
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const s = readState(dir);
    if (s && s.pid === child.pid) return s;
    if (exited !== null) break;
    await sleep(50);
  }
  const tail = existsSync(join(dir, 'adapter.log')) ? readFileSync(join(dir, 'adapter.log'), 'utf8').slice(-1500) : '';
  if (exited === null && child.pid) process.kill(child.pid, 'SIGTERM');
  throw new Error(`the background adapter did not start (${exited === null ? 'timeout' : `exit ${exited}`}): ${tail}`);
}

export async function callDaemon(dir: string, action: string, params: Record<string, unknown>, variant: string | undefined): Promise<unknown> {
  const s = readState(dir);
  if (!s || !alive(s.pid)) throw new Error(`no background adapter runs for ${dir}: register the Consumerspecificatie first (register-cpa)`);
  const res = await fetch(s.controlUrl, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
    body: JSON.stringify({ action, params, variant }), signal: AbortSignal.timeout(120_000),
  });
  const body = (await res.json()) as { ok: boolean; result?: unknown; error?: string };
  if (!res.ok || !body.ok) throw new Error(body.error ?? `background adapter answered HTTP ${res.status}`);
  return body.result;
}

/** Stops the background adapter of `dir`, if one runs; waits until it is gone. */
export async function stopDaemon(dir: string): Promise<boolean> {
  const s = readState(dir);
  if (!s) return false;
  if (alive(s.pid)) {
    await callDaemon(dir, 'stop-adapter', {}, undefined).catch(() => { try { process.kill(s.pid, 'SIGTERM'); } catch { /* gone */ } });
    for (let i = 0; i < 100 && alive(s.pid); i++) await sleep(30);
  }
  rmSync(join(dir, STATE), { force: true });
  return true;
}
