/** parseXml: the one safe entry point for untrusted XML. */
import { findInvalidUtf8, findLoneSurrogate, hasUtf16Bom, lineColumnAt, lineColumnAtByte, offsetOfLineColumn } from './encoding.ts';
import { XmlError } from './errors.ts';
import { LIBXML_HUGE_MAX_DEPTH, libxmlCheck } from './libxml.ts';
import type { XmlDoc } from './model.ts';
import { scan, type ScanLimits } from './scanner.ts';

export interface ParseXmlOptions {
  /** Largest accepted input in bytes (UTF-8). Default 10 MiB. */
  maxBytes?: number;
  /** Deepest accepted element nesting (root = 1). Default 256, at most 2048. */
  maxDepth?: number;
  /** Most attributes (including namespace declarations) on one element. Default 256. */
  maxAttributes?: number;
  /** Longest element or attribute name (with prefix). Default 1024. */
  maxNameLength?: number;
  /** Accept processing instructions other than the XML declaration. Default false. */
  allowProcessingInstructions?: boolean;
  /** Name of the document for error messages, e.g. `ebMS request 42` or a file name. */
  label?: string;
}

export const DEFAULT_PARSE_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  maxDepth: 256,
  maxAttributes: 256,
  maxNameLength: 1024,
} as const;

/** Internal: the bytes handed to libxml2, kept on the document for XSD validation and C14N. */
const BYTES = new WeakMap<XmlDoc, { bytes: Uint8Array; maxDepth: number }>();

export function sourceBytesOf(doc: XmlDoc): { bytes: Uint8Array; maxDepth: number } {
  const b = BYTES.get(doc);
  if (b) return b;
  // A document not produced by parseXml (should not happen): re-encode its text.
  return { bytes: Buffer.from(doc.source, 'utf8'), maxDepth: LIBXML_HUGE_MAX_DEPTH };
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Parses untrusted XML into the namespace-aware read model, or throws XmlError:
 * XML_TOO_LARGE, XML_BAD_ENCODING, XML_DTD_FORBIDDEN, XML_PI_FORBIDDEN, XML_TOO_DEEP,
 * XML_TOO_MANY_ATTRIBUTES, XML_NAME_TOO_LONG or XML_MALFORMED (with line, column and path).
 */
export function parseXml(input: string | Uint8Array, options: ParseXmlOptions = {}): XmlDoc {
  const label = options.label;
  const maxBytes = options.maxBytes ?? DEFAULT_PARSE_LIMITS.maxBytes;
  const maxDepth = options.maxDepth ?? DEFAULT_PARSE_LIMITS.maxDepth;
  if (!(Number.isInteger(maxDepth) && maxDepth >= 1 && maxDepth <= LIBXML_HUGE_MAX_DEPTH)) {
    throw new RangeError(`maxDepth must be an integer from 1 to ${LIBXML_HUGE_MAX_DEPTH}`);
  }
  const limits: ScanLimits = {
    maxDepth,
    maxAttributes: options.maxAttributes ?? DEFAULT_PARSE_LIMITS.maxAttributes,
    maxNameLength: options.maxNameLength ?? DEFAULT_PARSE_LIMITS.maxNameLength,
    allowProcessingInstructions: options.allowProcessingInstructions ?? false,
  };

  let text: string;
  let bytes: Uint8Array;
  if (typeof input === 'string') {
    // Cheap bound first: a UTF-16 string never takes fewer UTF-8 bytes than its length / 1 and at most 3x.
    if (input.length > maxBytes) throw tooLarge(input.length, maxBytes, label, '≥');
    const bad = findLoneSurrogate(input);
    if (bad >= 0) {
      throw new XmlError('XML_BAD_ENCODING', 'the text contains an unpaired UTF-16 surrogate, which cannot be encoded as UTF-8', { ...lineColumnAt(input, bad), label });
    }
    const size = Buffer.byteLength(input, 'utf8');
    if (size > maxBytes) throw tooLarge(size, maxBytes, label, '');
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    bytes = Buffer.from(text, 'utf8');
  } else if (input instanceof Uint8Array) {
    if (input.length > maxBytes) throw tooLarge(input.length, maxBytes, label, '');
    if (hasUtf16Bom(input)) {
      throw new XmlError('XML_BAD_ENCODING', 'the document starts with a UTF-16 byte-order mark; only UTF-8 is accepted', { line: 1, column: 1, label });
    }
    const bad = findInvalidUtf8(input);
    if (bad >= 0) {
      const hex = Array.from(input.subarray(bad, bad + 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
      throw new XmlError('XML_BAD_ENCODING', `invalid UTF-8 byte sequence (bytes ${hex}) at byte offset ${bad}; the document must be UTF-8 encoded`, { ...lineColumnAtByte(input, bad), label });
    }
    text = decoder.decode(input);
    bytes = input;
  } else {
    throw new TypeError('parseXml expects a string, Buffer or Uint8Array');
  }

  if (text.trim() === '') throw new XmlError('XML_MALFORMED', 'the document is empty; an XML document needs a root element', { line: 1, column: 1, label });

  const scanned = scan(text, limits, label);
  if (scanned.violation) throw scanned.violation;
  const declared = scanned.doc?.declaration?.encoding;
  if (declared !== undefined && !/^utf-?8$/i.test(declared)) {
    throw new XmlError('XML_BAD_ENCODING', `the XML declaration names encoding "${declared}"; only UTF-8 is accepted`, { line: 1, column: 1, label });
  }

  const checked = libxmlCheck(bytes, maxDepth);
  if (!checked.ok) {
    const first = checked.errors[0];
    const reason = first ? first.message.trim() : 'libxml2 rejected the document without a diagnostic';
    const line = first?.line || undefined;
    const column = first?.col || undefined;
    let path: string | undefined;
    if (line !== undefined) {
      const at = offsetOfLineColumn(text, line, column ?? 1);
      path = scan(text, limits, label, at).openPath || undefined;
      if (path === '/') path = undefined;
    }
    const code = /Excessive depth/i.test(reason) ? 'XML_TOO_DEEP' : 'XML_MALFORMED';
    throw new XmlError(code, `not well-formed XML: ${reason}`, { line, column, path, label });
  }
  if (checked.hasDtd) {
    throw new XmlError('XML_DTD_FORBIDDEN', 'a DOCTYPE/DTD declaration was found; DTDs are refused because they enable external-entity (XXE) and entity-expansion attacks', { label });
  }
  if (!scanned.doc) {
    throw new XmlError('XML_INTERNAL', 'libxml2 accepted the document but the read-model scanner could not follow it; please report this document to the govsim maintainers', { label });
  }
  BYTES.set(scanned.doc, { bytes, maxDepth });
  return scanned.doc;
}

function tooLarge(size: number, max: number, label: string | undefined, rel: string): XmlError {
  return new XmlError('XML_TOO_LARGE', `the document is ${rel}${size} bytes; at most ${max} bytes are accepted`, { label });
}
