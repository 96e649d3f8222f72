/**
 * Fuzzing the FIT-Connect inputs (seeded; GOVSIM_FUZZ_SCALE for longer): compact JWEs (header
 * reading, header rules, streaming decryption with a real RSA-4096 key) and metadata JSON.
 * Every input ends in a value or a problem with a stable FC_ code, a 4xx status and a type
 * URI (what the transport renders as application/problem+json) — never an exception.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FUZZ_SEED, INPUT_BUDGET_MS, fuzzInput, fuzzParams, fuzzTimeout, mutatedText } from '../../../bench/reliability/fuzz-kit.ts';
import { checkJweHeader, decryptCompactJwe, readJweHeader } from './jwe.ts';
import { checkMetadata } from './metadata.ts';
import { problem, type FitConnectProblem } from './problems.ts';
import { jwe, metadata210 } from './test-fixtures.ts';
import { testKey } from './test-keys.ts';

function expectProblem(p: FitConnectProblem): void {
  expect(p.code).toMatch(/^FC_[A-Z0-9_]+$/);
  expect(p.status).toBeGreaterThanOrEqual(400);
  expect(p.status).toBeLessThan(500);
  expect(p.type).toMatch(/^https:\/\//);
}

describe(`FIT-Connect inputs under fuzzing (seed ${FUZZ_SEED})`, () => {
  it('compact JWE: header, rules and streaming decryption end in plaintext or an FC_ problem', async () => {
    const key = await testKey(0);
    const metadata = JSON.stringify(metadata210('{"antrag":1}', [{ id: '7b5e4a1c-0000-4000-8000-000000000001', content: 'pdf' }]));
    const good = await jwe(metadata, key, { kid: 'dest-enc-key-1' });
    const wrongAlg = await jwe(metadata, key, { alg: 'RSA-OAEP', kid: 'dest-enc-key-1' });
    const noCty = await jwe(metadata, key, { cty: null, kid: 'dest-enc-key-1' });
    const rules = { acceptedKids: ['dest-enc-key-1'], requireCty: true };
    const options = {
      rules, privateKeyFor: (kid: string) => (kid === 'dest-enc-key-1' ? key.privateKey : undefined),
      maxEncryptedBytes: 256 * 1024, keepPlaintextUpTo: 64 * 1024,
      tooLarge: (n: number): FitConnectProblem => problem('FC_ATTACHMENT_TOO_LARGE', `${n} bytes`),
    };
    // A header segment of 16 KiB+ (huge header) and one with a nested 2,000-deep JSON value.
    const huge = `${Buffer.from(JSON.stringify({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'x'.repeat(20_000) })).toString('base64url')}.a.b.c.d`;
    const deep = `${Buffer.from(`{"alg":"RSA-OAEP-256","enc":"A256GCM","x":${'['.repeat(2000)}${']'.repeat(2000)}}`).toString('base64url')}.a.b.c.d`;
    let decrypted = 0;
    // Each successful decryption is an RSA-4096 private-key operation (~5 ms): mutations keep most inputs failing early.
    await fc.assert(fc.asyncProperty(fc.oneof(fuzzInput([good, wrongAlg, noCty]), mutatedText(good, 2), fc.constantFrom(huge, deep, good)), async (input) => {
      const header = readJweHeader(input);
      if (header.ok) {
        const checked = checkJweHeader(header.value, rules);
        if (!checked.ok) expectProblem(checked.error);
      } else expectProblem(header.error);
      const t0 = performance.now();
      const r = decryptCompactJwe(input, options);
      expect(performance.now() - t0).toBeLessThan(INPUT_BUDGET_MS);
      if (r.ok) decrypted++;
      else if (r.error.status === 413) expect(r.error.code).toBe('FC_ATTACHMENT_TOO_LARGE');
      else expectProblem(r.error);
    }), fuzzParams(1000));
    expect(decrypted).toBeGreaterThan(0);
  }, fuzzTimeout(1000, 6));

  it('metadata JSON: parsed metadata or an FC_ problem', () => {
    const metadata = JSON.stringify(metadata210('{"antrag":1}', [{ id: '7b5e4a1c-0000-4000-8000-000000000001', content: 'pdf' }]));
    expect(checkMetadata(new TextEncoder().encode(metadata), ['1.0.0', '2.1.0']).ok).toBe(true);
    let valid = 0;
    fc.assert(fc.property(fc.oneof(fuzzInput([metadata, '{"$schema":"https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json"}']), fc.json()), (text) => {
      const t0 = performance.now();
      const r = checkMetadata(new TextEncoder().encode(text), ['1.0.0', '2.1.0']);
      expect(performance.now() - t0).toBeLessThan(INPUT_BUDGET_MS);
      if (r.ok) valid++;
      else expectProblem(r.error);
    }), fuzzParams(1500));
    expect(valid).toBeGreaterThan(0);
  }, fuzzTimeout(1500, 3));
});
