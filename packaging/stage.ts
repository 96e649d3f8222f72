/**
 * Copies what `npm pack` would see into a staging folder (package.json plus the `files`
 * entries), builds dist/ there and packs it, so the test never writes dist/ into the
 * working tree.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { buildPackage } from './build.ts';

export interface PackResult {
  tarball: string;
  /** Paths inside the package, as npm lists them. */
  files: string[];
}

export function stageAndPack(root: string, workDir: string): PackResult {
  const stage = join(workDir, 'stage');
  mkdirSync(stage, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] };
  for (const entry of ['package.json', 'README.md', 'LICENSE', ...pkg.files]) {
    if (entry.startsWith('!') || entry === 'dist' || !existsSync(join(root, entry))) continue;
    cpSync(join(root, entry), join(stage, entry), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir');
  buildPackage(stage);
  const res = spawnSync('npm', ['pack', '--json', '--pack-destination', workDir], { cwd: stage, encoding: 'utf8', timeout: 120_000 });
  if (res.status !== 0) throw new Error(`npm pack failed (exit ${res.status}):\n${res.stderr}`);
  const json = res.stdout.slice(res.stdout.indexOf('['));
  const [info] = JSON.parse(json) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return { tarball: join(workDir, info.filename), files: info.files.map((f) => f.path) };
}
