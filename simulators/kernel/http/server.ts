/**
 * The one server factory every simulator uses: HTTPS (optionally mTLS) or plain HTTP,
 * routes as data, fault injection before routing, and one evidence record per exchange.
 */
import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { performance } from 'node:perf_hooks';
import type { Identity } from '../types.ts';
import type { Recorder } from '../evidence/index.ts';
import type { FaultRule, FaultStore } from '../faults/rules.ts';
import { DEFAULT_CAPTURE_BYTES } from './body-meter.ts';
import { Exchange, type ExchangeContext } from './context.ts';
import { KernelHttpError, toKernelHttpError } from './errors.ts';
import { defaultRenderError, type RenderedError } from './problem.ts';
import { RequestBody } from './request-body.ts';
import { tapResponse, type ResponseTap } from './response-tap.ts';
import { PathDecodeError, RouteTable, routeName, type Route } from './routes.ts';
import { gateConnection, parseTrustedCas, recordTlsClientError, type IdentifyCertificate } from './tls-gate.ts';
import type { X509Certificate } from 'node:crypto';
import { flattenHeaders } from './headers.ts';

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface KernelTlsOptions {
  cert: string;
  key: string;
  /** Trusted CAs for client certificates. */
  ca?: string[];
  /** CRLs checked for client certificates (revoked → CERT_REVOKED). */
  crl?: string[];
  /** Ask for a client certificate (mTLS). */
  requestCert?: boolean;
  /** Let unauthorized client certificates through; the handler sees identity.authorized === false. */
  acceptUnauthorized?: boolean;
}

export interface KernelServerOptions {
  platform: string;
  recorder: Recorder;
  faults?: FaultStore;
  environment?: string;
  /** Absent: plain HTTP. */
  tls?: KernelTlsOptions;
  routes: Route[];
  /** Answers requests no route matches; default: ROUTE_NOT_FOUND through renderError. */
  notFound?(ctx: ExchangeContext): Promise<void> | void;
  /** Request body cap, enforced while streaming. Default 10 MiB. */
  maxBodyBytes?: number;
  /** Body bytes kept in evidence per message (hash and size always cover all). Default 256 KiB. */
  captureBodyBytes?: number;
  /** Renders kernel errors in the platform's format; default problem+json. */
  renderError?(err: KernelHttpError, ctx: ExchangeContext): RenderedError;
  /** Whole-request deadline (slowloris). Default 30 s. */
  requestTimeoutMs?: number;
  /** Deadline for the request headers (and the TLS handshake). Default 10 s. */
  headersTimeoutMs?: number;
  /** Idle keep-alive connections close after this. Default 5 s. */
  keepAliveTimeoutMs?: number;
}

export interface KernelServer {
  /** Starts listening; resolves to the base URL, e.g. `https://127.0.0.1:43123`. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops accepting, ends open connections and waits for their evidence. */
  close(): Promise<void>;
  /**
   * Replaces certificate, key, CAs or CRLs for new connections (e.g. after a revocation
   * or a server-certificate rotation). Throws on a plain-HTTP server.
   */
  updateTls(tls: Partial<Pick<KernelTlsOptions, 'cert' | 'key' | 'ca' | 'crl'>>): void;
  /** Base URL once listening, '' before. */
  readonly url: string;
  readonly server: http.Server | https.Server;
}

/** How long evidence waits for an unread request body after the response closed. */
const REQUEST_SETTLE_MS = 5000;
/** How long close() lets in-flight requests finish before cutting them. */
const CLOSE_GRACE_MS = 500;
/** How long close() then waits for the evidence of exchanges still being handled. */
const CLOSE_PENDING_MS = 2000;

export function createKernelServer(options: KernelServerOptions): KernelServer {
  return new KernelServerImpl(options);
}

class KernelServerImpl implements KernelServer {
  readonly server: http.Server | https.Server;
  url = '';
  private readonly table: RouteTable;
  private readonly identities = new WeakMap<Socket, Identity | undefined>();
  private readonly sockets = new Set<Socket>();
  private readonly refused = new WeakSet<Socket>();
  private readonly pending = new Set<Promise<void>>();
  private identify?: IdentifyCertificate;
  private get trustedCas(): X509Certificate[] {
    this.trustedCasCache ??= parseTrustedCas(this.o.tls?.ca);
    return this.trustedCasCache;
  }
  private trustedCasCache?: X509Certificate[];
  private readonly maxBody: number;
  private readonly capture: number;

  private readonly o: KernelServerOptions;

