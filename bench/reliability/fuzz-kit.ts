/**
 * Shared settings and input generators for the `*.fuzz.test.ts` files (fast-check).
 *
 * CI runs a fixed seed and a bounded number of inputs per parser (together ≥ 10,000 per
 * `npm test`). Longer opt-in mode: GOVSIM_FUZZ_SCALE=20 multiplies every count;
 * GOVSIM_FUZZ_SEED=<n> explores another part of the input space (a failure prints the seed
 * and path to replay it).
 */
import fc from 'fast-check';

export const FUZZ_SCALE = Math.max(1, Number(process.env.GOVSIM_FUZZ_SCALE ?? 1) || 1);
export const FUZZ_SEED = Number(process.env.GOVSIM_FUZZ_SEED ?? 20261123);

/** fast-check parameters for `base` inputs (scaled in the long mode). */
export function fuzzParams(base: number): { numRuns: number; seed: number; endOnFailure: true } {
  return { numRuns: Math.round(base * FUZZ_SCALE), seed: FUZZ_SEED, endOnFailure: true };
}

/** Vitest timeout for a fuzz test of `base` inputs at `msPerInput` each (generous on a loaded 2-core machine). */
export function fuzzTimeout(base: number, msPerInput: number): number {
  return Math.max(20_000, Math.round(base * FUZZ_SCALE * msPerInput * 4));
}

/**
 * Longest time one input may take before it counts as a hang. Generous: CI machines are small
 * and busy; a real hang (runaway backtracking, an unbounded loop) takes far longer.
 */
export const INPUT_BUDGET_MS = 2000;

/** A stable error code: upper-case words joined by underscores (e.g. XML_DTD_FORBIDDEN). */
export const STABLE_CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/** Fragments that tend to break XML, MIME, JSON and fixed-width parsers. */
export const HOSTILE_TOKENS = [
  '<', '>', '&', '&amp;', '&#0;', '&#x110000;', '&undefined;', ']]>', '<![CDATA[', '<!--', '-->', '<?xml version="1.0"?>',
  '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', '<!ENTITY', 'xmlns=""', 'xmlns:a="urn:x"', 'a:', '"', "'", '=', '/', '</',
  '\u0000', '\u0001', '\u001f', '\ufffe', '\ud800', '\r\n', '\n\n', '--', '\r\n--', 'boundary=', ';', ':', '{', '}', '[', ']', ',', 'null',
  '\\u0000', '"__proto__"', '1e999', '-0', '9'.repeat(40), ' '.repeat(64), 'é', '😀', '\u202e', '%00', '..', 'cid:', 'Content-Type: ',
] as const;

type Edit = { at: number; kind: 'insert' | 'delete' | 'replace' | 'repeat'; token: string; length: number };

const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('insert', 'delete', 'replace', 'repeat'),
  token: fc.oneof(fc.constantFrom(...HOSTILE_TOKENS), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })),
  length: fc.integer({ min: 1, max: 32 }),
});

function applyEdits(sample: string, edits: readonly Edit[]): string {
  let s = sample;
  for (const e of edits) {
    const at = s.length ? e.at % (s.length + 1) : 0;
    if (e.kind === 'insert') s = s.slice(0, at) + e.token + s.slice(at);
    else if (e.kind === 'delete') s = s.slice(0, at) + s.slice(at + e.length);
    else if (e.kind === 'replace') s = s.slice(0, at) + e.token + s.slice(at + e.length);
    else s = s.slice(0, at) + s.slice(at, at + e.length).repeat(1 + (e.length % 5)) + s.slice(at);
  }
  return s;
}

/** A valid sample with 1–6 random edits: most inputs stay close to the grammar and reach deep code. */
export function mutatedText(sample: string, maxEdits = 6): fc.Arbitrary<string> {
  return fc.array(editArb, { minLength: 1, maxLength: maxEdits }).map((edits) => applyEdits(sample, edits));
}

/** Like mutatedText, but on bytes: also flips bytes, so invalid UTF-8 and stray controls appear. */
export function mutatedBytes(sample: Buffer | string, maxEdits = 6): fc.Arbitrary<Buffer> {
  const base = Buffer.isBuffer(sample) ? sample : Buffer.from(sample, 'utf8');
  const flips = fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { maxLength: 3 });
  return fc.tuple(mutatedText(base.toString('latin1'), maxEdits), flips).map(([text, fl]) => {
    const b = Buffer.from(text, 'latin1');
    for (const f of fl) if (b.length) b[f.at % b.length] = f.byte;
    return b;
  });
}

/** Mostly mutations of the samples, some entirely random text. */
export function fuzzInput(samples: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...samples).chain((s) => mutatedText(s)), weight: 8 },
    { arbitrary: fc.string({ maxLength: 300 }), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 300 }), weight: 1 },
  );
}
