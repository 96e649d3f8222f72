import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { corruptChunk, CORRUPT_STRIDE } from './corrupt.ts';
import { BodyMeter, encodeForEvidence } from './body-meter.ts';
import { createHash } from 'node:crypto';

describe('corruptChunk', () => {
  it('keeps the length, changes every non-empty body, and is deterministic by seed', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.integer({ min: 0, max: 2 ** 31 }), (bytes, seed) => {
      const body = Buffer.from(bytes);
      const a = corruptChunk(body, 0, seed);
      expect(a.length).toBe(body.length);
      expect(a.equals(body)).toBe(false);
      expect(corruptChunk(body, 0, seed).equals(a)).toBe(true);
    }));
  });

  it('gives the same result chunk by chunk as in one piece', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), fc.integer({ min: 0, max: 200 }), (bytes, split) => {
      const body = Buffer.from(bytes);
      const at = Math.min(split, body.length);
      const whole = corruptChunk(body, 0, 7);
      const parts = Buffer.concat([corruptChunk(body.subarray(0, at), 0, 7), corruptChunk(body.subarray(at), at, 7)]);
      expect(parts.equals(whole)).toBe(true);
    }));
  });

  it('only touches every CORRUPT_STRIDE-th byte', () => {
    const body = Buffer.alloc(64, 0x41);
    const out = corruptChunk(body, 0, 1);
    for (let i = 0; i < 64; i++) expect(out[i] !== 0x41).toBe(i % CORRUPT_STRIDE === 0);
  });

  it('different seeds give different bytes', () => {
    const body = Buffer.alloc(256, 0x20);
    expect(corruptChunk(body, 0, 1).equals(corruptChunk(body, 0, 2))).toBe(false);
  });
});

describe('BodyMeter', () => {
  it('hashes and counts everything but captures only the cap', () => {
    const m = new BodyMeter(10);
    const data = Buffer.from('abcdefghijklmnopqrstuvwxyz');
    m.update(data.subarray(0, 7));
    m.update(data.subarray(7));
    m.finish();
    expect(m.toEvidence()).toEqual({
      bodyBytes: 26,
      bodySha256: createHash('sha256').update(data).digest('hex'),
      body: 'abcdefghij',
      bodyEncoding: 'utf8',
      bodyTruncated: true,
    });
  });

  it('gives no hash for a body that was not seen completely', () => {
    const m = new BodyMeter(10);
    m.update(Buffer.from('abc'));
    expect(m.toEvidence()).toMatchObject({ bodyBytes: 3, bodyTruncated: true });
    expect(m.toEvidence().bodySha256).toBeUndefined();
  });

  it('stores binary as base64 and text cut mid-character as utf8', () => {
    expect(encodeForEvidence(Buffer.from([0, 1, 2, 255]))).toEqual({ text: 'AAEC/w==', encoding: 'base64' });
    const euro = Buffer.from('prijs €', 'utf8');
    expect(encodeForEvidence(euro.subarray(0, euro.length - 1), true)).toEqual({ text: 'prijs ', encoding: 'utf8' });
    expect(encodeForEvidence(euro.subarray(0, euro.length - 1), false).encoding).toBe('base64');
  });
});
