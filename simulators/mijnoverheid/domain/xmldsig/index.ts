/** XMLDSIG for the Digikoppeling ebMS2 signed profiles (osb-rm-s, osb-be-s): signing and verification. */
export * from './algorithms.ts';
export { signEnvelope, SignError, type SignOptions } from './sign.ts';
export { verifyEnvelopeSignature, signedReferences, type SignatureIssue, type SignatureReport, type VerifyContext, type VerifyResult } from './verify.ts';
