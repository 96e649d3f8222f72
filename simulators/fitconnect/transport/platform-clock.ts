/**
 * The platform's own time: the run's clock plus an offset a scenario or test can move
 * forward (admin seed `advanceClock`), so token expiry (1800 s), the 1-day deletion of
 * incomplete submissions and the 14-day pickup deadline can be exercised without waiting.
 * Time never moves backwards.
 */
import type { Clock } from '../../kernel/types.ts';

export const MAX_ADVANCE_MS = 400 * 24 * 60 * 60 * 1000;

export class PlatformClock implements Clock {
  #offsetMs = 0;

  constructor(private readonly base: Clock) {}

  now(): Date {
    return new Date(this.base.now().getTime() + this.#offsetMs);
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Moves platform time forward by `ms` (a positive integer up to 400 days in total). */
  advance(ms: number): void {
    if (!Number.isSafeInteger(ms) || ms <= 0) throw new RangeError(`the platform clock moves forward by a positive number of milliseconds, not ${String(ms)}`);
    if (this.#offsetMs + ms > MAX_ADVANCE_MS) throw new RangeError('the platform clock may be moved at most 400 days ahead');
    this.#offsetMs += ms;
  }

  reset(): void {
    this.#offsetMs = 0;
  }
}
