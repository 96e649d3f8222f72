import { accessSync, constants, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Thrown when no Chromium executable is found; tests must fail on it, never skip. */
export class ChromiumNotFoundError extends Error {
  readonly code = 'BROWSER_CHROMIUM_MISSING';
  constructor(readonly executablePath: string, fromEnv: boolean) {
    super(`Chromium not found at ${executablePath}${fromEnv ? ' (from GOVSIM_CHROMIUM)' : ''}. ` +
      'Install it with `apt-get install chromium`, or set GOVSIM_CHROMIUM to the path of a Chromium executable.');
    this.name = 'ChromiumNotFoundError';
  }
}

export interface LaunchChromiumOptions {
  /** Default: GOVSIM_CHROMIUM, else /usr/bin/chromium. */
  executablePath?: string;
  /** Milliseconds to wait for the browser to start; default 30000. */
  timeoutMs?: number;
}

export function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): { path: string; fromEnv: boolean } {
  const fromEnv = env.GOVSIM_CHROMIUM;
  return fromEnv ? { path: fromEnv, fromEnv: true } : { path: DEFAULT_CHROMIUM_PATH, fromEnv: false };
}

/**
 * Launches headless system Chromium through playwright-core, with a fresh temporary
 * profile. Playwright refuses a `--user-data-dir` argument on `launch()`: it creates a
 * new profile directory under the OS temp dir itself and deletes it on `close()`
 * (`chromiumProfileDir()` finds it, so tests can prove both).
 */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Browser> {
  const found = options.executablePath !== undefined ? { path: options.executablePath, fromEnv: false } : chromiumExecutable();
  try {
    accessSync(found.path, constants.X_OK);
  } catch {
    throw new ChromiumNotFoundError(found.path, found.fromEnv);
  }
  return chromium.launch({
    executablePath: found.path,
    headless: true,
    args: [...CHROMIUM_ARGS],
    timeout: options.timeoutMs ?? 30_000,
  });
}

/** The running browser process's command line (Linux: read from /proc), or undefined when it cannot be read. */
export async function chromiumCommandLine(browser: Browser): Promise<string[] | undefined> {
  const session = await browser.newBrowserCDPSession();
  try {
    const info = await session.send('SystemInfo.getProcessInfo') as { processInfo: Array<{ type: string; id: number }> };
    const pid = info.processInfo.find((p) => p.type === 'browser')?.id;
    if (pid === undefined) return undefined;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
  } catch {
    return undefined;
  } finally {
    await session.detach().catch(() => undefined);
  }
}

/** The running browser's `--user-data-dir`, or undefined when it cannot be read. */
export async function chromiumProfileDir(browser: Browser): Promise<string | undefined> {
  const arg = (await chromiumCommandLine(browser))?.find((a) => a.startsWith('--user-data-dir='));
  return arg?.slice('--user-data-dir='.length);
}

/**
 * Collects console errors and uncaught page exceptions as they happen; the returned
 * array fills live. Assert it is empty at the end of a page test.
 */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      errors.push(`console.error: ${msg.text()}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  return errors;
}
