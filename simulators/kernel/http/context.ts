/** What a route handler gets for one request: parsed request, body access, response helpers, evidence fields. */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Identity } from '../types.ts';
import type { Recorder, Verdict } from '../evidence/index.ts';
import type { FaultRule } from '../faults/rules.ts';
import { KernelHttpError } from './errors.ts';
import type { RequestBody } from './request-body.ts';
import type { Route } from './routes.ts';

export interface ExchangeContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Full request URL (origin of this server + request target). */
  readonly url: URL;
  /** `:name` path parameters (percent-decoded); `*` holds a wildcard's rest. */
  readonly params: Record<string, string>;
  /** Query parameters, first value of each; use `url.searchParams` for repeated ones. */
  readonly query: Record<string, string>;
  /** The client certificate's identity on an mTLS connection. */
  readonly identity?: Identity;
  readonly platform: string;
  readonly environment?: string;
  readonly recorder: Recorder;
  /** The matched route; undefined in notFound and error rendering. */
  readonly route?: Route;
  /** The fault rule applied to this exchange, if any. */
  readonly faultApplied?: FaultRule;
  /** Checks the handler made; stored with the exchange record. */
  readonly verdicts: Verdict[];
  /** One line for dashboards; default `METHOD path → status`. */
  summary?: string;
  /** Kind-specific evidence payload (JSON-serialisable). */
  data?: unknown;
  /** True once the response headers went out. */
  readonly responded: boolean;
  /** The whole body, at most `limit` bytes (default and ceiling: the server's maxBodyBytes). */
  readBody(limit?: number): Promise<Buffer>;
  /** The body as a stream under the same cap, metered for evidence. Once per request. */
  bodyStream(limit?: number): Readable;
  /** The body parsed as JSON; `INVALID_JSON` (400) when it is not. */
  json<T = unknown>(limit?: number): Promise<T>;
  /** The body as UTF-8 text. */
  text(limit?: number): Promise<string>;
  send(status: number, body?: string | Buffer, headers?: OutgoingHttpHeaders): void;
  sendJson(status: number, value: unknown, headers?: OutgoingHttpHeaders): void;
}

export interface ExchangeInit {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  identity?: Identity;
  platform: string;
  environment?: string;
  recorder: Recorder;
  body: RequestBody;
}

function hasHeader(headers: OutgoingHttpHeaders, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

export class Exchange implements ExchangeContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly query: Record<string, string>;
  readonly identity?: Identity;
  readonly platform: string;
  readonly environment?: string;
  readonly recorder: Recorder;
  readonly verdicts: Verdict[] = [];
  params: Record<string, string> = {};
  route?: Route;
  faultApplied?: FaultRule;
  summary?: string;
  data?: unknown;
  private readonly body: RequestBody;

  constructor(init: ExchangeInit) {
    this.req = init.req;
    this.res = init.res;
    this.url = init.url;
    this.identity = init.identity;
    this.platform = init.platform;
    this.environment = init.environment;
    this.recorder = init.recorder;
    this.body = init.body;
    const query: Record<string, string> = {};
    for (const [k, v] of init.url.searchParams) if (!(k in query)) query[k] = v;
    this.query = query;
  }

  get responded(): boolean {
    return this.res.headersSent;
  }

  readBody(limit?: number): Promise<Buffer> {
    return this.body.read(limit);
  }

  bodyStream(limit?: number): Readable {
    return this.body.stream(limit);
  }

  async json<T = unknown>(limit?: number): Promise<T> {
    const text = await this.text(limit);
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new KernelHttpError('INVALID_JSON', `request body is not valid JSON: ${(err as Error).message}`, { cause: err });
    }
  }

  async text(limit?: number): Promise<string> {
    return (await this.readBody(limit)).toString('utf8');
  }

  send(status: number, body?: string | Buffer, headers: OutgoingHttpHeaders = {}): void {
    if (this.res.headersSent) throw new Error(`response already sent; cannot send ${status}`);
    const buf = body === undefined ? Buffer.alloc(0) : typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const h: OutgoingHttpHeaders = { ...headers };
    if (!hasHeader(h, 'content-type') && buf.length > 0) {
      h['content-type'] = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream';
    }
    if (!hasHeader(h, 'content-length') && !hasHeader(h, 'transfer-encoding')) h['content-length'] = buf.length;
    this.res.writeHead(status, h);
    this.res.end(buf);
  }

  sendJson(status: number, value: unknown, headers: OutgoingHttpHeaders = {}): void {
    const h: OutgoingHttpHeaders = { ...headers };
    if (!hasHeader(h, 'content-type')) h['content-type'] = 'application/json';
    this.send(status, JSON.stringify(value), h);
  }
}
