import type { EvidenceRecord, HttpMessageEvidence } from '../../simulators/kernel/evidence/index.ts';
import type { ChecklistItem, ReportDocument, ScenarioResult, StepResult, Verdict, VerdictCounts } from '../model/types.ts';
import { formatFingerprint } from '../signing/signer.ts';
import { prettyBody, shouldFold } from './body.ts';
import { anchorId, esc } from './escape.ts';
import { REPORT_CSS } from './styles.ts';

const VERDICT_TEXT: Record<Verdict, string> = { passed: 'passed', failed: 'failed', 'not-run': 'not run' };

/** Pure: the single-file HTML report (inline CSS, no script). */
export function renderReportHtml(doc: ReportDocument, records: readonly EvidenceRecord[]): string {
  const bySeq = new Map(records.map((r) => [r.seq, r]));
  const scenarios = new Map(doc.scenarios.map((s) => [s.pickleId, s]));
  const untagged = doc.scenarios.filter((s) => s.checklistIds.length === 0);
  const title = `govsim conformance report${doc.run.runId ? ` — run ${doc.run.runId}` : ''}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="govsim ${esc(doc.run.harnessVersion ?? '')}">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to the report</a>
<header>
<h1>${esc(title)}</h1>
<p>${overallLine(doc.summary.checklist)} Generated ${esc(doc.generatedAt)}.</p>
</header>
<nav aria-label="Contents">
<ul>
<li><a href="#summary">Summary</a></li>
<li><a href="#signer">Report signer</a></li>
<li><a href="#run">Run</a></li>
<li><a href="#sut">System under test</a></li>
${doc.warnings.length ? '<li><a href="#warnings">Warnings</a></li>' : ''}
${doc.platforms.map((p) => `<li><a href="#${anchorId('platform', p.platform)}">Platform ${esc(p.platform)}</a></li>`).join('\n')}
${untagged.length ? '<li><a href="#untagged">Scenarios without a checklist id</a></li>' : ''}
</ul>
</nav>
<main id="main">
${summarySection(doc)}
${signerSection(doc)}
${runSection(doc)}
${sutSection(doc)}
${warningsSection(doc)}
${doc.platforms.map((p) => platformSection(p.platform, p.counts, p.items, scenarios, bySeq)).join('\n')}
${untagged.length ? `<section id="untagged" aria-labelledby="untagged-h"><h2 id="untagged-h">Scenarios without a checklist id</h2>
${untagged.map((s) => scenarioBlock(s, bySeq, 'h3')).join('\n')}</section>` : ''}
</main>
<footer><p class="muted">Verify this bundle offline with <code>govsim verify-report &lt;bundle-dir&gt;</code>; it checks the signature of manifest.json, every file's SHA-256 and that report.json agrees with evidence.jsonl and messages.ndjson.</p></footer>
</body>
</html>
`;
}

function overallLine(c: VerdictCounts): string {
  return `Checklist items: <strong>${c.passed} passed</strong>, <strong>${c.failed} failed</strong>, <strong>${c.notRun} not run</strong>.`;
}

function badge(v: Verdict): string {
  return `<span class="verdict v-${v}">${VERDICT_TEXT[v]}</span>`;
}

function statusBadge(s: string): string {
  return `<span class="status s-${esc(s)}">${esc(s.toLowerCase())}</span>`;
}

function summarySection(doc: ReportDocument): string {
  const rows = doc.platforms.map((p) => `<tr><th scope="row"><a href="#${anchorId('platform', p.platform)}">${esc(p.platform)}</a></th><td>${p.counts.passed}</td><td>${p.counts.failed}</td><td>${p.counts.notRun}</td></tr>`);
  const t = doc.summary.checklist;
  const s = doc.summary.scenarios;
  return `<section id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<table>
<caption>Checklist items per platform</caption>
<thead><tr><th scope="col">Platform</th><th scope="col">Passed</th><th scope="col">Failed</th><th scope="col">Not run</th></tr></thead>
<tbody>
${rows.join('\n')}
<tr><th scope="row">All platforms</th><td>${t.passed}</td><td>${t.failed}</td><td>${t.notRun}</td></tr>
</tbody>
</table>
<p>Scenarios: ${s.passed} passed, ${s.failed} failed, ${s.notRun} not run. Evidence records: ${doc.evidence.records} (${doc.evidence.unlinked} not linked to a scenario).</p>
</section>`;
}

