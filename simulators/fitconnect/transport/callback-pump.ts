/**
 * Delivers due callbacks to the registered URLs with `sendRequest` (each attempt is an
 * outbound exchange in the evidence) and reports the outcome to the outbox, which
 * schedules retries. A `note` per attempt says whether the platform tampered with it.
 */
import { randomBytes } from 'node:crypto';
import { sendRequest } from '../../kernel/http/index.ts';
import type { Recorder } from '../../kernel/evidence/index.ts';
import type { Clock } from '../../kernel/types.ts';
import type { CallbackDelivery, FitConnectEnvironment } from '../domain/index.ts';
import { STALE_CALLBACK_AGE_S, withWrongHmac, type PlatformBehaviour } from './tampering.ts';

export interface CallbackPumpOptions {
  env: () => FitConnectEnvironment;
  behaviour: () => PlatformBehaviour;
  recorder: Recorder;
  environment: string;
  /** CAs trusted for the receiver's HTTPS certificate. */
  trustedCas: () => string[];
  /** Wall time of the receiving side: callbacks are stamped with it even when platform time was advanced. */
  clock: Clock;
  timeoutMs?: number;
}

export class CallbackPump {
  readonly #inFlight = new Set<string>();
  readonly #running = new Set<Promise<void>>();

  constructor(private readonly o: CallbackPumpOptions) {}

  /** Sends every due delivery not already in flight; returns when this batch has finished. */
  async pump(): Promise<void> {
    const env = this.o.env();
    const behaviour = this.o.behaviour();
    const first = (d: CallbackDelivery) => d.attempts.length === 0;
    const staleClock: Clock = { now: () => new Date(this.o.clock.now().getTime() - STALE_CALLBACK_AGE_S * 1000) };
    const due = env.callbacks.due((d) => (behaviour.callbacks === 'stale-timestamp' && first(d) ? staleClock : this.o.clock))
      .filter(({ delivery }) => !this.#inFlight.has(delivery.deliveryId));
    const batch = due.map(({ delivery, request }) => {
      const tampering = first(delivery) ? behaviour.callbacks : 'none';
      const req = tampering === 'bad-hmac' ? withWrongHmac(request, randomBytes(32).toString('hex')) : request;
      this.#inFlight.add(delivery.deliveryId);
      const p = this.#deliver(env, delivery, req, tampering).finally(() => {
        this.#inFlight.delete(delivery.deliveryId);
        this.#running.delete(p);
      });
      this.#running.add(p);
      return p;
    });
    await Promise.all(batch);
  }

  /** Waits for deliveries in flight (used on stop). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#running]);
  }

  async #deliver(env: FitConnectEnvironment, d: CallbackDelivery, req: { url: string; headers: Record<string, string>; body: string }, tampering: string): Promise<void> {
    let status: number | undefined;
    let error: string | undefined;
    let evidenceSeq: number | undefined;
    try {
      const res = await sendRequest({
        url: req.url, method: 'POST', headers: req.headers, body: req.body,
        tls: { ca: this.o.trustedCas() }, recorder: this.o.recorder, platform: 'fitconnect', environment: this.o.environment,
        summary: `callback ${d.kind} attempt ${d.attempts.length + 1}${tampering === 'none' ? '' : ` (platform tampered: ${tampering})`}`,
        timeoutMs: this.o.timeoutMs ?? 10_000,
      });
      status = res.status;
      evidenceSeq = res.evidenceSeq;
    } catch (e) {
      error = (e as { code?: string }).code ?? (e as Error).message;
    }
    const after = await env.reportCallbackResult(d.deliveryId, status === undefined ? { error: error ?? 'no response' } : { status });
    this.o.recorder.record({
      kind: 'note', platform: 'fitconnect', environment: this.o.environment,
      summary: `callback delivery ${d.deliveryId} attempt ${d.attempts.length + 1}: ${status ?? error}${tampering === 'none' ? '' : ` (tampered: ${tampering})`}`,
      data: {
        callbackAttempt: { deliveryId: d.deliveryId, kind: d.kind, submissionId: d.submissionId, url: d.url, attempt: d.attempts.length + 1, tampering, status, error, evidenceSeq, state: after?.state },
      },
    });
  }
}
