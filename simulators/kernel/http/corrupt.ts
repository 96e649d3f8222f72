/**
 * Deterministic body corruption for the `corrupt` fault: the same seed and body always
 * give the same damaged bytes, the length never changes, and every non-empty body changes.
 */

/** Every STRIDE-th byte (counting from the first) is XOR-ed with a non-zero mask. */
export const CORRUPT_STRIDE = 16;

function mix(seed: number, offset: number): number {
  // 32-bit integer hash of (seed, offset); quality only needs to be "not obviously patterned".
  let h = (seed ^ Math.imul(offset + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** The XOR mask for body offset `offset`, or 0 when that byte stays as it is. */
export function corruptionMask(seed: number, offset: number): number {
  if (offset % CORRUPT_STRIDE !== 0) return 0;
  return (mix(seed, offset) % 255) + 1;
}

/**
 * Returns a corrupted copy of `chunk`, which starts at byte `offset` of the whole body,
 * so a body corrupted chunk by chunk equals the body corrupted in one piece.
 */
export function corruptChunk(chunk: Buffer, offset: number, seed = 0): Buffer {
  const out = Buffer.from(chunk);
  const first = (CORRUPT_STRIDE - (offset % CORRUPT_STRIDE)) % CORRUPT_STRIDE;
  for (let i = first; i < out.length; i += CORRUPT_STRIDE) {
    out[i] ^= corruptionMask(seed, offset + i);
  }
  return out;
}
