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
  bygogmiljo: {
    title: 'Byg og Miljø system interface (KOMBIT): SOAP services with FOCES certificates, service agreements, operator and citizen pages',
    ports: { https: 8475, portal: 8075 },
    load: async () => (await import('./bygogmiljo/index.ts')).createBygOgMiljoSimulator,
  },
  mrds: {
    title: 'MRDS (Melderegisterdatenspiegel Niedersachsen) Applikationskopplung: order portal, mailbox, XMeld web service',
    ports: { https: 8465, portal: 8065, smtp: 2565 },
    load: async () => (await import('./mrds/index.ts')).createMrdsSimulator,
  },
  cpr: {
    title: 'CPR self-service server protocol (logon, initiate, validate, venteregister) and kommune desk',
    ports: { sbs: 8470, desk: 8071 },
    load: async () => (await import('./cpr/index.ts')).createCprSimulator,
  },
  mijnoverheid: {
    title: 'MijnOverheid Lopende Zaken preproduction (CPA Register, ebMS2 MSH, Profielservice, citizen portal)',
    ports: { https: 8460, portal: 8061 },
    load: async () => (await import('./mijnoverheid/index.ts')).createMijnOverheidSimulator,
  },
  fitconnect: {
    title: 'FIT-Connect test / refz environment (OAuth, Submission API v1, routing, events, callbacks, portal)',
    ports: { test: 8450, refz: 8451 },
    load: async () => (await import('./fitconnect/index.ts')).createFitConnectSimulator,
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
