/**
 * Signs an ebMS 2.0 envelope for the Digikoppeling signed profiles: one ds:Signature in the SOAP
 * header with a Reference URI="" (enveloped-signature, the ebMS XPath filter, exclusive C14N) and a
 * Reference per payload part (cid:), SHA-256 digests and an RSA or ECDSA signature over the
 * exclusively canonicalized SignedInfo. Weak (SHA-1) signing exists only to build negative controls.
 */
import { createPrivateKey, sign as cryptoSign, X509Certificate } from 'node:crypto';
import { canonicalize, parseXml } from '../xml.ts';
import { DS_NS, EBMS_XPATH_FILTER, ENVELOPED_SIGNATURE, EXC_C14N, SOAP_ENV_NS, XPATH_TRANSFORM, digestUri, signatureUri, type HashName } from './algorithms.ts';
import { digest, envelopeNodeSet, headerSignature } from './dom.ts';

export interface SignOptions {
  /** PKCS#8 or traditional PEM private key (RSA or EC). */
  keyPem: string;
  /** The signing certificate (PEM; the first certificate is put in ds:KeyInfo). */
  certPem: string;
  /** Payload parts referenced from the Manifest, signed as cid: references over their octets. */
  attachments?: { contentId: string; body: Uint8Array | string }[];
  /** Digest and signature hash; default sha256. 'sha1' is non-compliant (negative controls only). */
  hash?: HashName;
}

export class SignError extends Error {
  constructor(readonly code: 'DSIG_NOT_SOAP' | 'DSIG_ALREADY_SIGNED' | 'DSIG_KEY_UNSUPPORTED', message: string) {
    super(message);
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const DIGEST_SLOT = 'GOVSIMxDIGESTxSLOT';
const VALUE_SLOT = 'GOVSIMxSIGNATURExVALUExSLOT';

export function signEnvelope(soapXml: string, o: SignOptions): string {
  const hash = o.hash ?? 'sha256';
  const key = createPrivateKey(o.keyPem);
  const keyType = key.asymmetricKeyType;
  if (keyType !== 'rsa' && keyType !== 'ec') throw new SignError('DSIG_KEY_UNSUPPORTED', `cannot sign with a ${keyType} key (RSA or EC only)`);
  const cert = new X509Certificate(o.certPem);

  const doc = parseXml(soapXml, { label: 'ebMS envelope to sign', maxBytes: 8 * 1024 * 1024 });
  const header = doc.root.child('Header', SOAP_ENV_NS);
  if (doc.root.name !== 'Envelope' || doc.root.ns !== SOAP_ENV_NS || !header) throw new SignError('DSIG_NOT_SOAP', 'only a SOAP 1.1 envelope with a Header can be signed');
  if (headerSignature(doc)) throw new SignError('DSIG_ALREADY_SIGNED', 'the envelope already carries a ds:Signature');

  const refs = (o.attachments ?? []).map((a) => `<ds:Reference URI="cid:${esc(a.contentId)}"><ds:DigestMethod Algorithm="${digestUri(hash)}"/><ds:DigestValue>${digest(hash, a.body)}</ds:DigestValue></ds:Reference>`).join('');
  const signedInfo = `<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${EXC_C14N}"/><ds:SignatureMethod Algorithm="${signatureUri(keyType, hash)}"/>`
    + `<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="${ENVELOPED_SIGNATURE}"/><ds:Transform Algorithm="${XPATH_TRANSFORM}"><ds:XPath xmlns:SOAP-ENV="${SOAP_ENV_NS}">${esc(EBMS_XPATH_FILTER)}</ds:XPath></ds:Transform><ds:Transform Algorithm="${EXC_C14N}"/></ds:Transforms>`
    + `<ds:DigestMethod Algorithm="${digestUri(hash)}"/><ds:DigestValue>${DIGEST_SLOT}</ds:DigestValue></ds:Reference>${refs}</ds:SignedInfo>`;
  const signature = `<ds:Signature xmlns:ds="${DS_NS}">${signedInfo}<ds:SignatureValue>${VALUE_SLOT}</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${cert.raw.toString('base64')}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>`;

  // The signature goes last in the SOAP header, without added whitespace, so that removing it
  // (the enveloped-signature transform) gives back the original document exactly.
  const src = doc.source;
  const { start, end } = header.span;
  let withSignature: string;
  if (src.slice(end - 2, end) === '/>') withSignature = `${src.slice(0, end - 2)}>${signature}</${header.qname}>${src.slice(end)}`;
  else {
    const close = src.lastIndexOf('</', end);
    if (close < start) throw new SignError('DSIG_NOT_SOAP', 'the SOAP Header end tag cannot be found');
    withSignature = src.slice(0, close) + signature + src.slice(close);
  }

  const placed = parseXml(withSignature, { label: 'ebMS envelope to sign', maxBytes: 8 * 1024 * 1024 });
  const envelopeDigest = digest(hash, envelopeNodeSet(placed, headerSignature(placed)!, true));
  const digested = withSignature.replace(DIGEST_SLOT, envelopeDigest);
  const final = parseXml(digested, { label: 'ebMS envelope to sign', maxBytes: 8 * 1024 * 1024 });
  const si = headerSignature(final)!.child('SignedInfo', DS_NS)!;
  const value = cryptoSign(hash, Buffer.from(canonicalize(si, { algorithm: 'exc-c14n' }), 'utf8'), { key, dsaEncoding: 'ieee-p1363' }).toString('base64');
  return digested.replace(VALUE_SLOT, value);
}
