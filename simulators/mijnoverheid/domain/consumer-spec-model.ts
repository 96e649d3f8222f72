/** A Consumerspecificatie (`osb-ebms-service-specificatie`): what a consumer enters in the CPA Register. */
import type { CertificateInfo } from './certificate.ts';

export interface ConsumerSpec {
  partyName: string;
  /** The consumer's OIN (or HRN), as the PartyId of its CPA side; may carry a non-production suffix. */
  partyId: string;
  partyRef?: string;
  /** HTTPS endpoint where the consumer's ebMS adapter receives acks, errors and foutberichten. */
  endpointUri: string;
  clientCert: CertificateInfo;
  serverCert: CertificateInfo;
}
