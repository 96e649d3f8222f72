import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvidence } from '../../../simulators/kernel/evidence/index.ts';
import { parseEnvelopes } from '../envelopes.ts';
import { FIXTURES_DIR } from '../../testing/run-dir.ts';
import { validatePlatformTemplate, validateReportDocument } from '../../schema.ts';
import { buildReportModelV1, runKeys, type RunInputV1 } from './build.ts';
import type { PlatformTemplate } from './template.ts';
import { findTestData, passesElfproef } from './test-data.ts';
import { decodeCompact, findJose } from '../../html/v1/jose.ts';

function fixtureRun(key: string, environment: string, mutate?: (line: string) => string): RunInputV1 {
  const run = JSON.parse(readFileSync(join(FIXTURES_DIR, 'run.json'), 'utf8')) as Record<string, unknown>;
  const messages = readFileSync(join(FIXTURES_DIR, 'messages.ndjson'), 'utf8');
  return {
    key,
    files: { messages: `${key}.messages.ndjson` },
    inputs: {
      envelopes: parseEnvelopes(mutate ? messages.split('\n').map(mutate).join('\n') : messages).envelopes,
      evidence: readEvidence(join(FIXTURES_DIR, 'evidence.jsonl')),
      run: { ...run, environment },
    },
  };
}

const LZ_TEMPLATE: PlatformTemplate = {
  templateVersion: 1,
  platform: 'mijnoverheid',
  title: 'Testrapport Lopende Zaken',
  language: 'nl',
  sections: [{ id: 'berichten', title: 'Berichten', items: ['LZ-MSG-01', 'LZ-MSG-02', 'LZ-MSG-03'] }],
  items: { 'LZ-MSG-01': { title: 'Statusupdate wordt afgeleverd' } },
  notApplicable: { 'LZ-MSG-03': 'alleen voor aanbieders met documenten' },
  facts: [{ label: 'Organisatie', from: 'sut.organisation' }, { label: 'OIN', from: 'sut.oin' }, { label: 'Omgevingen', from: 'test.environments' }],
  testData: [{ label: "Gebruikte BSN's", key: 'bsn', digits: 9, checksum: 'elfproef' }],
  signOff: { title: 'Ondertekening', fields: ['Naam', 'Datum'] },
};

