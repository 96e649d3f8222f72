import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EvidenceRecord, Recorder } from '../evidence/index.ts';

export interface EventStreamOptions {
  recorder: Recorder;
  platform?: string;
  kind?: string;
  /** Replay records with a higher seq than this before streaming live ones. */
  since?: number;
  heartbeatMs: number;
  /** Drop a client that cannot keep up once this many bytes wait in its buffer; it reconnects with Last-Event-ID. */
  maxBufferedBytes?: number;
}

/**
 * Event ids are `<runId>:<seq>` so a browser reconnecting after a harness restart
 * (new run, seq back at 1) gets the new run's records from the start.
 */
export function resumeSeq(lastEventId: string | undefined, runId: string): number | undefined {
  if (lastEventId === undefined) return undefined;
  const m = /^(.+):(\d+)$/.exec(lastEventId.trim());
  if (!m) return undefined;
  return m[1] === runId ? Number(m[2]) : 0;
}

export function formatRecordEvent(rec: EvidenceRecord): string {
  // JSON.stringify never emits a raw newline, so one data line is enough.
  return `id: ${rec.runId}:${rec.seq}\nevent: record\ndata: ${JSON.stringify(rec)}\n\n`;
}

/**
 * Serves a Server-Sent Events stream of evidence records. Resolves the returned
 * `closed` promise when the client goes away, after the recorder listener and the
 * heartbeat timer are removed.
 */
export function serveEventStream(req: IncomingMessage, res: ServerResponse, o: EventStreamOptions): { closed: Promise<void>; end(): void } {
  const maxBuffered = o.maxBufferedBytes ?? 8 * 1024 * 1024;
  const matches = (r: EvidenceRecord): boolean =>
    (o.platform === undefined || r.platform === o.platform) && (o.kind === undefined || r.kind === o.kind);

  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
  });
  res.write(`retry: 2000\n: govsim evidence stream, run ${o.recorder.runId}\n\n`);

  const send = (chunk: string): void => {
    if (res.writableEnded || res.destroyed) return;
    res.write(chunk);
    if (res.writableLength > maxBuffered) res.destroy();
  };
  // Replay and subscribe in the same tick: record() is synchronous, so nothing can slip between.
  if (o.since !== undefined) {
    for (const rec of o.recorder.query({ sinceSeq: o.since })) if (matches(rec)) send(formatRecordEvent(rec));
  }
  const onRecord = (rec: EvidenceRecord): void => {
    if (matches(rec)) send(formatRecordEvent(rec));
  };
  o.recorder.on('record', onRecord);
  const heartbeat = setInterval(() => send(': heartbeat\n\n'), o.heartbeatMs);
  heartbeat.unref();

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => { resolveClosed = resolve; });
  let done = false;
  const cleanup = (): void => {
    if (done) return;
    done = true;
    clearInterval(heartbeat);
    o.recorder.off('record', onRecord);
    resolveClosed();
  };
  // Not req 'close': that fires as soon as the (empty) request body is consumed.
  res.on('close', cleanup);
  req.socket.on('close', cleanup);
  return {
    closed,
    end: () => {
      cleanup();
      if (!res.writableEnded) res.end();
    },
  };
}
