/** Shared set-up for the MRDS transport/page tests: one ephemeral PKI and a started simulator. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRecorder, type Recorder } from '../../kernel/evidence/index.ts';
import { FaultStore } from '../../kernel/faults/rules.ts';
import { createEphemeralPki, type Pki } from '../../kernel/pki/index.ts';
import { systemClock, type Clock } from '../../kernel/types.ts';
import { createMrdsSimulator, type MrdsSettings, type MrdsSimulator } from '../index.ts';

export interface Harness { sim: MrdsSimulator; pki: Pki; recorder: Recorder; dir: string; evidenceText(): string; caFile: string }

export async function startHarness(settings: Partial<MrdsSettings> = {}, defects: string[] = [], pki?: Pki, clock: Clock = systemClock): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'govsim-mrds-'));
  pki ??= await createEphemeralPki();
  const file = join(dir, 'evidence.jsonl');
  const recorder = createRecorder({ file, runId: 'mrds-test' });
  const sim = createMrdsSimulator({ recorder, faults: new FaultStore(), pki, clock, host: '127.0.0.1', defects }, { operatorDelayMs: 0, ...settings });
  await sim.start();
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, pki.trustedCaPem().join(''));
  return { sim, pki, recorder, dir, caFile, evidenceText: () => readFileSync(file, 'utf8') };
}

export async function waitFor<T>(what: string, fn: () => T | undefined, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
