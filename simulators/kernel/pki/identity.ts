/**
 * Identity of the peer, read from its client certificate. Called for every TLS
 * connection, so the parsed subject is cached per certificate fingerprint.
 */
import { X509Certificate } from 'node:crypto';
import type { Identity } from '../types.ts';
import { parseSubjectSerial } from './identifiers.ts';
import { fingerprintOf } from './issued.ts';
import { certificateNames, formatName, nameValues } from './names.ts';

type CertFacts = Omit<Identity, 'authorized' | 'authorizationError'>;

const CACHE_LIMIT = 1000;
const cache = new Map<string, CertFacts>();

function first(values: string[]): string | undefined {
  return values.length ? values[0] : undefined;
}

/** Reads X509Certificate's validity (an OpenSSL date string) as ISO 8601. */
function iso(opensslDate: string): string {
  const d = new Date(opensslDate);
  return Number.isNaN(d.getTime()) ? opensslDate : d.toISOString();
}

function facts(cert: X509Certificate, fingerprint256: string): CertFacts {
  const { subject, issuer } = certificateNames(cert.raw);
  const serialNumber = first(nameValues(subject, 'serialNumber'));
  const ous = nameValues(subject, 'OU');
  const out: CertFacts = {
    subjectDN: formatName(subject),
    issuerDN: formatName(issuer),
    fingerprint256,
    certSerial: cert.serialNumber.toUpperCase(),
    validFrom: iso(cert.validFrom),
    validTo: iso(cert.validTo),
  };
  const cn = first(nameValues(subject, 'CN'));
  const o = first(nameValues(subject, 'O'));
  if (cn !== undefined) out.commonName = cn;
  if (o !== undefined) out.organization = o;
  if (ous.length) out.organizationalUnit = ous.join(', ');
  if (serialNumber !== undefined) out.serialNumber = serialNumber;
  return { ...out, ...parseSubjectSerial(serialNumber) };
}

/**
 * Identity from a certificate (Node X509Certificate, PEM or DER) plus the TLS layer's
 * verdict (`socket.authorized`, `socket.authorizationError`). Identifiers are only set
 * when well-formed: a 19-digit serialNumber yields no `oin`.
 */
export function identityFromCertificate(
  cert: X509Certificate | string | Buffer,
  verification: { authorized: boolean; authorizationError?: string | Error | null },
): Identity {
  const x = cert instanceof X509Certificate ? cert : new X509Certificate(cert);
  const fp = fingerprintOf(x);
  let f = cache.get(fp);
  if (!f) {
    f = facts(x, fp);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(fp, f);
  }
  const identity: Identity = { authorized: verification.authorized === true, ...f };
  const err = verification.authorizationError;
  if (!identity.authorized && err) identity.authorizationError = typeof err === 'string' ? err : ((err as NodeJS.ErrnoException).code ?? err.message);
  return identity;
}
