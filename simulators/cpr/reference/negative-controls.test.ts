/**
 * Negative controls for the CPR suite: each broken variant of the reference client must
 * turn exactly its scenarios red with the expected message, and the reference client
 * must pass the whole suite (reference mode) and a slice of it in trigger mode, where
 * every action runs in a new process and the provider's state lives in its state file.
 * A simulator defect proves the kommune scenario really reads the register.
 */
import { describe, expect, it } from 'vitest';
import { GOVSIM_BIN, govsimRun as run } from '../../../cli/testing/govsim-run.ts';
import { cprReferenceClient } from './index.ts';

const govsimRun = (args: string[]) => run(['--platform', 'cpr', ...args]);

const CONTROLS: Array<{ variant: string; tags: string; expectMessage: RegExp }> = [
  { variant: 'no-kendeord-rotation', tags: '@CPR-LOG-04', expectMessage: /did not change its kendeord/ },
  { variant: 'retries-wrong-kendeord', tags: '@CPR-LOG-02', expectMessage: /sent [2-9] logons .*locking the personkode/ },
  { variant: 'ignores-error-codes', tags: '@CPR-INI-05 or @CPR-VAL-02', expectMessage: /carried on|still tried to save/ },
  { variant: 'saves-without-validating', tags: '@CPR-SAV-01 or @CPR-SAV-02', expectMessage: /answer to the save.*"33"|without a successful validation/ },
  { variant: 'space-padded-numbers', tags: '@CPR-INI-01', expectMessage: /answer to the initiation.*expected "00", got "19"/ },
  { variant: 'wrong-field-width', tags: '@CPR-INI-01', expectMessage: /answer to the initiation.*expected "00", got "18"/ },
  { variant: 'no-session-renewal', tags: '@CPR-SES-01', expectMessage: /did not log on again/ },
  { variant: 'never-aborts', tags: '@CPR-ABT-01 or @CPR-ABT-02', expectMessage: /did not abort event/ },
];

describe('CPR suite negative controls', () => {
  it('has a control for every broken variant', () => {
    expect(CONTROLS.map((c) => c.variant).sort()).toEqual(Object.keys(cprReferenceClient.variants).sort());
  });

  for (const c of CONTROLS) {
    it(`turns red with the "${c.variant}" client`, () => {
      const { code, run, output } = govsimRun(['--variant', c.variant, '--tags', c.tags]);
      expect(run.scenarios.length, output).toBe(c.tags.split(' or ').length);
      for (const s of run.scenarios) {
        expect(s.status, `${s.name} should fail with the ${c.variant} client`).toBe('FAILED');
        expect(s.message ?? '').toMatch(c.expectMessage);
      }
      expect(code).toBe(1);
    }, 60_000);
  }

  it('turns CPR-KOM-01 red when an approval does not reach the register (simulator defect)', () => {
    const { code, run, output } = govsimRun(['--defect', 'desk-approval-keeps-register', '--tags', '@CPR-KOM-01']);
    expect(run.scenarios.map((s) => s.status), output).toEqual(['FAILED']);
    expect(run.scenarios[0].message ?? '').toMatch(/street CPR now answers for the citizen.*Nørrebrogade/);
    expect(code).toBe(1);
  }, 60_000);

  it('passes the whole suite with the reference client', () => {
    const { code, run, output } = govsimRun([]);
    expect(run.scenarios.length, output).toBeGreaterThanOrEqual(25);
    expect(run.scenarios.filter((s) => s.status !== 'PASSED').map((s) => `${s.name}: ${s.message}`), output).toEqual([]);
    expect(code).toBe(0);
  }, 90_000);

  it('passes in trigger mode with the reference client as the SUT command (state kept between processes)', () => {
    const cmd = `"${process.execPath}" "${GOVSIM_BIN}" reference-client`;
    const { code, run, output } = govsimRun(['--sut', 'trigger', '--sut-command', cmd, '--tags', '@CPR-SES-01 or @CPR-LOG-04 or @CPR-KOM-01']);
    expect(run.scenarios.map((s) => `${s.status} ${s.message ?? ''}`.trim()), output).toEqual(['PASSED', 'PASSED', 'PASSED']);
    expect(code).toBe(0);
  }, 90_000);
});
