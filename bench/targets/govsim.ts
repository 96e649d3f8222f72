// Bench target: the simulator of one bench scenario in its own process, recording evidence
// to a file as `govsim up` does (same recorder settings). Prints {"urls": …} on stdout when
// listening; stops on SIGTERM.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRecorder } from '../../simulators/kernel/evidence/index.ts';
import { FaultStore } from '../../simulators/kernel/faults/rules.ts';
import { loadPki } from '../../simulators/kernel/pki/index.ts';
import { systemClock } from '../../simulators/kernel/types.ts';
import { loadSimulatorFactory } from '../../simulators/registry.ts';
import type { BenchScenario } from '../scenarios/types.ts';

const [scenarioName, pkiDir, outDir, evidenceMode, clientCertFile] = process.argv.slice(2);
const { scenario } = (await import(`../scenarios/${scenarioName}.ts`)) as { scenario: BenchScenario };
const { platform, environment } = scenario;
// evidenceMode "memory" measures the cost of writing evidence to disk.
const recorder = createRecorder({ file: evidenceMode === 'memory' ? undefined : join(outDir, `evidence-${process.pid}.jsonl`) });
const pki = await loadPki(pkiDir);
const factory = await loadSimulatorFactory(platform);
const sim = factory({ recorder, faults: new FaultStore(), pki, clock: systemClock, host: '127.0.0.1', environment });
await sim.start();
const info = (await scenario.setup?.(sim, { clientCertPem: clientCertFile ? readFileSync(clientCertFile, 'utf8') : '', trustedCaPem: pki.trustedCaPem() })) ?? {};
process.stdout.write(JSON.stringify({ urls: sim.urls(), info, pid: process.pid }) + '\n');
process.on('SIGTERM', async () => {
  await sim.stop();
  recorder.close();
  process.exit(0);
});
