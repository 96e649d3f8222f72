/** Dates as CPR writes them (YYYYMMDD, Danish local time) and the arithmetic the rules need. */
import { isRealDate } from './pnr.ts';

const DANISH_DAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });
const DANISH_TIME = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** The Danish calendar day of an instant, as YYYYMMDD. */
export function danishDay(at: Date): string {
  return DANISH_DAY.format(at).replace(/-/g, '');
}

/** YYYYMMDDhhmmss in Danish local time. */
export function danishTimestamp(at: Date): string {
  return DANISH_TIME.format(at).replace(/[-: ]/g, '');
}

export function isYmd(s: string): boolean {
  return /^\d{8}$/.test(s) && isRealDate(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)));
}

/** Whole days from `a` to `b` (both YYYYMMDD). */
export function daysBetween(a: string, b: string): number {
  const t = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8)));
  return Math.round((t(b) - t(a)) / 86_400_000);
}

export function addDays(ymd: string, days: number): string {
  const d = new Date(Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(4, 6)) - 1, Number(ymd.slice(6, 8)) + days));
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}

export function addYears(ymd: string, years: number): string {
  const y = Number(ymd.slice(0, 4)) + years;
  const md = ymd.slice(4);
  return md === '0229' && !isRealDate(y, 2, 29) ? `${y}0228` : `${y}${md}`;
}

export function isoToYmd(iso: string): string {
  return iso.slice(0, 10).replace(/-/g, '');
}

const MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];

/** "14. marts 2025". */
export function danishDateText(ymd: string): string {
  return `${Number(ymd.slice(6, 8))}. ${MONTHS[Number(ymd.slice(4, 6)) - 1]} ${ymd.slice(0, 4)}`;
}
