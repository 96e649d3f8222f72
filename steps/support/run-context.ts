import { join } from 'node:path';
import { createRecorder, type Recorder } from '../../simulators/kernel/evidence/index.ts';
import { FaultStore } from '../../simulators/kernel/faults/rules.ts';
import { createEphemeralPki, initPki, type Pki } from '../../simulators/kernel/pki/index.ts';
import { manualDriver, referenceDriver, triggerDriver, type SutDriver } from '../../simulators/kernel/sut/drivers.ts';
import { systemClock, type Clock } from '../../simulators/kernel/types.ts';
import { loadReferenceClient } from '../../simulators/references.ts';
import type { GovsimParameters } from './parameters.ts';

/** Services shared by every scenario of one run (created once in BeforeAll). */
export interface RunContext {
  params: GovsimParameters;
  recorder: Recorder;
  faults: FaultStore;
  pki: Pki;
  clock: Clock;
  sut: SutDriver;
}

export async function createRunContext(params: GovsimParameters): Promise<RunContext> {
  const recorder = createRecorder({ file: join(params.runDir, 'evidence.jsonl'), runId: params.runId });
  const pki = params.pkiDir ? await initPki({ dir: params.pkiDir }) : await createEphemeralPki();
  return { params, recorder, faults: new FaultStore(), pki, clock: systemClock, sut: sutDriver(params) };
}

function sutDriver(p: GovsimParameters): SutDriver {
  switch (p.sutMode) {
    case 'reference': return referenceDriver(loadReferenceClient, p.variant);
    case 'trigger': return triggerDriver({ command: p.sutCommand, webhook: p.sutWebhook, timeoutMs: p.timeoutMs });
    case 'manual': return manualDriver((text) => process.stderr.write(text + '\n'));
  }
}
