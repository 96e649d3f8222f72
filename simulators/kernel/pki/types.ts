/** Public types of the test PKI. */
import type { Clock } from '../types.ts';
import type { KeyAlgorithm } from './keys.ts';

export type { KeyAlgorithm };

/** Certificate shapes govsim issues, each modelled on one platform's certificates. */
export type CertificateProfile = 'pkioverheid' | 'foces' | 'mrds-client' | 'server' | 'report-signer';
export const PROFILES: readonly CertificateProfile[] = ['pkioverheid', 'foces', 'mrds-client', 'server', 'report-signer'];

/** Good and deliberately broken certificates; every broken one is a negative test case. */
export type CertificateVariant = 'valid' | 'expired' | 'not-yet-valid' | 'foreign-ca' | 'revoked' | 'wrong-identifier';
export const VARIANTS: readonly CertificateVariant[] = ['valid', 'expired', 'not-yet-valid', 'foreign-ca', 'revoked', 'wrong-identifier'];

export type CertificatePurpose = 'client' | 'server' | 'both';

export type RevocationReason =
  | 'unspecified' | 'keyCompromise' | 'cACompromise' | 'affiliationChanged' | 'superseded'
  | 'cessationOfOperation' | 'certificateHold' | 'privilegeWithdrawn';

export interface IssueRequest {
  profile: CertificateProfile;
  /** Default `valid`. */
  variant?: CertificateVariant;
  /** EKU: clientAuth, serverAuth or both. Default per profile (server → server, others → client). */
  purpose?: CertificatePurpose;
  /** Default: the PKI's key algorithm; `ed25519` for `report-signer`. */
  keyAlgorithm?: KeyAlgorithm;
  /** Default 365. */
  validityDays?: number;
  commonName?: string;
  organization?: string;
  /** PKIoverheid: the SubOIN unit; otherwise any OU. */
  organizationalUnit?: string;
  /** PKIoverheid: 20-digit OIN or HRN. */
  oin?: string;
  /** FOCES: 8-digit CVR. */
  cvr?: string;
  /** FOCES: function identifier. */
  fid?: string;
  /** MRDS: customer number (Kundennummer/Mandant). */
  customer?: string;
  email?: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  /**
   * Reuse the private key kept under this label (generated on first use) instead of a new
   * one. A persistent PKI stores it in `<dir>/keys/`, so slow RSA-4096 test keys survive
   * across runs; certificates are still issued fresh. Test keys only.
   */
  keyLabel?: string;
}

export interface IssuedCertificate {
  certPem: string;
  /** PKCS#8 PEM. */
  keyPem: string;
  /** Issuing CA then root, PEM. */
  chainPem: string;
  certDer: Buffer;
  /** Upper-case hex, as Node's X509Certificate.serialNumber and `openssl crl -text` show it. */
  serialHex: string;
  /** Upper-case hex SHA-256 of the DER, no colons. */
  fingerprint256: string;
  /** RFC 4514 subject, most specific first (as `openssl x509 -nameopt RFC2253`). */
  subject: string;
  notBefore: Date;
  notAfter: Date;
  /** A PKCS#12 (PBES2 AES-256-CBC, SHA-256 MAC) with the key, the certificate and its chain. */
  toPkcs12(passphrase: string, friendlyName?: string): Promise<Buffer>;
}

export interface PkiOptions {
  clock?: Clock;
  /** Key algorithm of the CAs and the default for issued certificates. Default rsa2048. */
  keyAlgorithm?: KeyAlgorithm;
  /** How long a CRL stays fresh (nextUpdate - thisUpdate). Default 30. */
  crlValidityDays?: number;
  /** Randomness for serial numbers (injectable for reproducible runs). Default crypto.randomBytes. */
  random?: (n: number) => Buffer;
}

export interface InitPkiOptions extends PkiOptions {
  dir: string;
  /** Replace an existing hierarchy in `dir`. */
  force?: boolean;
}

export interface Pki {
  /** Directory the PKI is stored in; undefined for an ephemeral PKI. */
  readonly dir: string | undefined;
  readonly keyAlgorithm: KeyAlgorithm;
  issue(request: IssueRequest): Promise<IssuedCertificate>;
  /** Adds a serial to the issuing CA's CRL and re-signs it. */
  revoke(serialHex: string, reason?: RevocationReason): Promise<void>;
  /** Re-signs both CRLs with thisUpdate/nextUpdate from the clock. */
  refreshCrls(): Promise<void>;
  /** The issuing CA's CRL (PEM). */
  crlPem(): string;
  /** The issuing CA's and the root CA's CRLs, for a TLS server's `crl` option. */
  crls(): string[];
  /** Issuing CA then root (PEM), for a TLS server's `ca` option. */
  trustedCaPem(): string[];
  /** The foreign hierarchy (issuing then root), only for negative controls. */
  foreignCaPem(): string[];
  /** Serials (upper-case hex) currently on the issuing CA's CRL. */
  revokedSerials(): string[];
  /** TLS server certificate for the simulators; cached per host list (and persisted in `dir`). */
  serverCertificate(hostnames?: string[]): Promise<IssuedCertificate>;
  /** The report-signing certificate and key (Ed25519); cached and persisted in `dir`. */
  reportSigner(): Promise<IssuedCertificate>;
}
