/**
 * Negative controls for the kernel suite: each deliberate defect or broken client must
 * turn exactly its scenarios red. Runs the real CLI in a child process.
 */
import { describe, expect, it } from 'vitest';
import { GOVSIM_BIN, govsimRun as run } from './testing/govsim-run.ts';

const govsimRun = (args: string[]) => run(['--platform', 'kernel', ...args]);

const CONTROLS: Array<{ name: string; args: string[]; tags: string; expectMessage: RegExp }> = [
  { name: 'a client that presents no certificate', args: ['--variant', 'no-certificate'], tags: '@KERNEL-ID-01 or @KERNEL-ID-02 or @KERNEL-ID-03 or @KERNEL-ID-04', expectMessage: /successful identity exchange/ },
  { name: 'a kernel that accepts any certificate', args: ['--defect', 'accept-any-certificate'], tags: '@KERNEL-TLS-01 or @KERNEL-TLS-02 or @KERNEL-TLS-03', expectMessage: /refused|HTTP 200|answered 200/ },
  { name: 'a kernel that ignores fault rules', args: ['--defect', 'ignore-faults'], tags: '@KERNEL-FLT-01 or @KERNEL-FLT-02 or @KERNEL-FLT-03 or @KERNEL-FLT-04 or @KERNEL-FLT-05 or @KERNEL-FLT-06', expectMessage: /./ },
  { name: 'a kernel that skips the XML guard', args: ['--defect', 'skip-xml-guard'], tags: '@KERNEL-XML-01 or @KERNEL-XML-02 or @KERNEL-XML-03 or @KERNEL-XML-04', expectMessage: /./ },
  { name: 'an evidence writer that buffers', args: ['--defect', 'buffered-evidence'], tags: '@KERNEL-EVD-01', expectMessage: /acknowledged records are missing/ },
  { name: 'a handler that leaks the bearer token', args: ['--defect', 'leak-secret'], tags: '@KERNEL-EVD-02', expectMessage: /contains the secret/ },
];

describe('kernel suite negative controls', () => {
  for (const c of CONTROLS) {
    it(`turns red with ${c.name}`, () => {
      const { code, run, output } = govsimRun([...c.args, '--tags', c.tags]);
      expect(run.scenarios.length, output).toBeGreaterThan(0);
      for (const s of run.scenarios) {
        expect(s.status, `${s.name} should fail with ${c.name}`).toBe('FAILED');
        expect(s.message ?? '').toMatch(c.expectMessage);
      }
      expect(code).toBe(1);
    });
  }

  it('passes the same scenarios in trigger mode with the reference client as the SUT command', () => {
    const cmd = `"${process.execPath}" "${GOVSIM_BIN}" reference-client`;
    const { code, run, output } = govsimRun(['--sut', 'trigger', '--sut-command', cmd, '--tags', '@KERNEL-ID-01 or @KERNEL-TLS-02 or @KERNEL-FLT-01']);
    expect(run.scenarios.map((s) => s.status), output).toEqual(['PASSED', 'PASSED', 'PASSED']);
    expect(code).toBe(0);
  });

  it('in manual mode a scenario fails with a clear message when nobody acts', () => {
    const { code, run } = govsimRun(['--sut', 'manual', '--timeout', '1500', '--tags', '@KERNEL-ID-01']);
    expect(run.scenarios).toHaveLength(1);
    expect(run.scenarios[0].status).toBe('FAILED');
    expect(run.scenarios[0].message).toMatch(/waited 1500 ms for a successful identity exchange/);
    expect(code).toBe(1);
  });
});
