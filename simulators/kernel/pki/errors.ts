/** Stable error codes of the test PKI; tests and the CLI assert on `code`, never on the message. */
export type PkiErrorCode =
  | 'PKI_BAD_OIN'
  | 'PKI_BAD_CVR'
  | 'PKI_BAD_FID'
  | 'PKI_BAD_CUSTOMER'
  | 'PKI_BAD_EMAIL'
  | 'PKI_BAD_DNS_NAME'
  | 'PKI_BAD_IP'
  | 'PKI_BAD_REQUEST'
  | 'PKI_BAD_PROFILE'
  | 'PKI_BAD_VARIANT'
  | 'PKI_BAD_KEY_ALGORITHM'
  | 'PKI_BAD_VALIDITY'
  | 'PKI_BAD_SERIAL'
  | 'PKI_BAD_PASSPHRASE'
  | 'PKI_BAD_DER'
  | 'PKI_BAD_INPUT'
  | 'PKI_NOT_INITIALIZED'
  | 'PKI_CORRUPT'
  | 'PKI_P12_PASSPHRASE_REQUIRED'
  | 'PKI_P12_MAC_MISMATCH'
  | 'PKI_P12_UNSUPPORTED'
  | 'PKI_P12_NO_CERTIFICATE';

export class PkiError extends Error {
  override readonly name = 'PkiError';
  constructor(readonly code: PkiErrorCode, message: string) {
    super(message);
  }
}
