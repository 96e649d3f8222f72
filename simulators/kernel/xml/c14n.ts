/**
 * Canonical XML (C14N 1.0, 1.1, Exclusive 1.0) of a parsed document or element, via libxml2.
 * The read model keeps the original bytes, so the tree is rebuilt exactly as received; the
 * enveloped-signature transform is supported by removing the excluded elements first.
 */
import { XmlC14NMode, type XmlNode } from 'libxml2-wasm';
import { XmlError } from './errors.ts';
import { withLibxmlDoc } from './libxml.ts';
import { XmlDoc, XmlElement } from './model.ts';
import { sourceBytesOf } from './parse.ts';

export type C14nAlgorithm = 'c14n' | 'c14n-1.1' | 'exc-c14n';

export interface C14nOptions {
  /** Default `exc-c14n` (Exclusive XML Canonicalization 1.0, what ebMS/WS-Security signatures use). */
  algorithm?: C14nAlgorithm;
  withComments?: boolean;
  /** InclusiveNamespaces PrefixList (exclusive canonicalization only); '#default' for the default namespace. */
  inclusiveNamespacePrefixes?: string[];
  /** Elements left out of the output, e.g. the ds:Signature for the enveloped-signature transform. */
  exclude?: XmlElement[];
}

const ALGORITHMS: Record<string, { algorithm: C14nAlgorithm; withComments: boolean }> = {
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315': { algorithm: 'c14n', withComments: false },
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments': { algorithm: 'c14n', withComments: true },
  'http://www.w3.org/2006/12/xml-c14n11': { algorithm: 'c14n-1.1', withComments: false },
  'http://www.w3.org/2006/12/xml-c14n11#WithComments': { algorithm: 'c14n-1.1', withComments: true },
  'http://www.w3.org/2001/10/xml-exc-c14n#': { algorithm: 'exc-c14n', withComments: false },
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments': { algorithm: 'exc-c14n', withComments: true },
};

/** Maps an XMLDSIG CanonicalizationMethod/Transform Algorithm URI to options; undefined when not a C14N algorithm. */
export function c14nFromAlgorithmUri(uri: string): { algorithm: C14nAlgorithm; withComments: boolean } | undefined {
  return ALGORITHMS[uri];
}

const MODES = {
  'c14n': XmlC14NMode.XML_C14N_1_0,
  'c14n-1.1': XmlC14NMode.XML_C14N_1_1,
  'exc-c14n': XmlC14NMode.XML_C14N_EXCLUSIVE_1_0,
} as const;

function isInside(e: XmlElement, ancestor: XmlElement): boolean {
  for (let p: XmlElement | null = e; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

export function canonicalize(target: XmlDoc | XmlElement, options: C14nOptions = {}): string {
  const element = target instanceof XmlElement ? target : target.root;
  const doc = element.doc;
  const exclude = options.exclude ?? [];
  for (const x of exclude) {
    if (x.doc !== doc) throw new XmlError('XML_C14N_FAILED', `excluded element ${x.path()} belongs to another document`);
    if (isInside(element, x)) throw new XmlError('XML_C14N_FAILED', `excluded element ${x.path()} contains the element being canonicalized (${element.path()})`);
  }
  const { bytes, maxDepth } = sourceBytesOf(doc);
  return withLibxmlDoc(bytes, maxDepth, (ldoc) => {
    const locate = (e: XmlElement): XmlNode => {
      const n = ldoc.get(`(//*)[${e.index + 1}]`);
      if (!n) throw new XmlError('XML_INTERNAL', `element ${e.path()} could not be located for canonicalization`);
      return n;
    };
    const node = locate(element);
    // Locate everything before removing anything: removal shifts document-order positions.
    const removals = exclude.filter((x) => isInside(x, element)).map(locate);
    for (const r of removals) r.remove();
    const opts = {
      mode: MODES[options.algorithm ?? 'exc-c14n'],
      withComments: options.withComments ?? false,
      inclusiveNamespacePrefixes: options.inclusiveNamespacePrefixes,
    };
    try {
      return element.index === 0 && target instanceof XmlDoc ? ldoc.canonicalizeToString(opts) : node.canonicalizeToString(opts);
    } catch (e) {
      throw new XmlError('XML_C14N_FAILED', `canonicalization of ${element.path()} failed: ${(e as Error).message}`);
    }
  });
}
