/**
 * Negative controls for the MijnOverheid Lopende Zaken suite: every broken variant of the
 * reference client turns its scenarios red with the expected message; the reference passes all.
 */
import { describe, expect, it } from 'vitest';
import { govsimRun as run } from '../../../cli/testing/govsim-run.ts';
import { MIJNOVERHEID_VARIANTS } from './index.ts';

const govsimRun = (args: string[]) => run(['--platform', 'mijnoverheid', ...args]);

const CONTROLS: Array<{ variant: keyof typeof MIJNOVERHEID_VARIANTS; tags: string; expectMessage: RegExp }> = [
  { variant: 'wrong-oin-certificate', tags: '@LZ-CON-01 or @LZ-CRT-01', expectMessage: /EBMS_CERT_OIN_MISMATCH|certificate for OIN 00000003123456780000, but the From PartyId/ },
  { variant: 'partyid-type-missing', tags: '@LZ-CON-01 or @LZ-HDR-01', expectMessage: /EBMS_PARTYID_TYPE_MISSING/ },
  { variant: 'wrong-soapaction', tags: '@LZ-CON-01', expectMessage: /SOAP Fault EBMS_SOAPACTION/ },
  { variant: 'duplicate-different-content', tags: '@LZ-DUP-01', expectMessage: /different content under the same MessageId/ },
  { variant: 'bad-bsn', tags: '@LZ-MSG-05', expectMessage: /no zaak LZ-MSG-0005 for citizen 000009921: MijnOverheid answered with foutbericht LZ_XSD_INVALID/ },
  { variant: 'ignores-foutbericht', tags: '@LZ-FOUT-01 or @LZ-FOUT-02', expectMessage: /delivery state of zaak LZ-FOUT-000\d in the system under test: expected "foutbericht", got "bevestigd"/ },
  { variant: 'no-ack', tags: '@LZ-FOUT-01', expectMessage: /an Acknowledgment of foutbericht .* from the system under test/ },
  { variant: 'no-retry', tags: '@LZ-RTY-01', expectMessage: /waited \d+ ms for a retransmission of \S+@\S+, but it is not in the evidence/ },
  { variant: 'sha1-signature', tags: '@DK-OUT-RM-S', expectMessage: /the osb-rm-s message was answered with a MessageError: SecurityFailure EBMS_SIGNATURE_METHOD_WEAK/ },
  { variant: 'unsigned-on-signed-profile', tags: '@DK-OUT-BE-S', expectMessage: /the osb-be-s message was answered with a MessageError: SecurityFailure EBMS_SIGNATURE_MISSING/ },
];

describe('MijnOverheid suite negative controls', () => {
  it('every variant has a control', () => {
    expect(CONTROLS.map((c) => c.variant).sort()).toEqual(Object.keys(MIJNOVERHEID_VARIANTS).sort());
  });

  for (const c of CONTROLS) {
    it(`${c.variant} turns ${c.tags} red`, { timeout: 90_000 }, () => {
      const { code, run: result, output } = govsimRun(['--variant', c.variant, '--tags', c.tags]);
      expect(result.scenarios.length, output).toBe(c.tags.split(' or ').length);
      for (const s of result.scenarios) {
        expect(s.status, `${s.name} should fail with variant ${c.variant}`).toBe('FAILED');
        expect(s.message ?? '').toMatch(c.expectMessage);
      }
      expect(code).toBe(1);
    });
  }

  it('the reference client passes the whole suite', { timeout: 180_000 }, () => {
    const { code, run: result, output } = govsimRun([]);
    expect(result.scenarios.length, output).toBeGreaterThanOrEqual(23);
    expect(result.scenarios.filter((s) => s.status !== 'PASSED').map((s) => `${s.name}: ${s.message}`), output).toEqual([]);
    expect(code).toBe(0);
  });
});
