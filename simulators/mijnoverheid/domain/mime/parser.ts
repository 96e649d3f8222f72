/**
 * Streaming multipart/related parser for SOAP with Attachments. Only the root (SOAP) part and
 * small parts are buffered; large attachments are hashed and counted as they pass, or handed
 * chunk by chunk to a sink the caller provides.
 */
import { createHash, type Hash } from 'node:crypto';
import { MimeError } from './errors.ts';
import { normaliseContentId, parseContentType, validateBoundary } from './content-type.ts';

export interface MimeLimits {
  /** Whole body, preamble and epilogue included. */
  maxTotalBytes: number;
  /** Any single part's (decoded) body. */
  maxPartBytes: number;
  /** The root SOAP part, which is always buffered. */
  maxRootBytes: number;
  /** One part's header block. */
  maxHeaderBytes: number;
  maxParts: number;
  /** Non-root parts up to this size keep their body in memory (`body`); larger ones do not. */
  keepBodyUpTo: number;
  /** How many leading bytes of each part are kept as `head`. */
  headBytes: number;
}

export const DEFAULT_MIME_LIMITS: MimeLimits = {
  maxTotalBytes: 64 * 1024 * 1024,
  maxPartBytes: 32 * 1024 * 1024,
  maxRootBytes: 4 * 1024 * 1024,
  maxHeaderBytes: 16 * 1024,
  maxParts: 64,
  keepBodyUpTo: 1024 * 1024,
  headBytes: 256,
};

export interface MimePartInfo {
  index: number;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Content-ID without angle brackets. */
  contentId?: string;
  contentType: string;
  transferEncoding?: string;
}

export interface MimePart extends MimePartInfo {
  /** Decoded body size. */
  size: number;
  /** Lower-case hex SHA-256 of the decoded body. */
  sha256: string;
  head: Buffer;
  /** Present for the root part and for parts no larger than `keepBodyUpTo` that were not sent to a sink. */
  body?: Buffer;
}

export interface AttachmentSink {
  write(chunk: Buffer): void | Promise<void>;
  end(): void | Promise<void>;
}

export interface MultipartRelated {
  /** The `type` parameter of the multipart/related Content-Type (e.g. text/xml). */
  type?: string;
  /** The `start` parameter, without angle brackets. */
  start?: string;
  root: MimePart & { body: Buffer };
  attachments: MimePart[];
  totalBytes: number;
  /** Resolves `cid:…` or a bare Content-ID to a part (root included). */
  byContentId(cid: string): MimePart | undefined;
}

export interface ParseOptions {
  limits?: Partial<MimeLimits>;
  /** Return a sink to receive a non-root part's decoded body as a stream; undefined keeps the default summary. */
  onAttachment?: (info: MimePartInfo) => AttachmentSink | undefined | Promise<AttachmentSink | undefined>;
}

const LF = 0x0a;
const CR = 0x0d;

/** Decodes base64 incrementally, ignoring whitespace. */
class Base64Decoder {
  private rest = '';
  push(chunk: Buffer): Buffer {
    const s = this.rest + chunk.toString('latin1').replace(/[\r\n\t ]/g, '');
    if (/[^A-Za-z0-9+/=]/.test(s)) throw new MimeError('MIME_BAD_HEADER', 'base64 part contains characters outside the base64 alphabet');
    const usable = s.length - (s.length % 4);
    this.rest = s.slice(usable);
    return Buffer.from(s.slice(0, usable), 'base64');
  }
  end(): Buffer {
    if (this.rest.length) throw new MimeError('MIME_TRUNCATED', 'base64 part ends in the middle of a quantum');
    return Buffer.alloc(0);
  }
}

class PartBuilder {
  readonly info: MimePartInfo;
  size = 0;
  private hash: Hash = createHash('sha256');
  private head: Buffer[] = [];
  private headLen = 0;
  private chunks: Buffer[] | undefined = [];
  private decoder?: Base64Decoder;

