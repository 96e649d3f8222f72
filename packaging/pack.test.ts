/**
 * The npm package as a user gets it: `npm pack` output installed into an empty folder
 * (dependencies from the npm cache/registry), then `npx govsim --help`, `npx govsim up`,
 * a short `govsim run`, and library imports in JS and TypeScript.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageAndPack, type PackResult } from './stage.ts';

const ROOT = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'govsim-pack-'));
const app = join(work, 'app');
let packed: PackResult;

function sh(cmd: string, args: string[], timeout = 60_000) {
  const res = spawnSync(cmd, args, { cwd: app, encoding: 'utf8', timeout, env: { ...process.env, npm_config_update_notifier: 'false' } });
  return { code: res.status, out: `${res.stdout}\n${res.stderr}` };
}

beforeAll(() => {
  packed = stageAndPack(ROOT, work);
  spawnSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const res = sh('npm', ['install', packed.tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], 240_000);
  if (res.code !== 0) throw new Error(`npm install of the tarball failed:\n${res.out.slice(-3000)}`);
}, 300_000);

afterAll(() => {
  spawnSync('rm', ['-rf', work]);
});

describe('npm package', () => {
  it('ships the CLI, sources, compiled library and types, and no tests', () => {
    for (const f of ['cli/govsim.mjs', 'cli/main.ts', 'features/kernel', 'dist/packaging/exports/govsim.js', 'dist/packaging/exports/govsim.d.ts',
      'dist/simulators/selftest/index.js', 'dist/simulators/kernel/dashboard/dashboard.html', 'dist/cli/config/govsim.config.schema.json', 'cli/config/govsim.config.schema.json']) {
      expect(packed.files.some((p) => p === f || p.startsWith(`${f}/`)), `${f} in the tarball`).toBe(true);
    }
    expect(packed.files.filter((p) => p.endsWith('.test.ts'))).toEqual([]);
    expect(packed.files.filter((p) => p.startsWith('node_modules/') || p.startsWith('govsim-out/'))).toEqual([]);
  });

  it('npx govsim --help works in the consumer folder', () => {
    const res = sh('npx', ['govsim', '--help']);
    expect(res.code, res.out).toBe(0);
    expect(res.out).toMatch(/Commands:[\s\S]*\bup\b[\s\S]*\brun\b/);
  });

  it('npx govsim up starts, writes evidence under the consumer folder, and stops on SIGINT', async () => {
    const child = spawn('npx', ['govsim', 'up', '--ephemeral-ports', '--admin-port', '0'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
    const deadline = Date.now() + 60_000;
    while (!out.includes('Press Ctrl-C') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    expect(out, out).toContain('Press Ctrl-C');
    const admin = /admin API\s+(http:\/\/\S+)\/admin/.exec(out)?.[1];
    expect(admin).toBeDefined();
    const health = await fetch(`${admin}/admin/health`);
    expect(health.status).toBe(200);
    const evidence = /evidence\s+(\S+evidence\.jsonl)/.exec(out)?.[1] ?? '';
    expect(evidence.startsWith(join(app, 'govsim-out', 'up'))).toBe(true);
    // Ctrl-C reaches the whole process group, as in a terminal: npx and govsim.
    process.kill(-child.pid!, 'SIGINT');
    const { code, signal } = await exit;
    await new Promise((r) => setTimeout(r, 200));
    expect(out).toContain('govsim stopped.');
    expect(out).not.toMatch(/error while stopping|internal error/);
    // npm exec itself may end by the same SIGINT instead of passing on govsim's exit code 0.
    expect(code === 0 || (code === null && signal === 'SIGINT'), `exit ${code} ${signal}\n${out}`).toBe(true);
    expect(existsSync(evidence)).toBe(true);
    expect(existsSync(join(app, '.govsim', 'pki'))).toBe(true);
  }, 90_000);

  it('npx govsim run runs a suite from the installed package', () => {
    const res = sh('npx', ['govsim', 'run', '--platform', 'kernel', '--tags', '@KERNEL-ID-01'], 90_000);
    expect(res.code, res.out).toBe(0);
    expect(res.out).toMatch(/Scenarios: [1-9]\d* passed, 0 failed/);
    expect(res.out).toContain(join(app, 'govsim-out', 'runs'));
  }, 100_000);

  it('library consumers import compiled JS with types (govsim, govsim/simulators/<platform>)', () => {
    writeFileSync(join(app, 'use.mjs'), [
      "import { startSimulators, platformKeys } from 'govsim';",
      "import { createSelftestSimulator } from 'govsim/simulators/selftest';",
      "if (typeof createSelftestSimulator !== 'function') throw new Error('no factory');",
      "const running = await startSimulators({ platforms: ['kernel'] });",
      "const res = await fetch(running.urls('kernel').http + '/health').catch((e) => ({ status: String(e) }));",
      "console.log(JSON.stringify({ keys: platformKeys(), urls: running.urls('kernel'), status: res.status }));",
      'await running.stop();',
    ].join('\n'));
    const js = sh('node', ['use.mjs']);
    expect(js.code, js.out).toBe(0);
    const printed = JSON.parse(js.out.trim().split('\n')[0]) as { keys: string[]; urls: Record<string, string> };
    expect(printed.keys).toContain('kernel');
    expect(printed.urls.https).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

    writeFileSync(join(app, 'use.ts'), [
      "import { startSimulators, type GovsimConfig, type Simulator } from 'govsim';",
      "const config: GovsimConfig = { platforms: ['kernel'], sut: { mode: 'trigger', command: 'x' } };",
      'export async function go(): Promise<Simulator> { const r = await startSimulators({ platforms: config.platforms }); return r.simulators.kernel; }',
      "// @ts-expect-error: the config type rejects an unknown SUT mode",
      "export const bad: GovsimConfig = { sut: { mode: 'auto' } };",
    ].join('\n'));
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: [], lib: ['ES2023', 'DOM'] }, files: ['use.ts'] }));
    const tsc = sh(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
    expect(tsc.code, tsc.out).toBe(0);
    expect(JSON.parse(readFileSync(join(app, 'node_modules/govsim/package.json'), 'utf8')).exports['./msw']).toBeDefined();
  }, 60_000);
});
