/** Test-only: stages a run directory from the golden fixtures in a fresh temp dir. */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Pickle ids of the two scenarios in fixtures/messages.ndjson. */
export const PASSED_PICKLE = '1a19ec06-d78a-45ca-9a77-01d7e86526fc';
export const FAILED_PICKLE = 'eb74bb2b-51ee-4801-9cfb-a4a6c1c85a61';

/** Copies the fixtures into `<tmp>/runs/fixture-run/` and returns both paths. */
export function stageRunDir(prefix = 'govsim-report-'): { root: string; runDir: string } {
  const root = tempDir(prefix);
  const runDir = join(root, 'runs', 'fixture-run');
  mkdirSync(runDir, { recursive: true });
  for (const f of readdirSync(FIXTURES_DIR)) {
    if (f.endsWith('.md')) continue;
    copyFileSync(join(FIXTURES_DIR, f), join(runDir, f));
  }
  return { root, runDir };
}

const created: string[] = [];

/** A fresh temp dir that `removeTempDirs()` deletes. */
export function tempDir(prefix = 'govsim-report-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Deletes every dir made by `tempDir`/`stageRunDir` in this test file. */
export function removeTempDirs(): void {
  for (const d of created.splice(0)) rmSync(d, { recursive: true, force: true });
}
