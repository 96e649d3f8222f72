import type { Recorder } from './evidence/index.ts';
import type { FaultStore } from './faults/rules.ts';
import type { Pki } from './pki/index.ts';
import type { Clock, Simulator } from './types.ts';

/** What the harness hands every simulator factory: shared services, never globals. */
export interface SimulatorContext {
  recorder: Recorder;
  faults: FaultStore;
  pki: Pki;
  clock: Clock;
  /** Platform environment, e.g. FIT-Connect `test` or `refz`; platforms pick their default. */
  environment?: string;
  host: string;
  /** Fixed ports for `govsim up`; tests leave them out (ephemeral). */
  ports?: Record<string, number>;
  /**
   * Folder for state that must survive a restart of the simulator (e.g. MijnOverheid's
   * reliable-messaging outbox); a simulator keeps its files in a subfolder named after its
   * platform. Absent: memory only, nothing is written.
   */
  dataDir?: string;
  /**
   * Deliberate defects, used only by the harness's own negative controls to prove a
   * scenario fails when the check it relies on is broken. Empty in every normal run.
   */
  defects?: readonly string[];
}

export type SimulatorFactory = (ctx: SimulatorContext) => Simulator;
