/**
 * Dockerfile and docker-compose.yml, checked statically against the CLI's real settings
 * (there is no Docker engine on the development machines; the image was not built here).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIMULATORS } from '../simulators/registry.ts';
import { CONFIG_ENV_VARS, DEFAULT_CONFIG, envLayer, loadConfig, OTHER_ENV_VARS } from '../cli/config/index.ts';
import {
  checkCompose, checkDockerfile, contextCopies, envVarsReadBy, importsOutside, parseDockerfile, substituteCompose, type CheckContext,
} from './docker-checks.ts';
import { parseYamlSubset, type YamlValue } from './yaml-subset.ts';

const ROOT = resolve(import.meta.dirname, '..');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const ctx: CheckContext = {
  root: ROOT,
  platformPorts: Object.fromEntries(Object.entries(SIMULATORS).map(([k, s]) => [k, s.ports])),
  adminPort: DEFAULT_CONFIG.admin!.port!,
  knownEnv: [...Object.keys(CONFIG_ENV_VARS), ...OTHER_ENV_VARS, ...envVarsReadBy(ROOT, ['simulators', 'cli', 'steps'])],
};

describe('Dockerfile', () => {
  it('is multi-stage, non-root, has Debian chromium, and exposes exactly the registry ports + admin', () => {
    expect(checkDockerfile(dockerfile, ctx)).toEqual([]);
  });

  it('stages copy everything their code imports', () => {
    const stages = parseDockerfile(dockerfile);
    const build = stages.find((s) => s.name === 'build')!;
    const runtime = stages[stages.length - 1];
    const buildDirs = contextCopies(build).filter((p) => !p.includes('.'));
    // The build stage compiles what tsconfig.build.json includes; its imports must be copied in.
    const include = (JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] }).include.map((g) => g.replace(/\/\*.*$/, ''));
    expect(include.every((d) => buildDirs.some((b) => d === b || d.startsWith(`${b}/`)))).toBe(true);
    expect(importsOutside(ROOT, include, buildDirs)).toEqual([]);
    const runtimeDirs = contextCopies(runtime).filter((p) => !p.includes('.'));
    expect(runtimeDirs).toEqual(expect.arrayContaining(['cli', 'simulators', 'steps', 'features', 'reports', 'schemas']));
    expect(importsOutside(ROOT, runtimeDirs)).toEqual([]);
  });

  it('negative controls: each defect is reported', () => {
    expect(checkDockerfile(dockerfile.replace('USER node', 'USER root'), ctx)).toEqual([expect.stringMatching(/runs as root/)]);
    expect(checkDockerfile(dockerfile.replace(' 8450 ', ' '), ctx)).toEqual([expect.stringMatching(/EXPOSE lacks port 8450 \(fitconnect test\)/)]);
    expect(checkDockerfile(dockerfile.replace(' chromium ', ' '), ctx)).toEqual([expect.stringMatching(/does not install Debian chromium/)]);
    expect(checkDockerfile(dockerfile.replace('GOVSIM_OUT_DIR=/data/out', 'GOVSIM_OUT_DIR=/data/out \\\n    GOVSIM_OUTDIR=/x'), ctx)).toEqual([expect.stringMatching(/ENV GOVSIM_OUTDIR is not a variable govsim reads/)]);
    expect(checkDockerfile(dockerfile.replace(/FROM node:20-bookworm-slim AS (deps|build)[\s\S]*?(?=FROM node:20-bookworm-slim AS runtime)/g, ''), ctx)).toEqual(expect.arrayContaining([expect.stringMatching(/must be multi-stage/)]));
    expect(checkDockerfile(dockerfile.replace('COPY steps ./steps', 'COPY stepz ./steps'), ctx)).toEqual([expect.stringMatching(/COPY stepz: not in the build context/)]);
    expect(importsOutside(ROOT, ['cli'])).not.toEqual([]); // cli imports simulators/: the scan sees it
  });
});

describe('docker-compose.yml', () => {
  const doc = parseYamlSubset(composeText);

  it('publishes every simulator port and the admin port on loopback, uses only real GOVSIM_* settings, keeps evidence on a volume', () => {
    expect(checkCompose(doc, ctx, parseDockerfile(dockerfile))).toEqual([]);
  });

  it('its environment passes the real config loader and gives container-reachable settings', async () => {
    const env = (((doc as Record<string, YamlValue>).services as Record<string, YamlValue>).govsim as Record<string, YamlValue>).environment as Record<string, string>;
    expect(() => substituteCompose(env.GOVSIM_ADMIN_TOKEN, {})).toThrow(/GOVSIM_ADMIN_TOKEN is required/);
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, substituteCompose(v, { GOVSIM_ADMIN_TOKEN: 'x'.repeat(32) })]));
    expect(envLayer(resolved).names).toBeDefined();
    const cfg = await loadConfig({ cwd: '/', env: resolved, flags: [] });
    expect(cfg.host).toBe('0.0.0.0');
    expect(cfg.admin).toEqual({ port: ctx.adminPort, host: '0.0.0.0', allowRemote: true });
    expect(cfg.pkiDir).toBe('/data/pki');
    expect(cfg.outDir).toBe('/data/out');
  });

  it('negative controls: a platform that lands without compose/Dockerfile ports, a dropped port, an unknown variable, a lost volume', () => {
    const withNew: CheckContext = { ...ctx, platformPorts: { ...ctx.platformPorts, newplatform: { https: 8999 } } };
    expect(checkCompose(doc, withNew, parseDockerfile(dockerfile))).toEqual([expect.stringMatching(/does not publish port 8999 \(newplatform https\)/)]);
    expect(checkDockerfile(dockerfile, withNew)).toEqual([expect.stringMatching(/EXPOSE lacks port 8999/)]);
    const dropped = parseYamlSubset(composeText.replace('      - "127.0.0.1:8440:8440"\n', ''));
    expect(checkCompose(dropped, ctx, [])).toEqual([expect.stringMatching(/does not publish port 8440 \(kernel https\)/)]);
    const open = parseYamlSubset(composeText.replace('"127.0.0.1:8040:8040"', '"8040:8040"'));
    expect(checkCompose(open, ctx, [])).toEqual([expect.stringMatching(/publishes 8040:8040 on all interfaces/)]);
    const typo = parseYamlSubset(composeText.replace('GOVSIM_OUT_DIR: "/data/out"', 'GOVSIM_OUT_DIR: "/data/out"\n      GOVSIM_OUTPUT: "/data/out"'));
    expect(checkCompose(typo, ctx, [])).toEqual([expect.stringMatching(/GOVSIM_OUTPUT is not a variable govsim reads/)]);
    const lost = parseYamlSubset(composeText.replace('GOVSIM_OUT_DIR: "/data/out"', 'GOVSIM_OUT_DIR: "/tmp/out"'));
    expect(checkCompose(lost, ctx, [])).toEqual([expect.stringMatching(/GOVSIM_OUT_DIR \(\/tmp\/out\) is not on a mounted volume/)]);
    const mailAlways = parseYamlSubset(composeText.replace('    profiles: ["mail"]\n', ''));
    expect(checkCompose(mailAlways, ctx, [])).toEqual([expect.stringMatching(/mail relay must be optional/)]);
  });
});

describe('YAML subset parser', () => {
  it('reads mappings, sequences, quoting, comments, flow sequences and literal blocks', () => {
    expect(parseYamlSubset([
      'a: 1 # c', 'b:', '  - "x # not a comment"', "  - 'y'", '  - k: v', '    k2: [ "p", q ]', 'c: {}', 'd: |', '  line 1', '    line 2', 'e:', '- z',
    ].join('\n'))).toEqual({ a: '1', b: ['x # not a comment', 'y', { k: 'v', k2: ['p', 'q'] }], c: {}, d: 'line 1\n  line 2\n', e: ['z'] });
  });

  it('refuses what it does not understand instead of guessing', () => {
    for (const bad of ['a: &x 1', 'a: { b: 1 }', 'a:\n\tb: 1', 'a: >\n  folded', 'a: 1\na: 2', 'a:\n    b: 1\n  c: 2']) {
      expect(() => parseYamlSubset(bad), bad).toThrow(/line \d+/);
    }
  });
});
