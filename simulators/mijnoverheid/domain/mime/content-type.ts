/** Content-Type header parsing (RFC 2045 parameters, quoted strings, case-insensitive names). */
import { MimeError } from './errors.ts';

export interface ContentType {
  /** Lower-case `type/subtype`. */
  mediaType: string;
  /** Parameter names lower-cased; values unquoted, case kept. */
  params: Record<string, string>;
}

const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y;
const UNQUOTED = /[^;\s"]+/y;

export function parseContentType(header: string): ContentType {
  const s = header.trim();
  const slash = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\/([!#$%&'*+\-.^_`|~0-9A-Za-z]+)/.exec(s);
  if (!slash) throw new MimeError('MIME_BAD_CONTENT_TYPE', `not a media type: ${JSON.stringify(header)}`);
  const params: Record<string, string> = {};
  let i = slash[0].length;
  const skipWs = () => { while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++; };
  while (true) {
    skipWs();
    if (i >= s.length) break;
    if (s[i] !== ';') throw new MimeError('MIME_BAD_CONTENT_TYPE', `expected ';' at ${i} in ${JSON.stringify(header)}`);
    i++;
    skipWs();
    if (i >= s.length) break; // trailing ';' is tolerated
    TOKEN.lastIndex = i;
    const name = TOKEN.exec(s);
    if (!name) throw new MimeError('MIME_BAD_CONTENT_TYPE', `bad parameter name at ${i} in ${JSON.stringify(header)}`);
    i += name[0].length;
    skipWs();
    if (s[i] !== '=') throw new MimeError('MIME_BAD_CONTENT_TYPE', `parameter ${name[0]} has no value`);
    i++;
    skipWs();
    let value = '';
    if (s[i] === '"') {
      i++;
      let closed = false;
      while (i < s.length) {
        const c = s[i++];
        if (c === '\\' && i < s.length) value += s[i++];
        else if (c === '"') { closed = true; break; }
        else value += c;
      }
      if (!closed) throw new MimeError('MIME_BAD_CONTENT_TYPE', `unterminated quoted value for ${name[0]}`);
    } else {
      // Lenient: real SOAP stacks send unquoted values with '/' (type=text/xml), which RFC 2045 would quote.
      UNQUOTED.lastIndex = i;
      const tok = UNQUOTED.exec(s);
      if (!tok) throw new MimeError('MIME_BAD_CONTENT_TYPE', `bad value for parameter ${name[0]}`);
      value = tok[0];
      i += tok[0].length;
    }
    params[name[0].toLowerCase()] = value;
  }
  return { mediaType: `${slash[1]}/${slash[2]}`.toLowerCase(), params };
}

/** RFC 2046 boundary: 1–70 characters from the bchars set, not ending in a space. */
export function validateBoundary(boundary: string): void {
  if (!/^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/.test(boundary)) {
    throw new MimeError('MIME_BAD_BOUNDARY', `boundary ${JSON.stringify(boundary)} is not 1-70 allowed characters (RFC 2046)`);
  }
}

/** `<abc@host>` → `abc@host`; `cid:abc%40host` → `abc@host`. */
export function normaliseContentId(value: string): string {
  let v = value.trim();
  if (/^cid:/i.test(v)) {
    v = v.slice(4);
    try { v = decodeURIComponent(v); } catch { /* keep as is */ }
  }
  if (v.startsWith('<') && v.endsWith('>')) v = v.slice(1, -1);
  return v.trim();
}
