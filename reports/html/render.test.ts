import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvidence, type EvidenceRecord } from '../../simulators/kernel/evidence/index.ts';
import { buildReportModel } from '../model/build-model.ts';
import { parseEnvelopes } from '../model/envelopes.ts';
import type { ReportDocument } from '../model/types.ts';
import { FIXTURES_DIR } from '../testing/run-dir.ts';
import { prettyBody, prettyXml } from './body.ts';
import { esc } from './escape.ts';
import { renderReportHtml } from './render.ts';

function doc(): { doc: ReportDocument; records: EvidenceRecord[] } {
  const evidence = readEvidence(join(FIXTURES_DIR, 'evidence.jsonl'));
  const model = buildReportModel({
    envelopes: parseEnvelopes(readFileSync(join(FIXTURES_DIR, 'messages.ndjson'), 'utf8')).envelopes,
    evidence,
    run: JSON.parse(readFileSync(join(FIXTURES_DIR, 'run.json'), 'utf8')),
  });
  return {
    doc: {
      reportVersion: '0',
      generatedAt: '2026-11-23T18:10:00.000Z',
      signer: {
        certificateSha256: 'ab'.repeat(32), publicKeySha256: 'cd'.repeat(32), subject: 'CN=govsim report signer',
        issuer: 'CN=govsim report CA', notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2027-01-01T00:00:00.000Z', signatureAlgorithm: 'Ed25519',
      },
      ...model,
      redactedAtBuild: [],
    },
    records: evidence.records,
  };
}

describe('report.html', () => {
  const { doc: d, records } = doc();
  const html = renderReportHtml(d, records);

  it('escapes evidence bodies: no script element reaches the page', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('negative control: the check above catches an unescaped body', () => {
    const raw = renderReportHtml(d, records).replace('&lt;script&gt;alert(1)&lt;/script&gt;', '<script>alert(1)</script>');
    expect(raw).toMatch(/<script/i);
  });

  it('is self-contained: inline CSS, no external resources, no script', () => {
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|\bsrc=|@import|url\(/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('has landmarks, headings and a deep-link anchor per checklist id', () => {
    for (const landmark of ['<header>', '<nav aria-label="Contents">', '<main id="main">', '<footer>']) expect(html).toContain(landmark);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    for (const id of ['LZ-MSG-01', 'LZ-MSG-02', 'KERNEL-TLS-03']) {
      expect(html).toContain(`id="item-${id}"`);
      expect(html).toContain(`href="#item-${id}"`);
    }
    expect(html).toContain('id="platform-mijnoverheid"');
  });

  it('states the signer fingerprint, run facts, SUT identity, steps and failure reason', () => {
    expect(html).toContain('AB:AB:AB:AB');
    expect(html).toContain(d.run.configHash!);
    expect(html).toContain('28729ac0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6');
    expect(html).toContain('OIN 00000099123456780000');
    expect(html).toContain('3F:9A:1C:0B');
    expect(html).toContain('refused (UNABLE_TO_VERIFY_LEAF_SIGNATURE)');
    expect(html).toContain('the error code is &quot;LZ_UNKNOWN_BSN&quot;');
    expect(html).toContain('expected error code LZ_UNKNOWN_BSN in the ebMS error');
    expect(html).toContain('Checklist items: <strong>2 passed</strong>, <strong>1 failed</strong>, <strong>0 not run</strong>');
  });

  it('pretty-prints XML bodies and folds long ones', () => {
    expect(html).toContain(esc('  <soap:Header>'));
    const long = { ...records[1], seq: 99, response: { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items: Array.from({ length: 60 }, (_, i) => ({ i })) }) } };
    const s = d.scenarios[0];
    const withLong = renderReportHtml({ ...d, scenarios: [{ ...s, evidenceSeqs: [...s.evidenceSeqs, 99] }, ...d.scenarios.slice(1)] }, [...records, long]);
    expect(withLong).toMatch(/<details><summary>Response body \(\d+ bytes\)<\/summary><pre>\{\n {2}&quot;items&quot;/);
    expect(html).not.toMatch(/<details><summary>Request body/);
  });
});

describe('body formatting', () => {
  it('keeps XML with CDATA or comments as it is', () => {
    const x = '<a><![CDATA[ x > y ]]></a>';
    expect(prettyXml(x)).toBe(x);
    expect(prettyXml('<a><!-- c --><b/></a>')).toBe('<a><!-- c --><b/></a>');
  });
  it('indents nested elements and leaves malformed JSON untouched', () => {
    expect(prettyXml('<a><b>t</b><c/></a>')).toBe('<a>\n  <b>t</b>\n  <c/>\n</a>');
    expect(prettyBody('{"a":1', 'application/json')).toBe('{"a":1');
    expect(prettyBody('{"a":1}')).toBe('{\n  "a": 1\n}');
  });
});
