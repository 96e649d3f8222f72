/** The reference adapter's HTTPS client: one POST with its client certificate, never throws. */
import { request } from 'node:https';

export interface WireResult {
  status?: number;
  contentType?: string;
  body: Buffer;
  error?: string;
}

export function post(url: string, tls: { cert: string; key: string; ca: string[] }, headers: Record<string, string>, body: Buffer | string, timeoutMs = 10_000): Promise<WireResult> {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return new Promise((resolve) => {
    const req = request(new URL(url), {
      method: 'POST', cert: tls.cert, key: tls.key, ca: tls.ca, agent: false, minVersion: 'TLSv1.2', timeout: timeoutMs,
      headers: { ...headers, 'content-length': String(buf.length) },
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => { size += c.length; if (size <= 8 << 20) chunks.push(c); });
      res.on('end', () => resolve({ status: res.statusCode, contentType: res.headers['content-type'], body: Buffer.concat(chunks) }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ status: res.statusCode, body: Buffer.alloc(0), error: e.code ?? e.message }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ body: Buffer.alloc(0), error: e.code ?? e.message }));
    req.end(buf);
  });
}
