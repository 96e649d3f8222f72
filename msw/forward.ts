/**
 * Forwards an intercepted Fetch Request to a running simulator over loopback and returns
 * its Response. The request functions are captured when this module loads, before MSW
 * patches node:http/https, so the forwarded call is not intercepted again. If MSW was
 * already listening when govsim/msw was first imported, the call is marked with MSW's
 * documented bypass marker (`accept: msw/passthrough`) instead.
 */
import http from 'node:http';
import https from 'node:https';
import { types } from 'node:util';

const originalHttpRequest = http.request;
const originalHttpsRequest = https.request;
const alreadyPatched = types.isProxy(originalHttpsRequest) || types.isProxy(originalHttpRequest);

export interface ForwardTls {
  /** CA certificates the simulator's server certificate chains to (the govsim test PKI). */
  ca: string[];
  /** Client certificate for platforms that require mutual TLS. */
  cert?: string;
  key?: string;
}

/** Hop-by-hop headers a proxy must not forward (RFC 9110 §7.6.1), plus host. */
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host', 'content-length']);

export async function forward(request: Request, target: URL, tls: ForwardTls): Promise<Response> {
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : Buffer.from(await request.arrayBuffer());
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => { if (!HOP.has(name)) headers[name] = value; });
  if (body) headers['content-length'] = String(body.length);
  if (alreadyPatched) headers.accept = headers.accept ? `${headers.accept}, msw/passthrough` : 'msw/passthrough';
  const requestFn = target.protocol === 'https:' ? originalHttpsRequest : originalHttpRequest;
  return new Promise<Response>((resolve, reject) => {
    const req = requestFn(target, {
      method: request.method, headers, ca: tls.ca, cert: tls.cert, key: tls.key, agent: false,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const out = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i].toLowerCase();
          if (!HOP.has(name)) out.append(name, res.rawHeaders[i + 1]);
        }
        const status = res.statusCode ?? 502;
        const payload = status === 204 || status === 304 || request.method === 'HEAD' ? null : Buffer.concat(chunks);
        resolve(new Response(payload, { status, statusText: res.statusMessage, headers: out }));
      });
    });
    req.on('error', reject);
    request.signal?.addEventListener('abort', () => req.destroy(new Error('request aborted')), { once: true });
    req.end(body);
  });
}
