/**
 * Step assertions that fail with one plain sentence: testers and certifiers read these
 * in reports, so they say what was expected and what was seen, without a diff dump.
 */
import { isDeepStrictEqual } from 'node:util';

export class CheckFailed extends Error {
  override name = 'CheckFailed';
}

const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
}

export function checkEqual<T>(actual: T, expected: T, what: string): void {
  if (!isDeepStrictEqual(actual, expected)) throw new CheckFailed(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

export function checkNotEqual<T>(actual: T, unexpected: T, what: string): void {
  if (isDeepStrictEqual(actual, unexpected)) throw new CheckFailed(`${what}: got ${show(actual)}`);
}
