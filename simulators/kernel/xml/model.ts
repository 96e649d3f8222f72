/**
 * The read model: plain, immutable-by-convention JS objects built from the source text.
 * Text is never converted (OINs, BSNs and AGS keys keep their leading zeros).
 */
import { findAll, findFirst, type NsMap } from './path.ts';

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export interface XmlAttribute {
  /** Local name, e.g. `type` for `eb:type`. */
  readonly name: string;
  /** Prefix as written ('' when unprefixed). */
  readonly prefix: string;
  /** Namespace URI ('' for unprefixed attributes, which are in no namespace). */
  readonly ns: string;
  /** Qualified name as written, e.g. `eb:type`. */
  readonly qname: string;
  /** Value after entity decoding and XML attribute-value normalisation. */
  readonly value: string;
}

export interface XmlTextNode { readonly type: 'text'; readonly value: string }
export interface XmlCDataNode { readonly type: 'cdata'; readonly value: string }
export interface XmlCommentNode { readonly type: 'comment'; readonly value: string }
export interface XmlPiNode { readonly type: 'pi'; readonly target: string; readonly data: string }
export type XmlChildNode = XmlElement | XmlTextNode | XmlCDataNode | XmlCommentNode | XmlPiNode;

export interface XmlDeclaration { version: string; encoding?: string; standalone?: string }

/** Where an element sits in the source; set by the scanner. */
export interface SourceSpan {
  /** UTF-16 offset of `<` of the start tag. */
  start: number;
  /** UTF-16 offset just after the end tag (or `/>`). */
  end: number;
  line: number;
  column: number;
  /** Line of the `>` that ends the start tag (libxml2 reports this line for the element). */
  tagEndLine: number;
}

export class XmlElement {
  readonly type = 'element' as const;
  readonly nodes: XmlChildNode[] = [];
  /** @internal document-order index (root = 0); used to find the element again in libxml2. */
  index = 0;
  /** @internal set once the whole document is built. */
  doc!: XmlDoc;

  constructor(
    /** Local name. */
    readonly name: string,
    /** Prefix as written ('' when none). */
    readonly prefix: string,
    /** Namespace URI ('' when the element is in no namespace). */
    readonly ns: string,
    readonly attributes: readonly XmlAttribute[],
    readonly parent: XmlElement | null,
    /** Prefix ('' = default namespace) to URI, for the declarations made on this element only. */
    readonly declarations: ReadonlyMap<string, string>,
    /** @internal in-scope namespace bindings (shared with the parent when this element declares none). */
    readonly scope: ReadonlyMap<string, string>,
    readonly span: SourceSpan,
  ) {}

  get qname(): string { return this.prefix ? `${this.prefix}:${this.name}` : this.name; }
  get line(): number { return this.span.line; }
  get column(): number { return this.span.column; }

  /** Attribute value by local name. `ns` omitted or '' means the attribute is in no namespace (i.e. unprefixed). */
  attr(localName: string, ns = ''): string | undefined {
    for (const a of this.attributes) if (a.name === localName && a.ns === ns) return a.value;
    return undefined;
  }

  /** Child elements, optionally filtered by local name and namespace. `ns` omitted = any namespace, '' = no namespace. */
  children(localName?: string, ns?: string): XmlElement[] {
    const out: XmlElement[] = [];
    for (const n of this.nodes) {
      if (n.type === 'element' && (localName === undefined || localName === '*' || n.name === localName) && (ns === undefined || n.ns === ns)) out.push(n);
    }
    return out;
  }

  /** First child element with this local name (and namespace, when given). */
  child(localName: string, ns?: string): XmlElement | undefined {
    for (const n of this.nodes) if (n.type === 'element' && n.name === localName && (ns === undefined || n.ns === ns)) return n;
    return undefined;
  }

