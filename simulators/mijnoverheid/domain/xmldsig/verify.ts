/**
 * Verifies the ds:Signature of a received ebMS envelope against the signing certificate named in
 * the CPA (never the one the message brings along). Every finding is a stable rule code with the
 * ebMS errorCode to answer with (SecurityFailure unless stated) and a location in the envelope.
 */
import { X509Certificate, verify as cryptoVerify } from 'node:crypto';
import { canonicalize, isXmlError, parseXml, type XmlElement } from '../xml.ts';
import {
  DIGEST_METHODS, DS_NS, ENVELOPED_SIGNATURE, EXC_C14N, NEXT_MSH_ACTOR, SIGNATURE_METHODS, SOAP_ENV_NS, SOAP_NEXT_ACTOR, XPATH_TRANSFORM,
  isCompliantHash,
} from './algorithms.ts';
import { digest, envelopeNodeSet, headerSignature } from './dom.ts';

export interface SignatureIssue {
  rule: string;
  errorCode: 'SecurityFailure' | 'NotSupported' | 'Inconsistent';
  location: string;
  description: string;
}

export interface VerifyContext {
  /** Base64 DER of the signing certificate from the CPA (SenderNonRepudiation/SigningCertificateRef). */
  certificateDer: string;
  /** The octets of a payload part by its `cid:` href, for cid: references. */
  attachment: (href: string) => Uint8Array | undefined;
  /** Manifest hrefs that the signature must cover. */
  requiredReferences?: string[];
  /** SignatureAlgorithm the CPA names; a different (compliant) method is Inconsistent. */
  cpaSignatureAlgorithm?: string;
}

export interface SignatureReport {
  signatureMethod?: string;
  canonicalizationMethod?: string;
  references: { uri: string; digestMethod?: string; ok: boolean }[];
  /** ds:KeyInfo carried the CPA's certificate (undefined when the message has no KeyInfo certificate). */
  keyInfoMatchesCpa?: boolean;
  valueVerified: boolean;
}

export interface VerifyResult {
  present: boolean;
  ok: boolean;
  issues: SignatureIssue[];
  report: SignatureReport;
}

const SIG = '//Header/Signature';

function issue(rule: string, location: string, description: string, errorCode: SignatureIssue['errorCode'] = 'SecurityFailure'): SignatureIssue {
  return { rule, errorCode, location, description };
}

function alg(e: XmlElement | undefined): string | undefined {
  return e?.attr('Algorithm');
}

