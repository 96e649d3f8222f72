/** xsd:duration subset used by CPAs (PnYnMnDTnHnMnS, no fractions of years/months needed in practice). */
const RE = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Milliseconds of an ISO 8601 duration. Years and months are taken as 365 and 30 days: CPA
 * durations (PT3H, P1D, P2D) do not use them, and a calendar-exact answer would need a start date.
 * Returns undefined when the text is not a duration.
 */
export function parseDurationMs(text: string): number | undefined {
  const m = RE.exec(text.trim());
  if (!m) return undefined;
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  const days = n(1) * 365 + n(2) * 30 + n(3) * 7 + n(4);
  return Math.round(((days * 24 + n(5)) * 60 + n(6)) * 60_000 + n(7) * 1000);
}

/** Formats milliseconds as a compact xsd:duration (days, hours, minutes, seconds). */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`duration must be a non-negative finite number: ${ms}`);
  let s = Math.round(ms / 1000);
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const min = Math.floor(s / 60); s -= min * 60;
  const time = `${h ? `${h}H` : ''}${min ? `${min}M` : ''}${s ? `${s}S` : ''}`;
  if (!d && !time) return 'PT0S';
  return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
}
