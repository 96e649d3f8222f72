/** Glue shared by the CPR steps: the simulator, the provider's files, CPR exchanges in the evidence. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvidenceRecord } from '../../simulators/kernel/evidence/index.ts';
import type { CprSimulator } from '../../simulators/cpr/index.ts';
import { addDays, danishDay, type ProtocolTrace } from '../../simulators/cpr/domain/index.ts';
import { check } from '../support/check.ts';
import type { GovsimWorld } from '../support/world.ts';

export interface ProviderFiles {
  url: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  personkode: string;
  /** File holding the kendeord the CPR office issued (a file, so the secret stays out of the evidence). */
  kendeordFile: string;
  stateFile: string;
}

export async function cpr(world: GovsimWorld): Promise<CprSimulator> {
  return (await world.simulator('cpr')) as CprSimulator;
}

/** Issues the provider's FOCES certificate and writes what the SUT needs to reach CPR. */
export async function setUpProvider(world: GovsimWorld, personkode: string, cvr: string): Promise<ProviderFiles> {
  const sim = await cpr(world);
  if (personkode !== sim.cpr.settings.personkode || cvr !== sim.cpr.settings.providerCvr) {
    sim.cpr.addPersonkode({ personkode, kendeord: sim.cpr.settings.kendeord, providerCvr: cvr });
  }
  const { pki } = world.run;
  const dir = world.sutDir();
  const cert = await pki.issue({ profile: 'foces', cvr, fid: '70000001', commonName: 'govsim selvbetjeningsserver (test)', organization: 'Testudbyder ApS (fiktiv)', purpose: 'client', keyAlgorithm: 'ec-p256' });
  const files: ProviderFiles = {
    url: sim.urls().protocol,
    caFile: join(dir, 'trusted-ca.pem'),
    certFile: join(dir, 'provider.crt.pem'),
    keyFile: join(dir, 'provider.key.pem'),
    personkode,
    kendeordFile: join(dir, 'kendeord.txt'),
    stateFile: join(dir, 'provider-state.json'),
  };
  writeFileSync(files.caFile, pki.trustedCaPem().join('\n'));
  writeFileSync(files.certFile, cert.certPem + cert.chainPem);
  writeFileSync(files.keyFile, cert.keyPem, { mode: 0o600 });
  writeFileSync(files.kendeordFile, sim.cpr.settings.kendeord, { mode: 0o600 });
  world.values.set('cpr.provider', files);
  return files;
}

export function provider(world: GovsimWorld): ProviderFiles {
  const p = world.values.get('cpr.provider') as ProviderFiles | undefined;
  check(p, 'no self-service provider was set up in this scenario (Background step missing)');
  return p;
}

/**
 * `today`, `today+3`, `today-40` → YYYYMMDD in the simulator's Danish calendar;
 * `pnr:<person>` → that seeded person's CPR number; anything else unchanged.
 */
export async function expandValue(world: GovsimWorld, value: string): Promise<string> {
  if (value.startsWith('pnr:')) return (await cpr(world)).cpr.person(value.slice(4)).pnr;
  const m = /^today([+-]\d+)?$/.exec(value.trim());
  if (!m) return value;
  const today = danishDay((await cpr(world)).cpr.clock.now());
  return m[1] ? addDays(today, Number(m[1])) : today;
}

export interface CprExchange {
  seq: number;
  trace: ProtocolTrace;
  record: EvidenceRecord;
}

export function cprExchanges(world: GovsimWorld, transkode?: string): CprExchange[] {
  return world.evidence((r) => r.kind === 'exchange' && r.platform === 'cpr' && !!(r.data as { cpr?: unknown } | undefined)?.cpr)
    .map((r) => ({ seq: r.seq, trace: (r.data as { cpr: ProtocolTrace }).cpr, record: r }))
    .filter((x) => !transkode || x.trace.transkode === transkode);
}

/** Marks where the SUT's next action starts, so later steps read only what that action did. */
export function markAction(world: GovsimWorld): void {
  world.values.set('cpr.mark', world.evidence().at(-1)?.seq ?? 0);
}

/** Waits for a CPR exchange of the last SUT action with this transaction code (and answer, when given). */
export async function waitForCpr(world: GovsimWorld, transkode: string, fejlkode?: string, description?: string): Promise<CprExchange> {
  const mark = (world.values.get('cpr.mark') as number | undefined) ?? 0;
  const r = await world.waitForEvidence(description ?? `a ${transkode} request${fejlkode ? ` answered ${fejlkode}` : ''}`,
    (x) => x.seq > mark && x.kind === 'exchange' && x.platform === 'cpr' && (x.data as { cpr?: ProtocolTrace } | undefined)?.cpr?.transkode === transkode
      && (fejlkode === undefined || (x.data as { cpr: ProtocolTrace }).cpr.fejlkode === fejlkode));
  return { seq: r.seq, trace: (r.data as { cpr: ProtocolTrace }).cpr, record: r };
}

/** Lets exchanges still being recorded land before a step checks that something did NOT happen. */
export async function settle(ms = 200): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

export const describeAnswers = (xs: CprExchange[]) => xs.map((x) => `${x.trace.transkode}→${x.trace.fejlkode}`).join(', ') || 'none';

/** What the SUT reported back (reference and trigger modes); undefined in manual mode. */
export function sutResult(world: GovsimWorld): Record<string, unknown> | undefined {
  const o = world.lastOutcome;
  if (!o || o.mode === 'manual') return undefined;
  return (o.output ?? {}) as Record<string, unknown>;
}
