import type { SimulatorFactory } from './kernel/context.ts';

/** Every platform govsim can start, loaded on demand. Add a platform here when it lands. */
export interface SimulatorEntry {
  title: string;
  /** Fixed ports for `govsim up` (documented in the README); tests use ephemeral ports. */
  ports: Record<string, number>;
  load: () => Promise<SimulatorFactory>;
}

export const SIMULATORS: Record<string, SimulatorEntry> = {
  kernel: {
    title: 'Kernel self-test endpoint (mTLS identity echo, XML guard, faults)',
    ports: { https: 8440, http: 8040 },
    load: async () => (await import('./selftest/index.ts')).createSelftestSimulator,
  },
};

export function platformKeys(): string[] {
  return Object.keys(SIMULATORS);
}

export async function loadSimulatorFactory(platform: string): Promise<SimulatorFactory> {
  const entry = SIMULATORS[platform];
  if (!entry) throw new Error(`unknown platform "${platform}" (known: ${platformKeys().join(', ')})`);
  return entry.load();
}
