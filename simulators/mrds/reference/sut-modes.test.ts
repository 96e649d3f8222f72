/**
 * The MRDS suite outside reference mode: trigger mode (a separate process per SUT action,
 * parameters only as JSON and files) and manual mode (a tester acts on printed
 * instructions). Runs the real CLI; one narrow scenario each.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOVSIM_BIN, PROJECT_ROOT, govsimRun, type RunJson } from '../../../cli/testing/govsim-run.ts';
import type { EvidenceRecord } from '../../kernel/evidence/index.ts';
import { orderInBrowser } from './order-browser.ts';

const evidence = (runDir: string): EvidenceRecord[] =>
  readFileSync(join(runDir, 'evidence.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as EvidenceRecord);

const sutNotes = (records: EvidenceRecord[]) =>
  records.filter((r) => r.kind === 'note' && (r.data as { sutAction?: string } | undefined)?.sutAction)
    .map((r) => r.data as { sutAction: string; outcome: { mode: string; ok: boolean } });

describe('MRDS suite in trigger mode', () => {
  it('order in Chromium → mail → install → query passes with the reference client as a trigger command, with the screenshot as artifact', () => {
    const { code, run, runDir, output } = govsimRun([
      '--platform', 'mrds', '--sut', 'trigger', '--sut-command', 'node cli/govsim.mjs reference-client', '--tags', '@MRDS-E2E-01',
    ]);
    expect(run.scenarios.map((s) => [s.tags.find((t) => t.startsWith('@MRDS-')), s.status]), output.slice(-3000)).toEqual([['@MRDS-E2E-01', 'PASSED']]);
    expect(code).toBe(0);
    const records = evidence(runDir);
    expect(sutNotes(records).map((n) => [n.sutAction, n.outcome.mode, n.outcome.ok])).toEqual([
      ['order-applikationskopplung', 'trigger', true],
      ['install-applikationskopplung', 'trigger', true],
      ['query-melderegister', 'trigger', true],
    ]);
    const artifacts = records.filter((r) => r.kind === 'artifact');
    expect(artifacts).toHaveLength(1);
    const a = artifacts[0].data as { path: string; sha256: string; mediaType: string };
    expect(a.mediaType).toBe('image/png');
    expect(a.path.startsWith('artifacts/')).toBe(true);
    const png = readFileSync(join(runDir, a.path));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(createHash('sha256').update(png).digest('hex')).toBe(a.sha256);
    // The passphrase travelled to the trigger command only; outside the quoted Gherkin text the evidence never holds it.
    const leaking = records.filter((r) => r.kind !== 'step' && r.kind !== 'scenario' && JSON.stringify(r).includes('Lange-Passphrase-2025'));
    expect(leaking.map((r) => r.summary)).toEqual([]);
  }, 120_000);
});

/** Runs `govsim run` in manual mode and plays the tester: reads the printed instructions and orders in Chromium. */
function runManual(tags: string, act: (instructions: string) => Promise<unknown>): Promise<{ code: number | null; run: RunJson; stderr: string }> {
  const out = mkdtempSync(join(tmpdir(), 'govsim-run-'));
  const pki = join(tmpdir(), `govsim-test-pki-${process.pid}`);
  const child = spawn(process.execPath, [GOVSIM_BIN, 'run', '--out', out, '--pki', pki, '--platform', 'mrds', '--sut', 'manual', '--timeout', '20000', '--tags', tags], {
    cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let acted: Promise<unknown> | undefined;
  child.stdout.resume();
  return new Promise((resolve, reject) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
      if (!acted && /govsim waits for the resulting exchange/.test(stderr)) acted = act(stderr).catch((err: Error) => { stderr += `\n[tester failed: ${err.message}]`; });
    });
    child.on('error', reject);
    child.on('close', async (code) => {
      clearTimeout(killer);
      await acted;
      const dirs = readdirSync(out);
      if (dirs.length !== 1 || !existsSync(join(out, dirs[0], 'run.json'))) return reject(new Error(`no run folder (exit ${code}):\n${stderr.slice(-3000)}`));
      resolve({ code, run: JSON.parse(readFileSync(join(out, dirs[0], 'run.json'), 'utf8')) as RunJson, stderr });
    });
  });
}

describe('MRDS suite in manual mode', () => {
  it('prints what the tester must do and passes once the tester orders on the form', async () => {
    const { code, run, stderr } = await runManual('@MRDS-ORD-01', async (instructions) => {
      const url = /orderUrl: (\S+)/.exec(instructions)?.[1];
      expect(url, instructions).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/minca\/\?mandant=03241001$/);
      expect(instructions).toContain('press "Applikationskopplung kostenpflichtig bestellen!"');
      await orderInBrowser({ orderUrl: url!, mandant: '03241001', email: 'sachbearbeitung@ordnung-hannover.example', passphrase: 'Lange-Passphrase-2025', consent: true });
    });
    expect(run.scenarios.map((s) => [s.tags.find((t) => t.startsWith('@MRDS-')), s.status]), stderr.slice(-3000)).toEqual([['@MRDS-ORD-01', 'PASSED']]);
    expect(code).toBe(0);
  }, 90_000);
});
