/**
 * Single-pass, allocation-light scanner that builds the read model and records the exact
 * source span of every element. It never throws on bad input and every loop advances, so it
 * can run on untrusted text *before* libxml2: it enforces the security limits (DOCTYPE,
 * processing instructions, depth, attribute count, name length) with precise locations.
 * Well-formedness itself is decided by libxml2 afterwards; the scanner only has to be right
 * for documents libxml2 accepts (cross-checked by a property test against libxml2's tree).
 */
import { XmlError } from './errors.ts';
import { XML_NS, XmlDoc, XmlElement, type XmlAttribute, type XmlDeclaration } from './model.ts';

export interface ScanLimits {
  maxDepth: number;
  maxAttributes: number;
  maxNameLength: number;
  allowProcessingInstructions: boolean;
}

export interface ScanOutcome {
  /** Set when the text is a complete document the scanner fully understood. */
  doc?: XmlDoc;
  /** A security or limit violation, to be reported instead of parsing further. */
  violation?: XmlError;
  /** Path of the elements open at `stopAt` (for locating libxml2 errors). */
  openPath?: string;
}

const enum C { LT = 60, GT = 62, SLASH = 47, QUESTION = 63, BANG = 33, EQ = 61, DQ = 34, SQ = 39, AMP = 38, CR = 13, LF = 10, TAB = 9, SP = 32 }

function isWs(c: number): boolean { return c === C.SP || c === C.LF || c === C.TAB || c === C.CR; }

