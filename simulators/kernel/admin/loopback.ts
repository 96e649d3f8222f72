import { isIP } from 'node:net';

/**
 * True when `host` can only be reached from this machine. Wildcards (`0.0.0.0`, `::`)
 * and host names other than `localhost` count as remote.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) {
    if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
    return mapped !== null && mapped[1].startsWith('127.');
  }
  return false;
}

/** `http://host:port` with IPv6 literals bracketed. */
export function baseUrl(host: string, port: number): string {
  const h = isIP(host) === 6 ? `[${host}]` : host;
  return `http://${h}:${port}`;
}
