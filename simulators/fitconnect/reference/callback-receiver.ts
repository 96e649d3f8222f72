/**
 * The Sender's callback endpoint: HTTPS, verifies `callback-timestamp` (at most 5 minutes
 * old, at most 1 minute ahead) and `callback-authentication` (hex HMAC-SHA512 over
 * `timestamp.body` with the callback secret). Answers 200 when valid, 401 otherwise.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  accepted: boolean;
  status: number;
  reason?: string;
  type?: string;
}

export interface ReceiverDefects {
  skipTimestampCheck?: boolean;
  skipHmacCheck?: boolean;
}

export const CALLBACK_WINDOW_S = 300;

export function checkCallback(headers: Record<string, string | string[] | undefined>, body: string, secret: string, now: Date, defects: ReceiverDefects = {}): { ok: true } | { ok: false; reason: string } {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const ts = one(headers['callback-timestamp']);
  const mac = one(headers['callback-authentication']);
  if (!ts || !mac) return { ok: false, reason: 'callback-timestamp or callback-authentication missing' };
  if (!/^\d{1,12}$/.test(ts)) return { ok: false, reason: 'callback-timestamp is not unix seconds' };
  const age = Math.floor(now.getTime() / 1000) - Number(ts);
  if (!defects.skipTimestampCheck && (age > CALLBACK_WINDOW_S || age < -60)) return { ok: false, reason: `callback timestamp outside the 5-minute window (age ${age} s)` };
  if (!defects.skipHmacCheck) {
    const expected = createHmac('sha512', secret).update(`${ts}.${body}`, 'utf8').digest();
    const given = /^[0-9a-f]{128}$/i.test(mac) ? Buffer.from(mac, 'hex') : Buffer.alloc(0);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'callback-authentication HMAC does not match' };
  }
  return { ok: true };
}

export class CallbackReceiver {
  readonly received: ReceivedCallback[] = [];
  #server?: Server;
  #waiters: (() => void)[] = [];

  constructor(private readonly o: { certFile: string; keyFile: string; secret: string; host?: string; defects?: ReceiverDefects }) {}

  async start(): Promise<string> {
    this.#server = createServer({ cert: readFileSync(this.o.certFile), key: readFileSync(this.o.keyFile) }, (req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => { size += c.length; if (size <= 1024 * 1024) chunks.push(c); });
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const v = req.method !== 'POST' ? { ok: false as const, reason: 'only POST' } : checkCallback(req.headers, body, this.o.secret, new Date(), this.o.defects);
        let type: string | undefined;
        try { type = (JSON.parse(body) as { type?: string }).type; } catch { /* ignore */ }
        const status = v.ok ? 200 : 401;
        this.received.push(v.ok ? { accepted: true, status, type } : { accepted: false, status, reason: v.reason, type });
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(v.ok ? { received: true } : { error: v.reason }));
        for (const w of this.#waiters.splice(0)) w();
      });
    });
    const host = this.o.host ?? '127.0.0.1';
    await new Promise<void>((resolve) => this.#server!.listen(0, host, resolve));
    return `https://${host}:${(this.#server.address() as AddressInfo).port}/fit-connect/callback`;
  }

  /** Waits until `predicate` holds for what was received, or the deadline passes. */
  async waitFor(predicate: (r: ReceivedCallback[]) => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.received) && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.#waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
    this.#server?.closeAllConnections();
  }
}
