/** CRLs of the test PKI, signed with the CA's key; thisUpdate/nextUpdate come from the clock. */
import { x509 } from './x509.ts';
import { integer } from './der.ts';
import { signingAlgorithm, toPem } from './keys.ts';
import type { Authority } from './authority.ts';
import type { RevocationReason } from './types.ts';

export interface RevokedEntry {
  serialHex: string;
  reason: RevocationReason;
  /** ISO time of revocation. */
  revokedAt: string;
}

export const REVOCATION_REASONS: readonly RevocationReason[] = [
  'unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded',
  'cessationOfOperation', 'certificateHold', 'privilegeWithdrawn',
];

const OID_CRL_NUMBER = '2.5.29.20';
const DAY = 86_400_000;
/** thisUpdate slightly in the past, so a peer whose clock lags a little still accepts the CRL. */
const BACKDATE_MS = 5 * 60_000;

export async function buildCrl(
  ca: Authority, entries: RevokedEntry[], crlNumber: number, now: Date, validityDays: number,
): Promise<string> {
  const ski = ca.cert.getExtension(x509.SubjectKeyIdentifierExtension);
  const extensions: x509.Extension[] = [new x509.Extension(OID_CRL_NUMBER, false, new Uint8Array(integer(crlNumber)))];
  if (ski) extensions.push(new x509.AuthorityKeyIdentifierExtension(ski.keyId));
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.cert.subjectName,
    thisUpdate: new Date(now.getTime() - BACKDATE_MS),
    nextUpdate: new Date(now.getTime() + validityDays * DAY),
    signingKey: ca.key,
    signingAlgorithm: signingAlgorithm(ca.key),
    extensions,
    entries: entries.map((e) => ({
      serialNumber: e.serialHex,
      revocationDate: wholeSeconds(e.revokedAt),
      reason: x509.X509CrlReason[e.reason],
      // Always at least one entry extension: the library encodes an empty (non-DER) list otherwise,
      // which OpenSSL refuses to load. RFC 5280 wants no reasonCode for `unspecified`.
      invalidity: wholeSeconds(e.revokedAt),
    })),
  });
  // OpenSSL and Node only read the `X509 CRL` PEM label, not the library's `CRL`.
  return toPem('X509 CRL', Buffer.from(crl.rawData));
}

const wholeSeconds = (iso: string): Date => new Date(Math.floor(new Date(iso).getTime() / 1000) * 1000);

/** Normalises a serial as users type it (any case, optional colons, optional 0x / leading 00). */
export function normaliseSerial(input: string): string | undefined {
  const hex = input.trim().replace(/^0x/i, '').replace(/:/g, '').toUpperCase();
  if (!/^[0-9A-F]{1,40}$/.test(hex)) return undefined;
  const stripped = hex.replace(/^(00)+(?=[0-9A-F]{2})/, '');
  return stripped.length % 2 ? `0${stripped}` : stripped;
}
