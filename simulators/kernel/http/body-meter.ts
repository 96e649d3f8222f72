/**
 * Measures a body as it streams past: total bytes, SHA-256 over all of it, and a copy of
 * at most `captureBytes` for evidence. Never holds more than the capture cap.
 */
import { createHash, type Hash } from 'node:crypto';
import type { HttpMessageEvidence } from '../evidence/index.ts';

export const DEFAULT_CAPTURE_BYTES = 256 * 1024;

export class BodyMeter {
  bytes = 0;
  /** False while the body is still arriving, or when it was cut off (limit, abort). */
  complete = false;
  private readonly hash: Hash = createHash('sha256');
  private readonly chunks: Buffer[] = [];
  private captured = 0;
  private digest?: string;

  constructor(readonly captureBytes = DEFAULT_CAPTURE_BYTES) {}

  update(chunk: Buffer): void {
    if (this.digest !== undefined) throw new Error('BodyMeter.update after finish');
    this.bytes += chunk.length;
    this.hash.update(chunk);
    const room = this.captureBytes - this.captured;
    if (room > 0) {
      const part = chunk.length <= room ? Buffer.from(chunk) : Buffer.from(chunk.subarray(0, room));
      this.chunks.push(part);
      this.captured += part.length;
    }
  }

  /** Marks the body complete and fixes the digest. Idempotent. */
  finish(): void {
    if (this.digest !== undefined) return;
    this.complete = true;
    this.digest = this.hash.digest('hex');
  }

  get sha256(): string | undefined {
    return this.digest;
  }

  get capturedBody(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /**
   * The body part of an evidence message. The hash is only given for a body seen
   * completely: a hash over a cut-off prefix would look like the hash of the body.
   */
  toEvidence(): Pick<HttpMessageEvidence, 'body' | 'bodyEncoding' | 'bodyBytes' | 'bodySha256' | 'bodyTruncated'> {
    const out: ReturnType<BodyMeter['toEvidence']> = { bodyBytes: this.bytes };
    if (this.complete && this.digest !== undefined) out.bodySha256 = this.digest;
    if (this.bytes === 0) return out;
    const truncated = this.captured < this.bytes;
    const { text, encoding } = encodeForEvidence(this.capturedBody, truncated);
    out.body = text;
    out.bodyEncoding = encoding;
    if (truncated || !this.complete) out.bodyTruncated = true;
    return out;
  }
}

const TEXT_DECODER = new TextDecoder('utf-8', { fatal: true });
// Control characters other than tab, LF, CR mark binary content.
const BINARY_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * UTF-8 text when the bytes are text, base64 otherwise. A capture cut mid-character may
 * end in up to 3 bytes of an incomplete sequence; those are dropped rather than forcing base64.
 */
export function encodeForEvidence(buf: Buffer, mayEndMidCharacter = false): { text: string; encoding: 'utf8' | 'base64' } {
  const tries = mayEndMidCharacter ? [0, 1, 2, 3] : [0];
  for (const cut of tries) {
    if (cut > buf.length) break;
    try {
      const text = TEXT_DECODER.decode(buf.subarray(0, buf.length - cut));
      if (!BINARY_CONTROL.test(text)) return { text, encoding: 'utf8' };
      break;
    } catch {
      // try a shorter prefix
    }
  }
  return { text: buf.toString('base64'), encoding: 'base64' };
}
