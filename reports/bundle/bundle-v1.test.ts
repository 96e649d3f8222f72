import { appendFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { selfSignedSigner } from '../testing/certs.ts';
import { removeTempDirs, stageRunDir, tempDir } from '../testing/run-dir.ts';
import type { ReportDocumentV1 } from '../model/v1/types.ts';
import { buildReportV1 } from './build-v1.ts';
import { verifyReport } from './verify.ts';

afterAll(removeTempDirs);

// A 1×1 PNG, as a screenshot artifact.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function stage(environment: string, withScreenshot: boolean): string {
  const { runDir } = stageRunDir();
  const run = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(runDir, 'run.json'), JSON.stringify({ ...run, environment }, null, 2));
  if (withScreenshot) {
    mkdirSync(join(runDir, 'artifacts'));
    writeFileSync(join(runDir, 'artifacts', 'portal.png'), PNG);
    const last = readFileSync(join(runDir, 'evidence.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; runId: string; scenarioId?: string }).at(-1)!;
    const first = JSON.parse(readFileSync(join(runDir, 'evidence.jsonl'), 'utf8').split('\n')[0]) as { scenarioId: string };
    appendFileSync(join(runDir, 'evidence.jsonl'), JSON.stringify({
      seq: last.seq + 1, runId: last.runId, time: '2026-11-23T18:09:00.000Z', kind: 'artifact', platform: 'mijnoverheid', scenarioId: first.scenarioId,
      summary: 'screenshot of the portal', data: { path: 'artifacts/portal.png', sha256: createHash('sha256').update(PNG).digest('hex'), mediaType: 'image/png' },
    }) + '\n');
  }
  return runDir;
}

describe('a v1 bundle of two runs (test and refz)', () => {
  it('prefixes each run\'s files, lists items per environment, embeds the screenshot and verifies', async () => {
    const signer = await selfSignedSigner('Ed25519');
    const a = stage('test', true);
    const b = stage('refz', false);
    const out = join(tempDir('govsim-v1-'), 'bundle');
    const summary = await buildReportV1({ runDirs: [a, b], outDir: out, signer, formats: ['html', 'junit'], templatesDir: tempDir('govsim-no-templates-') });
    expect(readdirSync(out).sort()).toEqual([
      'manifest.json', 'manifest.sig',
      'refz.evidence.jsonl', 'refz.junit.xml', 'refz.messages.ndjson', 'refz.run.json',
      'report.html', 'report.json', 'report.junit.xml', 'signer.pem',
      'test.evidence.jsonl', 'test.junit.xml', 'test.messages.ndjson', 'test.run.json',
    ]);
    expect(summary.failedItems.map((f) => f.checklistId)).toEqual(['LZ-MSG-02']);
    const doc = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportDocumentV1;
    expect(doc.runs.map((r) => `${r.key}:${r.files.evidence}`)).toEqual(['test:test.evidence.jsonl', 'refz:refz.evidence.jsonl']);
    expect(doc.platforms[0].items.find((i) => i.checklistId === 'LZ-MSG-01')!.results.map((r) => r.environment)).toEqual(['test', 'refz']);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(`<img data-evidence="test/9" alt="Screenshot: screenshot of the portal" src="data:image/png;base64,${PNG.toString('base64')}">`);
    expect(readFileSync(join(out, 'report.junit.xml'), 'utf8')).toContain('name="LZ-MSG-02 [refz]"');
    expect((await verifyReport(out)).problems).toEqual([]);
  });

  it('does not embed a screenshot whose bytes differ from the recorded SHA-256', async () => {
    const signer = await selfSignedSigner('Ed25519');
    const a = stage('test', true);
    writeFileSync(join(a, 'artifacts', 'portal.png'), Buffer.concat([PNG, Buffer.from([0])]));
    const out = join(tempDir('govsim-v1-'), 'bundle');
    await buildReportV1({ runDirs: [a], outDir: out, signer, formats: ['html'], templatesDir: tempDir('govsim-no-templates-') });
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toContain('<img');
    expect(html).toContain('Artifact artifacts/portal.png is not embedded');
    expect((await verifyReport(out)).ok).toBe(true);
  });
});
