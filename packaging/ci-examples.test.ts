/**
 * The CI examples in docs/ci/, exercised locally: the script part of each (GitHub Actions
 * step "govsim", GitLab job script, the plain shell script) runs in a fresh folder where
 * `npx govsim` is this checkout (standing in for the "Install govsim" step), against the
 * reference client in trigger mode. GOVSIM_TAGS narrows the suite to keep the test fast.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYamlSubset, type YamlValue } from './yaml-subset.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CI = join(ROOT, 'docs/ci');
const FAST = { GOVSIM_TAGS: '@KERNEL-ID-01' };

type Map = Record<string, YamlValue>;

/** A vendor project folder where `npx govsim` runs this checkout. */
function vendorFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'govsim-ci-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'vendor-app', private: true }));
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(ROOT, join(dir, 'node_modules/govsim'), 'dir');
  symlinkSync(join(ROOT, 'cli/govsim.mjs'), join(dir, 'node_modules/.bin/govsim'));
  return dir;
}

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GOVSIM_')));
  return { ...env, ...extra, npm_config_update_notifier: 'false' };
}

function bash(cwd: string, script: string, env: Record<string, string>, args: string[] = ['--noprofile', '--norc', '-eo', 'pipefail']) {
  writeFileSync(join(cwd, 'ci-step.sh'), script);
  const res = spawnSync('bash', [...args, join(cwd, 'ci-step.sh')], { cwd, env: cleanEnv(env), encoding: 'utf8', timeout: 120_000 });
  return { code: res.status, out: `${res.stdout}\n${res.stderr}` };
}

/** Expands a CI artifact glob of the form a/b/*\/c/ in `cwd`. */
function globDirs(cwd: string, pattern: string): string[] {
  const [before, after] = pattern.replace(/\/$/, '').split('/*/');
  const base = join(cwd, before);
  return existsSync(base) ? readdirSync(base).map((d) => join(base, d, after)).filter((p) => existsSync(p)) : [];
}

function expectBundle(dir: string): void {
  for (const f of ['manifest.json', 'manifest.sig', 'report.json', 'report.html']) expect(existsSync(join(dir, f)), `${f} in ${dir}`).toBe(true);
}

function stringEnv(m: YamlValue | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries((m ?? {}) as Map).map(([k, v]) => [k, String(v)]));
}

describe('CI examples (docs/ci)', () => {
  it('GitHub Actions: the "govsim" step runs the suite in trigger mode and the artifact path finds the signed bundle', () => {
    const wf = parseYamlSubset(readFileSync(join(CI, 'github-actions.yml'), 'utf8')) as Map;
    const job = ((wf.jobs as Map).conformance) as Map;
    const steps = job.steps as Map[];
    const step = steps.find((s) => s.id === 'govsim')!;
    const upload = steps.find((s) => String(s.uses ?? '').startsWith('actions/upload-artifact'))!;
    expect(upload.if).toBe('always()');
    const env: Record<string, string> = { ...stringEnv(job.env), ...stringEnv(step.env), ...FAST };
    expect(env.GOVSIM_SUT).toBe('trigger');
    const cwd = vendorFolder();
    const res = bash(cwd, String(step.run), env);
    expect(res.code, res.out).toBe(0);
    expect(res.out).toMatch(/Scenarios: [1-9]\d* passed, 0 failed/);
    const bundles = globDirs(cwd, String((upload.with as Map).path));
    expect(bundles).toHaveLength(1);
    expectBundle(bundles[0]);
  }, 120_000);

  it('GitLab CI: the job script runs the suite and the artifact paths find the bundle and JUnit file', () => {
    const ci = parseYamlSubset(readFileSync(join(CI, 'gitlab-ci.yml'), 'utf8')) as Map;
    const job = ci['govsim-conformance'] as Map;
    const env = { ...stringEnv(job.variables), ...FAST };
    const cwd = vendorFolder();
    const res = bash(cwd, (job.script as string[]).join('\n'), env, ['-e']);
    expect(res.code, res.out).toBe(0);
    const artifacts = job.artifacts as Map;
    expect(artifacts.when).toBe('always');
    const bundles = globDirs(cwd, (artifacts.paths as string[])[0]);
    expect(bundles).toHaveLength(1);
    expectBundle(bundles[0]);
    const junit = String((artifacts.reports as Map).junit);
    const [before, file] = junit.split('/*/');
    expect(readdirSync(join(cwd, before)).some((d) => existsSync(join(cwd, before, d, file)))).toBe(true);
  }, 120_000);

  it('shell script: runs, verifies, packs and uploads the bundle with HTTP PUT', async () => {
    let received: Buffer | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => { if (req.method === 'PUT') received = Buffer.concat(chunks); res.end('ok'); });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const cwd = vendorFolder();
    try {
      const res = await new Promise<{ code: number | null; out: string }>((done) => {
        // async spawn: the upload server runs in this process
        import('node:child_process').then(({ spawn }) => {
          const child = spawn('bash', [join(CI, 'govsim-ci.sh')], { cwd, env: cleanEnv({ ...FAST, GOVSIM_UPLOAD_URL: `http://127.0.0.1:${port}/upload?token=x` }) });
          let out = '';
          child.stdout.on('data', (d) => { out += d; });
          child.stderr.on('data', (d) => { out += d; });
          child.on('exit', (code) => done({ code, out }));
        });
      });
      expect(res.code, res.out).toBe(0);
      expect(res.out).toContain(`uploaded to http://127.0.0.1:${port}/upload`);
      expect(res.out).not.toContain('token=x');
      const tarball = readFileSync(join(cwd, 'govsim-report.tar.gz'));
      expect(received && createHash('sha256').update(received).digest('hex')).toBe(createHash('sha256').update(tarball).digest('hex'));
    } finally {
      server.close();
    }
  }, 120_000);

  it('negative control: a SUT command that fails turns the shell script red, and the bundle is still built', () => {
    const cwd = vendorFolder();
    const res = bash(cwd, readFileSync(join(CI, 'govsim-ci.sh'), 'utf8'), { ...FAST, GOVSIM_SUT_COMMAND: 'exit 7', GOVSIM_TIMEOUT_MS: '3000' }, []);
    expect(res.code, res.out).toBe(1);
    expect(res.out).toMatch(/Scenarios: 0 passed, [1-9]\d* failed/);
    expect(existsSync(join(cwd, 'govsim-report.tar.gz'))).toBe(true);
  }, 120_000);
});
