import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Recorder } from '../evidence/index.ts';
import type { FaultStore } from '../faults/rules.ts';
import type { Simulator } from '../types.ts';
import { dashboardPage } from '../dashboard/page.ts';
import { bearerToken, tokensEqual } from './auth.ts';
import { MAX_BODY_BYTES, readJsonBody } from './body.ts';
import { JSON_HANDLERS, type AdminContext, type AdminResult } from './handlers.ts';
import { baseUrl, isLoopbackHost } from './loopback.ts';
import { loadAdminOpenApi } from './openapi.ts';
import { AdminError, toProblem } from './problem.ts';
import { intParam, readQuery } from './query.ts';
import { ADMIN_ROUTES, createRouter, type AdminRoute } from './routes.ts';
import { resumeSeq, serveEventStream } from './sse.ts';

export interface AdminServerOptions {
  recorder: Recorder;
  faults: FaultStore;
  simulators: () => Simulator[];
  /** Bearer token for every `/admin/*` call except health. */
  token: string;
  /** Default 127.0.0.1. A non-loopback host needs `allowRemote`. */
  host?: string;
  allowRemote?: boolean;
  /** Harness version; default: package.json version. */
  version?: string;
  /** Extra facts for `GET /admin/health` (`info`), e.g. environment or config hash. */
  extraInfo?: () => Record<string, unknown>;
  /** Interval of SSE heartbeat comments; default 15 s. */
  heartbeatMs?: number;
  /** Request body cap; default 1 MiB. */
  maxBodyBytes?: number;
}

export interface AdminServer {
  /** Starts listening (port 0 = ephemeral) and resolves the base URL. */
  listen(port?: number): Promise<string>;
  /** Ends event streams and open connections, then stops listening. */
  close(): Promise<void>;
  /** Base URL; throws before `listen()` resolved. */
  readonly url: string;
  /** Dashboard URL with the token in the fragment (never sent to the server). */
  dashboardUrl(): string;
}

const MIN_REMOTE_TOKEN_LENGTH = 24;

