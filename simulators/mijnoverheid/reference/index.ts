/**
 * Reference client for MijnOverheid Lopende Zaken: a municipality's Digikoppeling adapter and
 * zaaksysteem, playing the SUT in `reference` mode, or in `trigger` mode through
 * `govsim reference-client` (the adapter endpoint then runs as a background process, remote.ts).
 */
import { dirname } from 'node:path';
import type { ReferenceClient } from '../../kernel/sut/drivers.ts';
import { localActions } from './local.ts';
import { callDaemon, isOneShotProcess, startDaemon, stopDaemon } from './remote.ts';

export { ReferenceAdapter } from './adapter.ts';
export { moBericht, zakLk01, Zaaksysteem, type ZaakInput } from './zaaksysteem.ts';

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

/** The folder that holds the adapter's state in trigger mode: the scenario's SUT folder. */
function adapterDir(p: Record<string, unknown>): string {
  if (typeof p.adapterDir === 'string' && p.adapterDir) return p.adapterDir;
  if (typeof p.caFile === 'string' && p.caFile) return dirname(p.caFile);
  throw new Error('parameter adapterDir is missing');
}

/**
 * In reference mode the actions run on in-process adapters. As a trigger command (one process per
 * action) `register-cpa` starts the adapter as a background process and the other actions go to it.
 */
function action(name: string) {
  return async (p: Record<string, unknown>, variant: string | undefined): Promise<unknown> => {
    if (!isOneShotProcess()) return localActions[name](p, variant);
    const dir = adapterDir(p);
    if (name === 'stop-adapter') return { stopped: await stopDaemon(dir) };
    if (name === 'register-cpa') await startDaemon(dir);
    return callDaemon(dir, name, p, variant);
  };
}

export const mijnoverheidReferenceClient: ReferenceClient = {
  variants: { ...MIJNOVERHEID_VARIANTS },
  actions: Object.fromEntries(Object.keys(localActions).map((name) => [name, action(name)])),
};
