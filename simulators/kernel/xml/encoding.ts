/** Byte-level checks done before any parser sees the input. Pure functions. */

/** Byte offset of the first invalid UTF-8 sequence, or -1 when `bytes` is valid UTF-8 (RFC 3629: no overlongs, no surrogates, max U+10FFFF). */
export function findInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; cp = b & 0x1f; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; cp = b & 0x0f; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; cp = b & 0x07; }
    else return i;
    if (i + need >= n) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Index of the first unpaired UTF-16 surrogate in `s`, or -1. */
export function findLoneSurrogate(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
      return i;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

/** 1-based line and column (in UTF-16 code units) of `offset` in `text`. CR LF and lone CR count as one line break, as XML does. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) { line++; lineStart = i + 1; }
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** Line and column of a byte offset in UTF-8 `bytes` (column counted in bytes of the line, which equals characters for ASCII). */
export function lineColumnAtByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 10) { line++; lineStart = i + 1; }
    else if (bytes[i] === 13) {
      if (bytes[i + 1] === 10) i++;
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Converts a libxml2 line/column (column counted in Unicode code points) to a UTF-16 offset in `text`.
 * Returns text.length when the position lies past the end.
 */
export function offsetOfLineColumn(text: string, line: number, column: number): number {
  let i = 0;
  let l = 1;
  while (l < line && i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10) l++;
    else if (c === 13) { if (text.charCodeAt(i + 1) === 10) i++; l++; }
    i++;
  }
  for (let col = 1; col < column && i < text.length; col++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return Math.min(i, text.length);
}

const UTF16_BOMS: Array<[number, number]> = [[0xfe, 0xff], [0xff, 0xfe]];

/** True when the bytes start with a UTF-16 byte-order mark (UTF-16 input is refused: every platform here exchanges UTF-8). */
export function hasUtf16Bom(bytes: Uint8Array): boolean {
  return UTF16_BOMS.some(([a, b]) => bytes[0] === a && bytes[1] === b);
}
