/**
 * MijnOverheid as the sending MSH: posts ebMS messages to the SUT's CPA endpoint over mTLS,
 * drives reliable retries from the domain's ReliableOutbox on the injected clock, and hands
 * synchronous replies (mshSignalsOnly, Pong) back to the MSH.
 */
import { createHash } from 'node:crypto';
import type { Recorder, Verdict } from '../../kernel/evidence/index.ts';
import { OutboundError, sendRequest, type OutboundResponse } from '../../kernel/http/index.ts';
import type { Clock } from '../../kernel/types.ts';
import { classifyHttpStatus, type CpaParty } from '../domain/index.ts';
import type { MijnOverheidState, OutboxPayload } from '../state.ts';
import { EBXML_SOAP_ACTION } from './soap.ts';

export interface OutboundDeps {
  recorder: Recorder;
  platform: string;
  environment?: string;
  clock: Clock;
  state: MijnOverheidState;
  /** MijnOverheid's client certificate (PEM + chain) and key, and the CAs trusted for the SUT's server certificate. */
  tls: () => Promise<{ cert: string; key: string; ca: string[] }>;
  /** A synchronous ebMS reply (signal or Pong) in the HTTP response of a post. */
  onSyncReply: (body: Buffer, contentType: string | undefined, sentMessageId: string) => Promise<void>;
}

export type PostResult =
  | { ok: true; response: OutboundResponse; verdicts: Verdict[] }
  | { ok: false; error: OutboundError };

/** Upper-case SHA-256 of a base64 DER certificate, the form Identity.fingerprint256 uses. */
export function fingerprintOfDer(derBase64: string): string {
  return createHash('sha256').update(Buffer.from(derBase64, 'base64')).digest('hex').toUpperCase();
}

export class EbmsOutbound {
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;
  private pumping = false;

  constructor(private readonly d: OutboundDeps) {}

  /** One POST to the SUT. Never throws; checks the SUT's server certificate against the CPA when given. */
  async post(url: string, contentType: string, body: Buffer, summary: string, expectServer?: CpaParty): Promise<PostResult> {
    const tls = await this.d.tls();
    try {
      const response = await sendRequest({
        url, method: 'POST', body,
        headers: { 'content-type': contentType, soapaction: EBXML_SOAP_ACTION },
        tls: { cert: tls.cert, key: tls.key, ca: tls.ca },
        timeoutMs: 10_000,
        recorder: this.d.recorder, platform: this.d.platform, environment: this.d.environment, summary,
      });
      const verdicts: Verdict[] = [];
      if (expectServer) {
        const certId = expectServer.transport.serverCertificateId;
        const cert = expectServer.certificates.find((c) => c.certId === certId);
        const want = cert ? fingerprintOfDer(cert.derBase64) : undefined;
        const got = response.identity?.fingerprint256;
        verdicts.push({ check: 'LZ_SUT_SERVER_CERT', ok: want !== undefined && got === want, message: want === got ? 'the SUT endpoint presented the ServerCert of its CPA' : `the SUT endpoint presented certificate ${got ?? '(none)'}, the CPA names ${want ?? '(no ServerCert)'}` });
      }
      return { ok: true, response, verdicts };
    } catch (err) {
      if (err instanceof OutboundError) return { ok: false, error: err };
      throw err;
    }
  }

  /** Runs a task in the background; close() waits for it. */
  track<T>(p: Promise<T>): void {
    const q = p.catch((err) => {
      this.d.recorder.record({ kind: 'note', platform: this.d.platform, summary: `outbound task failed: ${(err as Error).message}`, verdicts: [{ check: 'LZ_OUTBOUND_TASK', ok: false, message: (err as Error).message }] });
    });
    this.inFlight.add(q);
    void q.finally(() => this.inFlight.delete(q));
  }

  /** Sends whatever the outbox says is due now, records the outcomes and plans the next wake-up. */
  async pump(): Promise<void> {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    try {
      const { state, recorder, platform } = this.d;
      for (const action of state.outbox.poll()) {
        const e = action.entry;
        if (action.type === 'deliveryFailure') {
          recorder.record({
            kind: 'note', platform, environment: this.d.environment,
            summary: `ebMS ${e.payload.action} ${e.messageId}: DeliveryFailure (${e.failureReason}${e.lastError ? `, last: ${e.lastError}` : ''})`,
            verdicts: [{ check: 'EBMS_DELIVERY', ok: false, message: `no Acknowledgment from the SUT after ${e.attempts} attempt(s)` }],
            data: { ebms: { direction: 'outbound', event: 'deliveryFailure', messageId: e.messageId, action: e.payload.action, attempts: e.attempts, reason: e.failureReason } },
          });
          continue;
        }
        const p: OutboxPayload = e.payload;
        const sent = state.sent.get(e.messageId);
        if (sent) sent.sentAt ??= this.d.clock.now().toISOString();
        const r = await this.post(p.url, p.contentType, p.body, `ebMS ${p.action} ${e.messageId} → SUT (attempt ${action.attempt})`);
        const outcome = r.ok ? classifyHttpStatus(r.response.status) : { kind: 'retryable' as const, detail: r.error.code };
        state.outbox.recordOutcome(e.messageId, outcome);
        recorder.record({
          kind: 'note', platform, environment: this.d.environment,
          summary: `ebMS ${p.action} ${e.messageId} attempt ${action.attempt}: ${r.ok ? `HTTP ${r.response.status}` : r.error.code}`,
          data: { ebms: { direction: 'outbound', event: 'attempt', messageId: e.messageId, action: p.action, attempt: action.attempt, status: r.ok ? r.response.status : undefined, error: r.ok ? undefined : r.error.code, outcome: outcome.kind } },
        });
        if (r.ok && r.response.status === 200 && r.response.body.length > 0) {
          await this.d.onSyncReply(r.response.body, r.response.headers['content-type'], e.messageId);
        }
      }
    } finally {
      this.pumping = false;
      this.schedule();
    }
  }

  /** Wakes up when the outbox next has something due (real-time delay computed on the injected clock). */
  schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const due = this.d.state.outbox.nextDue();
    if (!due) return;
    const delay = Math.min(Math.max(due.getTime() - this.d.clock.now().getTime(), 5), 60_000);
    this.timer = setTimeout(() => this.track(this.pump()), delay);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }
}
