/**
 * XMLDSIG algorithm URIs the Digikoppeling ebMS2 signed profiles use, and which are compliant:
 * exclusive C14N (SIGN002), SHA-256 or stronger digests (SIGN003) and signature methods (SIGN004).
 * SHA-1 variants are recognised so they can be reported as non-compliant rather than unknown.
 */
export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
export const XPATH_TRANSFORM = 'http://www.w3.org/TR/1999/REC-xpath-19991116';
export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const NEXT_MSH_ACTOR = 'urn:oasis:names:tc:ebxml-msg:actor:nextMSH';
export const SOAP_NEXT_ACTOR = 'http://schemas.xmlsoap.org/soap/actor/next';

/** The ebMS 2.0 §4.1.3 XPath filter: leave out header blocks meant for intermediaries (they may change in transit). */
export const EBMS_XPATH_FILTER = `not(ancestor-or-self::node()[@SOAP-ENV:actor="${NEXT_MSH_ACTOR}"] | ancestor-or-self::node()[@SOAP-ENV:actor="${SOAP_NEXT_ACTOR}"])`;

export type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

export const DIGEST_METHODS: Record<string, HashName> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};

export interface SignatureMethod { key: 'rsa' | 'ec'; hash: HashName }

export const SIGNATURE_METHODS: Record<string, SignatureMethod> = {
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': { key: 'rsa', hash: 'sha1' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': { key: 'rsa', hash: 'sha256' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': { key: 'rsa', hash: 'sha384' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': { key: 'rsa', hash: 'sha512' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1': { key: 'ec', hash: 'sha1' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256': { key: 'ec', hash: 'sha256' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384': { key: 'ec', hash: 'sha384' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512': { key: 'ec', hash: 'sha512' },
};

export function digestUri(hash: HashName): string {
  return Object.entries(DIGEST_METHODS).find(([, h]) => h === hash)![0];
}

export function signatureUri(key: 'rsa' | 'ec', hash: HashName): string {
  return Object.entries(SIGNATURE_METHODS).find(([, m]) => m.key === key && m.hash === hash)![0];
}

/** SHA-1 is not allowed by the Digikoppeling security standard (SIGN003/SIGN004). */
export const isCompliantHash = (h: HashName): boolean => h !== 'sha1';

/** The signature method a CPA names for a signing key: SHA-256 with the key's own algorithm (P-384 keys use SHA-384). */
export function signatureMethodForKey(keyType: string | undefined, namedCurve?: string): string {
  if (keyType === 'ec') return signatureUri('ec', namedCurve === 'secp384r1' ? 'sha384' : namedCurve === 'secp521r1' ? 'sha512' : 'sha256');
  return signatureUri('rsa', 'sha256');
}
