import { describe, expect, it } from 'vitest';
import { hostName, isLoopbackAddress, portalRefusal } from './guard.ts';

describe('operator/citizen page guard', () => {
  it('reads host names from Host headers', () => {
    expect(hostName('127.0.0.1:8075')).toBe('127.0.0.1');
    expect(hostName('[::1]:8075')).toBe('[::1]');
    expect(hostName('LocalHost')).toBe('localhost');
    expect(isLoopbackAddress('127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('0.0.0.0')).toBe(false);
  });

  it('accepts same-origin browser posts and non-browser clients', () => {
    expect(portalRefusal('POST', { host: '127.0.0.1:8075', origin: 'http://127.0.0.1:8075', 'sec-fetch-site': 'same-origin' }, true)).toBeUndefined();
    expect(portalRefusal('POST', { host: 'localhost:8075' }, true)).toBeUndefined();
    expect(portalRefusal('GET', { host: '[::1]:8075', 'sec-fetch-site': 'cross-site' }, true)).toBeUndefined();
  });

  it('refuses cross-site posts (CSRF) by Origin or Sec-Fetch-Site', () => {
    expect(portalRefusal('POST', { host: '127.0.0.1:8075', origin: 'https://evil.example' }, true)?.code).toBe('BOM_PORTAL_FREMMED_OPRINDELSE');
    expect(portalRefusal('POST', { host: '127.0.0.1:8075', origin: 'null' }, true)?.code).toBe('BOM_PORTAL_FREMMED_OPRINDELSE');
    expect(portalRefusal('POST', { host: '127.0.0.1:8075', 'sec-fetch-site': 'cross-site' }, true)?.code).toBe('BOM_PORTAL_FREMMED_OPRINDELSE');
    expect(portalRefusal('POST', { host: '127.0.0.1:8075', 'sec-fetch-site': 'same-site' }, false)?.code).toBe('BOM_PORTAL_FREMMED_OPRINDELSE');
  });

  it('refuses foreign host names on a loopback listener (DNS rebinding), not on a container listener', () => {
    expect(portalRefusal('GET', { host: 'evil.example:8075' }, true)?.code).toBe('BOM_PORTAL_VAERT_AFVIST');
    expect(portalRefusal('POST', { host: 'evil.example:8075', origin: 'http://evil.example:8075' }, true)?.code).toBe('BOM_PORTAL_VAERT_AFVIST');
    expect(portalRefusal('GET', { host: 'govsim:8075' }, false)).toBeUndefined();
  });
});