  constructor(info: MimePartInfo, private readonly isRoot: boolean, private readonly limits: MimeLimits, private readonly sink: AttachmentSink | undefined) {
    this.info = info;
    if (sink) this.chunks = undefined;
    const enc = info.transferEncoding?.toLowerCase();
    if (enc === 'base64') this.decoder = new Base64Decoder();
    else if (enc !== undefined && !['7bit', '8bit', 'binary'].includes(enc)) {
      throw new MimeError('MIME_UNSUPPORTED_ENCODING', `Content-Transfer-Encoding ${info.transferEncoding} is not supported (Digikoppeling: none should be used)`);
    }
  }

  async write(raw: Buffer): Promise<void> {
    if (!raw.length) return;
    const data = this.decoder ? this.decoder.push(raw) : raw;
    await this.accept(data);
  }

  private async accept(data: Buffer): Promise<void> {
    if (!data.length) return;
    this.size += data.length;
    if (this.isRoot && this.size > this.limits.maxRootBytes) throw new MimeError('MIME_TOO_LARGE', `root part exceeds ${this.limits.maxRootBytes} bytes`);
    if (this.size > this.limits.maxPartBytes) throw new MimeError('MIME_TOO_LARGE', `part ${this.info.index} exceeds ${this.limits.maxPartBytes} bytes`);
    this.hash.update(data);
    if (this.headLen < this.limits.headBytes) {
      const take = data.subarray(0, this.limits.headBytes - this.headLen);
      this.head.push(Buffer.from(take));
      this.headLen += take.length;
    }
    if (this.chunks) {
      if (this.isRoot || this.size <= this.limits.keepBodyUpTo) this.chunks.push(Buffer.from(data));
      else this.chunks = undefined;
    }
    if (this.sink) await this.sink.write(data);
  }

  async finish(): Promise<MimePart> {
    if (this.decoder) await this.accept(this.decoder.end());
    if (this.sink) await this.sink.end();
    const part: MimePart = { ...this.info, size: this.size, sha256: this.hash.digest('hex'), head: Buffer.concat(this.head) };
    if (this.chunks) part.body = Buffer.concat(this.chunks);
    return part;
  }
}

