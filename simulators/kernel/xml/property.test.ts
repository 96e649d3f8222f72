import fc from 'fast-check';
import { XmlElement as LibElement, XmlCData, XmlText, type XmlTreeNode } from 'libxml2-wasm';
import { describe, expect, it } from 'vitest';
import { escapeAttr, escapeXml, parseXml, XmlError, type XmlElement } from './index.ts';
import { findInvalidUtf8 } from './encoding.ts';
import { withLibxmlDoc } from './libxml.ts';

function outcome(input: string | Uint8Array): 'doc' | string {
  try {
    parseXml(input, { maxBytes: 1 << 20 });
    return 'doc';
  } catch (e) {
    if (e instanceof XmlError) return e.code;
    throw e; // anything else (TypeError, RangeError, wasm trap) fails the property
  }
}

const TOKENS = ['<a>', '</a>', '<b x="1">', '</b>', '<p:c/>', 'xmlns:p="urn:p"', '<a xmlns="urn:d">', '&amp;', '&#x41;', '&#0;', '&bogus;',
  '<!--', '-->', '<![CDATA[', ']]>', '<?pi x?>', '<?xml version="1.0"?>', '<!DOCTYPE a>', '<!ENTITY', '"', "'", '=', '>', '<', '/', ' ',
  '\r\n', '\t', 'é', '😀', '\uD800', '\u0000', '00000099000000000001'];

describe('parseXml never crashes (fast-check)', () => {
  it('arbitrary unicode strings give a doc or an XmlError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => { outcome(s); }), { numRuns: 600 });
  });

  it('arbitrary bytes give a doc or an XmlError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => { outcome(b); }), { numRuns: 600 });
  });

  it('XML-shaped token soup gives a doc or an XmlError', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }), fc.boolean(), (toks, asBytes) => {
      const s = toks.join('');
      outcome(asBytes ? Buffer.from(s) : s);
    }), { numRuns: 800 });
  });

  it('UTF-8 validation agrees with the WHATWG decoder', () => {
    const dec = new TextDecoder('utf-8', { fatal: true });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 24 }), (b) => {
      let ok = true;
      try { dec.decode(b); } catch { ok = false; }
      expect(findInvalidUtf8(b) === -1).toBe(ok);
    }), { numRuns: 2000 });
  });
});

// ---- Cross-check: the scanner's read model equals libxml2's tree on well-formed documents. ----

interface Gen { xml: string }
const NAMESPACES = ['urn:x', 'urn:y', 'http://schemas.xmlsoap.org/soap/envelope/'];
const textArb = fc.string({ unit: fc.constantFrom('a', '0', ' ', '\n', '\r\n', '\t', '&', '<', '>', '"', "'", 'é', '😀', ']]>'), maxLength: 8 });

const elementArb: fc.Memo<Gen> = fc.memo((depth: number) => {
  const kids = depth <= 1 ? fc.constant([] as Gen[]) : fc.array(fc.oneof(
    elementArb(depth - 1),
    textArb.map((t) => ({ xml: escapeXml(t) })),
    textArb.map((t) => ({ xml: `<![CDATA[${t.replace(/]]>/g, '')}]]>` })),
    fc.constant({ xml: '<!-- c -->' }),
  ), { maxLength: 4 });
  return fc.record({
    prefix: fc.constantFrom('', 'p', 'q'),
    local: fc.constantFrom('a', 'Bx', 'c-d', 'e.f', 'oin'),
    declare: fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined }),
    attrs: fc.uniqueArray(fc.record({ prefix: fc.constantFrom('', 'p'), local: fc.constantFrom('k', 'type', 'id'), value: textArb }), { maxLength: 3, selector: (a) => a.local }),
    kids,
    selfClose: fc.boolean(),
  }).map(({ prefix, local, declare, attrs, kids, selfClose }) => {
    // Declare every prefix used here so the document is namespace-well-formed.
    const decl = [`xmlns:p="${declare ?? 'urn:x'}"`, 'xmlns:q="urn:y"'];
    if (declare) decl.push(`xmlns="${declare}"`);
    const name = prefix ? `${prefix}:${local}` : local;
    const a = attrs.map((x) => ` ${x.prefix ? x.prefix + ':' : ''}${x.local}="${escapeAttr(x.value).replace(/&#9;/g, '\t').replace(/&#13;&#10;/g, '\r\n')}"`).join('');
    const open = `<${name} ${decl.join(' ')}${a}`;
    const xml = kids.length === 0 && selfClose ? `${open}/>` : `${open}>${kids.map((k) => k.xml).join('')}</${name}>`;
    return { xml };
  });
});

interface Flat { name: string; ns: string; prefix: string; attrs: string[]; text: string; line: number }

function flatModel(root: XmlElement): Flat[] {
  return root.doc.elements.map((e) => ({
    name: e.name, ns: e.ns, prefix: e.prefix, line: e.span.tagEndLine,
    attrs: e.attributes.map((a) => `{${a.ns}}${a.name}=${a.value}`).sort(),
    text: e.text(),
  }));
}

function flatLibxml(bytes: Uint8Array): Flat[] {
  return withLibxmlDoc(bytes, 256, (doc) => {
    const out: Flat[] = [];
    const walk = (e: LibElement) => {
      let text = '';
      const collect = (n: XmlTreeNode): void => {
        for (let c = (n as LibElement).firstChild; c; c = c.next) {
          if (c instanceof XmlText || c instanceof XmlCData) text += c.content;
          else if (c instanceof LibElement) collect(c);
        }
      };
      collect(e);
      out.push({
        name: e.name, ns: e.namespaceUri, prefix: e.prefix, line: e.line,
        attrs: e.attrs.map((a) => `{${a.namespaceUri}}${a.name}=${a.value}`).sort(),
        text,
      });
      for (let c = e.firstChild; c; c = c.next) if (c instanceof LibElement) walk(c);
    };
    walk(doc.root);
    return out;
  });
}

function isAncestor(a: XmlElement, x: XmlElement): boolean {
  for (let p = x.parent; p; p = p.parent) if (p === a) return true;
  return false;
}

describe('read model matches libxml2 (fast-check cross-check)', () => {
  it('names, namespaces, attributes, text and lines agree; outerXml is the exact source', () => {
    fc.assert(fc.property(elementArb(4), ({ xml }) => {
      const doc = parseXml(xml);
      expect(flatModel(doc.root)).toEqual(flatLibxml(Buffer.from(xml)));
      expect(doc.root.outerXml()).toBe(xml);
      for (const e of doc.elements) {
        const again = parseXml(e.outerXml()); // every generated element declares the prefixes it uses
        expect([again.root.name, again.root.prefix, again.elements.length]).toEqual([e.name, e.prefix, e.doc.elements.filter((x) => x === e || isAncestor(e, x)).length]);
      }
    }), { numRuns: 300 });
  });

  it('negative control: the comparison notices a model that differs from libxml2', () => {
    const xml = '<p:a xmlns:p="urn:x" k="1">t</p:a>';
    const model = flatModel(parseXml(xml).root);
    model[0].attrs = ['{}k=2'];
    expect(model).not.toEqual(flatLibxml(Buffer.from(xml)));
  });
});
