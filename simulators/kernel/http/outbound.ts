/**
 * The one outbound client simulators use to call the SUT (ebMS acknowledgements to the
 * CPA endpoint, FIT-Connect callbacks, …). Every call is an `exchange` record with
 * direction `outbound`, including calls that never got a response.
 */
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { Readable, Transform } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { Identity } from '../types.ts';
import type { Recorder } from '../evidence/index.ts';
import { BodyMeter, DEFAULT_CAPTURE_BYTES } from './body-meter.ts';
import { OutboundError } from './errors.ts';
import { flattenHeaders } from './headers.ts';
import type { IdentifyCertificate } from './tls-gate.ts';

export interface OutboundTlsOptions {
  /** Client certificate (PEM) for mTLS; omit for server-authenticated TLS only. */
  cert?: string;
  key?: string;
  /** CAs trusted for the server certificate; default Node's bundled roots. */
  ca?: string[];
  servername?: string;
  /** Default true. */
  rejectUnauthorized?: boolean;
}

export interface SendRequestOptions {
  url: string;
  /** Default GET without a body, POST with one. */
  method?: string;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer | Readable;
  tls?: OutboundTlsOptions;
  /** Deadline for the whole exchange (connect, send, full response). Default 30 s. */
  timeoutMs?: number;
  recorder: Recorder;
  platform: string;
  environment?: string;
  summary?: string;
  /** Response bodies above this fail with RESPONSE_TOO_LARGE. Default 10 MiB. */
  maxResponseBytes?: number;
  /** Body bytes kept in evidence per message. Default 256 KiB. */
  captureBodyBytes?: number;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The server certificate's identity on an https call. */
  identity?: Identity;
  durationMs: number;
  /** seq of the exchange record, for evidence links. */
  evidenceSeq: number;
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const CERT_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_|ERR_TLS_|ERR_SSL_|INVALID_CA|INVALID_PURPOSE|CRL_|PATH_LENGTH)/;

/** Maps a Node error to an OutboundError with the most precise code available. */
export function toOutboundError(err: unknown, responseStarted: boolean): OutboundError {
  if (err instanceof OutboundError) return err;
  const e = err as Error & { code?: string };
  const code = e?.code;
  if (responseStarted) {
    return new OutboundError('RESPONSE_INCOMPLETE', `the response was cut off: ${e?.message ?? String(err)}`, 'protocol', { cause: err });
  }
  if (code && CERT_CODE.test(code)) return new OutboundError(code, `TLS with the server failed: ${e.message}`, 'tls', { cause: err });
  if (code && CONNECT_CODES.has(code)) return new OutboundError(code, `connection failed: ${e.message}`, 'connect', { cause: err });
  return new OutboundError(code ?? 'CONNECTION_FAILED', e?.message ?? String(err), 'protocol', { cause: err });
}

let identifyPromise: Promise<IdentifyCertificate> | undefined;
function loadIdentify(): Promise<IdentifyCertificate> {
  identifyPromise ??= import('../pki/index.ts').then((m) => m.identityFromCertificate as IdentifyCertificate);
  return identifyPromise;
}

