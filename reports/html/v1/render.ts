import type { EvidenceRecord, HttpMessageEvidence } from '../../../simulators/kernel/evidence/index.ts';
import type { ChecklistItemV1, ItemCounts, ItemResult, ItemVerdict, PlatformSectionV1, ReportDocumentV1, ScenarioResultV1, SutIdentityV1 } from '../../model/v1/types.ts';
import type { StepResult } from '../../model/types.ts';
import { formatFingerprint } from '../../signing/signer.ts';
import { prettyBody, shouldFold } from '../body.ts';
import { anchorId, esc } from '../escape.ts';
import { findJose } from './jose.ts';
import { FILTER_SCRIPT } from './script.ts';
import { REPORT_V1_CSS } from './styles.ts';

export const VERDICT_TEXT: Record<ItemVerdict, string> = { passed: 'passed', failed: 'failed', 'not-run': 'not run', 'not-applicable': 'not applicable' };

/** An embedded screenshot of an `artifact` record, keyed `<run>/<seq>`. */
export interface EmbeddedImage {
  mediaType: string;
  base64: string;
}

export interface RenderInputs {
  doc: ReportDocumentV1;
  /** Evidence records by run key. */
  records: ReadonlyMap<string, readonly EvidenceRecord[]>;
  images: ReadonlyMap<string, EmbeddedImage>;
}

export const itemAnchor = (platform: string, id: string): string => anchorId('item', `${platform}-${id}`);
export const imageKey = (run: string, seq: number): string => `${run}/${seq}`;

