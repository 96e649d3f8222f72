import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  CHROMIUM_ARGS, ChromiumNotFoundError, chromiumCommandLine, chromiumExecutable, chromiumProfileDir,
  collectConsoleErrors, launchChromium,
} from './chromium.ts';

describe('finding Chromium', () => {
  it('prefers GOVSIM_CHROMIUM, else /usr/bin/chromium', () => {
    expect(chromiumExecutable({ GOVSIM_CHROMIUM: '/opt/chromium/chrome' })).toEqual({ path: '/opt/chromium/chrome', fromEnv: true });
    expect(chromiumExecutable({})).toEqual({ path: '/usr/bin/chromium', fromEnv: false });
  });

  it('fails loudly with the install command when the executable is missing', async () => {
    const err = await launchChromium({ executablePath: '/nonexistent/chromium' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChromiumNotFoundError);
    expect((err as ChromiumNotFoundError).code).toBe('BROWSER_CHROMIUM_MISSING');
    expect((err as Error).message).toContain('apt-get install chromium');
    expect((err as Error).message).toContain('/nonexistent/chromium');
  });
});

describe('a launched browser', () => {
  let browser: Browser;
  let profile: string | undefined;
  const startedAt = Date.now();
  beforeAll(async () => {
    browser = await launchChromium();
    profile = await chromiumProfileDir(browser);
  });
  afterAll(async () => { await browser?.close(); });

  it('runs headless with the hardening flags and a fresh temporary profile', async () => {
    const args = await chromiumCommandLine(browser);
    expect(args).toBeDefined();
    for (const flag of CHROMIUM_ARGS) expect(args).toContain(flag);
    expect(args!.some((a) => a.startsWith('--headless'))).toBe(true);
    expect(profile).toBeDefined();
    expect(profile!.startsWith(tmpdir())).toBe(true);
    expect(statSync(profile!).ctimeMs).toBeGreaterThanOrEqual(startedAt - 1000);
  });

  it('collects console errors and uncaught exceptions, not other messages', async () => {
    const page = await browser.newPage();
    const errors = collectConsoleErrors(page);
    await page.setContent('<p>x</p>');
    await page.evaluate(() => {
      console.log('fine');
      console.warn('also fine');
      console.error('broken thing');
      setTimeout(() => { throw new Error('boom'); }, 0);
    });
    await page.waitForTimeout(100);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^console\.error: broken thing/);
    expect(errors[1]).toBe('uncaught: boom');
    await page.close();
  });

  it('removes the profile directory on close', async () => {
    expect(existsSync(profile!)).toBe(true);
    await browser.close();
    expect(existsSync(profile!)).toBe(false);
  });
});
