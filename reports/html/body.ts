/** How an evidence body is shown: pretty-printed when that is safe, folded when long. */

export const FOLD_CHARS = 2000;
export const FOLD_LINES = 40;
const PRETTY_MAX = 200_000;

export function shouldFold(text: string): boolean {
  return text.length > FOLD_CHARS || text.split('\n').length > FOLD_LINES;
}

/** Pretty-prints JSON and simple XML; anything else (or anything risky) is returned as is. */
export function prettyBody(body: string, contentType?: string): string {
  if (body.length > PRETTY_MAX) return body;
  const trimmed = body.trim();
  if (/json/i.test(contentType ?? '') || /^[[{]/.test(trimmed)) {
    try {
      return JSON.stringify(JSON.parse(trimmed), null, 2);
    } catch {
      return body;
    }
  }
  if (trimmed.startsWith('<')) return prettyXml(trimmed);
  return body;
}

/**
 * Indents element structure only. Bodies with CDATA, comments or a DOCTYPE are left
 * alone so the reader never sees a re-flowed version of content where whitespace or
 * `>` inside text could matter.
 */
export function prettyXml(xml: string): string {
  if (/<!\[CDATA\[|<!--|<!DOCTYPE/i.test(xml)) return xml;
  const tokens = xml.replace(/>\s+</g, '><').split(/(<[^>]+>)/).filter((t) => t !== '');
  const lines: string[] = [];
  let depth = 0;
  let textAfterOpen = false;
  for (const t of tokens) {
    const pad = '  '.repeat(Math.max(depth, 0));
    if (t.startsWith('</')) {
      depth--;
      if (textAfterOpen) lines[lines.length - 1] += t;
      else lines.push('  '.repeat(Math.max(depth, 0)) + t);
      textAfterOpen = false;
    } else if (t.startsWith('<?') || t.startsWith('<!') || t.endsWith('/>')) {
      lines.push(pad + t);
      textAfterOpen = false;
    } else if (t.startsWith('<')) {
      lines.push(pad + t);
      depth++;
      textAfterOpen = false;
    } else {
      const prev = lines[lines.length - 1];
      if (prev !== undefined && /^\s*<[^/?!][^>]*[^/]>$|^\s*<[^/?!]>$/.test(prev) && !textAfterOpen) {
        lines[lines.length - 1] += t;
        textAfterOpen = true;
      } else {
        lines.push(pad + t);
      }
    }
  }
  return lines.join('\n');
}
