/**
 * Negative controls for the Byg og Miljø suite: each broken variant of the reference case
 * system turns exactly its scenarios red with the expected message, while a bystander
 * scenario stays green; the reference client passes everything, also in trigger mode
 * (one process per action, so the high-watermark really survives a restart).
 */
import { describe, expect, it } from 'vitest';
import { GOVSIM_BIN, govsimRun as run } from '../../../cli/testing/govsim-run.ts';
import { BOM_VARIANTS } from './index.ts';

const govsimRun = (args: string[]) => run(['--platform', 'bygogmiljo', ...args]);
const tags = (ids: string[]) => ids.map((i) => `@${i}`).join(' or ');

const CONTROLS: Array<{ variant: keyof typeof BOM_VARIANTS; fails: string[]; passes: string; expectMessage: RegExp }> = [
  { variant: 'one-certificate-for-all', fails: ['BOM-AUTH-01'], passes: 'BOM-APP-01', expectMessage: /refused LaesAnsoegningOversigt for CVR 99990015 with TransaktionFault BOM_CERTIFIKAT_ANDEN_MYNDIGHED/ },
  { variant: 'uses-own-cvr', fails: ['BOM-AUTH-03'], passes: 'BOM-APP-01', expectMessage: /refused LaesAnsoegningOversigt for CVR 99990023 with TransaktionFault BOM_MYNDIGHED_UKENDT/ },
  { variant: 'swallows-faults', fails: ['BOM-AUTH-02', 'BOM-AUTH-04', 'BOM-AUTH-05', 'BOM-AUTH-06'], passes: 'BOM-AUTH-03', expectMessage: /reported success .* although Byg og Miljø refused the call with BOM_/ },
  { variant: 'reply-without-documents', fails: ['BOM-SVR-01'], passes: 'BOM-STA-01', expectMessage: /TransaktionFault BOM_BESVARELSE_DOKUMENT_MANGLER/ },
  { variant: 'no-status-readback', fails: ['BOM-STA-01'], passes: 'BOM-SVR-01', expectMessage: /did not read the status of case .* with LaesSagStatus after updating it/ },
  { variant: 'watermark-in-memory', fails: ['BOM-MSG-01'], passes: 'BOM-FRIST-01', expectMessage: /delivered more than once .* did not continue from its stored high-watermark/ },
  { variant: 'ignores-deadline-messages', fails: ['BOM-FRIST-01'], passes: 'BOM-MSG-01', expectMessage: /fetched the FristOverskridelseBesked .* but did not read the case status/ },
  { variant: 'no-security-token', fails: ['BOM-DOC-01', 'BOM-SVR-01'], passes: 'BOM-APP-01', expectMessage: /BOM_TOKEN_MANGLER/ },
  { variant: 'reads-only-current-status', fails: ['BOM-MSG-02'], passes: 'BOM-MSG-01', expectMessage: /announced status AfventerAnsoeger .* never read that status with LaesSagStatus/ },
  { variant: 'restarts-service-clock', fails: ['BOM-SM-01'], passes: 'BOM-STA-01', expectMessage: /with Handling "Start" instead of "Genoptag"/ },
  { variant: 'hardcoded-configuration', fails: ['BOM-KONF-01'], passes: 'BOM-APP-01', expectMessage: /waited \d+ ms for an accepted GetBasisKonfiguration/ },
];

describe('Byg og Miljø suite negative controls', () => {
  it('has a control for every broken variant', () => {
    expect(CONTROLS.map((c) => c.variant).sort()).toEqual(Object.keys(BOM_VARIANTS).sort());
  });

  for (const c of CONTROLS) {
    it(`turns ${c.fails.join(', ')} red with the variant "${c.variant}"`, () => {
      const { code, run: r, output } = govsimRun(['--variant', c.variant, '--tags', tags([...c.fails, c.passes])]);
      const byId = new Map(r.scenarios.map((s) => [s.tags.find((t) => t.startsWith('@BOM-'))!.slice(1), s]));
      expect([...byId.keys()].sort(), output).toEqual([...c.fails, c.passes].sort());
      for (const id of c.fails) {
        expect(byId.get(id)!.status, `${id} should fail with ${c.variant}`).toBe('FAILED');
        expect(byId.get(id)!.message ?? '').toMatch(c.expectMessage);
      }
      expect(byId.get(c.passes)!.status, `${c.passes} should still pass with ${c.variant}: ${byId.get(c.passes)!.message}`).toBe('PASSED');
      expect(code).toBe(1);
    });
  }

  it('passes every scenario with the reference client', () => {
    const { code, run: r, output } = govsimRun([]);
    expect(r.scenarios.length, output).toBe(15);
    expect(r.scenarios.filter((s) => s.status !== 'PASSED').map((s) => `${s.name}: ${s.message}`)).toEqual([]);
    expect(code).toBe(0);
  });

  it('passes with the reference client as a trigger command (a real process restart between polls; a refusal reported by exit code)', () => {
    const cmd = `"${process.execPath}" "${GOVSIM_BIN}" reference-client`;
    const { code, run: r, output } = govsimRun(['--sut', 'trigger', '--sut-command', cmd, '--tags', tags(['BOM-MSG-01', 'BOM-AUTH-06'])]);
    expect(r.scenarios.map((s) => `${s.status} ${s.message ?? ''}`), output).toEqual(['PASSED ', 'PASSED ']);
    expect(code).toBe(0);
  });
});
