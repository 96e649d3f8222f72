/** Shared glue of the MRDS steps: the simulator, the latest web-service exchange, refusals in plain words. */
import type { EvidenceRecord } from '../../simulators/kernel/evidence/index.ts';
import type { MrdsSimulator } from '../../simulators/mrds/index.ts';
import { check } from '../support/check.ts';
import { readXmeldAnswer, type XmeldAnswer } from './answer.ts';
import type { GovsimWorld } from '../support/world.ts';

export const PLATFORM = 'mrds';

export async function mrds(world: GovsimWorld): Promise<MrdsSimulator> {
  return (await world.simulator(PLATFORM)) as MrdsSimulator;
}

export interface MrdsTrace {
  mandant?: string;
  kundennummer?: string;
  nachrichtentyp?: string;
  nachrichtenUUID?: string;
  aktenzeichen?: string;
  anlassDesAbrufs?: string;
  encoding?: string;
  ergebnis?: string;
  anzahlTreffer?: number;
  geliefert?: number;
  elemente?: number[];
  hinweise?: string[];
  gesperrt?: string[];
  treffer?: Array<{ id: string; familienname?: string; vornamen?: string; status?: string; gesperrt?: boolean }>;
  fault?: { code: string; message: string };
}

export const isQuery = (r: EvidenceRecord): boolean =>
  r.kind === 'exchange' && r.direction === 'inbound' && r.request?.method === 'POST' && (r.request?.url ?? '').includes('/xmeld/XoevService');

export const trace = (r: EvidenceRecord): MrdsTrace => ((r.data as { mrds?: MrdsTrace } | undefined)?.mrds ?? {});

/** The Fachverfahren's query as the web service saw it (the latest one of the scenario). */
export async function queryExchange(world: GovsimWorld): Promise<EvidenceRecord> {
  await world.waitForEvidence('the Fachverfahren\'s XMeld query at the web service', isQuery);
  const all = world.evidence(isQuery);
  return all[all.length - 1];
}

/** The query, which must have been answered (200), with the XMeld answer as sent; a refusal fails with its code. */
export async function answeredQuery(world: GovsimWorld): Promise<{ r: EvidenceRecord; t: MrdsTrace; a: XmeldAnswer }> {
  const r = await queryExchange(world);
  const t = trace(r);
  check(!t.fault, `the web service refused the query with ${t.fault?.code}: ${t.fault?.message}`);
  check(r.response?.status === 200, `the web service answered HTTP ${r.response?.status}`);
  return { r, t, a: readXmeldAnswer(r) };
}

/** A check of the web service that must have passed for this query. */
export async function passedCheck(world: GovsimWorld, checkId: string, what: string): Promise<{ r: EvidenceRecord; t: MrdsTrace }> {
  const r = await queryExchange(world);
  const t = trace(r);
  const v = r.verdicts?.find((x) => x.check === checkId);
  check(v?.ok, t.fault ? `${what}: the web service refused the query with ${t.fault.code}: ${t.fault.message}` : `${what}: the web service did not get as far as this check`);
  return { r, t };
}