function isNameEnd(c: number): boolean {
  return isWs(c) || c === C.SLASH || c === C.GT || c === C.EQ || c === C.LT || c === C.DQ || c === C.SQ || Number.isNaN(c);
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

function decodeRef(s: string, amp: number): { text: string; next: number } | undefined {
  // Bounded look-ahead: an unbounded indexOf(';') per '&' would make a run of '&' quadratic.
  let semi = -1;
  for (let k = amp + 1, end = Math.min(s.length, amp + 64); k < end; k++) {
    if (s.charCodeAt(k) === 59 /* ; */) { semi = k; break; }
  }
  if (semi < 0) return undefined;
  const body = s.slice(amp + 1, semi);
  let cp: number;
  if (body.startsWith('#x')) cp = /^#x[0-9a-fA-F]+$/.test(body) ? parseInt(body.slice(2), 16) : NaN;
  else if (body.startsWith('#')) cp = /^#[0-9]+$/.test(body) ? parseInt(body.slice(1), 10) : NaN;
  else {
    const t = PREDEFINED[body];
    return t === undefined ? undefined : { text: t, next: semi + 1 };
  }
  if (!(cp >= 1 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
  return { text: String.fromCodePoint(cp), next: semi + 1 };
}

/** Character data: references decoded, CR LF / CR normalised to LF. */
export function decodeText(raw: string): string {
  if (raw.indexOf('&') < 0 && raw.indexOf('\r') < 0) return raw;
  let out = '';
  for (let i = 0; i < raw.length; ) {
    const c = raw.charCodeAt(i);
    if (c === C.AMP) {
      const r = decodeRef(raw, i);
      if (r) { out += r.text; i = r.next; continue; }
      out += '&'; i++;
    } else if (c === C.CR) {
      out += '\n';
      i += raw.charCodeAt(i + 1) === C.LF ? 2 : 1;
    } else { out += raw[i]; i++; }
  }
  return out;
}

/** Attribute value: references decoded; literal TAB, LF, CR and CR LF each become one space (XML 1.0 §3.3.3, CDATA type). */
export function decodeAttr(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; ) {
    const c = raw.charCodeAt(i);
    if (c === C.AMP) {
      const r = decodeRef(raw, i);
      if (r) { out += r.text; i = r.next; continue; }
      out += '&'; i++;
    } else if (c === C.CR) {
      out += ' ';
      i += raw.charCodeAt(i + 1) === C.LF ? 2 : 1;
    } else if (c === C.LF || c === C.TAB) { out += ' '; i++; }
    else { out += raw[i]; i++; }
  }
  return out;
}

function normaliseNewlines(raw: string): string {
  return raw.indexOf('\r') < 0 ? raw : raw.replace(/\r\n?/g, '\n');
}

function splitQName(q: string): [string, string] {
  const i = q.indexOf(':');
  return i < 0 ? ['', q] : [q.slice(0, i), q.slice(i + 1)];
}

function pathOf(stack: readonly string[]): string {
  if (stack.length <= 12) return '/' + stack.join('/');
  return '/' + stack.slice(0, 5).join('/') + `/…(${stack.length - 10} more)…/` + stack.slice(-5).join('/');
}

interface RawAttr { qname: string; raw: string }

export function scan(text: string, limits: ScanLimits, label?: string, stopAt = -1): ScanOutcome {
  const n = text.length;
  // Incremental line counting: offsets are only ever asked for in increasing order.
  let line = 1;
  let lineStart = 0;
  let counted = 0;
  const locate = (offset: number): { line: number; column: number } => {
    for (; counted < offset; counted++) {
      const c = text.charCodeAt(counted);
      if (c === C.LF) { line++; lineStart = counted + 1; }
      else if (c === C.CR) {
        if (text.charCodeAt(counted + 1) === C.LF) counted++;
        line++;
        lineStart = counted + 1;
      }
    }
    return { line, column: offset - lineStart + 1 };
  };
  const violation = (code: ConstructorParameters<typeof XmlError>[0], reason: string, offset: number, path?: string): ScanOutcome =>
    ({ violation: new XmlError(code, reason, { ...locate(offset), path, label }) });

  const stack: XmlElement[] = [];
  const names: string[] = [];
  const elements: XmlElement[] = [];
  let root: XmlElement | undefined;
  let declaration: XmlDeclaration | undefined;
  const baseScope: ReadonlyMap<string, string> = new Map([['xml', XML_NS]]);
  let pos = 0;
  const give = (): ScanOutcome => ({ openPath: stopAt >= 0 ? pathOf(names) : undefined });

  while (pos < n) {
    if (stopAt >= 0 && pos >= stopAt) return give();
    const lt = text.indexOf('<', pos);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > pos && stack.length) {
      stack[stack.length - 1].nodes.push({ type: 'text', value: decodeText(text.slice(pos, textEnd)) });
    }
    if (lt < 0) break;
    if (stopAt >= 0 && lt >= stopAt) return give();
    const c1 = text.charCodeAt(lt + 1);

    if (c1 === C.BANG) {
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end < 0) return give();
        if (stack.length) stack[stack.length - 1].nodes.push({ type: 'comment', value: normaliseNewlines(text.slice(lt + 4, end)) });
        pos = end + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', lt)) {
        const end = text.indexOf(']]>', lt + 9);
        if (end < 0 || !stack.length) return give();
        stack[stack.length - 1].nodes.push({ type: 'cdata', value: normaliseNewlines(text.slice(lt + 9, end)) });
        pos = end + 3;
        continue;
      }
      if (text.startsWith('<!DOCTYPE', lt) || text.startsWith('<!ENTITY', lt)) {
        return violation('XML_DTD_FORBIDDEN',
          'a DOCTYPE/DTD declaration was found; DTDs are refused because they enable external-entity (XXE) and entity-expansion attacks, and no platform here uses one — send the document without <!DOCTYPE …>',
          lt, stack.length ? pathOf(names) : undefined);
      }
      return give();
    }

    if (c1 === C.QUESTION) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) return give();
      let t = lt + 2;
      while (t < end && !isWs(text.charCodeAt(t))) t++;
      const target = text.slice(lt + 2, t);
      if (target === 'xml' && lt === 0) {
        const body = text.slice(t, end);
        const attr = (k: string) => new RegExp(`${k}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(body);
        const v = attr('version');
        const e = attr('encoding');
        const s = attr('standalone');
        declaration = { version: v ? (v[1] ?? v[2]) : '' };
        if (e) declaration.encoding = e[1] ?? e[2];
        if (s) declaration.standalone = s[1] ?? s[2];
      } else if (target.toLowerCase() === 'xml') {
        return give();
      } else if (!limits.allowProcessingInstructions) {
        return violation('XML_PI_FORBIDDEN',
          `processing instruction <?${target.slice(0, 40)} …?> found; processing instructions are refused (SOAP forbids them and govsim never acts on them)`,
          lt, stack.length ? pathOf(names) : undefined);
      } else if (stack.length) {
        stack[stack.length - 1].nodes.push({ type: 'pi', target, data: text.slice(t, end).replace(/^[ \t\r\n]+/, '') });
      }
      pos = end + 2;
      continue;
    }

    if (c1 === C.SLASH) {
      let p = lt + 2;
      while (p < n && !isNameEnd(text.charCodeAt(p))) p++;
      const qname = text.slice(lt + 2, p);
      while (p < n && isWs(text.charCodeAt(p))) p++;
      const top = stack[stack.length - 1];
      if (!top || text.charCodeAt(p) !== C.GT || top.qname !== qname) return give();
      top.span.end = p + 1;
      stack.pop();
      names.pop();
      pos = p + 1;
      continue;
    }

    // Start tag.
    if (root && !stack.length) return give(); // content after the root element
    let p = lt + 1;
    while (p < n && !isNameEnd(text.charCodeAt(p))) p++;
    const qname = text.slice(lt + 1, p);
    if (!qname) return give();
    if (qname.length > limits.maxNameLength) {
      return violation('XML_NAME_TOO_LONG', `an element name of ${qname.length} characters was found; at most ${limits.maxNameLength} are accepted`, lt, pathOf(names));
    }
    if (stack.length + 1 > limits.maxDepth) {
      return violation('XML_TOO_DEEP', `element <${qname.slice(0, 60)}> is nested ${stack.length + 1} levels deep; at most ${limits.maxDepth} levels are accepted`, lt, pathOf(names));
    }
    const raws: RawAttr[] = [];
    let selfClosing = false;
    let closed = false;
    while (p < n) {
      const wsStart = p;
      while (p < n && isWs(text.charCodeAt(p))) p++;
      const c = text.charCodeAt(p);
      if (c === C.GT) { closed = true; p++; break; }
      if (c === C.SLASH && text.charCodeAt(p + 1) === C.GT) { closed = true; selfClosing = true; p += 2; break; }
      if (p === wsStart) break; // attributes must be separated by whitespace
      const an = p;
      while (p < n && !isNameEnd(text.charCodeAt(p))) p++;
      const aq = text.slice(an, p);
      if (!aq) break;
      if (aq.length > limits.maxNameLength) {
        return violation('XML_NAME_TOO_LONG', `an attribute name of ${aq.length} characters was found on <${qname.slice(0, 60)}>; at most ${limits.maxNameLength} are accepted`, an, pathOf(names));
      }
      while (p < n && isWs(text.charCodeAt(p))) p++;
      if (text.charCodeAt(p) !== C.EQ) break;
      p++;
      while (p < n && isWs(text.charCodeAt(p))) p++;
      const q = text.charCodeAt(p);
      if (q !== C.DQ && q !== C.SQ) break;
      const close = text.indexOf(q === C.DQ ? '"' : "'", p + 1);
      if (close < 0) break;
      raws.push({ qname: aq, raw: text.slice(p + 1, close) });
      if (raws.length > limits.maxAttributes) {
        return violation('XML_TOO_MANY_ATTRIBUTES', `element <${qname.slice(0, 60)}> has more than ${limits.maxAttributes} attributes`, lt, pathOf(names));
      }
      p = close + 1;
    }
    if (!closed) return give();

    const parent = stack[stack.length - 1] ?? null;
    let scope = parent ? parent.scope : baseScope;
    const declarations = new Map<string, string>();
    for (const a of raws) {
      if (a.qname === 'xmlns') declarations.set('', decodeAttr(a.raw));
      else if (a.qname.startsWith('xmlns:')) declarations.set(a.qname.slice(6), decodeAttr(a.raw));
    }
    if (declarations.size) {
      const m = new Map(scope);
      for (const [k, v] of declarations) m.set(k, v);
      scope = m;
    }
    const [prefix, local] = splitQName(qname);
    const ns = scope.get(prefix);
    if (prefix && !ns) return give();
    const attributes: XmlAttribute[] = [];
    for (const a of raws) {
      if (a.qname === 'xmlns' || a.qname.startsWith('xmlns:')) continue;
      const [ap, al] = splitQName(a.qname);
      const ans = ap ? scope.get(ap) : '';
      if (ans === undefined || (ap && !ans)) return give();
      attributes.push({ name: al, prefix: ap, ns: ans, qname: a.qname, value: decodeAttr(a.raw) });
    }
    const where = locate(lt);
    const tagEndLine = locate(p - 1).line;
    const el = new XmlElement(local, prefix, ns ?? '', attributes, parent, declarations, scope, { start: lt, end: p, line: where.line, column: where.column, tagEndLine });
    el.index = elements.length;
    elements.push(el);
    if (parent) parent.nodes.push(el);
    else root = el;
    if (!selfClosing) { stack.push(el); names.push(qname); }
    pos = p;
  }
  if (stopAt >= 0) return give();
  if (!root || stack.length) return {};
  return { doc: new XmlDoc(root, text, elements, declaration, label) };
}