/** Pure and deterministic: the same inputs give the same bytes (the verifier re-renders and compares). */
export function renderReportHtmlV1(inputs: RenderInputs): string {
  const { doc } = inputs;
  const bySeq = new Map<string, Map<number, EvidenceRecord>>();
  for (const [run, list] of inputs.records) bySeq.set(run, new Map(list.map((r) => [r.seq, r])));
  const scenarios = new Map(doc.scenarios.map((s) => [`${s.run}/${s.pickleId}`, s]));
  const ctx: Ctx = { doc, bySeq, scenarios, images: inputs.images, multiRun: doc.runs.length > 1 };
  const title = doc.platforms.length === 1 ? doc.platforms[0].title : 'govsim conformance report';
  const lang = doc.platforms.length === 1 ? doc.platforms[0].language : 'en';
  const signOffs = doc.platforms.filter((p) => p.signOff);
  return `<!DOCTYPE html>
<html lang="${esc(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="govsim report v${esc(doc.reportVersion)}">
<title>${esc(title)}</title>
<style>${REPORT_V1_CSS}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to the report</a>
<header>
<p class="kicker">govsim conformance report · report format v${esc(doc.reportVersion)}</p>
<h1>${esc(title)}</h1>
<p>${overall(doc.summary.checklist)} Test period ${esc(doc.period.start ?? 'unknown')} to ${esc(doc.period.end ?? 'unknown')} (UTC). Report generated ${esc(doc.generatedAt)}.</p>
</header>
<nav aria-label="Contents" id="contents">
<h2 class="toc-title">Contents</h2>
<ol>
<li><a href="#summary">Summary</a></li>
<li><a href="#signer">Report signer</a></li>
<li><a href="#runs">Runs</a></li>
<li><a href="#sut">System under test</a></li>
${doc.warnings.length ? '<li><a href="#warnings">Warnings</a></li>' : ''}
${doc.platforms.map((p) => `<li><a href="#${anchorId('platform', p.platform)}">${esc(p.title)}</a><ol>${p.sections.filter((s) => s.items.length).map((s) => `<li><a href="#${anchorId('section', `${p.platform}-${s.id}`)}">${esc(s.title)}</a></li>`).join('')}</ol></li>`).join('\n')}
${signOffs.map((p) => `<li><a href="#${anchorId('signoff', p.platform)}">${esc(p.signOff!.title)} (${esc(p.title)})</a></li>`).join('\n')}
</ol>
</nav>
<main id="main">
${summarySection(ctx)}
<div id="filters" class="filters" hidden>
<input type="checkbox" id="filter-failed"><label for="filter-failed">Show failed items only</label>
<span id="filter-status" role="status" aria-live="polite"></span>
</div>
${signerSection(doc)}
${runsSection(doc)}
${sutSection(doc)}
${doc.warnings.length ? `<section id="warnings" aria-labelledby="warnings-h"><h2 id="warnings-h">Warnings</h2><ul class="warning">${doc.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></section>` : ''}
${doc.platforms.map((p) => platformSection(ctx, p)).join('\n')}
${signOffs.map(signOffSection).join('\n')}
</main>
<footer><p class="muted">Verify this bundle offline with <code>govsim verify-report &lt;bundle-dir&gt;</code>: it checks the signature over manifest.json, every file's SHA-256, and that report.json, report.html, report.junit.xml and report.pdf agree with the evidence logs and Cucumber messages.</p></footer>
<script>${FILTER_SCRIPT}</script>
</body>
</html>
`;
}

interface Ctx {
  doc: ReportDocumentV1;
  bySeq: Map<string, Map<number, EvidenceRecord>>;
  scenarios: Map<string, ScenarioResultV1>;
  images: ReadonlyMap<string, EmbeddedImage>;
  multiRun: boolean;
}

function overall(c: ItemCounts): string {
  return `Checklist items: <strong>${c.passed} passed</strong>, <strong>${c.failed} failed</strong>, <strong>${c.notRun} not run</strong>, <strong>${c.notApplicable} not applicable</strong>.`;
}

export function badge(v: ItemVerdict): string {
  return `<span class="verdict v-${v}">${VERDICT_TEXT[v]}</span>`;
}

function scoreText(p: PlatformSectionV1): string {
  const s = p.score;
  return s.percent === null ? 'no applicable items' : `${s.percent}% (${s.passed} of ${s.applicable} applicable items passed${s.complete ? '' : '; incomplete: some items were not run'})`;
}

function summarySection(ctx: Ctx): string {
  const { doc } = ctx;
  const rows = doc.platforms.map((p) => `<tr><th scope="row"><a href="#${anchorId('platform', p.platform)}">${esc(p.title)}</a></th><td>${esc(p.environments.join(', '))}</td><td>${p.counts.passed}</td><td>${p.counts.failed}</td><td>${p.counts.notRun}</td><td>${p.counts.notApplicable}</td><td>${esc(scoreText(p))}</td></tr>`);
  const t = doc.summary.checklist;
  const failed = doc.platforms.flatMap((p) => p.items.filter((i) => i.verdict === 'failed').map((i) => ({ p, i })));
  return `<section id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<table>
<caption>Checklist items per platform</caption>
<thead><tr><th scope="col">Platform</th><th scope="col">Environments</th><th scope="col">Passed</th><th scope="col">Failed</th><th scope="col">Not run</th><th scope="col">Not applicable</th><th scope="col">Conformance score</th></tr></thead>
<tbody>
${rows.join('\n')}
<tr><th scope="row">All platforms</th><td></td><td>${t.passed}</td><td>${t.failed}</td><td>${t.notRun}</td><td>${t.notApplicable}</td><td></td></tr>
</tbody>
</table>
<p>Scenarios: ${doc.summary.scenarios.passed} passed, ${doc.summary.scenarios.failed} failed, ${doc.summary.scenarios.notRun} not run.</p>
<h3 id="failed-items">Failed items (${failed.length})</h3>
${failed.length ? `<ul class="failed-list">${failed.map(({ p, i }) => `<li><a href="#${itemAnchor(p.platform, i.checklistId)}">${esc(i.checklistId)}</a> (${esc(p.title)}): ${esc(i.reason ?? '')}</li>`).join('')}</ul>` : '<p>None.</p>'}
</section>`;
}

function signerSection(doc: ReportDocumentV1): string {
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

function runsSection(doc: ReportDocumentV1): string {
  const rows = doc.runs.map((r) => {
    const i = r.info;
    return `<tr><th scope="row">${esc(r.key)}</th><td>${esc(r.environment)}</td><td class="mono">${esc(i.runId ?? '')}</td><td>${esc(i.sutMode ?? '')}</td><td>${esc(i.harnessVersion ?? '')}<br><span class="mono">${esc(i.gitCommit ?? 'no git commit')}</span></td><td class="mono">${esc(i.configHash ?? '')}</td><td>${esc(i.startedAt ?? '')}<br>${esc(i.finishedAt ?? '')}</td><td>${r.evidence.records} (${r.evidence.unlinked} unlinked)</td><td>${esc(Object.values(r.files).join(', '))}</td></tr>`;
  });
  return `<section id="runs" aria-labelledby="runs-h">
<h2 id="runs-h">Runs</h2>
<table class="wrap">
<caption>Run folders combined in this report (timestamps in UTC)</caption>
<thead><tr><th scope="col">Run</th><th scope="col">Environment</th><th scope="col">Run id</th><th scope="col">SUT mode</th><th scope="col">Harness</th><th scope="col">Config hash (SHA-256)</th><th scope="col">Started / finished</th><th scope="col">Evidence records</th><th scope="col">Files</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
}

function idList(c: SutIdentityV1): string {
  return [c.oin && `OIN/HRN ${c.oin}`, c.cvr && `CVR ${c.cvr}`, c.fid && `FID ${c.fid}`, c.customer && `customer ${c.customer}`].filter(Boolean).map((x) => esc(x)).join('<br>');
}

function certificatesTable(certs: readonly SutIdentityV1[], caption: string): string {
  if (certs.length === 0) return '<p>No client certificate was recorded in the evidence.</p>';
  const rows = certs.map((c) => {
    const trust = c.authorized ? 'accepted' : `refused${c.authorizationErrors.length ? ` (${c.authorizationErrors.join(', ')})` : ''}`;
    return `<tr><td>${esc(c.subjectDN)}<br><span class="muted">issuer: ${esc(c.issuerDN)}</span></td><td>${idList(c) || '<span class="muted">none</span>'}</td><td class="mono">${esc(formatFingerprint(c.fingerprint256))}</td><td>${esc(trust)}</td><td>${esc(c.platforms.join(', '))}</td><td>${esc(c.runs.join(', '))}</td><td>${c.records}</td></tr>`;
  });
  return `<table class="wrap">
<caption>${esc(caption)}</caption>
<thead><tr><th scope="col">Subject</th><th scope="col">Identifiers</th><th scope="col">SHA-256 fingerprint</th><th scope="col">TLS</th><th scope="col">Platforms</th><th scope="col">Runs</th><th scope="col">Records</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

function sutSection(doc: ReportDocumentV1): string {
  const d = doc.sut.declared;
  const declared = d ? `<dl class="facts">
<dt>Organisation</dt><dd>${esc(d.organisation ?? 'not declared')}</dd>
<dt>Product</dt><dd>${esc(d.product ? `${d.product.name} ${d.product.version ?? ''}`.trim() : 'not declared')}</dd>
<dt>Contact</dt><dd>${esc(d.contact ? [d.contact.name, d.contact.email, d.contact.phone].filter(Boolean).join(', ') : 'not declared')}</dd>
${Object.entries(d.identifiers ?? {}).map(([k, v]) => `<dt>${esc(k)}</dt><dd class="mono">${esc(Array.isArray(v) ? v.join(', ') : v)}</dd>`).join('\n')}
</dl>` : '<p class="muted">The vendor made no declaration (govsim report --sut &lt;file&gt;).</p>';
  return `<section id="sut" aria-labelledby="sut-h">
<h2 id="sut-h">System under test</h2>
<h3>Declared by the vendor</h3>
${declared}
<h3>Seen in the evidence</h3>
${certificatesTable(doc.sut.certificates, 'Client certificates that connected to the simulators')}
<p>OAuth client ids used: ${doc.sut.clientIds.length ? `<span class="mono">${esc(doc.sut.clientIds.join(', '))}</span>` : 'none seen'}.</p>
</section>`;
}

function platformSection(ctx: Ctx, p: PlatformSectionV1): string {
  const id = anchorId('platform', p.platform);
  const byId = new Map(p.items.map((i) => [i.checklistId, i]));
  const facts = p.facts.length ? `<dl class="facts">${p.facts.map((f) => `<dt>${esc(f.label)}</dt><dd>${esc(f.value)}</dd>`).join('\n')}</dl>` : '';
  const testData = p.testData.map((t) => `<p><strong>${esc(t.label)}:</strong> ${t.values.length ? `<span class="mono">${esc(t.values.join(', '))}</span>` : 'none found in the evidence'}</p>`).join('\n');
  const deviations = p.deviations.length ? `<h3 id="${anchorId('deviations', p.platform)}">Known deviations</h3><ul>${p.deviations.map((d) => `<li>${d.source === 'platform' ? 'Simulator' : 'Declared by the vendor'}${d.items.length ? ` (${esc(d.items.join(', '))})` : ''}: ${esc(d.text)}</li>`).join('')}</ul>` : '';
  const sections = p.sections.filter((s) => s.items.length).map((s) => {
    const sid = anchorId('section', `${p.platform}-${s.id}`);
    const items = s.items.map((i) => byId.get(i)).filter((i): i is ChecklistItemV1 => i !== undefined);
    return `<section id="${sid}" aria-labelledby="${sid}-h">
<h3 id="${sid}-h">${esc(s.title)}</h3>
${s.description ? `<p>${esc(s.description)}</p>` : ''}
<table class="checklist">
<caption>${esc(s.title)}: result per item and environment</caption>
<thead><tr><th scope="col">Checklist id</th><th scope="col">Environment</th><th scope="col">Verdict</th><th scope="col">Item</th><th scope="col">Evidence</th></tr></thead>
<tbody>
${items.flatMap((i) => itemRows(p, i)).join('\n')}
</tbody>
</table>
${items.map((i) => itemArticle(ctx, p, i)).join('\n')}
</section>`;
  });
  return `<section id="${id}" class="platform" aria-labelledby="${id}-h" lang="${esc(p.language)}">
<h2 id="${id}-h">${esc(p.title)}</h2>
${p.subtitle ? `<p class="subtitle">${esc(p.subtitle)}</p>` : ''}
${p.owner ? `<p>Checklist owner: ${esc(p.owner)}. Platform key <code>${esc(p.platform)}</code>.</p>` : `<p>Platform key <code>${esc(p.platform)}</code>.</p>`}
${p.intro ? `<p>${esc(p.intro)}</p>` : ''}
${facts}
${testData}
<p><strong>Conformance score:</strong> ${esc(scoreText(p))}. Items: ${p.counts.passed} passed, ${p.counts.failed} failed, ${p.counts.notRun} not run, ${p.counts.notApplicable} not applicable.</p>
${deviations}
${sections.join('\n')}
</section>`;
}

/** One row per environment; the PDF verifier reads "<id> <environment> <verdict>" from these rows. */
function itemRows(p: PlatformSectionV1, i: ChecklistItemV1): string[] {
  const link = `<a href="#${itemAnchor(p.platform, i.checklistId)}">${esc(i.checklistId)}</a>`;
  const results: Array<Pick<ItemResult, 'environment' | 'verdict' | 'evidence'>> = i.results.length ? i.results : [{ environment: '-', verdict: i.verdict, evidence: [] }];
  return results.map((r) => {
    const v = i.verdict === 'not-applicable' ? 'not-applicable' : r.verdict;
    return `<tr data-verdict="${i.verdict}"><th scope="row">${link}</th><td>${esc(r.environment)}</td><td>${badge(v)}</td><td>${esc(i.title ?? '')}</td><td>${r.evidence.length}</td></tr>`;
  });
}

function itemArticle(ctx: Ctx, p: PlatformSectionV1, i: ChecklistItemV1): string {
  const aid = itemAnchor(p.platform, i.checklistId);
  const results = i.results.map((r) => {
    const scen = r.scenarioIds.map((sid) => ctx.scenarios.get(`${r.run}/${sid}`)).filter((s): s is ScenarioResultV1 => s !== undefined);
    return `<div class="result">
<h5>Result in ${esc(r.environment)}${ctx.multiRun ? ` (run ${esc(r.run)})` : ''}: ${badge(i.verdict === 'not-applicable' ? 'not-applicable' : r.verdict)}</h5>
${r.reason ? `<p><strong>Reason:</strong> ${esc(r.reason)}</p>` : ''}
${r.durationMs !== undefined ? `<p class="muted">Duration ${r.durationMs} ms.</p>` : ''}
${scen.map((s) => scenarioBlock(ctx, s, r.verdict === 'failed')).join('\n')}
</div>`;
  });
  return `<article class="item" id="${aid}" data-verdict="${i.verdict}" aria-labelledby="${aid}-h">
<h4 id="${aid}-h">${esc(i.checklistId)}${i.title ? ` · ${esc(i.title)}` : ''} ${badge(i.verdict)}</h4>
${i.reason ? `<p><strong>Reason:</strong> ${esc(i.reason)}</p>` : ''}
${results.join('\n') || '<p class="muted">No run of this report covered the item.</p>'}
</article>`;
}

function scenarioBlock(ctx: Ctx, s: ScenarioResultV1, openEvidence: boolean): string {
  const where = `${s.uri}${s.line ? `:${s.line}` : ''}`;
  const seqs = ctx.bySeq.get(s.run);
  const records = s.evidenceSeqs.map((seq) => seqs?.get(seq)).filter((r): r is EvidenceRecord => r !== undefined);
  return `<div class="scenario">
<p><strong>Scenario:</strong> ${esc(s.name)} ${badge(s.verdict)}</p>
<p class="muted">${esc(s.featureName ? `${s.featureName} — ` : '')}${esc(where)}; ${s.attempts === 0 ? 'not started' : `${s.attempts} attempt${s.attempts > 1 ? 's' : ''}`}${s.durationMs !== undefined ? `, ${s.durationMs} ms` : ''}</p>
<table>
<caption>Steps</caption>
<thead><tr><th scope="col">Step</th><th scope="col">Status</th><th scope="col">ms</th><th scope="col">Message</th></tr></thead>
<tbody>
${s.steps.map(stepRow).join('\n')}
</tbody>
</table>
<details class="evidence"${openEvidence && records.length > 0 ? ' open' : ''}><summary>Evidence: ${records.length} record${records.length === 1 ? '' : 's'}</summary>
${records.map((r) => recordBlock(ctx, s.run, r)).join('\n')}
</details>
</div>`;
}

function stepRow(st: StepResult): string {
  const msg = st.message ? `<pre>${esc(st.message)}</pre>` : '';
  const detail = st.detail ? `<details><summary>Stack and diff</summary><pre>${esc(st.detail)}</pre></details>` : '';
  return `<tr><td><strong>${esc(st.keyword)}</strong> ${esc(st.text)}</td><td><span class="status s-${esc(st.status)}">${esc(st.status.toLowerCase())}</span></td><td>${Math.round(st.durationMs)}</td><td>${msg}${detail}</td></tr>`;
}

function recordBlock(ctx: Ctx, run: string, r: EvidenceRecord): string {
  const verdicts = (r.verdicts ?? []).map((v) => `<li>${v.ok ? 'ok' : '<strong>not ok</strong>'} <code>${esc(v.check)}</code>${v.message ? ` — ${esc(v.message)}` : ''}</li>`).join('');
  const id = r.identity;
  const texts = [r.request, r.response].flatMap((m) => (m ? [...Object.values(m.headers ?? {}).flat().map(String), m.bodyEncoding === 'base64' ? undefined : m.body, m.url] : []));
  const jose = findJose(texts);
  const image = r.kind === 'artifact' ? ctx.images.get(imageKey(run, r.seq)) : undefined;
  const artifactPath = r.kind === 'artifact' ? (r.data as { path?: unknown } | undefined)?.path : undefined;
  return `<div class="record" id="${anchorId('ev', `${run}-${r.seq}`)}">
<p><strong>#${r.seq}</strong> <span class="mono">${esc(r.time)}</span> ${esc(r.kind)}${r.direction ? ` (${esc(r.direction)})` : ''} · ${esc(r.platform)}${r.environment ? ` · ${esc(r.environment)}` : ''}${r.durationMs !== undefined ? ` · ${r.durationMs} ms` : ''}${r.summary ? ` — ${esc(r.summary)}` : ''}</p>
${id ? `<p>Client certificate: ${esc(id.subjectDN)}<br><span class="muted">issuer ${esc(id.issuerDN)}; SHA-256 <span class="mono">${esc(id.fingerprint256)}</span>; ${id.authorized ? 'accepted' : `refused${id.authorizationError ? `: ${esc(id.authorizationError)}` : ''}`}</span></p>` : ''}
${verdicts ? `<ul>${verdicts}</ul>` : ''}
${r.request ? httpBlock('Request', r.request) : ''}
${r.response ? httpBlock('Response', r.response) : ''}
${jose.map((j) => `<div class="jose"><p><strong>${j.kind === 'JWE' ? 'JWE protected header' : j.isSet ? 'Security Event Token (JWS)' : 'JWS'}</strong> (decoded, not verified)</p><pre>${esc(JSON.stringify(j.header, null, 2))}</pre>${j.claims ? `<p>${j.isSet ? 'SET claims' : 'Claims'}</p><pre>${esc(JSON.stringify(j.claims, null, 2))}</pre>` : ''}</div>`).join('\n')}
${image ? `<figure><img data-evidence="${esc(imageKey(run, r.seq))}" alt="Screenshot: ${esc(r.summary ?? String(artifactPath ?? ''))}" src="data:${esc(image.mediaType)};base64,${image.base64}"><figcaption>${esc(String(artifactPath ?? ''))}</figcaption></figure>` : r.kind === 'artifact' && artifactPath ? `<p class="muted">Artifact ${esc(String(artifactPath))} is not embedded (missing, not an image, or its SHA-256 differs from the record).</p>` : ''}
${r.data !== undefined && !image ? `<details><summary>Data</summary><pre>${esc(JSON.stringify(r.data, null, 2))}</pre></details>` : ''}
</div>`;
}

function httpBlock(label: string, m: HttpMessageEvidence): string {
  const line = [m.method, m.url, m.status].filter((x) => x !== undefined).join(' ');
  const headers = Object.entries(m.headers ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`)
    .join('\n');
  const contentType = Object.entries(m.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  let body = '';
  if (m.body !== undefined) {
    const text = m.bodyEncoding === 'base64' ? m.body : prettyBody(m.body, Array.isArray(contentType) ? contentType[0] : contentType);
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

function signOffSection(p: PlatformSectionV1): string {
  const s = p.signOff!;
  const id = anchorId('signoff', p.platform);
  return `<section id="${id}" class="signoff" aria-labelledby="${id}-h" lang="${esc(p.language)}">
<h2 id="${id}-h">${esc(s.title)}</h2>
<p>${esc(p.title)}: ${p.counts.passed} passed, ${p.counts.failed} failed, ${p.counts.notRun} not run, ${p.counts.notApplicable} not applicable; conformance score ${esc(scoreText(p))}.</p>
${s.statement ? `<p>${esc(s.statement)}</p>` : ''}
<table class="signoff-fields">
<caption>${esc(s.title)}</caption>
<tbody>
${s.fields.map((f) => `<tr><th scope="row">${esc(f)}</th><td class="blank"></td></tr>`).join('\n')}
</tbody>
</table>
</section>`;
}
