/**
 * `govsim up` as a user runs it: starts within 3 s with a fresh PKI, the dashboard and
 * admin API answer, a client certificate gets its identity echoed, a foreign-CA
 * certificate is refused with the reason in the evidence, and Ctrl-C stops cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectConsoleErrors, launchChromium } from '../simulators/kernel/browser/chromium.ts';
import { loadPki } from '../simulators/kernel/pki/index.ts';
import { GOVSIM_BIN, PROJECT_ROOT } from './testing/govsim-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'govsim-up-'));
let child: ChildProcess;
let output = '';
let startupMs = 0;
const urls: Record<string, string> = {};
let token = '';

function waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${output}`)), timeoutMs);
    const check = () => { if (pattern.test(output)) { clearTimeout(timer); resolve(); } };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    check();
  });
}

beforeAll(async () => {
  const started = Date.now();
  child = spawn(process.execPath, [GOVSIM_BIN, 'up', '--ephemeral-ports', '--admin-port', '0', '--pki', join(dir, 'pki'), '--out', join(dir, 'out')], {
    cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GOVSIM_ADMIN_TOKEN: 'e2e-token-0123456789abcdef' },
  });
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  await waitForOutput(/Press Ctrl-C to stop/, 15_000);
  startupMs = Date.now() - started;
  urls.dashboard = /dashboard\s+(\S+)/.exec(output)![1];
  urls.admin = /admin API\s+(\S+)\/admin/.exec(output)![1];
  urls.kernel = /kernel\s+https (\S+)/.exec(output)![1];
  token = 'e2e-token-0123456789abcdef';
});

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

function callIdentity(cert: { certPem: string; keyPem: string }, ca: string[]): Promise<{ status?: number; body?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = request(`${urls.kernel}/identity`, { cert: cert.certPem, key: cert.keyPem, ca, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end();
  });
}

describe('govsim up', () => {
  it('starts within 3 s on a fresh machine state (new test PKI) and prints its URLs', () => {
    expect(startupMs).toBeLessThan(3000);
    expect(output).toMatch(/govsim \d+\.\d+\.\d+ up in \d+ ms/);
    expect(urls.kernel).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers on the admin API (token required) and serves the dashboard', async () => {
    expect((await fetch(`${urls.admin}/admin/health`)).status).toBe(200);
    expect((await fetch(`${urls.admin}/admin/simulators`)).status).toBe(401);
    const sims = await (await fetch(`${urls.admin}/admin/simulators`, { headers: { authorization: `Bearer ${token}` } })).json() as Array<{ platform: string }>;
    expect(sims.map((s) => s.platform)).toContain('kernel');
  });

  it('echoes a PKIoverheid client identity and refuses a foreign-CA certificate with the reason in the evidence', async () => {
    const pki = await loadPki(join(dir, 'pki'));
    const good = await pki.issue({ profile: 'pkioverheid', oin: '00000099000000000701', commonName: 'e2e', organization: 'Testgemeente', purpose: 'client', keyAlgorithm: 'ec-p256' });
    const ok = await callIdentity(good, pki.trustedCaPem());
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body!).identity.oin).toBe('00000099000000000701');

    const foreign = await pki.issue({ profile: 'pkioverheid', variant: 'foreign-ca', oin: '00000099000000000702', commonName: 'e2e', organization: 'Elders', purpose: 'client', keyAlgorithm: 'ec-p256' });
    const refused = await callIdentity(foreign, pki.trustedCaPem());
    expect(refused.status).toBeUndefined();
    const records = await (await fetch(`${urls.admin}/admin/exchanges?kind=tls-handshake`, { headers: { authorization: `Bearer ${token}` } })).json() as Array<{ data: { reason: string }; identity?: { oin?: string } }>;
    expect(records.some((r) => r.data.reason === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' && r.identity?.oin === '00000099000000000702')).toBe(true);
  });

  it('shows the kernel simulator and live exchanges on the dashboard in Chromium', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors = collectConsoleErrors(page);
      await page.goto(urls.dashboard);
      await page.getByText(urls.kernel).first().waitFor({ timeout: 10_000 });
      await page.getByText('/identity').first().waitFor({ timeout: 10_000 });
      await page.screenshot({ path: join(dir, 'dashboard.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('stops cleanly on Ctrl-C (SIGINT) with exit code 0 and a complete evidence log', async () => {
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('govsim stopped.');
    const evidenceFile = /evidence\s+(\S+)/.exec(output)![1];
    const lines = readFileSync(evidenceFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number });
    expect(lines.map((r) => r.seq)).toEqual(lines.map((_, i) => i + 1));
  });
});
