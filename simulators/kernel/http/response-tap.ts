/**
 * Sits between the handler and the socket: meters every response byte for evidence and
 * applies the body faults (corrupt, truncate) whatever way the handler writes its body.
 */
import type { ServerResponse } from 'node:http';
import { BodyMeter } from './body-meter.ts';
import { corruptChunk } from './corrupt.ts';

export type ResponseMode =
  | { kind: 'normal' }
  | { kind: 'corrupt'; seed: number }
  /** Send only `bytes` body bytes (default: half the declared content-length, else 0), then close. */
  | { kind: 'truncate'; bytes?: number };

export interface ResponseTap {
  readonly meter: BodyMeter;
  mode: ResponseMode;
  /** Set once a truncate fault cut the response: body bytes sent and the declared length. */
  readonly truncation?: { sentBytes: number; declaredBytes?: number };
}

type Callback = (err?: Error | null) => void;

const CLOSE_FALLBACK_MS = 2000;

function toBuffer(chunk: unknown, encoding?: BufferEncoding): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, encoding ?? 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('response chunk must be a string, Buffer or Uint8Array');
}

/**
 * Replaces `res.write`/`res.end` on this one response. `beforeEnd` runs synchronously
 * before the handler's end() reaches Node (used to drain an unread request body in time).
 */
export function tapResponse(res: ServerResponse, captureBytes: number, beforeEnd: () => void): ResponseTap {
  const meter = new BodyMeter(captureBytes);
  const origWrite = res.write.bind(res) as (chunk: Buffer, cb?: Callback) => boolean;
  const origEnd = res.end.bind(res) as (chunk?: Buffer, cb?: () => void) => ServerResponse;
  let offset = 0;
  let cut = false;
  let limit: number | undefined;
  const tap: { meter: BodyMeter; mode: ResponseMode; truncation?: { sentBytes: number; declaredBytes?: number } } = {
    meter,
    mode: { kind: 'normal' },
  };

  const declaredLength = (): number | undefined => {
    const v = res.getHeader('content-length');
    const n = v === undefined ? NaN : Number(v);
    return Number.isFinite(n) ? n : undefined;
  };

  const cutConnection = (): void => {
    if (cut) return;
    cut = true;
    tap.truncation = { sentBytes: offset, declaredBytes: declaredLength() };
    if (!res.headersSent) res.flushHeaders();
    const socket = res.socket;
    if (!socket) return;
    // end() flushes what was written (headers + partial body) before the FIN.
    socket.end();
    setTimeout(() => socket.destroy(), CLOSE_FALLBACK_MS).unref();
  };

  // Node sends no body for HEAD; evidence must not claim one.
  const bodyless = res.req?.method === 'HEAD';

  const writeBuf = (input: Buffer, cb?: Callback): boolean => {
    let buf = input;
    if (bodyless) return origWrite(buf, cb);
    if (cut) {
      if (cb) process.nextTick(cb);
      return false;
    }
    const mode = tap.mode;
    if (mode.kind === 'truncate') {
      limit ??= mode.bytes ?? Math.floor((declaredLength() ?? 0) / 2);
      const room = limit - offset;
      if (buf.length >= room) {
        const part = buf.subarray(0, Math.max(room, 0));
        if (part.length > 0) {
          meter.update(part);
          offset += part.length;
          origWrite(part);
        }
        cutConnection();
        if (cb) process.nextTick(cb);
        return false;
      }
    } else if (mode.kind === 'corrupt') {
      buf = corruptChunk(buf, offset, mode.seed);
    }
    meter.update(buf);
    offset += buf.length;
    return origWrite(buf, cb);
  };

  // Headers given to writeHead() bypass getHeaders(); route them through setHeader so evidence sees them.
  const origWriteHead = res.writeHead.bind(res) as (status: number, reason?: string, headers?: unknown) => ServerResponse;
  res.writeHead = function writeHead(status: number, reasonOrHeaders?: unknown, maybeHeaders?: unknown): ServerResponse {
    const reason = typeof reasonOrHeaders === 'string' ? reasonOrHeaders : undefined;
    const headers = typeof reasonOrHeaders === 'string' ? maybeHeaders : reasonOrHeaders;
    if (Array.isArray(headers)) {
      return origWriteHead(status, reason, headers); // raw [name, value] lists stay as given
    }
    if (headers && typeof headers === 'object') {
      for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
        if (v !== undefined) res.setHeader(k, v as string | number | readonly string[]);
      }
    }
    return origWriteHead(status, reason);
  } as ServerResponse['writeHead'];

  res.write = function write(chunk: unknown, encOrCb?: BufferEncoding | Callback, cb?: Callback): boolean {
    const encoding = typeof encOrCb === 'string' ? encOrCb : undefined;
    const callback = typeof encOrCb === 'function' ? encOrCb : cb;
    return writeBuf(toBuffer(chunk, encoding), callback);
  } as ServerResponse['write'];

  res.end = function end(chunk?: unknown, encOrCb?: BufferEncoding | (() => void), cb?: () => void): ServerResponse {
    let data = chunk;
    let encoding: BufferEncoding | undefined;
    let callback = cb;
    if (typeof data === 'function') {
      callback = data as () => void;
      data = undefined;
    } else if (typeof encOrCb === 'function') {
      callback = encOrCb;
    } else {
      encoding = encOrCb;
    }
    beforeEnd();
    const buf = data === undefined || data === null ? undefined : toBuffer(data, encoding);
    if (tap.mode.kind === 'truncate') {
      // Keep the length Node would have declared, so the client can tell it was cut.
      if (!res.headersSent && declaredLength() === undefined && res.getHeader('transfer-encoding') === undefined) {
        res.setHeader('content-length', buf?.length ?? 0);
      }
      if (buf && buf.length > 0) writeBuf(buf);
      cutConnection();
      if (callback) process.nextTick(callback);
      return res;
    }
    if (cut) {
      if (callback) process.nextTick(callback);
      return res;
    }
    let out = buf;
    if (out && tap.mode.kind === 'corrupt') out = corruptChunk(out, offset, tap.mode.seed);
    if (out && !bodyless) {
      meter.update(out);
      offset += out.length;
    }
    meter.finish();
    return origEnd(out, callback);
  } as ServerResponse['end'];

  return tap;
}