export async function sendRequest(o: SendRequestOptions): Promise<OutboundResponse> {
  const started = performance.now();
  const capture = o.captureBodyBytes ?? DEFAULT_CAPTURE_BYTES;
  const reqMeter = new BodyMeter(capture);
  const resMeter = new BodyMeter(capture);
  const method = (o.method ?? (o.body === undefined ? 'GET' : 'POST')).toUpperCase();
  const state: {
    identity?: Identity;
    status?: number;
    resHeaders?: IncomingHttpHeaders;
    sentHeaders?: Record<string, string | string[]>;
  } = {};

  const record = (error?: OutboundError): number => o.recorder.record({
    kind: 'exchange',
    platform: o.platform,
    environment: o.environment,
    direction: 'outbound',
    identity: state.identity,
    request: { method, url: o.url, headers: state.sentHeaders ?? flattenHeaders(o.headers ?? {}), ...reqMeter.toEvidence() },
    response: state.status !== undefined
      ? { status: state.status, headers: flattenHeaders(state.resHeaders ?? {}), ...resMeter.toEvidence() }
      : undefined,
    verdicts: error ? [{ check: 'OUTBOUND_DELIVERY', ok: false, message: `${error.code}: ${error.message}` }] : [],
    summary: o.summary ?? `${method} ${o.url} → ${error ? error.code : state.status}`,
    data: error ? { error: { code: error.code, category: error.category } } : undefined,
    durationMs: Math.round((performance.now() - started) * 1000) / 1000,
  }).seq;

  let url: URL;
  try {
    url = new URL(o.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`unsupported protocol ${url.protocol}`);
  } catch (err) {
    const e = new OutboundError('INVALID_URL', `cannot call "${o.url}": ${(err as Error).message}`, 'url', { cause: err });
    record(e);
    throw e;
  }
  const isHttps = url.protocol === 'https:';
  const identify = isHttps ? await loadIdentify() : undefined;
  const headers: OutgoingHttpHeaders = { ...o.headers };
  const fixedBody = typeof o.body === 'string' ? Buffer.from(o.body, 'utf8') : Buffer.isBuffer(o.body) ? o.body : undefined;
  if (fixedBody && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length')) {
    headers['content-length'] = fixedBody.length;
  }
  const maxResponse = o.maxResponseBytes ?? 10 * 1024 * 1024;

  return new Promise<OutboundResponse>((resolve, reject) => {
    let settled = false;
    let responseStarted = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      const e = toOutboundError(err, responseStarted);
      req.destroy();
      record(e);
      reject(e);
    };
    const req = (isHttps ? https : http).request(url, {
      method,
      headers,
      agent: false,
      ...(isHttps ? {
        cert: o.tls?.cert,
        key: o.tls?.key,
        ca: o.tls?.ca,
        servername: o.tls?.servername,
        rejectUnauthorized: o.tls?.rejectUnauthorized ?? true,
        minVersion: 'TLSv1.2' as const,
      } : {}),
    });
    const timeoutMs = o.timeoutMs ?? 30_000;
    const deadline = setTimeout(() => fail(new OutboundError('TIMEOUT', `no complete response within ${timeoutMs} ms`, 'timeout')), timeoutMs);
    state.sentHeaders = flattenHeaders(req.getHeaders());

    if (isHttps && identify) {
      req.once('socket', (socket) => {
        (socket as TLSSocket).once('secureConnect', () => {
          const tlsSocket = socket as TLSSocket;
          const cert = tlsSocket.getPeerX509Certificate();
          if (!cert) return;
          try {
            state.identity = identify(cert, {
              authorized: tlsSocket.authorized,
              authorizationError: tlsSocket.authorized ? undefined : String(tlsSocket.authorizationError),
            });
          } catch {
            // An unreadable server certificate leaves the identity out; the exchange still counts.
          }
        });
      });
    }

    req.on('error', fail);
    req.on('response', (res) => {
      responseStarted = true;
      state.status = res.statusCode;
      state.resHeaders = res.headers;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        resMeter.update(chunk);
        if (resMeter.bytes > maxResponse) {
          fail(new OutboundError('RESPONSE_TOO_LARGE', `response body above ${maxResponse} bytes`, 'too-large'));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('aborted', () => fail(new Error('the server closed the connection mid-response')));
      res.on('end', () => {
        if (settled) return;
        if (!res.complete) {
          fail(new Error('the server closed the connection mid-response'));
          return;
        }
        settled = true;
        clearTimeout(deadline);
        resMeter.finish();
        const seq = record();
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          identity: state.identity,
          durationMs: Math.round((performance.now() - started) * 1000) / 1000,
          evidenceSeq: seq,
        });
      });
    });

    if (o.body instanceof Readable) {
      const meter = new Transform({
        transform(chunk: Buffer | string, _enc, cb) {
          const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          reqMeter.update(buf);
          cb(null, buf);
        },
        flush(cb) {
          reqMeter.finish();
          cb();
        },
      });
      o.body.once('error', (err) => fail(new OutboundError('BODY_STREAM_FAILED', `request body stream failed: ${err.message}`, 'body', { cause: err })));
      o.body.pipe(meter).pipe(req);
    } else {
      if (fixedBody) reqMeter.update(fixedBody);
      reqMeter.finish();
      req.end(fixedBody);
    }
  });
}
