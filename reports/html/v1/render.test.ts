import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvidence, type EvidenceRecord } from '../../../simulators/kernel/evidence/index.ts';
import { parseEnvelopes } from '../../model/envelopes.ts';
import { buildReportModelV1 } from '../../model/v1/build.ts';
import type { ReportDocumentV1 } from '../../model/v1/types.ts';
import { validateReportDocument } from '../../schema.ts';
import { FIXTURES_DIR } from '../../testing/run-dir.ts';
import { prettyBody, prettyXml } from '../body.ts';
import { esc } from '../escape.ts';
import { renderReportHtmlV1 } from './render.ts';
import { FILTER_SCRIPT } from './script.ts';

/** A report v1 document of the golden run (one run, no template), as the builder would write it. */
function fixtureDoc(): { doc: ReportDocumentV1; records: EvidenceRecord[] } {
  const evidence = readEvidence(join(FIXTURES_DIR, 'evidence.jsonl'));
  const model = buildReportModelV1({
    runs: [{
      key: 'run',
      files: { messages: 'messages.ndjson', evidence: 'evidence.jsonl', run: 'run.json' },
      inputs: {
        envelopes: parseEnvelopes(readFileSync(join(FIXTURES_DIR, 'messages.ndjson'), 'utf8')).envelopes,
        evidence,
        run: JSON.parse(readFileSync(join(FIXTURES_DIR, 'run.json'), 'utf8')) as unknown,
      },
    }],
  });
  const doc: ReportDocumentV1 = {
    reportVersion: '1',
    generatedAt: '2026-11-23T18:10:00.000Z',
    signer: {
      certificateSha256: 'ab'.repeat(32), publicKeySha256: 'cd'.repeat(32), subject: 'CN=govsim report signer',
      issuer: 'CN=govsim report CA', notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2027-01-01T00:00:00.000Z', signatureAlgorithm: 'Ed25519',
    },
    outputs: { html: 'report.html' },
    ...model,
    redactedAtBuild: [],
  };
  return { doc, records: evidence.records };
}

describe('report.html (v1)', () => {
  const { doc, records } = fixtureDoc();
  const render = (d: ReportDocumentV1 = doc, r: readonly EvidenceRecord[] = records): string =>
    renderReportHtmlV1({ doc: d, records: new Map([['run', r]]), images: new Map() });
  const html = render();

  it('the fixture document is valid report v1', () => {
    expect(validateReportDocument(doc)).toEqual([]);
  });

  it('escapes evidence bodies: the only script element is the report\'s own filter script', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html).toContain(`<script>${FILTER_SCRIPT}</script>`);
  });

  it('negative control: the checks above catch an unescaped body', () => {
    const raw = render().replace('&lt;script&gt;alert(1)&lt;/script&gt;', '<script>alert(1)</script>');
    expect(raw).toContain('<script>alert(1)</script>');
    expect(raw.match(/<script/gi)).toHaveLength(2);
  });

  it('is self-contained: inline CSS, no external resources, no inline event handlers', () => {
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<link\b|<iframe\b|<img\b|\bsrc=|@import|url\(/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
  });

  it('has landmarks, one h1 and a deep-link anchor per platform and checklist item', () => {
    for (const landmark of ['<header>', '<nav aria-label="Contents" id="contents">', '<main id="main">', '<footer>']) expect(html).toContain(landmark);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    for (const [platform, id] of [['mijnoverheid', 'LZ-MSG-01'], ['mijnoverheid', 'LZ-MSG-02'], ['mijnoverheid', 'KERNEL-TLS-03']]) {
      expect(html).toContain(`id="item-${platform}-${id}"`);
      expect(html).toContain(`href="#item-${platform}-${id}"`);
    }
    expect(html).toContain('id="platform-mijnoverheid"');
  });

  it('states the signer fingerprint, run facts, SUT identity, steps and failure reason', () => {
    expect(html).toContain('AB:AB:AB:AB');
    expect(html).toContain(doc.runs[0].info.configHash!);
    expect(html).toContain('28729ac0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6');
    expect(html).toContain('00000099123456780000');
    expect(html).toContain('3F:9A:1C:0B');
    expect(html).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(html).toContain('the error code is &quot;LZ_UNKNOWN_BSN&quot;');
    expect(html).toContain('expected error code LZ_UNKNOWN_BSN in the ebMS error');
    expect(html).toContain('<strong>2 passed</strong>, <strong>1 failed</strong>, <strong>0 not run</strong>');
  });

  it('pretty-prints XML bodies and folds long ones', () => {
    expect(html).toContain(esc('  <soap:Header>'));
    expect(html).not.toMatch(/<details><summary>Request body/);
    const long = { ...records[1], seq: 99, response: { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items: Array.from({ length: 60 }, (_, i) => ({ i })) }) } } as EvidenceRecord;
    const s = doc.scenarios[0];
    const withLong = render({ ...doc, scenarios: [{ ...s, evidenceSeqs: [...s.evidenceSeqs, 99] }, ...doc.scenarios.slice(1)] }, [...records, long]);
    expect(withLong).toMatch(/<details><summary>Response body \(\d+ bytes\)<\/summary><pre>\{\n {2}&quot;items&quot;/);
  });

  it('is deterministic (the verifier re-renders and compares bytes)', () => {
    expect(render()).toBe(html);
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
