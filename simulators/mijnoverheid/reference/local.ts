/**
 * The reference client's actions on adapters living in this process: directly in `reference`
 * mode, or inside the background adapter process (daemon.ts) in `trigger` mode.
 */
import { readFileSync } from 'node:fs';
import { ReferenceAdapter } from './adapter.ts';
import type { ZaakInput } from './zaaksysteem.ts';

type Action = (params: Record<string, unknown>, variant: string | undefined) => Promise<unknown>;

const adapters = new Map<string, ReferenceAdapter>();

export function str(p: Record<string, unknown>, k: string): string {
  const v = p[k];
  if (typeof v !== 'string' || v === '') throw new Error(`parameter ${k} is missing`);
  return v;
}

function adapter(p: Record<string, unknown>): ReferenceAdapter {
  const a = adapters.get(str(p, 'adapterId'));
  if (!a) throw new Error(`adapter ${String(p.adapterId)} is not set up: register the Consumerspecificatie first`);
  return a;
}

async function closeAll(): Promise<void> {
  await Promise.allSettled([...adapters.values()].map((a) => a.close()));
  adapters.clear();
}

export const localActions: Record<string, Action> = {
  /** Starts the adapter endpoint, writes the Consumerspecificatie and loads the CPA from the CPA Register. */
  async 'register-cpa'(p, variant) {
    // One scenario at a time: adapters of earlier scenarios are shut down.
    await closeAll();
    const a = new ReferenceAdapter({
      partyName: str(p, 'partyName'), partyId: str(p, 'partyId'), afzenderId: str(p, 'afzenderId'),
      client: { cert: readFileSync(str(p, 'clientCertFile'), 'utf8'), key: readFileSync(str(p, 'clientKeyFile'), 'utf8') },
      server: { cert: readFileSync(str(p, 'serverCertFile'), 'utf8'), key: readFileSync(str(p, 'serverKeyFile'), 'utf8') },
      ca: [readFileSync(str(p, 'caFile'), 'utf8')],
      variant,
    });
    adapters.set(str(p, 'adapterId'), a);
    const endpointUri = await a.start();
    const cpa = await a.registerCpa(str(p, 'cpaRegisterUrl'));
    return { cpaId: cpa.cpaId, endpointUri };
  },
  async ping(p) {
    return adapter(p).ping();
  },
  async 'send-zaak'(p) {
    const r = await adapter(p).sendZaak(p.zaak as ZaakInput, str(p, 'mijnOverheidOin'), p.format === 'mo-bericht' ? 'mo-bericht' : 'zakLk01');
    // Best effort (osb-be*) has no acknowledgment: delivered means the HTTP POST was accepted.
    if (r.error || (!r.acknowledged && r.reliable !== false)) throw new Error(`zaakbericht ${r.messageId} not delivered: ${r.error ?? 'no ack'}`);
    return r;
  },
  async 'status-request'(p) {
    return adapter(p).statusRequest(str(p, 'refToMessageId'));
  },
  async 'check-profiel'(p) {
    return adapter(p).checkProfiel(str(p, 'profielserviceUrl'), str(p, 'bsn'));
  },
  async 'report-zaak'(p) {
    return adapter(p).zaaksysteem.get(str(p, 'identificatie')) ?? { identificatie: p.identificatie, state: 'onbekend' };
  },
  /** The scenario is over: the adapter endpoint stops. */
  async 'stop-adapter'() {
    await closeAll();
    return { stopped: true };
  },
};