  /** All text and CDATA below this element, concatenated in document order (like DOM textContent). Never trimmed or converted. */
  text(): string {
    let out = '';
    const stack: XmlChildNode[] = [...this.nodes].reverse();
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === 'text' || n.type === 'cdata') out += n.value;
      else if (n.type === 'element') for (let i = n.nodes.length - 1; i >= 0; i--) stack.push(n.nodes[i]);
    }
    return out;
  }

  /** Location path with the prefixes as written, e.g. `/soap:Envelope/soap:Header/eb:MessageHeader`; `[n]` added where same-named siblings exist. */
  path(): string {
    const steps: string[] = [];
    for (let e: XmlElement | null = this; e; e = e.parent) {
      let step = e.qname;
      if (e.parent) {
        const same = e.parent.nodes.filter((n): n is XmlElement => n.type === 'element' && n.name === e!.name && n.ns === e!.ns);
        if (same.length > 1) step += `[${same.indexOf(e) + 1}]`;
      }
      steps.push(step);
    }
    return '/' + steps.reverse().join('/');
  }

  /** Namespace URI bound to `prefix` here ('' = default namespace); undefined when unbound. */
  lookupNamespace(prefix: string): string | undefined {
    const uri = this.scope.get(prefix);
    return uri === '' && prefix === '' ? undefined : uri;
  }

  /** Resolves a QName-valued text such as `soap:Client` or `xsi:type` values against the in-scope namespaces. */
  resolveQName(value: string): { ns: string; name: string; prefix: string } | undefined {
    const v = value.trim();
    const i = v.indexOf(':');
    const prefix = i < 0 ? '' : v.slice(0, i);
    const name = i < 0 ? v : v.slice(i + 1);
    if (!name || name.includes(':')) return undefined;
    const ns = this.lookupNamespace(prefix);
    if (prefix && ns === undefined) return undefined;
    return { ns: ns ?? '', name, prefix };
  }

  /** First element matching a `/`-separated path of `prefix:local` steps (see path.ts), relative to this element. */
  find(path: string, nsMap: NsMap = {}): XmlElement | undefined {
    return findFirst(this, path, nsMap);
  }

  /** Every element matching the path, in document order. */
  findAll(path: string, nsMap: NsMap = {}): XmlElement[] {
    return findAll(this, path, nsMap);
  }

  /** The element exactly as it was written in the source (byte-for-byte text, no namespace declarations added). */
  outerXml(): string {
    return this.doc.source.slice(this.span.start, this.span.end);
  }

  /** The content between the start and end tag exactly as written ('' for an empty element). */
  innerXml(): string {
    const src = this.doc.source;
    const s = this.span;
    if (src.charCodeAt(s.end - 2) === 47 /* '/' */ && src.charCodeAt(s.end - 1) === 62) {
      // `<x/>`: an end tag is absent. (An end tag always ends in `>` preceded by a name char, never `/`.)
      return '';
    }
    const open = src.indexOf('>', startTagEnd(src, s.start));
    const close = src.lastIndexOf('</', s.end - 1);
    return src.slice(open + 1, close);
  }
}

/** Offset of the `>` that closes the start tag at `start`, skipping quoted attribute values. */
function startTagEnd(src: string, start: number): number {
  let q = '';
  for (let i = start; i < src.length; i++) {
    const c = src[i];
    if (q) { if (c === q) q = ''; }
    else if (c === '"' || c === "'") q = c;
    else if (c === '>') return i;
  }
  return src.length;
}

export class XmlDoc {
  constructor(
    readonly root: XmlElement,
    /** The decoded source text (without a byte-order mark). */
    readonly source: string,
    /** Every element in document order; `elements[e.index] === e`. */
    readonly elements: readonly XmlElement[],
    readonly declaration: XmlDeclaration | undefined,
    readonly label: string | undefined,
  ) {
    for (const e of elements) e.doc = this;
  }

  /** Absolute (`/soap:Envelope/...`), relative-to-root or `//descendant` path lookup; see path.ts. */
  find(path: string, nsMap: NsMap = {}): XmlElement | undefined {
    return findFirst(this.root, path, nsMap);
  }

  findAll(path: string, nsMap: NsMap = {}): XmlElement[] {
    return findAll(this.root, path, nsMap);
  }

  /** Elements whose start tag spans `line` (from its `<` to its `>`). */
  elementsOnLine(line: number): XmlElement[] {
    return this.elements.filter((e) => e.span.line <= line && line <= e.span.tagEndLine);
  }
}
