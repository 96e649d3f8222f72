/**
 * Message security per the CPA's profile: which messages must be signed, and the signature
 * findings as ebMS errors. Signed profiles (osb-*-s) verify against the sender's
 * SigningCertificateRef; encrypted profiles (osb-*-e) are refused elsewhere with NotSupported.
 */
import type { Cpa, CpaParty } from '../cpa-model.ts';
import { profileTraits } from '../profiles.ts';
import { verifyEnvelopeSignature, type SignatureReport } from '../xmldsig/index.ts';
import type { EbmsError, EbmsMessage } from './model.ts';
import { isMshService } from './model.ts';

export interface SignatureCheck {
  /** The CPA requires this message to be signed. */
  required: boolean;
  present: boolean;
  ok: boolean;
  errors: EbmsError[];
  report?: SignatureReport;
}

/** Business messages must be signed under a signed profile; Acknowledgments when the CPA says ackSignatureRequested=always; Ping and other signals may be. */
export function signatureRequired(cpa: Cpa, sender: CpaParty, m: EbmsMessage): boolean {
  if (!profileTraits(cpa.profile).signed) return false;
  if (!isMshService(m)) return true;
  if (m.header.action === 'Acknowledgment') return sender.deliveryChannel.ackSignatureRequested === 'always';
  return false;
}

export function checkSignature(soap: Uint8Array | string, m: EbmsMessage, cpa: Cpa, sender: CpaParty, attachment: (href: string) => Uint8Array | undefined): SignatureCheck {
  const required = signatureRequired(cpa, sender, m);
  if (!required && !m.hasSignature) return { required, present: false, ok: true, errors: [] };
  const nr = sender.docExchange.nonRepudiation;
  const certId = nr?.signingCertificateId || sender.transport.clientCertificateId;
  const cert = sender.certificates.find((c) => c.certId === certId);
  if (!cert) {
    return { required, present: m.hasSignature, ok: false, errors: [{ errorCode: 'SecurityFailure', severity: 'Error', location: '//Header/Signature', description: `the CPA names no signing certificate ${certId} for ${sender.partyId}`, rule: 'EBMS_SIGNATURE_NO_CPA_CERTIFICATE' }] };
  }
  const r = verifyEnvelopeSignature(soap, {
    certificateDer: cert.derBase64, attachment,
    requiredReferences: (m.manifest?.references ?? []).map((x) => x.href),
    ...(nr?.signatureAlgorithm ? { cpaSignatureAlgorithm: nr.signatureAlgorithm } : {}),
  });
  return {
    required, present: r.present, ok: r.ok, report: r.report,
    errors: r.issues.map((i) => ({ errorCode: i.errorCode, severity: 'Error' as const, location: i.location, description: i.description, rule: i.rule })),
  };
}
