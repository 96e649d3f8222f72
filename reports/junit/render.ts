import { escapeAttr as kernelEscapeAttr, escapeXml as kernelEscapeXml } from '../../simulators/kernel/xml/index.ts';

/** Characters XML 1.0 cannot carry (e.g. the ESC of ANSI colours in assertion messages) become U+FFFD. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const escapeXml = (t: string): string => kernelEscapeXml(t.replace(NOT_XML_CHAR, '\uFFFD'));
const escapeAttr = (t: string): string => kernelEscapeAttr(t.replace(NOT_XML_CHAR, '\uFFFD'));
import type { ChecklistItemV1, ItemResult, ReportDocumentV1 } from '../model/v1/types.ts';

export const JUNIT_REPORT_FILE = 'report.junit.xml';

interface Case {
  platform: string;
  item: ChecklistItemV1;
  result?: ItemResult;
}

/** `KERNEL-ID-01 [test]`: the testcase name the verifier maps back to an item. */
export function testcaseName(checklistId: string, environment: string | undefined): string {
  return environment === undefined ? checklistId : `${checklistId} [${environment}]`;
}

/**
 * Pure and deterministic: JUnit XML with one testsuite per platform and one testcase per
 * checklist item and environment. Failed → `<failure>`, not run / not applicable →
 * `<skipped>` with the reason.
 */
export function renderJunit(doc: ReportDocumentV1): string {
  const suites = doc.platforms.map((p) => {
    const cases: Case[] = p.items.flatMap((item) => (item.results.length ? item.results.map((result) => ({ platform: p.platform, item, result })) : [{ platform: p.platform, item }]));
    const failures = cases.filter((c) => verdictOf(c) === 'failed').length;
    const skipped = cases.filter((c) => verdictOf(c) !== 'failed' && verdictOf(c) !== 'passed').length;
    const time = seconds(cases.reduce((a, c) => a + (c.result?.durationMs ?? 0), 0));
    const props = [
      ['title', p.title], ['environments', p.environments.join(',')],
      ['conformanceScore', p.score.percent === null ? 'n/a' : String(p.score.percent)],
      ['runs', doc.runs.filter((r) => p.items.some((i) => i.results.some((x) => x.run === r.key))).map((r) => r.info.runId ?? r.key).join(',')],
    ];
    return `  <testsuite name="${escapeAttr(p.platform)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}"${doc.period.start ? ` timestamp="${escapeAttr(doc.period.start)}"` : ''}>
    <properties>
${props.map(([k, v]) => `      <property name="${escapeAttr(k)}" value="${escapeAttr(v)}"/>`).join('\n')}
    </properties>
${cases.map(testcase).join('\n')}
  </testsuite>`;
  });
  const all = doc.platforms.flatMap((p) => p.items.flatMap((i) => (i.results.length ? i.results.map((r) => ({ platform: p.platform, item: i, result: r })) : [{ platform: p.platform, item: i }])));
  const failures = all.filter((c) => verdictOf(c) === 'failed').length;
  const skipped = all.filter((c) => !['failed', 'passed'].includes(verdictOf(c))).length;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="govsim conformance report" tests="${all.length}" failures="${failures}" errors="0" skipped="${skipped}">
${suites.join('\n')}
</testsuites>
`;
}

function verdictOf(c: Case): string {
  return c.item.verdict === 'not-applicable' ? 'not-applicable' : c.result?.verdict ?? c.item.verdict;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function testcase(c: Case): string {
  const name = testcaseName(c.item.checklistId, c.result?.environment);
  const cls = `${c.platform}.${c.result?.environment ?? 'none'}`;
  const v = verdictOf(c);
  const reason = c.item.verdict === 'not-applicable' ? c.item.reason : c.result?.reason ?? c.item.reason;
  const evidence = c.result?.evidence.length ? `evidence ${c.result.run}: seq ${c.result.evidence.join(', ')}` : 'no evidence records';
  const title = c.item.title ? ` ${c.item.title}` : '';
  const open = `    <testcase name="${escapeAttr(name)}" classname="${escapeAttr(cls)}" time="${seconds(c.result?.durationMs ?? 0)}"`;
  if (v === 'passed') return `${open}/>`;
  if (v === 'failed') {
    return `${open}>
      <failure message="${escapeAttr(reason ?? 'failed')}" type="failed">${escapeXml(`${c.item.checklistId}${title}\n${reason ?? ''}\n${evidence}`)}</failure>
    </testcase>`;
  }
  return `${open}>
      <skipped message="${escapeAttr(`${v === 'not-applicable' ? 'not applicable' : 'not run'}: ${reason ?? ''}`)}"/>
    </testcase>`;
}
