/** Minimal HTTPS client for the reference Sender: trusts only the CAs it is given. */
import { request } from 'node:https';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export function httpsCall(url: string, o: { method?: string; headers?: Record<string, string>; body?: string | Buffer; ca: string[]; timeoutMs?: number }): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const body = o.body === undefined ? undefined : Buffer.isBuffer(o.body) ? o.body : Buffer.from(o.body, 'utf8');
    const req = request(url, {
      method: o.method ?? 'GET', ca: o.ca, agent: false, timeout: o.timeoutMs ?? 15_000,
      headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...o.headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${o.method ?? 'GET'} ${url} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Parses a JSON answer or explains the problem+json the server sent. */
export function expectJson<T>(r: HttpResult, okStatus: number, what: string): T {
  if (r.status !== okStatus) {
    let detail = r.text.slice(0, 300);
    try {
      const p = JSON.parse(r.text) as { type?: string; detail?: string; error?: string; error_description?: string };
      detail = p.error ? `${p.error}: ${p.error_description ?? ''}` : `${p.type ?? ''} ${p.detail ?? ''}`.trim();
    } catch { /* not JSON */ }
    throw new Error(`${what} failed: HTTP ${r.status} ${detail}`);
  }
  return (r.text === '' ? undefined : JSON.parse(r.text)) as T;
}
