import type { ReferenceClient } from './kernel/sut/drivers.ts';

/** Built-in reference clients (the SUT in `reference` mode), loaded on demand. */
const REFERENCES: Record<string, () => Promise<ReferenceClient>> = {
  kernel: async () => (await import('./selftest/reference/index.ts')).selftestReferenceClient,
  mrds: async () => (await import('./mrds/reference/index.ts')).mrdsReferenceClient,
  bygogmiljo: async () => (await import('./bygogmiljo/reference/index.ts')).bygogmiljoReferenceClient,
  cpr: async () => (await import('./cpr/reference/index.ts')).cprReferenceClient,
  mijnoverheid: async () => (await import('./mijnoverheid/reference/index.ts')).mijnoverheidReferenceClient,
  fitconnect: async () => (await import('./fitconnect/reference/index.ts')).fitconnectReferenceClient,
};

export async function loadReferenceClient(platform: string): Promise<ReferenceClient> {
  const load = REFERENCES[platform];
  if (!load) throw new Error(`no reference client for platform "${platform}"`);
  return load();
}