function parseHeaderBlock(block: string, index: number): Record<string, string> {
  const headers: Record<string, string> = {};
  const lines = block.split(/\r?\n/);
  const unfolded: string[] = [];
  for (const line of lines) {
    if (line === '') continue;
    if ((line[0] === ' ' || line[0] === '\t') && unfolded.length) unfolded[unfolded.length - 1] += ` ${line.trim()}`;
    else unfolded.push(line);
  }
  for (const line of unfolded) {
    const colon = line.indexOf(':');
    if (colon <= 0 || !/^[!-9;-~]+$/.test(line.slice(0, colon))) {
      throw new MimeError('MIME_BAD_HEADER', `part ${index}: malformed header line ${JSON.stringify(line.slice(0, 80))}`);
    }
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}

/** Reads the multipart/related structure from the request's Content-Type header. */
export function readRelatedContentType(contentTypeHeader: string): { boundary: string; type?: string; start?: string } {
  const ct = parseContentType(contentTypeHeader);
  if (ct.mediaType !== 'multipart/related') throw new MimeError('MIME_NOT_MULTIPART_RELATED', `expected multipart/related, got ${ct.mediaType}`);
  const boundary = ct.params.boundary;
  if (boundary === undefined) throw new MimeError('MIME_NO_BOUNDARY', 'multipart/related Content-Type has no boundary parameter');
  validateBoundary(boundary);
  const out: { boundary: string; type?: string; start?: string } = { boundary };
  if (ct.params.type !== undefined) out.type = ct.params.type;
  if (ct.params.start !== undefined) out.start = normaliseContentId(ct.params.start);
  return out;
}

/** Whether the bytes after a boundary make it a delimiter: "--", LWSP or a line break. */
function delimiterEnd(buf: Buffer, at: number): 'yes' | 'no' | 'more' {
  if (at >= buf.length) return 'more';
  const c = buf[at];
  if (c === 0x2d) return at + 1 >= buf.length ? 'more' : buf[at + 1] === 0x2d ? 'yes' : 'no';
  return c === 0x20 || c === 0x09 || c === CR || c === LF ? 'yes' : 'no';
}

type State = 'preamble' | 'afterBoundary' | 'headers' | 'body' | 'epilogue';

export async function parseMultipartRelated(contentTypeHeader: string, body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: ParseOptions = {}): Promise<MultipartRelated> {
  const limits = { ...DEFAULT_MIME_LIMITS, ...options.limits };
  const { boundary, type, start } = readRelatedContentType(contentTypeHeader);
  const dashBoundary = Buffer.from(`--${boundary}`, 'latin1');
  const delimiter = Buffer.from(`\n--${boundary}`, 'latin1');

  let buf = Buffer.alloc(0);
  let total = 0;
  let state: State = 'preamble';
  let preambleTrimmed = false;
  const parts: MimePart[] = [];
  let current: PartBuilder | undefined;
  let rootSeen = false;
  const seenIds = new Set<string>();

  const openPart = async (headerBlock: string) => {
    const index = parts.length + (current ? 1 : 0);
    if (index >= limits.maxParts) throw new MimeError('MIME_TOO_MANY_PARTS', `more than ${limits.maxParts} parts`);
    const headers = parseHeaderBlock(headerBlock, index);
    const info: MimePartInfo = { index, headers, contentType: headers['content-type'] ?? 'text/plain' };
    if (headers['content-id'] !== undefined) {
      const id = normaliseContentId(headers['content-id']);
      if (seenIds.has(id)) throw new MimeError('MIME_DUPLICATE_CONTENT_ID', `Content-ID <${id}> is used by more than one part`);
      seenIds.add(id);
      info.contentId = id;
    }
    if (headers['content-transfer-encoding'] !== undefined) info.transferEncoding = headers['content-transfer-encoding'];
    const isRoot = !rootSeen && (start === undefined ? index === 0 : info.contentId === start);
    if (isRoot) rootSeen = true;
    const sink = isRoot || !options.onAttachment ? undefined : await options.onAttachment(info);
    current = new PartBuilder(info, isRoot, limits, sink);
  };

  /** Advances the state machine over `buf`; returns when more input is needed. */
  const step = async (final: boolean): Promise<void> => {
    for (;;) {
      if (state === 'preamble') {
        // The first boundary may open the body or follow a line break; like any delimiter it must be
        // followed by "--", LWSP or a line break, otherwise it is preamble text.
        let at = -1;
        let from = 0;
        let waiting = false;
        for (;;) {
          let cand: number;
          let len: number;
          if (from === 0 && !preambleTrimmed && buf.length >= dashBoundary.length && buf.subarray(0, dashBoundary.length).equals(dashBoundary)) { cand = 0; len = dashBoundary.length; }
          else {
            cand = buf.indexOf(delimiter, from);
            len = delimiter.length;
            if (cand < 0) break;
          }
          const end = delimiterEnd(buf, cand + len);
          if (end === 'more') { waiting = true; from = cand; break; }
          if (end === 'yes') { at = cand + len; break; }
          from = cand + 1;
        }
        if (at < 0) {
          if (waiting) { if (from > 0) { buf = buf.subarray(from); preambleTrimmed = true; } if (final) throw new MimeError('MIME_TRUNCATED', 'body ends right after the first boundary'); return; }
          // Keep only a tail that might start the first delimiter.
          if (buf.length > delimiter.length) { buf = buf.subarray(buf.length - delimiter.length); preambleTrimmed = true; }
          return;
        }
        buf = buf.subarray(at);
        state = 'afterBoundary';
      }
      if (state === 'afterBoundary') {
        // After a boundary: "--" closes; otherwise optional LWSP then a line break.
        if (buf.length < 2) { if (final) throw new MimeError('MIME_TRUNCATED', 'body ends right after a boundary'); return; }
        if (buf[0] === 0x2d && buf[1] === 0x2d) {
          if (current) { parts.push(await current.finish()); current = undefined; }
          state = 'epilogue';
          buf = Buffer.alloc(0);
          return;
        }
        let i = 0;
        while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
        if (i >= buf.length || (buf[i] === CR && i + 1 >= buf.length)) {
          if (final) throw new MimeError('MIME_TRUNCATED', 'body ends right after a boundary');
          if (i > 1024) throw new MimeError('MIME_BAD_BOUNDARY', 'too much padding after a boundary');
          return;
        }
        let nl = -1;
        if (buf[i] === LF) nl = i + 1;
        else if (buf[i] === CR && buf[i + 1] === LF) nl = i + 2;
        if (nl < 0) throw new MimeError('MIME_BAD_BOUNDARY', 'boundary line is followed by other characters');
        if (current) { parts.push(await current.finish()); current = undefined; }
        buf = buf.subarray(nl);
        state = 'headers';
      }
      if (state === 'headers') {
        let end = -1;
        let skip = 0;
        if (buf.length >= 1 && buf[0] === LF) { end = 0; skip = 1; }
        else if (buf.length >= 2 && buf[0] === CR && buf[1] === LF) { end = 0; skip = 2; }
        else {
          for (let i = 0; i + 1 < buf.length; i++) {
            if (buf[i] !== LF) continue;
            if (buf[i + 1] === LF) { end = i + 1; skip = 1; break; }
            if (buf[i + 1] === CR && i + 2 < buf.length && buf[i + 2] === LF) { end = i + 1; skip = 2; break; }
          }
        }
        if (end < 0) {
          if (buf.length > limits.maxHeaderBytes) throw new MimeError('MIME_HEADER_TOO_LARGE', `part header block exceeds ${limits.maxHeaderBytes} bytes`);
          if (final) throw new MimeError('MIME_TRUNCATED', 'body ends inside a part header');
          return;
        }
        if (end > limits.maxHeaderBytes) throw new MimeError('MIME_HEADER_TOO_LARGE', `part header block exceeds ${limits.maxHeaderBytes} bytes`);
        await openPart(buf.subarray(0, end).toString('latin1'));
        buf = buf.subarray(end + skip);
        state = 'body';
      }
      if (state === 'body') {
        const part = current as PartBuilder;
        let from = 0;
        let found = -1;
        for (;;) {
          const i = buf.indexOf(delimiter, from);
          if (i < 0) break;
          // A delimiter must be followed by "--", LWSP or a line break; otherwise it is body text.
          const end = delimiterEnd(buf, i + delimiter.length);
          if (end === 'more') { found = -2; break; }
          if (end === 'yes') { found = i; break; }
          from = i + 1;
        }
        if (found === -1 || found === -2) {
          // No complete delimiter yet: emit what cannot be part of one (keep the CR that may precede it).
          const keep = found === -2 ? buf.length - buf.indexOf(delimiter, from) + 1 : delimiter.length;
          const emit = Math.max(0, buf.length - keep);
          if (emit > 0) { await part.write(buf.subarray(0, emit)); buf = buf.subarray(emit); }
          if (final) throw new MimeError('MIME_TRUNCATED', 'body ends inside a part (no closing boundary)');
          return;
        }
        const bodyEnd = found > 0 && buf[found - 1] === CR ? found - 1 : found;
        await part.write(buf.subarray(0, bodyEnd));
        buf = buf.subarray(found + delimiter.length);
        state = 'afterBoundary';
        continue;
      }
      if (state === 'epilogue') { buf = Buffer.alloc(0); return; }
    }
  };

  for await (const chunk of body) {
    total += chunk.length;
    if (total > limits.maxTotalBytes) throw new MimeError('MIME_TOO_LARGE', `message exceeds ${limits.maxTotalBytes} bytes`);
    buf = buf.length ? Buffer.concat([buf, chunk]) : Buffer.from(chunk);
    await step(false);
  }
  await step(true);
  if (state === 'preamble') throw new MimeError('MIME_NO_PARTS', `no boundary ${JSON.stringify(boundary)} found in the body`);
  if (state !== 'epilogue') throw new MimeError('MIME_TRUNCATED', 'body ends before the closing boundary');

  const root = parts.find((p, i) => (start === undefined ? i === 0 : p.contentId === start));
  if (!root) throw new MimeError('MIME_MISSING_START', `no part has the start Content-ID <${start}>`);
  const byId = new Map(parts.filter((p) => p.contentId !== undefined).map((p) => [p.contentId as string, p]));
  const result: MultipartRelated = {
    root: root as MimePart & { body: Buffer },
    attachments: parts.filter((p) => p !== root),
    totalBytes: total,
    byContentId: (cid) => byId.get(normaliseContentId(cid)),
  };
  if (type !== undefined) result.type = type;
  if (start !== undefined) result.start = start;
  return result;
}
