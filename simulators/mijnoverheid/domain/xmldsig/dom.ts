/** Shared helpers of the signer and the verifier: the signed node-set of an ebMS envelope. */
import { createHash } from 'node:crypto';
import { canonicalize, type XmlDoc, type XmlElement } from '../xml.ts';
import { DS_NS, NEXT_MSH_ACTOR, SOAP_ENV_NS, SOAP_NEXT_ACTOR, type HashName } from './algorithms.ts';

export function digest(hash: HashName, data: Uint8Array | string): string {
  return createHash(hash).update(data).digest('base64');
}

/** The SOAP header's ds:Signature, if any. */
export function headerSignature(doc: XmlDoc): XmlElement | undefined {
  return doc.root.child('Header', SOAP_ENV_NS)?.child('Signature', DS_NS);
}

/** Elements the ebMS XPath filter leaves out: header blocks addressed to nextMSH or the next SOAP node (e.g. eb:SyncReply). */
export function intermediaryBlocks(doc: XmlDoc): XmlElement[] {
  return doc.elements.filter((e) => {
    const actor = e.attr('actor', SOAP_ENV_NS);
    return actor === NEXT_MSH_ACTOR || actor === SOAP_NEXT_ACTOR;
  });
}

/** Canonical form of the whole envelope as the URI="" Reference sees it (enveloped signature, XPath filter, exclusive C14N). */
export function envelopeNodeSet(doc: XmlDoc, signature: XmlElement, withXPathFilter: boolean): string {
  const exclude = [signature, ...(withXPathFilter ? intermediaryBlocks(doc) : [])];
  // Nested exclusions are redundant for libxml2 removal; keep only the outermost.
  const outer = exclude.filter((e) => !exclude.some((o) => o !== e && isInside(e, o)));
  return canonicalize(doc, { algorithm: 'exc-c14n', exclude: outer });
}

function isInside(e: XmlElement, ancestor: XmlElement): boolean {
  for (let p: XmlElement | null = e.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}
