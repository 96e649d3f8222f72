import { createRecorder, type Recorder } from '../../simulators/kernel/evidence/index.ts';
import { FaultStore } from '../../simulators/kernel/faults/rules.ts';
import { createEphemeralPki, initPki, type Pki } from '../../simulators/kernel/pki/index.ts';
import { systemClock, type Clock, type Simulator } from '../../simulators/kernel/types.ts';
import { platformKeys, SIMULATORS } from '../../simulators/registry.ts';

export interface StartSimulatorsOptions {
  /** Platform keys from the registry; default all. */
  platforms?: string[];
  /** Default 127.0.0.1. */
  host?: string;
  environment?: string;
  /** Persistent test PKI folder; default a fresh in-memory PKI. */
  pkiDir?: string;
  /** JSONL evidence file; default in-memory evidence only. */
  evidenceFile?: string;
  /** Use the documented fixed ports (as `govsim up`); default free ports. */
  fixedPorts?: boolean;
  clock?: Clock;
}

export interface RunningSimulators {
  simulators: Record<string, Simulator>;
  /** Base URLs of one platform, e.g. `{ https: 'https://127.0.0.1:40123' }`. */
  urls(platform: string): Record<string, string>;
  pki: Pki;
  recorder: Recorder;
  faults: FaultStore;
  stop(): Promise<void>;
}

/** Starts simulators in this process, as `govsim up` does without the admin API (for library use in tests). */
export async function startSimulators(o: StartSimulatorsOptions = {}): Promise<RunningSimulators> {
  const platforms = o.platforms ?? platformKeys();
  for (const p of platforms) if (!SIMULATORS[p]) throw new Error(`unknown platform "${p}" (known: ${platformKeys().join(', ')})`);
  const recorder = createRecorder({ file: o.evidenceFile });
  const faults = new FaultStore();
  const pki = o.pkiDir ? await initPki({ dir: o.pkiDir }) : await createEphemeralPki();
  const simulators: Record<string, Simulator> = {};
  const stop = async () => {
    await Promise.allSettled(Object.values(simulators).map((s) => s.stop()));
    recorder.close();
  };
  try {
    for (const platform of platforms) {
      const entry = SIMULATORS[platform];
      const factory = await entry.load();
      const sim = factory({
        recorder, faults, pki, clock: o.clock ?? systemClock, host: o.host ?? '127.0.0.1',
        environment: o.environment, ports: o.fixedPorts ? entry.ports : undefined,
      });
      await sim.start();
      simulators[platform] = sim;
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    simulators, pki, recorder, faults, stop,
    urls(platform) {
      const sim = simulators[platform];
      if (!sim) throw new Error(`platform "${platform}" was not started (started: ${Object.keys(simulators).join(', ')})`);
      return sim.urls();
    },
  };
}
