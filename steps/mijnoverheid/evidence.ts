/** Evidence queries for the MijnOverheid suite (what the simulator recorded about the SUT's traffic). */
import type { EvidenceRecord } from '../../simulators/kernel/evidence/index.ts';
import type { MijnOverheidSimulator } from '../../simulators/mijnoverheid/index.ts';
import type { InboundData } from '../../simulators/mijnoverheid/transport/msh.ts';
import type { GovsimWorld } from '../support/world.ts';
import { check } from '../support/check.ts';

/**
 * `data.ebms` of a MijnOverheid evidence record: what the MSH records about inbound
 * messages, plus the fields of its outbound attempts, pings and delivery failures.
 */
export interface EbmsData extends Omit<InboundData, 'direction' | 'reply'> {
  direction: 'inbound' | 'outbound';
  event?: string;
  reply?: { action: string; messageId: string; mode: string };
  pong?: boolean;
  status?: number;
  error?: string;
}

export type EbmsRecord = EvidenceRecord & { data: { ebms: EbmsData } };

export const isEbms = (r: EvidenceRecord): r is EbmsRecord => r.platform === 'mijnoverheid' && typeof (r.data as { ebms?: unknown } | undefined)?.ebms === 'object';
export const inboundEbms = (r: EvidenceRecord): r is EbmsRecord => r.kind === 'exchange' && r.direction === 'inbound' && isEbms(r);

export async function mijnOverheid(world: GovsimWorld): Promise<MijnOverheidSimulator> {
  return (await world.simulator('mijnoverheid')) as MijnOverheidSimulator;
}

/** Why an inbound message was not accepted, in one sentence. */
export function refusal(r: EbmsRecord): string {
  const e = r.data.ebms;
  if (e.verdict === 'soapFault') return `refused with a SOAP Fault ${e.fault?.code}: ${e.fault?.faultString}`;
  if (e.verdict === 'messageError') return `answered with a MessageError: ${(e.errors ?? []).map((x) => `${x.errorCode} ${x.rule} at ${x.location}`).join('; ')}`;
  return `verdict ${e.verdict}`;
}

export function cpaId(world: GovsimWorld): string {
  const id = world.values.get('cpaId') as string | undefined;
  check(id, 'no CPA was created for the system under test in this scenario');
  return id;
}

/** Which adapter of the SUT an action is for: the scenario's adapter id and its SUT folder (trigger mode keeps state there). */
export function adapterRef(sut: Record<string, string>): { adapterId: string; adapterDir: string } {
  return { adapterId: sut.adapterId, adapterDir: sut.adapterDir };
}

/** zakLk01 (StUF-ZKN) or the MO-bericht: the two zaakbericht formats (ebMS Action). */
export const isZaakbericht = (action: string | undefined): boolean => action === 'zakLk01' || action === 'moBericht';
