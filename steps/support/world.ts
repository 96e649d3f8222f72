import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { World, type IWorldOptions } from '@cucumber/cucumber';
import type { EvidenceRecord } from '../../simulators/kernel/evidence/index.ts';
import type { SutAction, SutOutcome } from '../../simulators/kernel/sut/drivers.ts';
import type { Simulator } from '../../simulators/kernel/types.ts';
import { loadSimulatorFactory } from '../../simulators/registry.ts';
import { parseParameters, type GovsimParameters } from './parameters.ts';
import type { RunContext } from './run-context.ts';

const SETTLE_AFTER_SUT_MS = 2_000;

let shared: RunContext | undefined;
export function setRunContext(ctx: RunContext | undefined): void {
  shared = ctx;
}

/**
 * One scenario's world: starts the simulators it needs on ephemeral ports, drives the
 * SUT through the run's driver, and reads the evidence the scenario produced.
 */
export class GovsimWorld extends World<GovsimParameters> {
  readonly simulators = new Map<string, Simulator>();
  scenario = { id: '', name: '', tags: [] as string[] };
  lastOutcome?: SutOutcome;
  /** Free-form values steps pass to later steps of the same scenario. */
  readonly values = new Map<string, unknown>();

  constructor(options: IWorldOptions<GovsimParameters>) {
    super({ ...options, parameters: parseParameters(options.parameters) });
  }

  get run(): RunContext {
    if (!shared) throw new Error('govsim run context not initialised (BeforeAll did not run)');
    return shared;
  }

  /** Starts (once per scenario) and returns the simulator for `platform`. */
  async simulator(platform: string): Promise<Simulator> {
    let sim = this.simulators.get(platform);
    if (!sim) {
      const factory = await loadSimulatorFactory(platform);
      const { recorder, faults, pki, clock } = this.run;
      sim = factory({
        recorder, faults, pki, clock, host: '127.0.0.1',
        environment: this.parameters.environment,
        defects: this.parameters.defects ?? [],
        // Per scenario: a restart within the scenario finds its state, the next scenario starts clean.
        dataDir: join(this.parameters.runDir, 'state', this.scenario.id || 'no-scenario'),
      });
      await sim.start();
      this.simulators.set(platform, sim);
    }
    return sim;
  }

  async stopSimulators(): Promise<void> {
    const sims = [...this.simulators.values()];
    this.simulators.clear();
    await Promise.allSettled(sims.map((s) => s.stop()));
  }

  /** A per-scenario folder for files handed to the SUT (certificates, payloads). */
  sutDir(): string {
    const dir = join(this.parameters.runDir, 'sut', this.scenario.id);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Asks the SUT to act, in whatever mode the run uses. */
  async sutPerforms(platform: string, action: string, params: Record<string, unknown>, instructions: string): Promise<SutOutcome> {
    const a: SutAction = { platform, action, params, instructions, scenario: this.scenario };
    this.lastOutcome = await this.run.sut.perform(a);
    this.run.recorder.record({
      kind: 'note', platform, summary: `SUT asked to ${action} (${this.lastOutcome.mode}): ${this.lastOutcome.ok ? 'done' : this.lastOutcome.error}`,
      data: { sutAction: action, params, outcome: this.lastOutcome },
    });
    return this.lastOutcome;
  }

  /** Evidence written during this scenario, oldest first. */
  evidence(filter: (r: EvidenceRecord) => boolean = () => true): EvidenceRecord[] {
    return this.run.recorder.query({ scenarioId: this.scenario.id }).filter(filter);
  }

  /**
   * Waits until a record matching `filter` is in this scenario's evidence. Once a driven
   * SUT (reference or trigger) has finished its action, its exchanges are already
   * recorded, so the wait is cut to a short settle time; in manual mode, or before the
   * SUT acted, it is the run's timeout. Steps that expect a later, asynchronous exchange
   * pass their own timeout.
   */
  async waitForEvidence(description: string, filter: (r: EvidenceRecord) => boolean, timeoutMs?: number): Promise<EvidenceRecord> {
    timeoutMs ??= this.lastOutcome && this.lastOutcome.mode !== 'manual'
      ? Math.min(SETTLE_AFTER_SUT_MS, this.parameters.timeoutMs)
      : this.parameters.timeoutMs;
    const found = this.evidence(filter)[0];
    if (found) return found;
    const { recorder } = this.run;
    return new Promise((resolve, reject) => {
      const onRecord = (r: EvidenceRecord) => {
        if (r.scenarioId === this.scenario.id && filter(r)) done(() => resolve(r));
      };
      const timer = setTimeout(() => done(() => reject(new Error(
        `waited ${timeoutMs} ms for ${description}, but it is not in the evidence of this scenario` +
        (this.lastOutcome && !this.lastOutcome.ok ? ` (the SUT reported: ${this.lastOutcome.error})` : '')))), timeoutMs);
      const done = (fn: () => void) => { clearTimeout(timer); recorder.off('record', onRecord); fn(); };
      recorder.on('record', onRecord);
    });
  }
}
