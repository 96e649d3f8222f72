import { randomUUID } from 'node:crypto';

/** MessageId in the UUID@host form the Best Practices recommend (EB013). */
export function newMessageId(host = 'mijnoverheid.govsim.test'): string {
  return `${randomUUID()}@${host}`;
}
