/**
 * JSON with comments, as in tsconfig.json: `//` and `/* *\/` comments are replaced by
 * spaces (newlines kept) so JSON.parse error positions still point at the right line.
 */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\' && i + 1 < text.length) { out += text[i + 1]; i += 2; continue; }
      if (c === '"') inString = false;
      i++;
    } else if (c === '"') {
      inString = true; out += c; i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') { out += ' '; i++; }
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      for (; i < stop; i++) out += text[i] === '\n' ? '\n' : ' ';
    } else {
      out += c; i++;
    }
  }
  return out;
}

export interface JsoncResult { ok: true; value: unknown }
export interface JsoncFailure { ok: false; line: number; column: number; message: string }

/** Parses JSON with comments; on failure gives the 1-based line and column. */
export function parseJsonc(text: string): JsoncResult | JsoncFailure {
  const stripped = stripJsonComments(text.replace(/^\uFEFF/, ''));
  try {
    return { ok: true, value: JSON.parse(stripped) };
  } catch (err) {
    const message = (err as Error).message;
    const pos = /at position (\d+)/.exec(message);
    const offset = pos ? Number(pos[1]) : stripped.length;
    const before = stripped.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return { ok: false, line, column, message: message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '') };
  }
}