const COMMON_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function createAdminServer(options: AdminServerOptions): AdminServer {
  const host = options.host ?? '127.0.0.1';
  if (!options.token) throw new Error('admin server needs a non-empty token');
  if (!isLoopbackHost(host)) {
    if (!options.allowRemote) {
      throw new Error(`admin server refuses to bind ${host}: it is not a loopback address, and the admin API can reset simulators and inject faults. Bind 127.0.0.1, or pass allowRemote: true (CLI: --admin-allow-remote) behind a trusted network.`);
    }
    if (options.token.length < MIN_REMOTE_TOKEN_LENGTH) {
      throw new Error(`admin server on non-loopback host ${host} needs a token of at least ${MIN_REMOTE_TOKEN_LENGTH} characters`);
    }
  }
  const ctx: AdminContext = {
    recorder: options.recorder,
    faults: options.faults,
    simulators: options.simulators,
    version: options.version ?? packageVersion(),
    extraInfo: options.extraInfo,
  };
  const route = createRouter(ADMIN_ROUTES);
  const streams = new Set<{ end(): void }>();
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  let url: string | undefined;

  const authorized = (req: IncomingMessage, r: AdminRoute, query: URLSearchParams): boolean => {
    if (r.auth === 'none') return true;
    const header = bearerToken(req);
    if (header !== undefined) return tokensEqual(header, options.token);
    const fromQuery = r.auth === 'bearer-or-query' ? query.get('token') : null;
    return fromQuery !== null && tokensEqual(fromQuery, options.token);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const parsed = new URL(req.url ?? '/', 'http://admin.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const match = route(method, parsed.pathname);
    // Authentication before routing for /admin/*, so a caller without the token learns nothing about routes.
    const needsToken = parsed.pathname.startsWith('/admin/') && !(match.kind === 'found' && match.route.auth === 'none');
    if (needsToken) {
      const r: AdminRoute = match.kind === 'found' ? match.route : { method: 'GET', path: '', operationId: '', auth: 'bearer', query: [] };
      if (!authorized(req, r, parsed.searchParams)) {
        const hint = r.auth === 'bearer-or-query' ? ' or ?token=<token>' : '';
        throw new AdminError('ADMIN_UNAUTHORIZED', `send Authorization: Bearer <token>${hint}; the token was missing or wrong`, {},
          { 'www-authenticate': 'Bearer realm="govsim-admin"' });
      }
    }
    if (match.kind === 'wrong-method') {
      throw new AdminError('ADMIN_METHOD_NOT_ALLOWED', `${method} is not allowed on ${parsed.pathname} (allowed: ${match.allow.join(', ')})`, {},
        { allow: match.allow.join(', ') });
    }
    if (match.kind === 'none') throw new AdminError('ADMIN_NOT_FOUND', `no admin endpoint at ${parsed.pathname}`);

    const r = match.route;
    const query = readQuery(parsed.searchParams, r.query);
    if (r.operationId === 'getDashboard') {
      const page = dashboardPage();
      drain(req);
      send(res, 200, page.html, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': page.contentSecurityPolicy,
        'x-frame-options': 'DENY',
      });
      return;
    }
    if (r.operationId === 'getOpenApi') {
      drain(req);
      const doc = loadAdminOpenApi();
      doc.info.version = ctx.version;
      doc.servers = [{ url: url ?? '/' }];
      sendJson(res, { status: 200, json: doc });
      return;
    }
    if (r.operationId === 'streamEvents') {
      drain(req);
      const since = resumeSeq(firstHeader(req.headers['last-event-id']), ctx.recorder.runId)
        ?? intParam(query, 'since', 0, Number.MAX_SAFE_INTEGER);
      const stream = serveEventStream(req, res, { recorder: ctx.recorder, platform: query.platform, kind: query.kind, since, heartbeatMs });
      streams.add(stream);
      void stream.closed.then(() => streams.delete(stream));
      return;
    }
    const handler = JSON_HANDLERS[r.operationId];
    if (!handler) throw new AdminError('ADMIN_INTERNAL', `no handler for operation ${r.operationId}`);
    let body: unknown;
    if (r.body) body = await readJsonBody(req, maxBody);
    else drain(req);
    sendJson(res, await handler(ctx, { params: match.params, query, body }));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const problem = err instanceof AdminError ? err : new AdminError('ADMIN_INTERNAL', (err as Error)?.message ?? String(err));
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const path = new URL(req.url ?? '/', 'http://admin.invalid').pathname;
      send(res, problem.status, JSON.stringify(toProblem(problem, path)), {
        'content-type': 'application/problem+json',
        ...problem.headers,
      });
      if (problem.headers.connection === 'close') discardRest(req);
    });
  });

  return {
    listen(port = 0) {
      return new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          url = baseUrl(host, (server.address() as AddressInfo).port);
          resolve(url);
        });
      });
    },
    close() {
      for (const s of streams) s.end();
      streams.clear();
      return new Promise<void>((resolve, reject) => {
        if (!server.listening) { resolve(); return; }
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
    get url(): string {
      if (url === undefined) throw new Error('admin server is not listening yet; await listen() first');
      return url;
    },
    dashboardUrl() {
      if (url === undefined) throw new Error('admin server is not listening yet; await listen() first');
      return `${url}/#token=${encodeURIComponent(options.token)}`;
    },
  };
}

function sendJson(res: ServerResponse, result: AdminResult): void {
  if (result.status === 204 || result.json === undefined) {
    send(res, result.status, '', { ...result.headers });
    return;
  }
  send(res, result.status, JSON.stringify(result.json), { 'content-type': 'application/json; charset=utf-8', ...result.headers });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { ...COMMON_HEADERS, ...(status === 204 ? {} : { 'content-length': String(bytes.length) }), ...headers });
  res.end(status === 204 ? undefined : bytes);
}

/** Consumes an unexpected request body so keep-alive connections stay usable. */
function drain(req: IncomingMessage): void {
  if (!req.complete) req.resume();
}

/** After refusing an oversized body: read and drop a bounded amount more so the client sees the 413, then cut. */
function discardRest(req: IncomingMessage): void {
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > 16 * 1024 * 1024) req.socket.destroy();
  });
  req.resume();
}

function firstHeader(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