function signerSection(doc: ReportDocument): string {
  const g = doc.signer;
  return `<section id="signer" aria-labelledby="signer-h">
<h2 id="signer-h">Report signer</h2>
<p>Compare this fingerprint with the report-signing certificate fingerprint the harness operator publishes. A different fingerprint means the report was not signed by that harness.</p>
<dl class="facts">
<dt>Certificate SHA-256</dt><dd><span class="fingerprint" id="signer-fingerprint">${esc(formatFingerprint(g.certificateSha256))}</span></dd>
<dt>Public key SHA-256</dt><dd class="mono">${esc(g.publicKeySha256)}</dd>
<dt>Subject</dt><dd>${esc(g.subject)}</dd>
<dt>Issuer</dt><dd>${esc(g.issuer)}</dd>
<dt>Valid</dt><dd>${esc(g.notBefore)} to ${esc(g.notAfter)}</dd>
<dt>Signature</dt><dd>${esc(g.signatureAlgorithm)} over manifest.json (manifest.sig)</dd>
</dl>
</section>`;
}

function fact(label: string, value: unknown, mono = false): string {
  if (value === undefined || value === null || value === '') return `<dt>${esc(label)}</dt><dd class="muted">not recorded</dd>`;
  const text = Array.isArray(value) ? value.join(', ') : String(value);
  return `<dt>${esc(label)}</dt><dd${mono ? ' class="mono"' : ''}>${esc(text)}</dd>`;
}

function runSection(doc: ReportDocument): string {
  const r = doc.run;
  const c = doc.cucumber;
  return `<section id="run" aria-labelledby="run-h">
<h2 id="run-h">Run</h2>
<dl class="facts">
${fact('Run id', r.runId, true)}
${fact('Harness version', r.harnessVersion)}
${fact('Git commit', r.gitCommit, true)}
${fact('Config hash (SHA-256)', r.configHash, true)}
${fact('Environment', r.environment)}
${fact('SUT mode', r.sutMode)}
${fact('Platforms', r.platforms)}
${fact('Tags', r.tags)}
${fact('Started', r.startedAt)}
${fact('Finished', r.finishedAt)}
${fact('Cucumber', [c.implementation, c.protocolVersion ? `messages ${c.protocolVersion}` : undefined, c.runtime].filter(Boolean).join(', '))}
${fact('Test run', c.success === undefined ? undefined : c.success ? 'succeeded' : 'failed')}
</dl>
</section>`;
}

