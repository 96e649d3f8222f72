/**
 * The only place that talks to libxml2-wasm. Documents are always disposed in `finally`;
 * no option that loads external content (NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE) is ever set.
 * The wasm build has no real filesystem or network of its own: external resources can only be
 * read through the input provider registered by schema-provider.ts, which serves an allow-list.
 */
import { ParseOption, XmlDocument, XmlParseError, type ErrorDetail } from 'libxml2-wasm';

/** libxml2's own nesting limit without XML_PARSE_HUGE. */
export const LIBXML_DEFAULT_MAX_DEPTH = 256;
/** libxml2's nesting limit with XML_PARSE_HUGE. */
export const LIBXML_HUGE_MAX_DEPTH = 2048;

export function safeParseOptions(maxDepth: number): number {
  let o = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_BIG_LINES | ParseOption.XML_PARSE_NO_SYS_CATALOG;
  if (maxDepth > LIBXML_DEFAULT_MAX_DEPTH) o |= ParseOption.XML_PARSE_HUGE;
  return o;
}

export type LibxmlParseResult =
  | { ok: true; hasDtd: boolean }
  | { ok: false; errors: ErrorDetail[] };

/** Parses with libxml2 only to decide well-formedness (and namespace well-formedness), then frees the tree. */
export function libxmlCheck(bytes: Uint8Array, maxDepth: number): LibxmlParseResult {
  let doc: XmlDocument | undefined;
  try {
    doc = XmlDocument.fromBuffer(bytes, { option: safeParseOptions(maxDepth) });
    return { ok: true, hasDtd: doc.dtd !== null };
  } catch (e) {
    if (e instanceof XmlParseError) return { ok: false, errors: e.details.filter((d) => d.level >= 2) };
    throw e;
  } finally {
    doc?.dispose();
  }
}

/** Runs `fn` on a libxml2 tree of `bytes` (already accepted by parseXml) and disposes the tree afterwards. */
export function withLibxmlDoc<T>(bytes: Uint8Array, maxDepth: number, fn: (doc: XmlDocument) => T, url?: string): T {
  const doc = XmlDocument.fromBuffer(bytes, { option: safeParseOptions(maxDepth), url });
  try {
    return fn(doc);
  } finally {
    doc.dispose();
  }
}
