import type { ReferenceClient } from './kernel/sut/drivers.ts';

/** Built-in reference clients (the SUT in `reference` mode), loaded on demand. */
const REFERENCES: Record<string, () => Promise<ReferenceClient>> = {
  kernel: async () => (await import('./selftest/reference/index.ts')).selftestReferenceClient,
};

export async function loadReferenceClient(platform: string): Promise<ReferenceClient> {
  const load = REFERENCES[platform];
  if (!load) throw new Error(`no reference client for platform "${platform}"`);
  return load();
}
