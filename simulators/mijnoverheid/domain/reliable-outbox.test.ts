import { describe, expect, it } from 'vitest';
import { ReliableOutbox, classifyHttpStatus } from './reliable-outbox.ts';
import { parseDurationMs, formatDurationMs } from './duration.ts';
import { fixedClock } from '../../kernel/types.ts';

const H = 3600_000;

function setup(reliable = true, retries = 8) {
  const clock = fixedClock('2026-01-01T00:00:00Z');
  const box = new ReliableOutbox<string>(clock);
  box.enqueue({ messageId: 'm1@govsim', conversationId: 'c1', cpaId: 'cpa', reliable, retries, retryIntervalMs: parseDurationMs('PT3H')!, payload: 'x' });
  return { clock, box };
}

describe('durations', () => {
  it('parses the CPA durations', () => {
    expect(parseDurationMs('PT3H')).toBe(3 * H);
    expect(parseDurationMs('P1D')).toBe(24 * H);
    expect(parseDurationMs('P1DT30M')).toBe(24 * H + 30 * 60_000);
    expect(parseDurationMs('PT0.5S')).toBe(500);
    for (const bad of ['P', 'PT', '3H', 'P1H', '']) expect(parseDurationMs(bad), bad).toBeUndefined();
    expect(formatDurationMs(27 * H)).toBe('P1DT3H');
    expect(formatDurationMs(0)).toBe('PT0S');
  });
});

describe('reliable outbox', () => {
  it('sends at once, retransmits every RetryInterval without an ack, then gives up after Retries (8 × PT3H)', () => {
    const { clock, box } = setup();
    const sendTimes: string[] = [];
    for (let step = 0; step < 40; step++) {
      for (const a of box.poll()) {
        if (a.type === 'send') { sendTimes.push(clock.now().toISOString()); box.recordOutcome(a.entry.messageId, { kind: 'sent' }); }
        else { expect(a.entry.failureReason).toBe('RETRIES_EXHAUSTED'); }
      }
      if (box.get('m1@govsim')!.state === 'failed') break;
      clock.advance(H);
    }
    expect(sendTimes).toHaveLength(9);
    expect(sendTimes[0]).toBe('2026-01-01T00:00:00.000Z');
    expect(sendTimes[8]).toBe('2026-01-02T00:00:00.000Z');
    expect(box.get('m1@govsim')!.state).toBe('failed');
    expect(clock.now().toISOString()).toBe('2026-01-02T03:00:00.000Z');
  });
  it('does nothing before the interval has passed', () => {
    const { clock, box } = setup();
    expect(box.poll()).toHaveLength(1);
    box.recordOutcome('m1@govsim', { kind: 'sent' });
    clock.advance(3 * H - 1);
    expect(box.poll()).toEqual([]);
    clock.advance(1);
    expect(box.poll().map((a) => a.type)).toEqual(['send']);
  });
  it('stops after an acknowledgment', () => {
    const { clock, box } = setup();
    box.poll();
    box.recordOutcome('m1@govsim', { kind: 'sent' });
    expect(box.acknowledge('m1@govsim')).toBe(true);
    expect(box.acknowledge('m1@govsim')).toBe(false);
    clock.advance(100 * H);
    expect(box.poll()).toEqual([]);
    expect(box.get('m1@govsim')!.state).toBe('acknowledged');
  });
  it('keeps retrying after a 503 and fails at once on a 4xx', () => {
    const { clock, box } = setup();
    box.poll();
    box.recordOutcome('m1@govsim', classifyHttpStatus(503));
    expect(box.get('m1@govsim')).toMatchObject({ state: 'pending', lastError: 'HTTP 503' });
    clock.advance(3 * H);
    const [a] = box.poll();
    expect(a).toMatchObject({ type: 'send', attempt: 2 });
    box.recordOutcome('m1@govsim', classifyHttpStatus(400));
    expect(box.get('m1@govsim')).toMatchObject({ state: 'failed', failureReason: 'PERMANENT_ERROR' });
  });
  it('best effort: one attempt, delivered on 2xx, failed after a retryable error', () => {
    const { clock, box } = setup(false);
    expect(box.poll()).toHaveLength(1);
    box.recordOutcome('m1@govsim', { kind: 'sent' });
    expect(box.get('m1@govsim')!.state).toBe('delivered');
    const b = new ReliableOutbox(clock);
    b.enqueue({ messageId: 'm2', conversationId: 'c', cpaId: 'cpa', reliable: false, retries: 8, retryIntervalMs: H, payload: null });
    b.poll();
    b.recordOutcome('m2', { kind: 'retryable', detail: 'ECONNREFUSED' });
    clock.advance(H);
    expect(b.poll().map((x) => x.type)).toEqual(['deliveryFailure']);
  });
  it('expires at the given expiry even with retries left; refuses duplicate MessageIds', () => {
    const clock = fixedClock('2026-01-01T00:00:00Z');
    const box = new ReliableOutbox(clock);
    box.enqueue({ messageId: 'm', conversationId: 'c', cpaId: 'x', reliable: true, retries: 8, retryIntervalMs: 3 * H, expiresAt: new Date('2026-01-01T04:00:00Z'), payload: 1 });
    box.poll();
    box.recordOutcome('m', { kind: 'sent' });
    expect(box.nextDue()?.toISOString()).toBe('2026-01-01T03:00:00.000Z');
    clock.advance(3 * H);
    expect(box.poll()).toHaveLength(1);
    box.recordOutcome('m', { kind: 'sent' });
    clock.advance(3 * H);
    const [a] = box.poll();
    expect(a).toMatchObject({ type: 'deliveryFailure', entry: { failureReason: 'EXPIRED' } });
    expect(() => box.enqueue({ messageId: 'm', conversationId: 'c', cpaId: 'x', reliable: true, retries: 1, retryIntervalMs: 1, payload: 1 })).toThrow(/OUTBOX_DUPLICATE/);
  });
});