/** Whether an XPath transform is the ebMS 2.0 filter (both intermediary actors, SOAP namespace bound in scope). */
function isEbmsXPathFilter(transform: XmlElement): boolean {
  const xp = transform.child('XPath', DS_NS);
  if (!xp) return false;
  const text = xp.text().replace(/\s+/g, '');
  const prefix = /@([A-Za-z_][\w.-]*):actor/.exec(text)?.[1];
  if (!prefix || xp.lookupNamespace(prefix) !== SOAP_ENV_NS) return false;
  const want = `not(ancestor-or-self::node()[@${prefix}:actor="${NEXT_MSH_ACTOR}"]|ancestor-or-self::node()[@${prefix}:actor="${SOAP_NEXT_ACTOR}"])`;
  return text === want || text === want.replace(/"/g, "'");
}

export function verifyEnvelopeSignature(soap: Uint8Array | string, ctx: VerifyContext): VerifyResult {
  const report: SignatureReport = { references: [], valueVerified: false };
  const issues: SignatureIssue[] = [];
  const done = (present: boolean): VerifyResult => ({ present, ok: present && issues.length === 0, issues, report });
  let doc;
  try {
    doc = parseXml(soap, { label: 'signed ebMS envelope', maxBytes: 8 * 1024 * 1024 });
  } catch (e) {
    if (!isXmlError(e)) throw e;
    issues.push(issue('EBMS_SIGNATURE_UNREADABLE', '//Envelope', `the envelope cannot be parsed: ${e.message}`));
    return done(false);
  }
  const sig = headerSignature(doc);
  if (!sig) {
    issues.push(issue('EBMS_SIGNATURE_MISSING', SIG, 'the CPA requires a signed message (ds:Signature in the SOAP Header)'));
    return done(false);
  }
  const si = sig.child('SignedInfo', DS_NS);
  const valueText = sig.child('SignatureValue', DS_NS)?.text().replace(/\s+/g, '');
  if (!si || !valueText) {
    issues.push(issue('EBMS_SIGNATURE_MALFORMED', SIG, 'ds:Signature needs ds:SignedInfo and ds:SignatureValue'));
    return done(true);
  }

  const c14n = alg(si.child('CanonicalizationMethod', DS_NS));
  report.canonicalizationMethod = c14n;
  if (c14n !== EXC_C14N) issues.push(issue('EBMS_SIGNATURE_C14N', `${SIG}/SignedInfo/CanonicalizationMethod/@Algorithm`, `CanonicalizationMethod must be exclusive C14N (${EXC_C14N}, Digikoppeling SIGN002), got ${c14n ?? '(none)'}`));
  const smUri = alg(si.child('SignatureMethod', DS_NS));
  report.signatureMethod = smUri;
  const sm = smUri ? SIGNATURE_METHODS[smUri] : undefined;
  if (!sm) issues.push(issue('EBMS_SIGNATURE_METHOD_UNKNOWN', `${SIG}/SignedInfo/SignatureMethod/@Algorithm`, `SignatureMethod ${smUri ?? '(none)'} is not supported`, 'NotSupported'));
  else if (!isCompliantHash(sm.hash)) issues.push(issue('EBMS_SIGNATURE_METHOD_WEAK', `${SIG}/SignedInfo/SignatureMethod/@Algorithm`, `SignatureMethod ${smUri} uses SHA-1, which Digikoppeling does not allow (SIGN004: SHA-256 or stronger)`));
  else if (ctx.cpaSignatureAlgorithm && smUri !== ctx.cpaSignatureAlgorithm) issues.push(issue('EBMS_SIGNATURE_METHOD_NOT_CPA', `${SIG}/SignedInfo/SignatureMethod/@Algorithm`, `SignatureMethod ${smUri} is not the CPA's SignatureAlgorithm ${ctx.cpaSignatureAlgorithm}`, 'Inconsistent'));

  let envelopeSigned = false;
  const covered = new Set<string>();
  for (const ref of si.children('Reference', DS_NS)) {
    const uri = ref.attr('URI') ?? '';
    const where = `${SIG}/SignedInfo/Reference[@URI='${uri}']`;
    const dmUri = alg(ref.child('DigestMethod', DS_NS));
    const hash = dmUri ? DIGEST_METHODS[dmUri] : undefined;
    const entry = { uri, digestMethod: dmUri, ok: false };
    report.references.push(entry);
    if (!hash) { issues.push(issue('EBMS_SIGNATURE_DIGEST_UNKNOWN', `${where}/DigestMethod`, `DigestMethod ${dmUri ?? '(none)'} is not supported`, 'NotSupported')); continue; }
    if (!isCompliantHash(hash)) issues.push(issue('EBMS_SIGNATURE_DIGEST_WEAK', `${where}/DigestMethod`, `DigestMethod ${dmUri} is SHA-1, which Digikoppeling does not allow (SIGN003: SHA-256 or stronger)`));
    const transforms = ref.child('Transforms', DS_NS)?.children('Transform', DS_NS) ?? [];
    const expected = ref.child('DigestValue', DS_NS)?.text().replace(/\s+/g, '') ?? '';
    let actual: string | undefined;
    if (uri === '') {
      envelopeSigned = true;
      const algs = transforms.map(alg);
      const unsupported = transforms.filter((t) => { const a = alg(t); return a !== ENVELOPED_SIGNATURE && a !== EXC_C14N && !(a === XPATH_TRANSFORM && isEbmsXPathFilter(t)); });
      if (unsupported.length) { issues.push(issue('EBMS_SIGNATURE_TRANSFORM_UNSUPPORTED', `${where}/Transforms`, `transform ${alg(unsupported[0])} is not supported (enveloped-signature, the ebMS XPath filter and exclusive C14N are)`, 'NotSupported')); continue; }
      if (!algs.includes(ENVELOPED_SIGNATURE)) { issues.push(issue('EBMS_SIGNATURE_TRANSFORM_UNSUPPORTED', `${where}/Transforms`, 'the envelope reference needs the enveloped-signature transform', 'NotSupported')); continue; }
      if (algs.at(-1) !== EXC_C14N) issues.push(issue('EBMS_SIGNATURE_C14N', `${where}/Transforms`, 'the envelope reference must end with exclusive C14N (SIGN002)'));
      actual = digest(hash, envelopeNodeSet(doc, sig, algs.includes(XPATH_TRANSFORM)));
    } else if (/^cid:/i.test(uri)) {
      if (transforms.length) { issues.push(issue('EBMS_SIGNATURE_TRANSFORM_UNSUPPORTED', `${where}/Transforms`, 'payload references are digested over their octets, without transforms', 'NotSupported')); continue; }
      const part = ctx.attachment(uri);
      if (!part) { issues.push(issue('EBMS_SIGNATURE_REFERENCE_UNRESOLVED', where, `no MIME part for ${uri}`)); continue; }
      covered.add(uri.toLowerCase());
      actual = digest(hash, part);
    } else {
      issues.push(issue('EBMS_SIGNATURE_REFERENCE_UNSUPPORTED', where, `Reference URI ${uri} is neither the envelope ("") nor a cid: payload`, 'NotSupported'));
      continue;
    }
    entry.ok = actual === expected;
    if (!entry.ok) issues.push(issue('EBMS_SIGNATURE_DIGEST_MISMATCH', `${where}/DigestValue`, `the digest of ${uri === '' ? 'the envelope' : uri} does not match: the signed content was changed`));
  }
  if (!envelopeSigned) issues.push(issue('EBMS_SIGNATURE_ENVELOPE_NOT_SIGNED', `${SIG}/SignedInfo`, 'the signature has no Reference URI="" covering the ebMS header and body'));
  for (const href of ctx.requiredReferences ?? []) {
    if (!covered.has(href.toLowerCase())) issues.push(issue('EBMS_SIGNATURE_PAYLOAD_NOT_SIGNED', `${SIG}/SignedInfo`, `payload ${href} from the Manifest is not covered by the signature`));
  }

  const cpaCert = new X509Certificate(Buffer.from(ctx.certificateDer, 'base64'));
  const carried = sig.child('KeyInfo', DS_NS)?.child('X509Data', DS_NS)?.child('X509Certificate', DS_NS)?.text().replace(/\s+/g, '');
  if (carried !== undefined) {
    report.keyInfoMatchesCpa = carried === ctx.certificateDer;
    if (!report.keyInfoMatchesCpa) issues.push(issue('EBMS_SIGNATURE_CERTIFICATE_NOT_CPA', `${SIG}/KeyInfo`, 'ds:KeyInfo carries a certificate other than the signing certificate of the CPA'));
  }
  if (sm) {
    const keyType = cpaCert.publicKey.asymmetricKeyType;
    if (keyType !== sm.key) issues.push(issue('EBMS_SIGNATURE_INVALID', `${SIG}/SignatureValue`, `SignatureMethod ${smUri} does not fit the CPA's ${keyType} signing key`));
    else {
      const canonical = canonicalize(si, { algorithm: 'exc-c14n' });
      report.valueVerified = cryptoVerify(sm.hash, Buffer.from(canonical, 'utf8'), { key: cpaCert.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(valueText, 'base64'));
      if (!report.valueVerified) issues.push(issue('EBMS_SIGNATURE_INVALID', `${SIG}/SignatureValue`, 'the SignatureValue does not verify with the signing certificate of the CPA'));
    }
  }
  return done(true);
}

/** The ds:Reference elements of a signed message (exclusively canonicalized), for a signed Acknowledgment (non-repudiation of receipt). */
export function signedReferences(soap: Uint8Array | string): string[] {
  try {
    const doc = parseXml(soap, { label: 'signed ebMS envelope', maxBytes: 8 * 1024 * 1024 });
    const si = headerSignature(doc)?.child('SignedInfo', DS_NS);
    return si ? si.children('Reference', DS_NS).map((r) => canonicalize(r, { algorithm: 'exc-c14n' })) : [];
  } catch (e) {
    if (isXmlError(e)) return [];
    throw e;
  }
}
