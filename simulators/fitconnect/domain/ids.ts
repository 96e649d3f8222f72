/** Injectable identifiers and randomness, so flows are reproducible in tests. */
import { randomBytes, randomUUID, createHash } from 'node:crypto';

export interface IdGenerator {
  /** A UUID (v4 shape) for submissions, cases, clients, destinations, jti, kid. */
  uuid(): string;
  /** `n` random bytes (client secrets, callback secrets). */
  bytes(n: number): Uint8Array;
}

export const cryptoIds: IdGenerator = {
  uuid: () => randomUUID(),
  bytes: (n) => new Uint8Array(randomBytes(n)),
};

/**
 * Deterministic generator for tests: UUIDs and bytes derived from a seed by SHA-256 in
 * counter mode. Not for production secrets.
 */
export function seededIds(seed: string): IdGenerator {
  let counter = 0;
  const block = (): Buffer => createHash('sha256').update(`${seed}:${counter++}`).digest();
  return {
    uuid() {
      const b = block().subarray(0, 16);
      b[6] = (b[6] & 0x0f) | 0x40;
      b[8] = (b[8] & 0x3f) | 0x80;
      const h = b.toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
    bytes(n) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i += 32) out.set(block().subarray(0, Math.min(32, n - i)), i);
      return out;
    },
  };
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}
