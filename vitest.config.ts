import { defineConfig } from 'vitest/config';

// Tests whose assertions are wall-clock budgets (`*.timing.test.ts`, e.g. "govsim up starts
// within 3 s") run in a phase of their own, on an otherwise idle machine, so parallel test
// files cannot eat their budget. `govsim test` runs both phases; GOVSIM_VITEST_PHASE=timing
// selects the second.
const timing = process.env.GOVSIM_VITEST_PHASE === 'timing';

export default defineConfig({
  test: {
    include: timing ? ['**/*.timing.test.ts'] : ['**/*.test.ts'],
    exclude: ['node_modules/**', 'govsim-out/**', 'dist/**', ...(timing ? [] : ['**/*.timing.test.ts'])],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
