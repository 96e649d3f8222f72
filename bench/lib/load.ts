/**
 * Closed-loop load generator: `connections` keep-alive HTTPS connections each send the
 * next request as soon as the previous answer is complete, for a bounded time and
 * request count. Loopback only; reports throughput and latency percentiles.
 */
import { Agent, request } from 'node:https';

export interface LoadTarget {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  tls: { cert?: string; key?: string; ca: string | string[] };
  /** Expected status; anything else counts as an error. */
  status?: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  firstError?: string;
}

export async function runLoad(target: LoadTarget, o: { connections: number; seconds: number; maxRequests: number; warmupRequests?: number }): Promise<LoadResult> {
  const url = new URL(target.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error(`benchmarks only target loopback, not ${url.hostname}`);
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections, cert: target.tls.cert, key: target.tls.key, ca: target.tls.ca });
  const one = () => new Promise<{ ok: boolean; error?: string }>((resolve) => {
    const req = request(url, { method: target.method, headers: target.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === (target.status ?? 200) ? { ok: true } : { ok: false, error: `HTTP ${res.statusCode}` }));
      res.on('error', (e) => resolve({ ok: false, error: e.message }));
    });
    req.on('error', (e) => resolve({ ok: false, error: e.message }));
    req.end(target.body);
  });
  for (let i = 0; i < (o.warmupRequests ?? 200); i++) await one();

  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let sent = 0;
  const start = process.hrtime.bigint();
  const deadline = Date.now() + o.seconds * 1000;
  const worker = async () => {
    while (sent < o.maxRequests && Date.now() < deadline) {
      sent++;
      const t = process.hrtime.bigint();
      const r = await one();
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (!r.ok) { errors++; firstError ??= r.error; }
    }
  };
  await Promise.all(Array.from({ length: o.connections }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return { requests: latencies.length, errors, seconds, rps: latencies.length / seconds, p50ms: pct(0.5), p99ms: pct(0.99), firstError };
}
