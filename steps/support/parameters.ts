import type { SutMode } from '../../simulators/kernel/sut/drivers.ts';

/** World parameters the `govsim run` command hands to Cucumber (JSON). */
export interface GovsimParameters {
  runDir: string;
  runId: string;
  sutMode: SutMode;
  environment?: string;
  sutCommand?: string;
  sutWebhook?: string;
  /** Broken reference-client variant to play (negative controls). */
  variant?: string;
  /** Harness defects for the kernel's own negative controls. */
  defects?: string[];
  /** How long a step waits for the SUT's exchange to appear in the evidence. */
  timeoutMs: number;
  /** Persistent test PKI directory; omitted means an ephemeral PKI for this run. */
  pkiDir?: string;
}

export function parseParameters(raw: unknown): GovsimParameters {
  const p = raw as Partial<GovsimParameters>;
  if (!p || typeof p.runDir !== 'string' || typeof p.runId !== 'string') {
    throw new Error('govsim world parameters are missing: run the suites with `govsim run`, not cucumber-js directly');
  }
  return { sutMode: 'reference', timeoutMs: 10_000, defects: [], ...p } as GovsimParameters;
}
