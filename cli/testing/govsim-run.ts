/**
 * Test helper: runs `govsim run` in a child process (the real CLI, with its own tsx
 * loader) and returns the run.json it wrote. Used by the negative-control tests.
 * Runs of one test process share a persistent test PKI, so CA and slow RSA keys are
 * generated once instead of per run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const GOVSIM_BIN = join(PROJECT_ROOT, 'cli/govsim.mjs');

export interface RunJson {
  runId: string;
  counts: { passed: number; failed: number; skipped: number };
  success: boolean;
  scenarios: Array<{ name: string; tags: string[]; status: string; message?: string }>;
}

const sharedPki = join(tmpdir(), `govsim-test-pki-${process.pid}`);

export function govsimRun(args: string[], timeoutMs = 180_000): { code: number; run: RunJson; runDir: string; output: string } {
  const out = mkdtempSync(join(tmpdir(), 'govsim-run-'));
  const pki = args.includes('--pki') ? [] : ['--pki', sharedPki];
  if (pki.length && !existsSync(sharedPki)) mkdirSync(sharedPki, { recursive: true });
  const res = spawnSync(process.execPath, [GOVSIM_BIN, 'run', '--out', out, ...pki, ...args], {
    cwd: PROJECT_ROOT, encoding: 'utf8', timeout: timeoutMs,
  });
  const output = `${res.stdout}\n${res.stderr}`;
  const runDirs = readdirSync(out);
  if (runDirs.length !== 1) throw new Error(`govsim run wrote ${runDirs.length} run folders (exit ${res.status}):\n${output.slice(-3000)}`);
  const runDir = join(out, runDirs[0]);
  const run = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunJson;
  return { code: res.status ?? -1, run, runDir, output };
}
