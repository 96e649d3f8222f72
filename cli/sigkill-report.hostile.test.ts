/**
 * A run killed with SIGKILL in the middle: every evidence record written so far is readable
 * (no sequence gaps; at most a torn last line), and `govsim report` still builds a signed
 * bundle from the killed run folder that `govsim verify-report` accepts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvidence } from '../simulators/kernel/evidence/read.ts';
import { GOVSIM_BIN, PROJECT_ROOT } from './testing/govsim-run.ts';

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0);

describe('SIGKILL during a run', () => {
  it('keeps the evidence readable and the report buildable from the killed run folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'govsim-sigkill-'));
    const runs = join(dir, 'runs');
    const child = spawn(process.execPath, [GOVSIM_BIN, 'run', '--platform', 'kernel', '--out', runs], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let runDir: string | undefined;
    const until = Date.now() + 90_000;
    // Kill once the run has written a fair amount of evidence, while scenarios are still running.
    while (Date.now() < until && child.exitCode === null) {
      runDir ??= existsSync(runs) ? readdirSync(runs).map((d) => join(runs, d))[0] : undefined;
      if (runDir && lines(join(runDir, 'evidence.jsonl')) >= 40) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(child.exitCode, `the run ended before it could be killed:\n${output.slice(-2000)}`).toBeNull();
    child.kill('SIGKILL');
    await exited;
    expect(runDir).toBeDefined();

    const read = await readEvidence(join(runDir!, 'evidence.jsonl'));
    expect(read.records.length).toBeGreaterThanOrEqual(40);
    expect(read.gaps).toEqual([]);
    expect(read.records.map((r) => r.seq)).toEqual(read.records.map((_, i) => i + 1));

    const out = join(dir, 'report');
    const report = spawnSync(process.execPath, [GOVSIM_BIN, 'report', '--run', runDir!, '--out', out, '--format', 'json,junit', '--pki', join(dir, 'pki')], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(report.status, `${report.stdout}\n${report.stderr}`).toBe(0);
    expect(existsSync(join(out, 'report.json'))).toBe(true);
    const verify = spawnSync(process.execPath, [GOVSIM_BIN, 'verify-report', out], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(verify.status, `${verify.stdout}\n${verify.stderr}`).toBe(0);
  }, 180_000);
});
