/**
 * Builds the library part of the npm package: tsc (tsconfig.build.json) compiles the
 * public entry points and what they import to dist/ as JS + .d.ts, then the files those
 * modules read at run time (schemas, the dashboard page, the config schema) are copied
 * beside them, so `new URL('…', import.meta.url)` finds them in dist/ as in the sources.
 *
 *   node --import tsx packaging/build.ts [--out <dir>] [--root <dir>]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folders whose non-TypeScript files compiled modules may read at run time. */
export const ASSET_DIRS = ['schemas', 'simulators', 'cli/config'];
const SKIP = /(\.test\.ts|\.ts|\.md)$|\/fixtures\//;

export interface BuildResult { outDir: string; files: number; assets: number }

export function buildPackage(root: string, outDir = join(root, 'dist')): BuildResult {
  rmSync(outDir, { recursive: true, force: true });
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const res = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir], { cwd: root, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`tsc failed (exit ${res.status}):\n${res.stdout}${res.stderr}`);
  let assets = 0;
  for (const dir of ASSET_DIRS) {
    for (const file of walk(join(root, dir))) {
      const rel = relative(root, file);
      if (SKIP.test(`/${rel}`)) continue;
      mkdirSync(dirname(join(outDir, rel)), { recursive: true });
      cpSync(file, join(outDir, rel));
      assets++;
    }
  }
  // Compiled modules read ../package.json for the harness version; give dist/ its own.
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  writeFileSync(join(outDir, 'package.json'), JSON.stringify({ name: `${pkg.name}-dist`, version: pkg.version, private: true, type: 'module' }, null, 2) + '\n');
  return { outDir, files: walk(outDir).length, assets };
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? (name === 'node_modules' ? [] : walk(p)) : [p];
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const root = resolve(opt('--root') ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const r = buildPackage(root, opt('--out') ? resolve(opt('--out')!) : undefined);
  console.log(`built ${r.outDir}: ${r.files} files (${r.assets} assets copied)`);
}