describe('report model v1: several runs, one checklist per environment', () => {
  // Second run: the failing scenario passes (a re-test after a fix on another environment).
  const fixed = (line: string): string => (line.includes('"testStepFinished"') ? line.replace('"status":"FAILED"', '"status":"PASSED"') : line);
  const model = buildReportModelV1({
    runs: [fixtureRun('test', 'test'), fixtureRun('refz', 'refz', fixed)],
    templates: new Map([['mijnoverheid', { file: 'template.mijnoverheid.json', template: LZ_TEMPLATE }]]),
    declaration: { declarationVersion: 1, organisation: 'Gemeente Voorbeeld', identifiers: { oin: '00000099123456780000' }, notApplicable: {} },
  });
  const lz = model.platforms.find((p) => p.platform === 'mijnoverheid')!;
  const item = (id: string) => lz.items.find((i) => i.checklistId === id)!;

  it('lists each item per environment and fails it when any environment failed', () => {
    expect(lz.environments).toEqual(['test', 'refz']);
    expect(item('LZ-MSG-02').results.map((r) => `${r.environment}:${r.verdict}`)).toEqual(['test:failed', 'refz:passed']);
    expect(item('LZ-MSG-02').verdict).toBe('failed');
    expect(item('LZ-MSG-02').reason).toMatch(/^test: expected error code LZ_UNKNOWN_BSN/);
    expect(item('LZ-MSG-01').results.map((r) => r.verdict)).toEqual(['passed', 'passed']);
    expect(item('LZ-MSG-01').results[0].evidence).toEqual([1, 2, 3]);
  });

  it('takes titles, sections and not-applicable items from the template, and scores applicable items only', () => {
    expect(lz.title).toBe('Testrapport Lopende Zaken');
    expect(item('LZ-MSG-01')).toMatchObject({ title: 'Statusupdate wordt afgeleverd', section: 'berichten' });
    expect(item('LZ-MSG-03')).toMatchObject({ verdict: 'not-applicable', reason: 'not required by the platform owner: alleen voor aanbieders met documenten' });
    // KERNEL-TLS-03 is tagged in the run but not in the template: listed under "other", with a warning.
    expect(item('KERNEL-TLS-03')).toMatchObject({ verdict: 'passed', section: 'other' });
    expect(lz.sections.map((s) => s.id)).toEqual(['berichten', 'other']);
    expect(model.warnings.join('\n')).toMatch(/KERNEL-TLS-03 are not in the platform's report template/);
    expect(lz.counts).toEqual({ passed: 2, failed: 1, notRun: 0, notApplicable: 1 });
    expect(lz.score).toEqual({ percent: 66.7, passed: 2, applicable: 3, complete: true });
    expect(lz.signOff).toEqual({ title: 'Ondertekening', fields: ['Naam', 'Datum'] });
  });

  it('fills the facts from the declaration and the evidence', () => {
    expect(lz.facts).toEqual([
      { label: 'Organisatie', value: 'Gemeente Voorbeeld' },
      { label: 'OIN', value: '00000099123456780000 (declared, matches the client certificate)' },
      { label: 'Omgevingen', value: 'test, refz' },
    ]);
    expect(model.sut.certificates[0].runs).toEqual(['test', 'refz']);
  });

  it('is valid against the v1 schema, and the schema rejects a wrong verdict (negative control)', () => {
    const doc = { reportVersion: '1', generatedAt: '2026-11-23T18:10:00.000Z', outputs: {}, redactedAtBuild: [],
      signer: { certificateSha256: 'ab'.repeat(32), publicKeySha256: 'cd'.repeat(32), subject: 'CN=s', issuer: 'CN=s', notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2027-01-01T00:00:00.000Z', signatureAlgorithm: 'Ed25519' },
      ...model };
    expect(validateReportDocument(doc)).toEqual([]);
    const bad = JSON.parse(JSON.stringify(doc)) as typeof doc;
    bad.platforms[0].items[0].verdict = 'maybe' as never;
    expect(validateReportDocument(bad).join('\n')).toMatch(/verdict/);
  });

  it('a vendor declaration can make an item not applicable', () => {
    const m = buildReportModelV1({ runs: [fixtureRun('only', 'test')], declaration: { declarationVersion: 1, notApplicable: { 'mijnoverheid/LZ-MSG-02': 'we send no status updates for unknown persons' } } });
    const i = m.platforms[0].items.find((x) => x.checklistId === 'LZ-MSG-02')!;
    expect(i).toMatchObject({ verdict: 'not-applicable', reason: 'declared not applicable by the vendor: we send no status updates for unknown persons' });
    expect(m.warnings.join('\n')).toMatch(/LZ-MSG-02 is declared not applicable but failed in test/);
  });

  it('run keys are the environments when they differ, else numbered', () => {
    expect(runKeys(['test', 'refz'])).toEqual(['test', 'refz']);
    expect(runKeys(['default', 'default'])).toEqual(['run1', 'run2']);
    expect(runKeys(['Test Env!'])).toEqual(['test-env']);
  });
});

describe('test data and JOSE helpers', () => {
  it('finds BSNs that pass the elfproef next to a bsn field', () => {
    expect(passesElfproef('999990019')).toBe(true);
    expect(passesElfproef('999990018')).toBe(false);
    const texts = ['<lz:bsn>999990019</lz:bsn>', 'a BSN "999990018" that fails', '{"bsn":"999991772"}', 'oin 00000099123456789012'];
    expect(findTestData({ label: 'BSN', key: 'bsn', digits: 9, checksum: 'elfproef' }, texts)).toEqual(['999990019', '999991772']);
  });

  it('decodes JWE protected headers and SET claims, and ignores non-tokens', () => {
    const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwe = `${b({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'k1', cty: 'application/json' })}.enc.iv.ct.tag`;
    const set = `${b({ alg: 'PS512', typ: 'secevent+jwt' })}.${b({ iss: 'fitconnect', events: { 'https://schema.fitko.de/fit-connect/events/accept-submission': {} } })}.sig`;
    expect(decodeCompact(jwe)).toMatchObject({ kind: 'JWE', header: { kid: 'k1', cty: 'application/json' } });
    expect(findJose([`token ${set} and ${jwe}`]).map((d) => `${d.kind}:${d.isSet}`)).toEqual(['JWS:true', 'JWE:false']);
    expect(findJose(['eyJub3QiOiJqb3NlIn0.x.y'])).toEqual([]);
  });
});

describe('platform report templates shipped in features/', () => {
  const root = new URL('../../../features/', import.meta.url).pathname;
  const platforms = readdirSync(root).filter((p) => existsSync(join(root, p, 'report.json')));
  it('the kernel ships one', () => {
    expect(platforms).toContain('kernel');
  });
  for (const p of platforms) {
    it(`${p}: valid, and lists exactly the checklist ids of its feature files`, () => {
      const t = JSON.parse(readFileSync(join(root, p, 'report.json'), 'utf8')) as PlatformTemplate;
      expect(validatePlatformTemplate(t)).toEqual([]);
      expect(t.platform).toBe(p);
      const tagged = new Set<string>();
      for (const f of readdirSync(join(root, p)).filter((x) => x.endsWith('.feature'))) {
        for (const m of readFileSync(join(root, p, f), 'utf8').matchAll(/@([A-Z][A-Z0-9]*(?:-[A-Z0-9.]+)+)\b/g)) tagged.add(m[1]);
      }
      const listed = t.sections.flatMap((s) => s.items);
      expect([...new Set(listed)].sort()).toEqual([...tagged].sort());
      for (const id of listed) expect(t.items?.[id]?.title, `${id} has no title`).toBeTruthy();
    });
  }
  it('negative control: a template missing its title or with a bad id is rejected', () => {
    expect(validatePlatformTemplate({ templateVersion: 1, platform: 'x', sections: [] }).join()).toMatch(/title/);
    expect(validatePlatformTemplate({ templateVersion: 1, platform: 'x', title: 'X', sections: [{ id: 's', title: 'S', items: ['lower-1'] }] }).join()).toMatch(/pattern/);
  });
});
