/**
 * Reference client for MijnOverheid Lopende Zaken: a municipality's Digikoppeling adapter and
 * zaaksysteem, playing the SUT in `reference` mode. It keeps its adapter (an mTLS endpoint) running
 * between actions of a scenario, so it works in-process (reference mode), not as a per-action command.
 */
import { readFileSync } from 'node:fs';
import type { ReferenceClient } from '../../kernel/sut/drivers.ts';
import { ReferenceAdapter } from './adapter.ts';
import type { ZaakInput } from './zaaksysteem.ts';

export { ReferenceAdapter } from './adapter.ts';
export { zakLk01, Zaaksysteem, type ZaakInput } from './zaaksysteem.ts';

export const MIJNOVERHEID_VARIANTS = {
  'wrong-oin-certificate': 'presents its endpoint certificate (the hosting supplier\'s HRN) as TLS client certificate instead of the organisation\'s OIN certificate',
  'partyid-type-missing': 'writes eb:PartyId without the eb:type="urn:osb:oin" attribute',
  'wrong-soapaction': 'sends SOAPAction: ebXML without the required quotes',
  'duplicate-different-content': 'rebuilds the zaakbericht on retransmission, reusing the MessageId for different content',
  'bad-bsn': 'writes the BSN as a number, dropping leading zeros',
  'ignores-foutbericht': 'acknowledges foutberichten but the zaaksysteem never records them',
  'no-ack': 'never acknowledges messages MijnOverheid sends to its endpoint',
  'no-retry': 'gives up after an HTTP 503 instead of resending the zaakbericht (503 is recoverable)',
  'sha1-signature': 'signs with rsa-sha1/ecdsa-sha1 and SHA-1 digests on a signed profile (Digikoppeling requires SHA-256 or stronger)',
  'unsigned-on-signed-profile': 'sends unsigned messages although its CPA has a signed profile (osb-rm-s, osb-be-s)',
} as const;

const adapters = new Map<string, ReferenceAdapter>();

function str(p: Record<string, unknown>, k: string): string {
  const v = p[k];
  if (typeof v !== 'string' || v === '') throw new Error(`parameter ${k} is missing`);
  return v;
}

function adapter(p: Record<string, unknown>): ReferenceAdapter {
  const a = adapters.get(str(p, 'adapterId'));
  if (!a) throw new Error(`adapter ${String(p.adapterId)} is not set up: register the Consumerspecificatie first`);
  return a;
}

export const mijnoverheidReferenceClient: ReferenceClient = {
  variants: { ...MIJNOVERHEID_VARIANTS },
  actions: {
    /** Starts the adapter endpoint, writes the Consumerspecificatie and loads the CPA from the CPA Register. */
    async 'register-cpa'(p, variant) {
      // One scenario at a time: adapters of earlier scenarios are shut down.
      await Promise.allSettled([...adapters.values()].map((a) => a.close()));
      adapters.clear();
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
      const r = await adapter(p).sendZaak(p.zaak as ZaakInput, str(p, 'mijnOverheidOin'));
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
  },
};
