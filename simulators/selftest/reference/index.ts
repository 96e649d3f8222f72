/**
 * Reference client for the kernel suite: a plain node:https client that presents the
 * certificate the scenario handed it. Variants are deliberately broken clients.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import type { ReferenceClient } from '../../kernel/sut/drivers.ts';

export interface ClientResult {
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  /** Body as text when it is JSON or text, else omitted. */
  body?: unknown;
  bytes: number;
  sha256: string;
  /** What went wrong on the wire, as the client saw it (ECONNRESET, socket hang up, …). */
  error?: string;
  /** Content-Length announced by the server, to spot truncation. */
  contentLength?: number;
}

interface CallParams {
  url: string;
  method?: string;
  certFile?: string;
  keyFile?: string;
  caFile?: string;
  body?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** One HTTP(S) call that never throws: wire errors come back in `error`. */
export function call(p: CallParams, variant?: string): Promise<ClientResult> {
  const url = new URL(p.url);
  const withCert = variant !== 'no-certificate' && p.certFile && p.keyFile;
  const options = {
    method: p.method ?? 'GET',
    headers: { ...(p.body !== undefined ? { 'content-length': Buffer.byteLength(p.body) } : {}), ...p.headers },
    ca: p.caFile ? readFileSync(p.caFile) : undefined,
    cert: withCert ? readFileSync(p.certFile!) : undefined,
    key: withCert ? readFileSync(p.keyFile!) : undefined,
    timeout: p.timeoutMs ?? 10_000,
    agent: false as const,
  };
  return new Promise((resolve) => {
    const hash = createHash('sha256');
    let bytes = 0;
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (extra: Partial<ClientResult>) => {
      if (settled) return;
      settled = true;
      resolve({ bytes, sha256: hash.digest('hex'), ...extra });
    };
    const req = (url.protocol === 'https:' ? request : httpRequest)(url, options, (res) => {
      const contentLength = res.headers['content-length'] ? Number(res.headers['content-length']) : undefined;
      const base = { status: res.statusCode, headers: res.headers, contentLength };
      res.on('data', (c: Buffer) => { bytes += c.length; hash.update(c); if (bytes <= 1 << 20) chunks.push(c); });
      res.on('end', () => finish({ ...base, body: decode(Buffer.concat(chunks), res.headers['content-type']) }));
      res.on('error', (err: NodeJS.ErrnoException) => finish({ ...base, error: err.code ?? err.message }));
      res.on('aborted', () => finish({ ...base, error: 'ECONNRESET' }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('client timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => finish({ error: err.code ?? err.message }));
    req.end(p.body);
  });
}

function decode(body: Buffer, contentType: string | undefined): unknown {
  if (contentType?.includes('json')) {
    try { return JSON.parse(body.toString('utf8')); } catch { return body.toString('utf8'); }
  }
  return contentType?.startsWith('text/') ? body.toString('utf8') : undefined;
}

export const selftestReferenceClient: ReferenceClient = {
  variants: {
    'no-certificate': 'connects without presenting its client certificate',
  },
  actions: {
    'call-identity': (params, variant) => call(params as unknown as CallParams, variant),
    'post-xml': (params, variant) => call({ ...(params as unknown as CallParams), method: 'POST', headers: { 'content-type': 'application/xml' } }, variant),
    'fetch-echo': (params, variant) => call(params as unknown as CallParams, variant),
    'post-echo': (params, variant) => call({ ...(params as unknown as CallParams), method: 'POST' }, variant),
  },
};
