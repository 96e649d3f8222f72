/**
 * The `govsim` package entry for library use (compiled to dist/ for consumers).
 * Platform factories: `govsim/simulators/<platform>`; in-process handlers: `govsim/msw`;
 * containers: `govsim/testcontainers`. The CLI is `npx govsim`.
 */
export { startSimulators, type RunningSimulators, type StartSimulatorsOptions } from './start.ts';
export { loadConfig, type GovsimConfig, type ResolvedConfig, type LoadConfigOptions } from '../../cli/config/index.ts';
export { SIMULATORS, platformKeys, loadSimulatorFactory, type SimulatorEntry } from '../../simulators/registry.ts';
export { systemClock, fixedClock, type Clock, type Identity, type Simulator, type SimulatorAdmin } from '../../simulators/kernel/types.ts';
export type { SimulatorContext, SimulatorFactory } from '../../simulators/kernel/context.ts';
export { createRecorder, Recorder, type RecorderOptions } from '../../simulators/kernel/evidence/index.ts';
export { FaultStore } from '../../simulators/kernel/faults/rules.ts';
export { createEphemeralPki, initPki, loadPki } from '../../simulators/kernel/pki/index.ts';
