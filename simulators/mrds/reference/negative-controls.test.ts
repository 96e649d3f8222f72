/**
 * Negative controls of the MRDS suite: each broken reference variant (one defect each)
 * and each deliberate simulator defect turns exactly its scenarios red with the expected
 * message; the reference client passes the same scenarios. Runs the real CLI.
 */
import { describe, expect, it } from 'vitest';
import { govsimRun as run } from '../../../cli/testing/govsim-run.ts';
import { MRDS_DEFECTS } from '../transport/xmeld-service.ts';
import { MRDS_VARIANTS } from './index.ts';

const govsimRun = (args: string[]) => run(['--platform', 'mrds', ...args]);

const VARIANT_CONTROLS: Array<{ variant: keyof typeof MRDS_VARIANTS; tags: string[]; expectMessage: RegExp }> = [
  { variant: 'wrong-kundennummer', tags: ['@MRDS-SEC-01'], expectMessage: /refused the query with MRDS_KUNDENNUMMER_MISMATCH/ },
  { variant: 'plain-xml', tags: ['@MRDS-MSG-01'], expectMessage: /refused the query with MRDS_PARAMETER_NOT_BASE64/ },
  { variant: 'missing-nachrichtenkopf-fields', tags: ['@MRDS-MSG-02'], expectMessage: /refused the query with MRDS_XMELD_HEADER_INVALID: .*nachrichtenUUID is missing/ },
  { variant: 'missing-aktenzeichen', tags: ['@MRDS-MSG-03'], expectMessage: /refused the query with MRDS_CALLER_DATA_MISSING: .*aktenzeichen/ },
  { variant: 'unescaped-free-text', tags: ['@MRDS-MSG-05'], expectMessage: /refused the query with MRDS_XMELD_MALFORMED/ },
  { variant: 'skip-consent', tags: ['@MRDS-ORD-04'], expectMessage: /refused the order: ORD_CONSENT_MISSING/ },
];

/** Simulator defects: one per scenario, so they can share a run. */
const DEFECT_CONTROLS: Array<{ defect: keyof typeof MRDS_DEFECTS; tag: string; expectMessage: RegExp }> = [
  { defect: 'no-result-cap', tag: '@MRDS-QRY-04', expectMessage: /persons delivered in the answer: expected 1000, got 1050/ },
  { defect: 'disclose-blocked', tag: '@MRDS-QRY-05', expectMessage: /hits withheld because of an Auskunftssperre: expected 1, got 0/ },
  { defect: 'accept-unregistered-certificate', tag: '@MRDS-SEC-04', expectMessage: /answered the query \(HTTP 200\) instead of refusing it with MRDS_CERT_NOT_REGISTERED/ },
  { defect: 'ignore-kundennummer', tag: '@MRDS-SEC-06', expectMessage: /answered the query \(HTTP 200\) instead of refusing it with MRDS_KUNDENNUMMER_MISMATCH/ },
];

const ALL_TAGS = [...VARIANT_CONTROLS.flatMap((c) => c.tags), ...DEFECT_CONTROLS.map((c) => c.tag)];

describe('MRDS suite negative controls', () => {
  it('every variant and defect has a control', () => {
    expect(VARIANT_CONTROLS.map((c) => c.variant).sort()).toEqual(Object.keys(MRDS_VARIANTS).sort());
    expect(DEFECT_CONTROLS.map((c) => c.defect).sort()).toEqual(Object.keys(MRDS_DEFECTS).sort());
  });

  it('the reference client passes every scenario the controls turn red', () => {
    const { code, run: r, output } = govsimRun(['--tags', ALL_TAGS.join(' or ')]);
    expect(r.scenarios.map((s) => [s.tags.find((t) => t.startsWith('@MRDS-')), s.status]), output.slice(-3000))
      .toEqual(expect.arrayContaining(ALL_TAGS.map((t) => [t, 'PASSED'])));
    expect(r.scenarios).toHaveLength(ALL_TAGS.length);
    expect(code).toBe(0);
  });

  for (const c of VARIANT_CONTROLS) {
    it(`turns red with the "${c.variant}" client (${MRDS_VARIANTS[c.variant]})`, () => {
      const { code, run: r, output } = govsimRun(['--variant', c.variant, '--tags', c.tags.join(' or ')]);
      expect(r.scenarios, output.slice(-3000)).toHaveLength(c.tags.length);
      for (const s of r.scenarios) {
        expect(s.status, `${s.name} should fail with the ${c.variant} client`).toBe('FAILED');
        expect(s.message ?? '').toMatch(c.expectMessage);
      }
      expect(code).toBe(1);
    });
  }

  it('turns red with a simulator that skips the cap, discloses blocked persons, accepts unregistered certificates or ignores the Kundennummer', () => {
    const args = DEFECT_CONTROLS.flatMap((c) => ['--defect', c.defect]);
    const { code, run: r, output } = govsimRun([...args, '--tags', DEFECT_CONTROLS.map((c) => c.tag).join(' or ')]);
    expect(r.scenarios, output.slice(-3000)).toHaveLength(DEFECT_CONTROLS.length);
    for (const c of DEFECT_CONTROLS) {
      const s = r.scenarios.find((x) => x.tags.includes(c.tag));
      expect(s?.status, `${c.tag} should fail with defect ${c.defect}`).toBe('FAILED');
      expect(s?.message ?? '').toMatch(c.expectMessage);
    }
    expect(code).toBe(1);
  });
});
