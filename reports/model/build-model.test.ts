import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvidence } from '../../simulators/kernel/evidence/index.ts';
import { FIXTURES_DIR, FAILED_PICKLE, PASSED_PICKLE } from '../testing/run-dir.ts';
import { buildReportModel, configHash } from './build-model.ts';
import { parseEnvelopes } from './envelopes.ts';

function fixtureModel() {
  const { envelopes } = parseEnvelopes(readFileSync(join(FIXTURES_DIR, 'messages.ndjson'), 'utf8'));
  return buildReportModel({
    envelopes,
    evidence: readEvidence(join(FIXTURES_DIR, 'evidence.jsonl')),
    run: JSON.parse(readFileSync(join(FIXTURES_DIR, 'run.json'), 'utf8')),
  });
}

describe('report model from the golden run', () => {
  const model = fixtureModel();
  const items = new Map(model.platforms.flatMap((p) => p.items).map((i) => [i.checklistId, i]));

  it('gives a verdict per checklist id, counting a scenario for each of its ids', () => {
    expect(model.platforms.map((p) => p.platform)).toEqual(['mijnoverheid']);
    expect([...items.keys()]).toEqual(['KERNEL-TLS-03', 'LZ-MSG-01', 'LZ-MSG-02']);
    expect(items.get('LZ-MSG-01')).toMatchObject({ verdict: 'passed', scenarioIds: [PASSED_PICKLE], evidenceCount: 3 });
    expect(items.get('KERNEL-TLS-03')).toMatchObject({ verdict: 'passed', scenarioIds: [PASSED_PICKLE], evidenceCount: 3 });
    expect(items.get('LZ-MSG-02')).toMatchObject({ verdict: 'failed', scenarioIds: [FAILED_PICKLE], evidenceCount: 4 });
    expect(items.get('LZ-MSG-02')!.reason).toBe('expected error code LZ_UNKNOWN_BSN in the ebMS error, got none (message was acknowledged)');
    expect(items.get('LZ-MSG-01')!.reason).toBeUndefined();
    expect(model.summary).toEqual({ checklist: { passed: 2, failed: 1, notRun: 0 }, scenarios: { passed: 1, failed: 1, notRun: 0 } });
    expect(model.platforms[0].counts).toEqual({ passed: 2, failed: 1, notRun: 0 });
  });

  it('keeps every step with keyword, status, duration and the failure message', () => {
    const failed = model.scenarios.find((s) => s.pickleId === FAILED_PICKLE)!;
    expect(failed.steps.map((s) => `${s.keyword} ${s.text} ${s.status}`)).toEqual([
      'Given the simulator trusts the test CA PASSED',
      'When the system under test sends a status update for case "Z-2024-0002" PASSED',
      'Then the error code is "LZ_UNKNOWN_BSN" FAILED',
    ]);
    expect(failed.steps[1].durationMs).toBeGreaterThan(10);
    expect(failed.steps[2].message).toContain('expected error code LZ_UNKNOWN_BSN');
    expect(failed.steps[2].detail).toContain('lopendezaken.steps.ts');
    expect(failed).toMatchObject({ status: 'FAILED', verdict: 'failed', attempts: 1, featureName: 'Lopende Zaken messages are delivered over Digikoppeling ebMS2', line: 11 });
    expect(failed.startedAt).toBe('2026-11-23T18:08:50.801Z');
  });

  it('links evidence by pickle id and counts records of no scenario as unlinked', () => {
    expect(model.scenarios.find((s) => s.pickleId === PASSED_PICKLE)!.evidenceSeqs).toEqual([1, 2, 3]);
    expect(model.scenarios.find((s) => s.pickleId === FAILED_PICKLE)!.evidenceSeqs).toEqual([4, 5, 6, 7]);
    expect(model.evidence).toMatchObject({ records: 8, unlinked: 1, truncatedTail: false, gaps: [] });
    expect(model.warnings).toEqual([]);
  });

  it('lists the client certificates seen, refused ones included', () => {
    expect(model.sutIdentities).toHaveLength(2);
    const [sut, impostor] = model.sutIdentities;
    expect(sut).toMatchObject({ oin: '00000099123456780000', authorized: true, records: 2, platforms: ['mijnoverheid'] });
    expect(impostor).toMatchObject({ authorized: false, authorizationErrors: ['UNABLE_TO_VERIFY_LEAF_SIGNATURE'], records: 1 });
  });

  it('hashes the canonical JSON of the config, independent of key order', () => {
    const run = JSON.parse(readFileSync(join(FIXTURES_DIR, 'run.json'), 'utf8')) as { config: Record<string, unknown> };
    const reordered = Object.fromEntries(Object.entries(run.config).reverse());
    expect(model.run.configHash).toBe(configHash(reordered));
    expect(model.run.configHash).toBe(createHash('sha256').update(JSON.stringify({
      environment: 'local',
      platforms: { mijnoverheid: { cpaId: 'govsim-lz-testdorp', oin: '00000099000000010000' } },
      sut: { mode: 'reference' },
      timeouts: { stepMs: 30000 },
    })).digest('hex'));
    expect(configHash({ ...run.config, environment: 'acceptance' })).not.toBe(model.run.configHash);
  });

  it('warns about evidence gaps and scenario ids of another run', () => {
    const evidence = readEvidence(join(FIXTURES_DIR, 'evidence.jsonl'));
    const records = evidence.records.filter((r) => r.seq !== 5).map((r) => (r.seq === 8 ? { ...r, scenarioId: 'not-a-pickle' } : r));
    const m = buildReportModel({ envelopes: parseEnvelopes(readFileSync(join(FIXTURES_DIR, 'messages.ndjson'), 'utf8')).envelopes, evidence: { records, truncatedTail: true, gaps: [{ runId: 'r', afterSeq: 4, nextSeq: 6 }] } });
    expect(m.warnings.join('\n')).toMatch(/misses seq 5\.\.5/);
    expect(m.warnings.join('\n')).toMatch(/torn line/);
    expect(m.warnings.join('\n')).toMatch(/not-a-pickle/);
  });
});
