/** Test-only: a started MijnOverheid simulator with an ephemeral PKI, plus SUT credentials and a reference adapter. */
import { createRecorder, type Recorder } from '../kernel/evidence/index.ts';
import { FaultStore } from '../kernel/faults/rules.ts';
import { createEphemeralPki, type Pki } from '../kernel/pki/index.ts';
import { systemClock, type Clock } from '../kernel/types.ts';
import { createMijnOverheidSimulator, type MijnOverheidSimulator } from './index.ts';
import { ReferenceAdapter } from './reference/adapter.ts';

export const SUT_OIN = '00000099000000042000';
export const SUPPLIER_HRN = '00000003123456780000';
export const AFZENDER_ID = 'AFZ-0042';

let pkiPromise: Promise<Pki> | undefined;
export function sharedPki(): Promise<Pki> {
  return (pkiPromise ??= createEphemeralPki({ keyAlgorithm: 'ec-p256' }));
}

export interface Kit {
  pki: Pki;
  recorder: Recorder;
  faults: FaultStore;
  sim: MijnOverheidSimulator;
  adapter: ReferenceAdapter;
  close(): Promise<void>;
}

export async function sutCredentials(pki: Pki) {
  const client = await pki.issue({ profile: 'pkioverheid', oin: SUT_OIN, organization: 'Gemeente Proefstad', commonName: 'zaaksysteem.proefstad.example.test', purpose: 'client' });
  const server = await pki.issue({ profile: 'pkioverheid', oin: SUPPLIER_HRN, organization: 'Hosting Leverancier BV (fictief)', commonName: 'localhost', purpose: 'both', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  return {
    client: { cert: client.certPem + client.chainPem, key: client.keyPem },
    server: { cert: server.certPem + server.chainPem, key: server.keyPem },
    ca: pki.trustedCaPem(),
  };
}

export async function startKit(o: { variant?: string; clock?: Clock; cpaQuery?: string; register?: boolean } = {}): Promise<Kit> {
  const pki = await sharedPki();
  const recorder = createRecorder({ keepInMemory: 10_000 });
  const faults = new FaultStore();
  const sim = createMijnOverheidSimulator({ recorder, faults, pki, clock: o.clock ?? systemClock, host: '127.0.0.1' });
  await sim.start();
  const creds = await sutCredentials(pki);
  const adapter = new ReferenceAdapter({ partyName: 'Gemeente Proefstad', partyId: `${SUT_OIN}_OTA`, afzenderId: AFZENDER_ID, ...creds, ca: creds.ca.length ? [creds.ca.join('')] : [], variant: o.variant });
  await adapter.start();
  sim.mijnoverheid.addAfzender(SUT_OIN, AFZENDER_ID);
  sim.mijnoverheid.registerAccount('999993847');
  if (o.register !== false) await adapter.registerCpa(`${sim.urls().cpaRegister}${o.cpaQuery ?? '?retryInterval=PT1S&retries=3'}`);
  return { pki, recorder, faults, sim, adapter, async close() { await adapter.close(); await sim.stop(); } };
}

export const zaak = (over: Record<string, unknown> = {}) => ({
  identificatie: 'ZAAK-2026-0001', bsn: '999993847', omschrijving: 'Aanvraag parkeervergunning', startdatum: '20260601',
  status: { code: 'S1', omschrijving: 'Ontvangen', datumStatusGezet: '20260601120000', volgnummer: '1' },
  ...over,
});
