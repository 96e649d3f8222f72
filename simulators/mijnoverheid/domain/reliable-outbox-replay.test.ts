import { describe, expect, it } from 'vitest';
import { ReliableOutbox, replayOutbox, type OutboxEvent } from './reliable-outbox.ts';
import { fixedClock } from '../../kernel/types.ts';

const M = 60_000;

function recorded() {
  const clock = fixedClock('2026-01-01T00:00:00Z');
  const box = new ReliableOutbox<string>(clock);
  const events: OutboxEvent<string>[] = [];
  box.subscribe((e) => events.push(JSON.parse(JSON.stringify(e)) as OutboxEvent<string>));
  return { clock, box, events };
}

describe('reliable outbox: events, replay, restore', () => {
  it('announces every change; replaying the events rebuilds the same entries', () => {
    const { clock, box, events } = recorded();
    box.enqueue({ messageId: 'a', conversationId: 'c', cpaId: 'cpa', reliable: true, retries: 2, retryIntervalMs: M, payload: 'A' });
    box.enqueue({ messageId: 'b', conversationId: 'c', cpaId: 'cpa', reliable: true, retries: 0, retryIntervalMs: M, payload: 'B' });
    box.enqueue({ messageId: 'n', conversationId: 'c', cpaId: 'cpa', reliable: false, retries: 0, retryIntervalMs: M, payload: 'N' });
    box.poll();
    box.recordOutcome('a', { kind: 'retryable', detail: 'HTTP 503' });
    box.recordOutcome('b', { kind: 'sent' });
    box.recordOutcome('n', { kind: 'sent' });
    clock.advance(M);
    box.poll(); // a: attempt 2; b: retries exhausted
    expect(events.map((e) => e.type)).toEqual(['enqueued', 'enqueued', 'enqueued', 'attempt', 'attempt', 'attempt', 'outcome', 'outcome', 'outcome', 'attempt', 'deliveryFailure']);
    expect(replayOutbox(events)).toEqual({ entries: box.snapshot(), ignored: [] });
    box.acknowledge('a');
    expect(events.at(-1)).toEqual({ type: 'acknowledged', progress: { messageId: 'a', attempts: 2, state: 'acknowledged', nextAt: '2026-01-01T00:02:00.000Z', lastError: 'HTTP 503' } });
    expect(replayOutbox(events).entries).toEqual(box.snapshot());
  });

  it('a restored outbox carries on where the old one stopped (attempts and next-due times kept)', () => {
    const old = recorded();
    old.box.enqueue({ messageId: 'a', conversationId: 'c', cpaId: 'cpa', reliable: true, retries: 2, retryIntervalMs: M, payload: 'A' });
    old.box.poll();
    old.box.recordOutcome('a', { kind: 'retryable', detail: 'HTTP 503' });

    const clock = fixedClock(old.clock.now());
    const box = new ReliableOutbox<string>(clock);
    box.restore(replayOutbox(old.events).entries);
    expect(box.get('a')).toMatchObject({ attempts: 1, state: 'pending', nextAt: '2026-01-01T00:01:00.000Z', lastError: 'HTTP 503' });
    expect(box.nextDue()?.toISOString()).toBe('2026-01-01T00:01:00.000Z');
    expect(box.poll()).toEqual([]);
    clock.advance(M);
    expect(box.poll().map((a) => a.type === 'send' && a.attempt)).toEqual([2]);
    box.recordOutcome('a', { kind: 'retryable', detail: 'HTTP 503' });
    clock.advance(M);
    expect(box.poll().map((a) => a.type === 'send' && a.attempt)).toEqual([3]);
    box.recordOutcome('a', { kind: 'retryable', detail: 'HTTP 503' });
    clock.advance(M);
    expect(box.poll().map((a) => a.type)).toEqual(['deliveryFailure']);
  });

  it('refuses malformed or duplicate entries on restore; replay skips what it cannot apply', () => {
    const { box, events } = recorded();
    box.enqueue({ messageId: 'a', conversationId: 'c', cpaId: 'cpa', reliable: true, retries: 1, retryIntervalMs: M, payload: 'A' });
    expect(() => box.restore(box.snapshot())).toThrow(/OUTBOX_DUPLICATE_MESSAGE_ID/);
    expect(() => new ReliableOutbox<string>(fixedClock('2026-01-01T00:00:00Z')).restore([{ ...box.snapshot()[0], state: 'lost' as never }])).toThrow(/OUTBOX_RESTORE_INVALID/);
    const r = replayOutbox<string>([
      ...events,
      { type: 'attempt', progress: { messageId: 'zz', attempts: 1, state: 'pending', nextAt: '2026-01-01T00:00:00Z' } },
      { type: 'outcome', progress: { messageId: 'a', attempts: -1, state: 'pending', nextAt: 'x' } },
      { type: 'bogus' } as never,
    ]);
    expect(r.entries.map((e) => e.messageId)).toEqual(['a']);
    expect(r.ignored.map((i) => i.index)).toEqual([1, 2, 3]);
  });

  it('without subscribers nothing is announced and behaviour is unchanged', () => {
    const clock = fixedClock('2026-01-01T00:00:00Z');
    const box = new ReliableOutbox<string>(clock);
    const heard: unknown[] = [];
    const off = box.subscribe((e) => heard.push(e));
    off();
    box.enqueue({ messageId: 'a', conversationId: 'c', cpaId: 'cpa', reliable: true, retries: 0, retryIntervalMs: M, payload: 'A' });
    box.poll();
    expect(heard).toEqual([]);
  });
});
