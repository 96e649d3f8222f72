/** Test-only helpers: a raw client that reports exactly what arrived, including cut-off bodies. */
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { Recorder } from '../evidence/index.ts';
import type { EvidenceRecord } from '../evidence/index.ts';

export interface RawResult {
  status?: number;
  headers?: IncomingHttpHeaders;
  body: Buffer;
  /** Set when the exchange failed: the error code or message. */
  error?: string;
  /** The response ended before content-length bytes arrived. */
  incomplete: boolean;
}

export interface RawOptions {
  method?: string;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
  tls?: https.RequestOptions;
}

export function rawRequest(url: string, o: RawOptions = {}): Promise<RawResult> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const chunks: Buffer[] = [];
    let status: number | undefined;
    let headers: IncomingHttpHeaders | undefined;
    let done = false;
    const finish = (error?: string, incomplete = false): void => {
      if (done) return;
      done = true;
      resolve({ status, headers, body: Buffer.concat(chunks), error, incomplete });
    };
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(u, { method: o.method ?? 'GET', headers: o.headers, agent: false, ...o.tls }, (res) => {
      status = res.statusCode;
      headers = res.headers;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('aborted', () => finish('aborted', true));
      res.on('error', (e: Error & { code?: string }) => finish(e.code ?? e.message, true));
      res.on('end', () => finish(undefined, !res.complete));
    });
    req.on('error', (e: Error & { code?: string }) => finish(e.code ?? e.message, true));
    req.end(o.body);
  });
}

/** Waits until the recorder holds a record matching `pred` (exchange records come after the response). */
export async function waitForRecord(recorder: Recorder, pred: (r: EvidenceRecord) => boolean, timeoutMs = 5000): Promise<EvidenceRecord> {
  const found = recorder.query().find(pred);
  if (found) return found;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      recorder.off('record', onRecord);
      reject(new Error('timed out waiting for an evidence record'));
    }, timeoutMs);
    const onRecord = (r: EvidenceRecord): void => {
      if (!pred(r)) return;
      clearTimeout(timer);
      recorder.off('record', onRecord);
      resolve(r);
    };
    recorder.on('record', onRecord);
  });
}
