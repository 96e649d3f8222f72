/** Escaping and a tiny tagged-template builder for well-formed XML output. */
import { XmlError } from './errors.ts';

// Characters XML 1.0 does not allow at all (not even as character references).
const INVALID_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function assertXmlChars(text: string): void {
  const m = INVALID_XML_CHAR.exec(text);
  if (m) {
    throw new XmlError('XML_INVALID_CHAR', `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at index ${m.index} cannot appear in an XML 1.0 document`);
  }
}

/** Escapes text content (`&`, `<`, `>`; quotes too, so the result is also safe inside attributes). Throws XML_INVALID_CHAR for characters XML cannot carry. */
export function escapeXml(text: string): string {
  assertXmlChars(text);
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

/** Escapes an attribute value; TAB, LF and CR become character references so attribute normalisation does not turn them into spaces. */
export function escapeAttr(text: string): string {
  return escapeXml(text).replace(/[\t\n\r]/g, (c) => (c === '\t' ? '&#9;' : c === '\n' ? '&#10;' : '&#13;'));
}

/** Already-escaped XML, inserted verbatim by the `xml` template. */
export class XmlFragment {
  constructor(readonly value: string) {}
  toString(): string { return this.value; }
}

/** Marks trusted, already well-formed markup for verbatim insertion. */
export function rawXml(markup: string): XmlFragment {
  return new XmlFragment(markup);
}

export type XmlValue = string | number | bigint | boolean | null | undefined | XmlFragment | readonly XmlValue[];

function render(v: XmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof XmlFragment) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeAttr(String(v));
}

/**
 * Tagged template that escapes every interpolation (safe in text and in quoted attributes);
 * nested `xml` results and rawXml() are inserted as they are; arrays are joined; null/undefined/false vanish.
 *   xml`<eb:PartyId eb:type="${type}">${oin}</eb:PartyId>`
 */
export function xml(strings: TemplateStringsArray, ...values: XmlValue[]): XmlFragment {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new XmlFragment(out);
}