function sutSection(doc: ReportDocument): string {
  if (doc.sutIdentities.length === 0) {
    return `<section id="sut" aria-labelledby="sut-h"><h2 id="sut-h">System under test</h2><p>No client certificate was recorded in the evidence.</p></section>`;
  }
  const rows = doc.sutIdentities.map((i) => {
    const ids = [i.oin && `OIN ${i.oin}`, i.cvr && `CVR ${i.cvr}`, i.fid && `FID ${i.fid}`, i.customer && `customer ${i.customer}`].filter(Boolean).join('<br>');
    const trust = i.authorized ? 'accepted' : `refused${i.authorizationErrors.length ? ` (${i.authorizationErrors.join(', ')})` : ''}`;
    return `<tr><td>${esc(i.subjectDN)}<br><span class="muted">issuer: ${esc(i.issuerDN)}</span></td><td>${ids ? ids.split('<br>').map(esc).join('<br>') : '<span class="muted">none</span>'}</td><td class="mono">${esc(formatFingerprint(i.fingerprint256))}</td><td>${esc(trust)}</td><td>${esc(i.platforms.join(', '))}</td><td>${i.records}</td><td>${esc(i.firstSeen)}<br>${esc(i.lastSeen)}</td></tr>`;
  });
  return `<section id="sut" aria-labelledby="sut-h">
<h2 id="sut-h">System under test</h2>
<p>Client certificates that connected to the simulators, as recorded in the evidence.</p>
<table class="wrap">
<caption>Client certificates seen</caption>
<thead><tr><th scope="col">Subject</th><th scope="col">Identifiers</th><th scope="col">SHA-256 fingerprint</th><th scope="col">TLS</th><th scope="col">Platforms</th><th scope="col">Records</th><th scope="col">First / last seen</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
}

function warningsSection(doc: ReportDocument): string {
  if (doc.warnings.length === 0) return '';
  return `<section id="warnings" aria-labelledby="warnings-h">
<h2 id="warnings-h">Warnings</h2>
<ul class="warning">${doc.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>
</section>`;
}

function platformSection(
  platform: string,
  counts: VerdictCounts,
  items: readonly ChecklistItem[],
  scenarios: ReadonlyMap<string, ScenarioResult>,
  bySeq: ReadonlyMap<number, EvidenceRecord>,
): string {
  const id = anchorId('platform', platform);
  const rows = items.map((i) => {
    const names = i.scenarioIds.map((sid) => esc(scenarios.get(sid)?.name ?? sid)).join('<br>');
    return `<tr><th scope="row"><a href="#${anchorId('item', i.checklistId)}">${esc(i.checklistId)}</a></th><td>${badge(i.verdict)}</td><td>${names}</td><td>${i.evidenceCount}</td><td>${esc(i.reason ?? '')}</td></tr>`;
  });
  const details = items.map((i) => `<article id="${anchorId('item', i.checklistId)}" aria-labelledby="${anchorId('item', i.checklistId)}-h">
<h3 id="${anchorId('item', i.checklistId)}-h">${esc(i.checklistId)} ${badge(i.verdict)}</h3>
${i.reason ? `<p><strong>Reason:</strong> ${esc(i.reason)}</p>` : ''}
${i.scenarioIds.map((sid) => scenarios.get(sid)).filter((s): s is ScenarioResult => s !== undefined).map((s) => scenarioBlock(s, bySeq, 'h4')).join('\n')}
</article>`);
  return `<section id="${id}" aria-labelledby="${id}-h">
<h2 id="${id}-h">Platform ${esc(platform)}</h2>
<p>${counts.passed} passed, ${counts.failed} failed, ${counts.notRun} not run.</p>
<table>
<caption>Checklist items of ${esc(platform)}</caption>
<thead><tr><th scope="col">Checklist id</th><th scope="col">Verdict</th><th scope="col">Scenario</th><th scope="col">Evidence</th><th scope="col">Reason</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
${details.join('\n')}
</section>`;
}

function scenarioBlock(s: ScenarioResult, bySeq: ReadonlyMap<number, EvidenceRecord>, h: 'h3' | 'h4'): string {
  const where = `${s.uri}${s.line ? `:${s.line}` : ''}`;
  const records = s.evidenceSeqs.map((seq) => bySeq.get(seq)).filter((r): r is EvidenceRecord => r !== undefined);
  return `<div class="scenario">
<${h}>Scenario: ${esc(s.name)} ${badge(s.verdict)}</${h}>
<p class="muted">${esc(s.featureName ? `${s.featureName} — ` : '')}${esc(where)}; tags ${esc(s.tags.join(' '))}; ${s.attempts === 0 ? 'not started' : `${s.attempts} attempt${s.attempts > 1 ? 's' : ''}`}${s.durationMs !== undefined ? `, ${s.durationMs} ms` : ''}</p>
${s.reason ? `<p><strong>Reason:</strong> ${esc(s.reason)}</p>` : ''}
<table>
<caption>Steps</caption>
<thead><tr><th scope="col">Step</th><th scope="col">Status</th><th scope="col">Duration (ms)</th><th scope="col">Message</th></tr></thead>
<tbody>
${s.steps.map(stepRow).join('\n')}
</tbody>
</table>
<details${records.length > 0 && s.verdict === 'failed' ? ' open' : ''}><summary>Evidence: ${records.length} record${records.length === 1 ? '' : 's'}</summary>
${records.map(recordBlock).join('\n')}
</details>
</div>`;
}

function stepRow(st: StepResult): string {
  const msg = st.message ? `<pre>${esc(st.message)}</pre>` : '';
  const detail = st.detail ? `<details><summary>Stack and diff</summary><pre>${esc(st.detail)}</pre></details>` : '';
  return `<tr><td><strong>${esc(st.keyword)}</strong> ${esc(st.text)}</td><td>${statusBadge(st.status)}</td><td>${st.durationMs}</td><td>${msg}${detail}</td></tr>`;
}

function recordBlock(r: EvidenceRecord): string {
  const verdicts = (r.verdicts ?? []).map((v) => `<li>${v.ok ? 'ok' : '<strong>not ok</strong>'} <code>${esc(v.check)}</code>${v.message ? ` — ${esc(v.message)}` : ''}</li>`).join('');
  const id = r.identity;
  return `<div class="record">
<p><strong>#${r.seq}</strong> <span class="mono">${esc(r.time)}</span> ${esc(r.kind)}${r.direction ? ` (${esc(r.direction)})` : ''} · ${esc(r.platform)}${r.durationMs !== undefined ? ` · ${r.durationMs} ms` : ''}${r.summary ? ` — ${esc(r.summary)}` : ''}</p>
${id ? `<p>Client: ${esc(id.subjectDN)} <span class="mono">${esc(id.fingerprint256)}</span> ${id.authorized ? '(accepted)' : `(refused${id.authorizationError ? `: ${esc(id.authorizationError)}` : ''})`}</p>` : ''}
${verdicts ? `<ul>${verdicts}</ul>` : ''}
${r.request ? httpBlock('Request', r.request) : ''}
${r.response ? httpBlock('Response', r.response) : ''}
${r.data !== undefined ? `<details><summary>Data</summary><pre>${esc(JSON.stringify(r.data, null, 2))}</pre></details>` : ''}
</div>`;
}

function httpBlock(label: string, m: HttpMessageEvidence): string {
  const line = [m.method, m.url, m.status].filter((x) => x !== undefined).join(' ');
  const headers = Object.entries(m.headers ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`)
    .join('\n');
  const contentType = headerValue(m.headers, 'content-type');
  let body = '';
  if (m.body !== undefined) {
    const text = m.bodyEncoding === 'base64' ? m.body : prettyBody(m.body, contentType);
    const size = m.bodyBytes ?? Buffer.byteLength(m.body, m.bodyEncoding === 'base64' ? 'base64' : 'utf8');
    const caption = `${label} body (${size} bytes${m.bodyEncoding === 'base64' ? ', base64' : ''}${m.bodyTruncated ? ', truncated' : ''})`;
    body = shouldFold(text)
      ? `<details><summary>${esc(caption)}</summary><pre>${esc(text)}</pre></details>`
      : `<p class="muted">${esc(caption)}</p><pre>${esc(text)}</pre>`;
  } else if (m.bodyBytes !== undefined) {
    body = `<p class="muted">${esc(label)} body not kept: ${m.bodyBytes} bytes${m.bodySha256 ? `, SHA-256 ${esc(m.bodySha256)}` : ''}</p>`;
  }
  return `<p><strong>${esc(label)}</strong>${line ? `: <code>${esc(line)}</code>` : ''}</p>
${headers ? `<pre>${esc(headers)}</pre>` : ''}
${body}`;
}

function headerValue(headers: HttpMessageEvidence['headers'], name: string): string | undefined {
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}
