/**
 * The request body as the handler sees it: streamed or buffered under a byte cap, metered
 * for evidence on the way. A body the handler never reads is still drained through the
 * meter (up to the cap) so the evidence shows what the client sent.
 */
import type { IncomingMessage } from 'node:http';
import { PassThrough, Readable, Transform } from 'node:stream';
import { BodyMeter } from './body-meter.ts';
import { KernelHttpError } from './errors.ts';

type State = 'idle' | 'streaming' | 'draining' | 'rejected' | 'failed' | 'ended';

export class RequestBody {
  readonly meter: BodyMeter;
  /** Resolves once the request stream is over: ended, closed, aborted or failed. */
  readonly settled: Promise<void>;
  /** True when the cap was hit while draining a body nobody read. */
  overflowed = false;
  private state: State = 'idle';
  private buffered?: Promise<Buffer>;
  private settle!: () => void;

  constructor(
    private readonly req: IncomingMessage,
    readonly maxBytes: number,
    captureBytes: number,
    private readonly onDrainOverflow: () => void = () => undefined,
  ) {
    this.meter = new BodyMeter(captureBytes);
    this.settled = new Promise((resolve) => {
      this.settle = () => resolve();
      req.once('end', this.settle);
      req.once('close', this.settle);
      req.once('error', this.settle);
    });
    req.once('end', () => {
      if (this.state === 'draining') this.finishMeter();
    });
  }

  get consumed(): boolean {
    return this.state !== 'idle';
  }

  /** The body as a stream, capped at `limit` (never above maxBytes). Callable once. */
  stream(limit = this.maxBytes): Readable {
    if (this.buffered) {
      const replay = new PassThrough();
      this.buffered.then((b) => replay.end(b), (e: unknown) => replay.destroy(e as Error));
      return replay;
    }
    if (this.state !== 'idle') {
      throw new KernelHttpError('BODY_ALREADY_CONSUMED', 'the request body was already read');
    }
    const cap = Math.min(limit, this.maxBytes);
    const declared = Number(this.req.headers['content-length']);
    if (Number.isFinite(declared) && declared > cap) {
      this.state = 'rejected';
      this.settle();
      const out = new PassThrough();
      process.nextTick(() => out.destroy(tooLarge(cap, declared)));
      return out;
    }
    if (this.req.destroyed && !this.req.readableEnded) {
      // The client left before anyone read the body (e.g. during a latency fault).
      this.state = 'failed';
      this.settle();
      const out = new PassThrough();
      process.nextTick(() => out.destroy(aborted()));
      return out;
    }
    this.state = 'streaming';
    const meter = this.meter;
    const self = this;
    const t = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        meter.update(chunk);
        if (meter.bytes > cap) {
          self.state = 'failed';
          self.settle();
          cb(tooLarge(cap));
          return;
        }
        cb(null, chunk);
      },
      flush(cb) {
        self.finishMeter();
        cb();
      },
    });
    const onAbort = (): void => {
      if (!this.req.readableEnded && this.state === 'streaming') {
        this.state = 'failed';
        this.settle();
        t.destroy(aborted());
      }
    };
    this.req.once('close', onAbort);
    this.req.once('error', onAbort);
    // A handler that stops reading early (a parser refusing the first MIME part or JWE header)
    // leaves the rest unread: the request would never end, and the exchange would wait
    // REQUEST_SETTLE_MS before it is recorded. Drain the rest through the meter instead.
    t.once('close', () => {
      if (this.state !== 'streaming' || this.req.readableEnded || this.req.destroyed) return;
      this.req.unpipe(t);
      this.state = 'idle';
      this.drainForEvidence();
      this.req.resume();
    });
    this.req.pipe(t);
    return t;
  }

  /** The whole body in memory (cached), capped at `limit`. */
  read(limit = this.maxBytes): Promise<Buffer> {
    if (this.buffered) return this.buffered;
    const stream = this.stream(limit);
    this.buffered = new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.once('end', () => resolve(Buffer.concat(chunks)));
      stream.once('error', reject);
    });
    return this.buffered;
  }

  /**
   * Reads a body the handler left alone, for evidence only. Must run before the response
   * finishes, or Node discards the unread body.
   */
  drainForEvidence(): void {
    if (this.state !== 'idle') return;
    this.state = 'draining';
    const onData = (chunk: Buffer): void => {
      this.meter.update(chunk);
      if (this.meter.bytes > this.maxBytes) {
        this.overflowed = true;
        this.state = 'failed';
        this.settle();
        this.req.off('data', onData);
        this.req.pause();
        this.onDrainOverflow();
      }
    };
    this.req.on('data', onData);
    if (this.req.complete && this.req.readableEnded) this.finishMeter();
  }

  private finishMeter(): void {
    this.state = 'ended';
    this.meter.finish();
  }
}

function aborted(): KernelHttpError {
  return new KernelHttpError('REQUEST_ABORTED', 'the client closed the connection before the body was complete');
}

function tooLarge(cap: number, declared?: number): KernelHttpError {
  const what = declared !== undefined ? `declared ${declared} bytes` : `more than ${cap} bytes`;
  return new KernelHttpError('BODY_TOO_LARGE', `request body too large: ${what}, limit ${cap} bytes`);
}
