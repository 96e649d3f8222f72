/**
 * Fuzzing the configuration path (seeded; GOVSIM_FUZZ_SCALE for longer): JSON-with-comments
 * parsing, schema validation and layer resolution. Every text ends in a resolved config, a
 * syntax error with line and column, or a ConfigError with a stable CONFIG_ code.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FUZZ_SEED, fuzzInput, fuzzParams, fuzzTimeout } from '../../bench/reliability/fuzz-kit.ts';
import { ConfigError } from './errors.ts';
import { parseJsonc } from './jsonc.ts';
import { DEFAULT_CONFIG, resolveConfig } from './resolve.ts';
import { validateConfigValue } from './validate.ts';

const PLATFORMS = { mijnoverheid: { ports: { https: 8443, portal: 8444 } }, fitconnect: { ports: { test: 8450, refz: 8451 } } };
const sample = `// govsim configuration
{
  "$schema": "./node_modules/govsim/cli/config/govsim.config.schema.json",
  /* where runs go */
  "outDir": "out",
  "host": "127.0.0.1",
  "admin": { "port": 7070, "allowRemote": false },
  "sut": { "mode": "trigger", "command": "./drive-sut.sh" },
  "platforms": { "mijnoverheid": { "ports": { "https": 9443 } } }
}
`;

describe(`configuration under fuzzing (seed ${FUZZ_SEED})`, () => {
  it('resolves, reports a located syntax error, or throws ConfigError with a CONFIG_ code', () => {
    let resolved = 0;
    fc.assert(fc.property(fc.oneof(fuzzInput([sample]), fc.json().map((j) => `{"outDir":"x","extra":${j}}`), fc.json()), (text) => {
      const parsed = parseJsonc(text);
      if (!parsed.ok) {
        expect(parsed.line).toBeGreaterThanOrEqual(1);
        expect(parsed.column).toBeGreaterThanOrEqual(0);
        expect(parsed.message.length).toBeGreaterThan(0);
        return;
      }
      for (const p of validateConfigValue(parsed.value)) expect(typeof p.message).toBe('string');
      if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) return;
      try {
        resolveConfig([
          { origin: 'default', label: 'defaults', config: DEFAULT_CONFIG, baseDir: '/tmp' },
          { origin: 'file', label: 'govsim.config.json', config: parsed.value as never, baseDir: '/tmp' },
        ], PLATFORMS);
        resolved++;
      } catch (err) {
        if (!(err instanceof ConfigError)) throw new Error(`not a ConfigError: ${(err as Error).name}: ${(err as Error).message}`);
        expect(err.code).toMatch(/^CONFIG_[A-Z_]+$/);
      }
    }), fuzzParams(1500));
    expect(resolved).toBeGreaterThan(0);
  }, fuzzTimeout(1500, 3));
});