  constructor(options: KernelServerOptions) {
    const o = { ...options, tls: options.tls && { ...options.tls } };
    this.o = o;
    this.table = new RouteTable(o.routes);
    this.maxBody = o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.capture = o.captureBodyBytes ?? DEFAULT_CAPTURE_BYTES;
    const headersTimeout = o.headersTimeoutMs ?? 10_000;
    const common = {
      requestTimeout: o.requestTimeoutMs ?? 30_000,
      headersTimeout,
      keepAliveTimeout: o.keepAliveTimeoutMs ?? 5_000,
      // Node checks the two timeouts on this interval; its 30 s default would blunt them.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
    };
    const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
      // Second line of defence: a refused connection never reaches a handler.
      if (this.refused.has(req.socket)) {
        req.socket.destroy();
        return;
      }
      this.track(this.handle(req, res));
    };
    if (o.tls) {
      const t = o.tls;
      this.server = https.createServer({
        ...common,
        cert: t.cert,
        key: t.key,
        ca: t.ca,
        crl: t.crl,
        minVersion: 'TLSv1.2',
        requestCert: t.requestCert ?? false,
        rejectUnauthorized: false,
        handshakeTimeout: headersTimeout,
      }, onRequest);
      // Prepended so a refused connection is closed before the HTTP layer attaches its parser.
      this.server.prependListener('secureConnection', (socket: TLSSocket) => this.onSecureConnection(socket));
      this.server.on('tlsClientError', (err: Error, socket: TLSSocket) =>
        recordTlsClientError(err, socket, { platform: o.platform, environment: o.environment, recorder: o.recorder }));
    } else {
      this.server = http.createServer(common, onRequest);
    }
    this.server.keepAliveTimeout = common.keepAliveTimeout;
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    this.server.on('clientError', (err: Error & { code?: string }, socket: Socket) => this.onClientError(err, socket));
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.o.tls?.requestCert) {
      const pki = await import('../pki/index.ts');
      this.identify = pki.identityFromCertificate;
    }
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    const addr = this.server.address();
    if (!addr || typeof addr === 'string') throw new Error('server address unavailable after listen');
    const h = addr.family === 'IPv6' || addr.address.includes(':') ? `[${addr.address}]` : addr.address;
    this.url = `${this.o.tls ? 'https' : 'http'}://${h}:${addr.port}`;
    return this.url;
  }

  async close(): Promise<void> {
    if (!this.server.listening) {
      await settleWithin(Promise.allSettled([...this.pending]).then(() => undefined), CLOSE_PENDING_MS);
      return;
    }
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const grace = setTimeout(() => {
      for (const s of this.sockets) s.destroy();
    }, CLOSE_GRACE_MS);
    await closed;
    clearTimeout(grace);
    // A handler stuck on its own I/O must not hold the server open forever.
    await settleWithin(Promise.allSettled([...this.pending]).then(() => undefined), CLOSE_PENDING_MS);
  }

  updateTls(tls: Partial<Pick<KernelTlsOptions, 'cert' | 'key' | 'ca' | 'crl'>>): void {
    if (!this.o.tls || !(this.server instanceof https.Server)) throw new Error('updateTls: this server does not serve TLS');
    this.o.tls = { ...this.o.tls, ...tls };
    this.trustedCasCache = undefined;
    const t = this.o.tls;
    this.server.setSecureContext({ cert: t.cert, key: t.key, ca: t.ca, crl: t.crl, minVersion: 'TLSv1.2' });
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    p.finally(() => this.pending.delete(p)).catch(() => undefined);
  }

  private onSecureConnection(socket: TLSSocket): void {
    if (!this.o.tls?.requestCert) return;
    if (!this.identify) {
      this.refused.add(socket);
      socket.destroy();
      return;
    }
    const identity = gateConnection(socket, {
      platform: this.o.platform,
      environment: this.o.environment,
      recorder: this.o.recorder,
      identify: this.identify,
      acceptUnauthorized: this.o.tls.acceptUnauthorized ?? false,
      trustedCas: this.trustedCas,
    });
    this.identities.set(socket, identity);
    if (socket.destroyed) this.refused.add(socket);
  }

  private onClientError(err: Error & { code?: string }, socket: Socket): void {
    const code = err.code ?? 'HTTP_CLIENT_ERROR';
    if (code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408
      : code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    this.o.recorder.record({
      kind: 'exchange',
      platform: this.o.platform,
      environment: this.o.environment,
      direction: 'inbound',
      identity: this.identities.get(socket),
      response: { status },
      verdicts: [{ check: 'HTTP_PROTOCOL', ok: false, message: `${code}: ${err.message}` }],
      summary: `malformed or incomplete HTTP request (${code}) → ${status}`,
      data: { reason: code, remoteAddress: socket.remoteAddress },
    });
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    setTimeout(() => socket.destroy(), 1000).unref();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const body = new RequestBody(req, this.maxBody, this.capture, () => {
      // An unread body above the cap: stop after the response rather than read on for nothing.
      if (res.writableFinished) req.socket.destroy();
      else res.once('finish', () => req.socket.destroy());
    });
    const tap = tapResponse(res, this.capture, () => body.drainForEvidence());
    const resClosed = new Promise<void>((resolve) => res.once('close', resolve));
    const notes: { fault?: Record<string, unknown>; kernelError?: string; clientAborted?: boolean } = {};
    let ctx: Exchange | undefined;
    try {
      const url = this.requestUrl(req);
      ctx = new Exchange({
        req, res, url, body,
        identity: this.identities.get(req.socket),
        platform: this.o.platform,
        environment: this.o.environment,
        recorder: this.o.recorder,
      });
      const rule = this.o.faults?.take(this.o.platform, req.method ?? 'GET', url.pathname);
      const proceed = rule ? await this.applyFault(rule, ctx, tap, notes) : true;
      if (proceed) await this.route(ctx);
    } catch (err) {
      this.renderKernelError(err, ctx, req, res, notes);
    }
    await resClosed;
    if (!res.writableFinished && !tap.truncation && !notes.fault?.dropped) notes.clientAborted = true;
    await settleWithin(body.settled, REQUEST_SETTLE_MS);
    this.recordExchange(req, res, body, tap, ctx, notes, performance.now() - started);
  }

  private requestUrl(req: IncomingMessage): URL {
    const target = req.url ?? '/';
    const origin = this.url || `${this.o.tls ? 'https' : 'http'}://localhost`;
    try {
      return target.startsWith('/') ? new URL(origin + target) : new URL(target);
    } catch (err) {
      throw new KernelHttpError('BAD_REQUEST', `request target "${target.slice(0, 200)}" is not a valid URL`, { cause: err });
    }
  }

  private async route(ctx: Exchange): Promise<void> {
    let match;
    try {
      match = this.table.match(ctx.req.method ?? 'GET', ctx.url.pathname);
    } catch (err) {
      if (err instanceof PathDecodeError) throw new KernelHttpError('BAD_REQUEST', err.message, { cause: err });
      throw err;
    }
    if (match.kind === 'found') {
      ctx.route = match.route;
      ctx.params = match.params;
      await match.route.handle(ctx);
    } else if (match.kind === 'method-not-allowed') {
      throw new KernelHttpError('METHOD_NOT_ALLOWED', `${ctx.req.method} is not allowed on ${ctx.url.pathname}`, {
        headers: { allow: match.allow.join(', ') },
      });
    } else if (this.o.notFound) {
      await this.o.notFound(ctx);
    } else {
      throw new KernelHttpError('ROUTE_NOT_FOUND', `no route for ${ctx.req.method} ${ctx.url.pathname}`);
    }
    if (!ctx.res.headersSent && !ctx.res.writableEnded) {
      throw new KernelHttpError('HANDLER_NO_RESPONSE', `the handler for ${ctx.req.method} ${ctx.url.pathname} finished without a response`);
    }
  }

  /** Applies a fault rule; returns whether the route should still run. */
  private async applyFault(rule: FaultRule, ctx: Exchange, tap: ResponseTap, notes: { fault?: Record<string, unknown> }): Promise<boolean> {
    const a = rule.action;
    ctx.faultApplied = rule;
    const fault: Record<string, unknown> = { ruleId: rule.id, type: a.type, hit: rule.hits };
    notes.fault = fault;
    this.o.recorder.record({
      kind: 'fault',
      platform: this.o.platform,
      environment: this.o.environment,
      direction: 'inbound',
      summary: `fault ${rule.id} (${a.type}) on ${ctx.req.method} ${ctx.url.pathname}`,
      data: { ruleId: rule.id, action: a, method: ctx.req.method, path: ctx.url.pathname, hit: rule.hits, times: rule.times },
    });
    switch (a.type) {
      case 'latency':
        fault.ms = a.ms;
        await delay(a.ms);
        return true;
      case 'status':
        ctx.send(a.status, a.body ?? '', { 'content-type': a.contentType ?? 'text/plain; charset=utf-8' });
        return false;
      case 'drop':
        fault.dropped = true;
        ctx.req.socket.destroy();
        return false;
      case 'truncate':
        tap.mode = { kind: 'truncate', bytes: a.bytes };
        return true;
      case 'corrupt':
        fault.seed = a.seed ?? 0;
        tap.mode = { kind: 'corrupt', seed: a.seed ?? 0 };
        return true;
    }
  }

  private renderKernelError(
    err: unknown, ctx: Exchange | undefined, req: IncomingMessage, res: ServerResponse,
    notes: { kernelError?: string },
  ): void {
    const kerr = toKernelHttpError(err);
    notes.kernelError = kerr.code;
    const verdict = { check: kerr.code, ok: false, message: kerr.message };
    if (ctx) ctx.verdicts.push(verdict);
    if (res.headersSent || res.destroyed) {
      // Too late to answer in any format: cut the connection so the client sees a failure.
      res.destroy();
      return;
    }
    const context = ctx ?? this.bareContext(req, res);
    if (!ctx) context.verdicts.push(verdict);
    let rendered: RenderedError;
    try {
      rendered = this.o.renderError ? this.o.renderError(kerr, context) : defaultRenderError(kerr);
    } catch (renderErr) {
      context.verdicts.push({ check: 'RENDER_ERROR_FAILED', ok: false, message: (renderErr as Error).message });
      rendered = defaultRenderError(kerr);
    }
    const headers: OutgoingHttpHeaders = { ...kerr.headers, ...rendered.headers };
    // Unread request bytes would be parsed as the next request: close instead.
    if (kerr.code === 'BODY_TOO_LARGE' || kerr.code === 'REQUEST_ABORTED') headers.connection = 'close';
    try {
      res.writeHead(rendered.status, headers);
      res.end(rendered.body);
    } catch (writeErr) {
      context.verdicts.push({ check: 'RENDER_ERROR_FAILED', ok: false, message: (writeErr as Error).message });
      res.destroy();
    }
  }

  /** A context for errors raised before the request could be parsed into one. */
  private bareContext(req: IncomingMessage, res: ServerResponse): Exchange {
    return new Exchange({
      req, res,
      url: new URL(`${this.o.tls ? 'https' : 'http'}://localhost/`),
      identity: this.identities.get(req.socket),
      platform: this.o.platform,
      environment: this.o.environment,
      recorder: this.o.recorder,
      body: new RequestBody(req, 0, 0),
    });
  }

  private recordExchange(
    req: IncomingMessage, res: ServerResponse, body: RequestBody, tap: ResponseTap, ctx: Exchange | undefined,
    notes: { fault?: Record<string, unknown>; kernelError?: string; clientAborted?: boolean }, durationMs: number,
  ): void {
    if (notes.fault && tap.truncation) Object.assign(notes.fault, tap.truncation);
    const responded = res.headersSent;
    const status = responded ? res.statusCode : undefined;
    const path = ctx?.url.pathname ?? req.url ?? '';
    const verdicts = ctx?.verdicts ?? (notes.kernelError ? [{ check: notes.kernelError, ok: false }] : []);
    if (notes.clientAborted) {
      verdicts.push({ check: 'HTTP_EXCHANGE_COMPLETE', ok: false, message: 'the connection closed before the response was complete' });
    }
    const kernel: Record<string, unknown> = {};
    if (notes.fault) kernel.fault = notes.fault;
    if (notes.kernelError) kernel.kernelError = notes.kernelError;
    if (notes.clientAborted) kernel.clientAborted = true;
    if (body.overflowed) kernel.requestBodyOverflow = true;
    const handlerData = ctx?.data;
    const data = Object.keys(kernel).length === 0 ? handlerData
      : isPlainObject(handlerData) ? { ...handlerData, ...kernel }
      : handlerData === undefined ? kernel : { value: handlerData, ...kernel };
    const route = ctx?.route ? routeName(ctx.route) : undefined;
    this.o.recorder.record({
      kind: 'exchange',
      platform: this.o.platform,
      environment: this.o.environment,
      direction: 'inbound',
      identity: ctx?.identity ?? this.identities.get(req.socket),
      request: {
        method: req.method,
        url: req.url,
        headers: { ...req.headers },
        ...body.meter.toEvidence(),
      },
      response: responded
        ? { status, headers: flattenHeaders(res.getHeaders()), ...tap.meter.toEvidence() }
        : undefined,
      verdicts,
      summary: ctx?.summary ?? `${req.method} ${path} → ${status ?? (notes.fault?.dropped ? 'dropped' : 'no response')}${route ? ` (${route})` : ''}`,
      data,
      durationMs: Math.round(durationMs * 1000) / 1000,
    });
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for `p`, or at most `ms`, without leaving the timer behind. */
async function settleWithin(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); timer.unref(); })]);
  clearTimeout(timer);
}
