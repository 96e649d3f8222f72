/**
 * Access tokens of the reference Sender, kept between submissions like a real online
 * service does: reused until shortly before `expires_in` runs out (by the Sender's own
 * clock), dropped when the Submission API refuses them as invalid or expired.
 */
import { createHash } from 'node:crypto';

/** Renew this long before the announced expiry. */
export const RENEW_BEFORE_MS = 60_000;

interface Cached {
  accessToken: string;
  expiresAt: number;
}

export class TokenCache {
  readonly #tokens = new Map<string, Cached>();

  constructor(private readonly now: () => number = Date.now) {}

  static key(tokenUrl: string, clientId: string, clientSecret: string): string {
    // The secret is part of the key (a rotated secret means a new client configuration); only its hash is kept.
    return `${tokenUrl} ${clientId} ${createHash('sha256').update(clientSecret).digest('hex')}`;
  }

  get(key: string): string | undefined {
    const c = this.#tokens.get(key);
    if (!c) return undefined;
    if (c.expiresAt - RENEW_BEFORE_MS <= this.now()) {
      this.#tokens.delete(key);
      return undefined;
    }
    return c.accessToken;
  }

  put(key: string, accessToken: string, expiresInS: number): void {
    if (!Number.isFinite(expiresInS) || expiresInS <= 0) return;
    this.#tokens.set(key, { accessToken, expiresAt: this.now() + expiresInS * 1000 });
  }

  drop(key: string): void {
    this.#tokens.delete(key);
  }
}

/** The process-wide cache of the reference Sender. */
export const senderTokens = new TokenCache();
