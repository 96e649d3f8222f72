import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface DashboardPage {
  html: string;
  /** CSP allowing exactly the page's own inline script and style (by hash), and same-origin API calls. */
  contentSecurityPolicy: string;
}

export const DASHBOARD_FILE = new URL('./dashboard.html', import.meta.url);

let cached: DashboardPage | undefined;

/** The self-contained dashboard page (read once, then cached). */
export function dashboardPage(): DashboardPage {
  cached ??= buildPage(readFileSync(DASHBOARD_FILE, 'utf8'));
  return cached;
}

export function buildPage(html: string): DashboardPage {
  const hashes = (tag: string): string[] =>
    [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))]
      .map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
  const scripts = hashes('script');
  const styles = hashes('style');
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.join(' ') || "'none'"}`,
    `style-src ${styles.join(' ') || "'none'"}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, contentSecurityPolicy: csp };
}
