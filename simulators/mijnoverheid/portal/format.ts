/** Formatting for the citizen portal: StUF dates as Dutch citizens read them, safe HTML. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** yyyyMMdd → dd-mm-jjjj; yyyyMMddHHmm… → dd-mm-jjjj HH:mm. Anything else is shown as sent. */
export function stufDatum(value: string | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2}))?/.exec(value);
  if (!m) return value;
  return `${m[3]}-${m[2]}-${m[1]}${m[4] !== undefined ? ` ${m[4]}:${m[5]}` : ''}`;
}

/** Only absolute http(s) links become clickable; anything else is shown as text. */
export function safeLink(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}
