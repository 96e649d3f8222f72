/**
 * Exact reading of X.509 distinguished names from DER, so multi-valued RDNs, escaped
 * characters and non-ASCII values never confuse identity extraction.
 */
import { TAG, expectTag, parseDer, readOid, readString, type Node } from './der.ts';

/** Short names as OpenSSL prints them with `-nameopt RFC2253`. */
const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

export interface NameAttribute {
  oid: string;
  /** OpenSSL short name, or the dotted OID when unknown. */
  type: string;
  /** Decoded string value; undefined when the value is not a string type. */
  value: string | undefined;
  /** DER of the value, for unknown types. */
  valueDer: Buffer;
}

/** A Name as a list of RDNs in encoding order (most general first); each RDN holds one or more attributes. */
export type ParsedName = NameAttribute[][];

export function parseName(node: Node): ParsedName {
  return expectTag(node, TAG.SEQUENCE, 'Name').children.map((rdn) =>
    expectTag(rdn, TAG.SET, 'RelativeDistinguishedName').children.map((atv) => {
      const oid = readOid(atv.children[0]);
      const valueNode = atv.children[1];
      return { oid, type: SHORT_NAMES[oid] ?? oid, value: valueNode ? readString(valueNode) : undefined, valueDer: valueNode?.raw ?? Buffer.alloc(0) };
    }),
  );
}

/** All values of one attribute type (short name or OID), in encoding order. */
export function nameValues(name: ParsedName, typeOrOid: string): string[] {
  const out: string[] = [];
  for (const rdn of name) for (const a of rdn) if ((a.type === typeOrOid || a.oid === typeOrOid) && a.value !== undefined) out.push(a.value);
  return out;
}

function escapeValue(v: string): string {
  let s = v.replace(/[,+"\\<>;]/g, '\\$&').replace(/[\u0000-\u001f\u007f]/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  if (s.startsWith('#') || s.startsWith(' ')) s = `\\${s}`;
  if (s.endsWith(' ') && !s.endsWith('\\ ')) s = `${s.slice(0, -1)}\\ `;
  return s;
}

/**
 * RFC 4514 string, most specific RDN first (OpenSSL also reverses the members of a multi-valued RDN), like `openssl x509 -nameopt RFC2253` for
 * ASCII values. Non-ASCII characters are kept as UTF-8 (OpenSSL escapes them as \XX bytes).
 */
export function formatName(name: ParsedName): string {
  return [...name]
    .reverse()
    .map((rdn) => [...rdn].reverse().map((a) => `${a.type}=${a.value === undefined ? `#${a.valueDer.toString('hex')}` : escapeValue(a.value)}`).join('+'))
    .join(',');
}

export interface CertificateNames {
  subject: ParsedName;
  issuer: ParsedName;
}

/** Subject and issuer of a DER certificate, read from the TBSCertificate. */
export function certificateNames(certDer: Buffer): CertificateNames {
  const cert = expectTag(parseDer(certDer), TAG.SEQUENCE, 'Certificate');
  const tbs = expectTag(cert.children[0], TAG.SEQUENCE, 'TBSCertificate').children;
  const offset = tbs[0]?.tag === 0xa0 ? 1 : 0; // [0] EXPLICIT version is optional
  return { issuer: parseName(tbs[offset + 2]), subject: parseName(tbs[offset + 4]) };
}
