/**
 * From a real suite run to a verified report, as a certifier receives it: the bundle
 * verifies offline, and changing one byte of any file makes verification fail naming it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyReport } from '../reports/index.ts';
import { GOVSIM_BIN, govsimRun, PROJECT_ROOT } from './testing/govsim-run.ts';

const govsim = (...args: string[]) => spawnSync(process.execPath, [GOVSIM_BIN, ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 120_000 });
let bundle = '';
let pkiDir = '';

beforeAll(() => {
  const { runDir, run } = govsimRun(['--platform', 'kernel', '--tags', '@KERNEL-ID-01 or @KERNEL-TLS-02 or @KERNEL-FLT-01']);
  expect(run.counts).toMatchObject({ passed: 3, failed: 0 });
  pkiDir = mkdtempSync(join(tmpdir(), 'govsim-report-pki-'));
  bundle = join(runDir, 'report');
  const res = govsim('report', '--run', runDir, '--pki', pkiDir);
  expect(res.status, res.stderr).toBe(0);
}, 180_000);

describe('report from a kernel run', () => {
  it('lists each checklist item with its verdict and links its evidence', () => {
    const report = JSON.parse(readFileSync(join(bundle, 'report.json'), 'utf8')) as Record<string, unknown>;
    const text = JSON.stringify(report);
    for (const id of ['KERNEL-ID-01', 'KERNEL-TLS-02', 'KERNEL-FLT-01']) expect(text).toContain(id);
    const html = readFileSync(join(bundle, 'report.html'), 'utf8');
    expect(html).toContain('00000099000000000101');
    expect(html).toContain('NO_CLIENT_CERTIFICATE');
  });

  it('verifies offline against the test PKI root', () => {
    const res = govsim('verify-report', bundle, '--trust', join(pkiDir, 'ca', 'root.crt.pem'));
    expect(res.status, res.stdout + res.stderr).toBe(0);
  });

  it('fails verification after one byte of any file changes, naming the file', async () => {
    for (const file of readdirSync(bundle)) {
      const path = join(bundle, file);
      const original = readFileSync(path);
      const changed = Buffer.from(original);
      const at = Math.floor(changed.length / 2);
      changed[at] = changed[at] ^ 0x01;
      writeFileSync(path, changed);
      try {
        const result = await verifyReport(bundle);
        expect(result.ok, `${file} changed but verification passed`).toBe(false);
        expect(result.problems.map((p) => p.file)).toContain(file);
      } finally {
        writeFileSync(path, original);
      }
    }
    expect((await verifyReport(bundle)).ok).toBe(true);
    const cli = govsim('verify-report', bundle);
    expect(cli.status, cli.stdout + cli.stderr).toBe(0);
  }, 120_000);
});
