/**
 * A deliberately small path language over the read model (no XPath engine in the hot path):
 *   /soap:Envelope/soap:Header/eb:MessageHeader   absolute (first step matches the root)
 *   eb:From/eb:PartyId                            relative to the context element
 *   //eb:PartyId                                  descendants at any depth
 *   eb:PartyId[2]                                 1-based position among the matching siblings
 *   *  p:*  *:local                               wildcards (any name / any name in p / any namespace)
 * Unprefixed steps mean nsMap[''] when given, else "no namespace" (as in XPath 1.0).
 */
import { XmlError } from './errors.ts';
import type { XmlElement } from './model.ts';

/** Prefix (as used in the path, not necessarily in the document) to namespace URI; '' = namespace of unprefixed steps. */
export type NsMap = Readonly<Record<string, string>>;

interface Step {
  descendant: boolean;
  /** undefined = any namespace */
  ns: string | undefined;
  /** undefined = any local name */
  local: string | undefined;
  position?: number;
}

const STEP_RE = /^(?:(\*|[^\s:*[\]/]+):)?(\*|[^\s:*[\]/]+)(?:\[([1-9][0-9]{0,8})\])?$/;

function compile(path: string, nsMap: NsMap): { absolute: boolean; steps: Step[] } {
  if (typeof path !== 'string' || path.trim() === '') throw new XmlError('XML_PATH_INVALID', 'the path is empty');
  const absolute = path.startsWith('/');
  const steps: Step[] = [];
  let i = 0;
  while (i < path.length) {
    let descendant = false;
    if (path.startsWith('//', i)) { descendant = true; i += 2; }
    else if (path[i] === '/') { i += 1; }
    else if (i !== 0) throw new XmlError('XML_PATH_INVALID', `unexpected character at position ${i + 1} of path "${path}"`);
    const next = path.indexOf('/', i);
    const raw = path.slice(i, next < 0 ? path.length : next);
    i = next < 0 ? path.length : next;
    const m = STEP_RE.exec(raw);
    if (!m) throw new XmlError('XML_PATH_INVALID', `step "${raw}" in path "${path}" is not of the form prefix:local, local, * or prefix:*, with an optional [n]`);
    const [, prefix, local, pos] = m;
    let ns: string | undefined;
    if (prefix === '*') ns = undefined;
    else if (prefix === undefined) ns = local === '*' ? undefined : (nsMap[''] ?? '');
    else {
      if (!Object.prototype.hasOwnProperty.call(nsMap, prefix)) {
        throw new XmlError('XML_PATH_UNKNOWN_PREFIX', `prefix "${prefix}" in path "${path}" is not in the namespace map (known: ${Object.keys(nsMap).join(', ') || 'none'})`);
      }
      ns = nsMap[prefix];
    }
    steps.push({ descendant, ns, local: local === '*' ? undefined : local, position: pos ? Number(pos) : undefined });
  }
  return { absolute, steps };
}

type Context = XmlElement | 'document';

function childElements(ctx: Context, root: XmlElement): XmlElement[] {
  if (ctx === 'document') return [root];
  const out: XmlElement[] = [];
  for (const n of ctx.nodes) if (n.type === 'element') out.push(n);
  return out;
}

function selfAndDescendants(ctx: Context, root: XmlElement): Context[] {
  const out: Context[] = [];
  const stack: Context[] = [ctx];
  while (stack.length) {
    const c = stack.pop()!;
    out.push(c);
    const kids = childElements(c, root);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return out;
}

function evaluate(start: XmlElement, path: string, nsMap: NsMap): XmlElement[] {
  const { absolute, steps } = compile(path, nsMap);
  const root = start.doc ? start.doc.root : rootOf(start);
  let contexts: Context[] = [absolute ? 'document' : start];
  for (const step of steps) {
    const next = new Set<XmlElement>();
    const bases = step.descendant ? contexts.flatMap((c) => selfAndDescendants(c, root)) : contexts;
    for (const base of bases) {
      const matching = childElements(base, root).filter(
        (e) => (step.local === undefined || e.name === step.local) && (step.ns === undefined || e.ns === step.ns),
      );
      if (step.position !== undefined) {
        const e = matching[step.position - 1];
        if (e) next.add(e);
      } else for (const e of matching) next.add(e);
    }
    contexts = [...next].sort((a, b) => a.index - b.index);
    if (contexts.length === 0) return [];
  }
  return contexts as XmlElement[];
}

function rootOf(e: XmlElement): XmlElement {
  let r = e;
  while (r.parent) r = r.parent;
  return r;
}

export function findAll(start: XmlElement, path: string, nsMap: NsMap): XmlElement[] {
  return evaluate(start, path, nsMap);
}

export function findFirst(start: XmlElement, path: string, nsMap: NsMap): XmlElement | undefined {
  return evaluate(start, path, nsMap)[0];
}
