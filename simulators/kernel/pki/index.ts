/** govsim's generated test PKI: never real keys. */
export { initPki, loadPki, createEphemeralPki } from './pki.ts';
export { PkiError, type PkiErrorCode } from './errors.ts';
export { KEY_ALGORITHMS, CA_KEY_ALGORITHMS, type KeyAlgorithm } from './keys.ts';
export {
  PROFILES, VARIANTS,
  type CertificateProfile, type CertificateVariant, type CertificatePurpose, type RevocationReason,
  type IssueRequest, type IssuedCertificate, type Pki, type PkiOptions, type InitPkiOptions,
} from './types.ts';
export { identityFromCertificate } from './identity.ts';
export { inspectCertificate, formatInspection, type CertificateInspection, type CertificateShape } from './inspect.ts';
export { writeCertificateBundle, type WrittenBundle } from './bundle.ts';
export { buildPkcs12, readPkcs12, type Pkcs12Contents } from './pkcs12.ts';
export { signWithReportKey, verifyReportSignature } from './report-signer.ts';
export {
  validateOin, validateCvr, validateFid, validateCustomer, parseSubjectSerial, focesSerial, mrdsSerial, type ParsedSerial,
} from './identifiers.ts';
export { REVOCATION_REASONS } from './crl.ts';
