/**
 * A small DER writer and BER/DER reader: enough ASN.1 for PKCS#12 and for reading
 * certificate names exactly. Only the universal types the PKI needs are named here.
 */
import { PkiError } from './errors.ts';

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
} as const;

// ---------------------------------------------------------------- writer

function encodeLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV with a raw tag byte (single-byte tags only, which covers everything used here). */
export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export const seq = (...items: Buffer[]): Buffer => tlv(TAG.SEQUENCE, Buffer.concat(items));

/** SET OF, with elements sorted by their encoding as DER requires. */
export const setOf = (...items: Buffer[]): Buffer => tlv(TAG.SET, Buffer.concat([...items].sort(Buffer.compare)));

export const octets = (b: Buffer): Buffer => tlv(TAG.OCTET_STRING, b);
export const nul = (): Buffer => Buffer.from([TAG.NULL, 0]);
/** Context-specific constructed tag `[n]` (explicit tagging, or implicit for constructed types). */
export const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 | n, inner);
/** Context-specific primitive tag `[n]` IMPLICIT over the content bytes. */
export const implicitPrimitive = (n: number, content: Buffer): Buffer => tlv(0x80 | n, content);

/** Non-negative INTEGER from a JS number or big-endian magnitude bytes. */
export function integer(value: number | Buffer): Buffer {
  let bytes: Buffer;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`DER integer out of range: ${value}`);
    const arr: number[] = [];
    for (let v = value; v > 0; v = Math.floor(v / 256)) arr.unshift(v & 0xff);
    bytes = Buffer.from(arr.length ? arr : [0]);
  } else {
    let i = 0;
    while (i < value.length - 1 && value[i] === 0) i++;
    bytes = value.subarray(i);
    if (bytes.length === 0) bytes = Buffer.from([0]);
  }
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(TAG.INTEGER, bytes);
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map((p) => {
    if (!/^\d+$/.test(p)) throw new RangeError(`bad OID ${dotted}`);
    return BigInt(p);
  });
  if (parts.length < 2) throw new RangeError(`bad OID ${dotted}`);
  const arcs = [parts[0] * 40n + parts[1], ...parts.slice(2)];
  const out: number[] = [];
  for (const arc of arcs) {
    const chunk: number[] = [];
    let v = arc;
    do {
      chunk.unshift(Number(v & 0x7fn));
      v >>= 7n;
    } while (v > 0n);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] |= 0x80;
    out.push(...chunk);
  }
  return tlv(TAG.OID, Buffer.from(out));
}

/** BMPString (UTF-16BE), as PKCS#12 friendlyName requires. */
export function bmpString(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1];
    be[i + 1] = le[i];
  }
  return tlv(TAG.BMP_STRING, be);
}

// ---------------------------------------------------------------- reader

export interface Node {
  /** The identifier octet (class + constructed bit + tag number; low-tag-number form only). */
  tag: number;
  constructed: boolean;
  /** Content octets; for BER constructed strings, the concatenation of the segments. */
  content: Buffer;
  /** The complete encoding (header + content), e.g. to hash a Name exactly as encoded. */
  raw: Buffer;
  children: Node[];
}

const MAX_DEPTH = 32;

function fail(message: string): never {
  throw new PkiError('PKI_BAD_DER', message);
}

/** Parses one element at `offset`. Accepts BER indefinite lengths (Windows PKCS#12 exports use them). */
function parseAt(buf: Buffer, offset: number, depth: number): { node: Node; end: number } {
  if (depth > MAX_DEPTH) fail('ASN.1 nesting too deep');
  if (offset + 2 > buf.length) fail('truncated ASN.1 header');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) fail('high-tag-number form is not supported');
  const constructed = (tag & 0x20) !== 0;
  let pos = offset + 1;
  const first = buf[pos++];
  let length = -1;
  if (first < 0x80) length = first;
  else if (first > 0x80) {
    const n = first & 0x7f;
    if (n > 4 || pos + n > buf.length) fail('unsupported ASN.1 length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[pos++];
  } else if (!constructed) fail('indefinite length on a primitive element');

  const children: Node[] = [];
  let contentStart = pos;
  let end: number;
  if (length >= 0) {
    end = pos + length;
    if (end > buf.length) fail('ASN.1 length runs past the end of the data');
    if (constructed) {
      let p = pos;
      while (p < end) {
        const r = parseAt(buf, p, depth + 1);
        if (r.end > end) fail('ASN.1 child runs past its parent');
        children.push(r.node);
        p = r.end;
      }
    }
  } else {
    let p = pos;
    for (;;) {
      if (p + 2 > buf.length) fail('unterminated indefinite-length element');
      if (buf[p] === 0 && buf[p + 1] === 0) break;
      const r = parseAt(buf, p, depth + 1);
      children.push(r.node);
      p = r.end;
    }
    end = p + 2;
    contentStart = pos;
  }
  let content = buf.subarray(contentStart, length >= 0 ? end : end - 2);
  // BER allows constructed OCTET STRINGs made of segments; DER users see one value.
  if (constructed && (tag & 0x1f) === TAG.OCTET_STRING && (tag & 0xc0) === 0) {
    content = Buffer.concat(children.map((c) => c.content));
  }
  return { node: { tag, constructed, content, raw: buf.subarray(offset, end), children }, end };
}

/** Parses exactly one element filling the whole buffer. */
export function parseDer(buf: Buffer): Node {
  const { node, end } = parseAt(buf, 0, 0);
  if (end !== buf.length) fail('trailing bytes after ASN.1 element');
  return node;
}

export function expectTag(node: Node | undefined, tag: number, what: string): Node {
  if (!node || node.tag !== tag) {
    fail(`${what}: expected tag 0x${tag.toString(16)}, found ${node ? `0x${node.tag.toString(16)}` : 'nothing'}`);
  }
  return node;
}

export function readOid(node: Node | undefined): string {
  const n = expectTag(node, TAG.OID, 'OBJECT IDENTIFIER');
  const arcs: bigint[] = [];
  let v = 0n;
  for (const b of n.content) {
    v = (v << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) {
      arcs.push(v);
      v = 0n;
    }
  }
  if (arcs.length === 0) fail('empty OBJECT IDENTIFIER');
  const first = arcs[0] < 80n ? arcs[0] / 40n : 2n;
  return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join('.');
}

export function readInteger(node: Node | undefined): number {
  const n = expectTag(node, TAG.INTEGER, 'INTEGER');
  if (n.content.length > 6 || (n.content[0] & 0x80)) fail('INTEGER out of range');
  return n.content.reduce((acc, b) => acc * 256 + b, 0);
}

/** Decodes the directory string types used in names to a JS string. */
export function readString(node: Node): string | undefined {
  switch (node.tag) {
    case TAG.UTF8_STRING:
    case TAG.PRINTABLE_STRING:
    case TAG.IA5_STRING:
      return node.content.toString('utf8');
    case TAG.T61_STRING:
      return node.content.toString('latin1');
    case TAG.BMP_STRING: {
      const le = Buffer.alloc(node.content.length);
      for (let i = 0; i + 1 < node.content.length; i += 2) {
        le[i] = node.content[i + 1];
        le[i + 1] = node.content[i];
      }
      return le.toString('utf16le');
    }
    case TAG.UNIVERSAL_STRING: {
      let s = '';
      for (let i = 0; i + 3 < node.content.length; i += 4) s += String.fromCodePoint(node.content.readUInt32BE(i));
      return s;
    }
    default:
      return undefined;
  }
}
