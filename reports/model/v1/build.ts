import type { EvidenceRecord } from '../../../simulators/kernel/evidence/index.ts';
import { buildReportModel, type ModelInputs } from '../build-model.ts';
import { countVerdicts, itemVerdict } from '../checklist.ts';
import type { ReportModel, ScenarioResult, Verdict } from '../types.ts';
import { clientIdsFromEvidence, evidenceTexts, findTestData } from './test-data.ts';
import { defaultTemplate, type FactSource, type PlatformTemplate } from './template.ts';
import type { SutDeclaration } from './sut-declaration.ts';
import type {
  ChecklistItemV1, ConformanceScore, Deviation, Fact, ItemCounts, ItemResult, ItemVerdict, PlatformSectionV1,
  ReportModelV1, RunEntry, RunFiles, ScenarioResultV1, SutIdentityV1,
} from './types.ts';

export interface RunInputV1 {
  key: string;
  files: RunFiles;
  inputs: ModelInputs;
}

export interface ModelV1Inputs {
  runs: readonly RunInputV1[];
  /** Platform templates by platform key, with the bundle path they are kept under. */
  templates?: ReadonlyMap<string, { file: string; template: PlatformTemplate }>;
  declaration?: SutDeclaration;
}

interface BuiltRun {
  key: string;
  environment: string;
  model: ReportModel;
  records: readonly EvidenceRecord[];
}

const byNatural = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });
const OTHER_SECTION = 'other';

/** Unique, file-name-safe run keys: the environments when they differ, else run1, run2, … */
export function runKeys(environments: readonly string[]): string[] {
  const slugs = environments.map((e) => e.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'run');
  return new Set(slugs).size === slugs.length ? slugs : environments.map((_e, i) => `run${i + 1}`);
}

/** Pure: the v1 report model from one or more runs, the platform templates and the SUT declaration. */
export function buildReportModelV1(inputs: ModelV1Inputs): ReportModelV1 {
  const warnings: string[] = [];
  const multi = inputs.runs.length > 1;
  const built: BuiltRun[] = inputs.runs.map((r) => {
    const model = buildReportModel(r.inputs);
    for (const w of model.warnings) warnings.push(multi ? `run ${r.key}: ${w}` : w);
    return { key: r.key, environment: model.run.environment ?? 'default', model, records: r.inputs.evidence?.records ?? [] };
  });
  const runs: RunEntry[] = built.map((b, i) => ({
    key: b.key,
    environment: b.environment,
    info: b.model.run,
    cucumber: b.model.cucumber,
    evidence: b.model.evidence,
    files: inputs.runs[i].files,
  }));
  const scenarios: ScenarioResultV1[] = built.flatMap((b) => b.model.scenarios.map((s) => ({ run: b.key, ...s })));

  const platformKeys = new Set<string>();
  for (const b of built) {
    for (const s of b.model.scenarios) if (s.checklistIds.length > 0) platformKeys.add(s.platform ?? 'unassigned');
    for (const p of b.model.run.platforms ?? []) if (inputs.templates?.has(p)) platformKeys.add(p);
  }
  const declaration = inputs.declaration;
  const certificates = mergeCertificates(built);
  const clientIds = [...new Set(built.flatMap((b) => clientIdsFromEvidence(b.records)))].sort();
  const period = runPeriod(built);
  const platforms = [...platformKeys].sort(byNatural).map((platform) => platformSection(platform, built, inputs, warnings, { certificates, clientIds, period }));

  const all = platforms.flatMap((p) => p.items.map((i) => i.verdict));
  return {
    period,
    runs,
    summary: { checklist: countItems(all), scenarios: countVerdicts(scenarios.map((s) => s.verdict)) },
    platforms,
    scenarios,
    sut: { ...(declaration ? { declared: declaration } : {}), certificates, clientIds },
    warnings,
  };
}

interface Shared {
  certificates: SutIdentityV1[];
  clientIds: string[];
  period: { start?: string; end?: string };
}

function platformSection(platform: string, built: readonly BuiltRun[], inputs: ModelV1Inputs, warnings: string[], shared: Shared): PlatformSectionV1 {
  const entry = inputs.templates?.get(platform);
  const t = entry?.template ?? defaultTemplate(platform);
  const covering = built.filter((b) => b.model.scenarios.some((s) => s.platform === platform && s.checklistIds.length > 0) || (b.model.run.platforms ?? []).includes(platform));
  const ids = new Set<string>();
  const sectionOf = new Map<string, string>();
  for (const sec of t.sections) for (const id of sec.items) {
    ids.add(id);
    if (!sectionOf.has(id)) sectionOf.set(id, sec.id);
  }
  const seen = new Set<string>();
  for (const b of covering) for (const s of b.model.scenarios) if (s.platform === platform) for (const id of s.checklistIds) seen.add(id);
  const unlisted = [...seen].filter((id) => !sectionOf.has(id)).sort(byNatural);
  for (const id of unlisted) ids.add(id);
  const sections = t.sections.map((s) => ({ id: s.id, title: s.title, ...(s.description ? { description: s.description } : {}), items: [...s.items] }));
  if (unlisted.length > 0) {
    sections.push({ id: OTHER_SECTION, title: t.sections.length > 0 ? 'Other checklist items' : 'Checklist', items: unlisted });
    if (entry) warnings.push(`${platform}: checklist id(s) ${unlisted.join(', ')} are not in the platform's report template ${entry.file}`);
  }

  const declared = inputs.declaration?.notApplicable ?? {};
  const items: ChecklistItemV1[] = [...ids].map((id) => {
    const results = covering.map((b) => itemResult(b, platform, id));
    const ownerNa = t.notApplicable?.[id];
    const vendorNa = declared[`${platform}/${id}`] ?? declared[id];
    let verdict: ItemVerdict;
    let reason: string | undefined;
    if (ownerNa !== undefined || vendorNa !== undefined) {
      verdict = 'not-applicable';
      reason = ownerNa !== undefined ? `not required by the platform owner: ${ownerNa}` : `declared not applicable by the vendor: ${vendorNa}`;
      if (results.some((r) => r.verdict === 'failed')) warnings.push(`${platform}/${id} is declared not applicable but failed in ${results.filter((r) => r.verdict === 'failed').map((r) => r.environment).join(', ')}`);
    } else {
      verdict = results.length === 0 ? 'not-run' : itemVerdict(results.map((r) => r.verdict as Verdict));
      const firstBad = results.find((r) => r.verdict === verdict && verdict !== 'passed');
      reason = firstBad?.reason !== undefined ? (covering.length > 1 ? `${firstBad.environment}: ${firstBad.reason}` : firstBad.reason)
        : results.length === 0 ? 'no run of this report covers the platform' : undefined;
    }
    const title = t.items?.[id]?.title ?? firstScenarioName(covering, platform, id);
    return {
      checklistId: id,
      ...(title !== undefined ? { title } : {}),
      ...(sectionOf.has(id) ? { section: sectionOf.get(id) } : unlisted.includes(id) ? { section: OTHER_SECTION } : {}),
      verdict,
      ...(reason !== undefined ? { reason } : {}),
      results,
    };
  });

  const counts = countItems(items.map((i) => i.verdict));
  const records = covering.flatMap((b) => b.records);
  const stepTexts = covering.flatMap((b) => b.model.scenarios.filter((s) => s.platform === platform).flatMap((s) => s.steps.map((st) => st.text)));
  const testData = (t.testData ?? []).map((spec) => ({ label: spec.label, values: findTestData(spec, [...evidenceTexts(records), ...stepTexts]) }));
  const platformCerts = shared.certificates.filter((c) => c.platforms.includes(platform));
  const deviations: Deviation[] = [
    ...(t.knownDeviations ?? []).map((d) => ({ source: 'platform' as const, items: d.items ?? [], text: d.text })),
    ...(inputs.declaration?.deviations ?? [])
      .filter((d) => !d.items?.length || d.items.some((i) => ids.has(i.replace(/^[a-z0-9_-]+\//, ''))))
      .map((d) => ({ source: 'sut' as const, items: d.items ?? [], text: d.text })),
  ];
  const environments = [...new Set(covering.map((b) => b.environment))];
  return {
    platform,
    title: t.title,
    ...(t.subtitle ? { subtitle: t.subtitle } : {}),
    ...(t.owner ? { owner: t.owner } : {}),
    language: t.language ?? 'en',
    ...(t.intro ? { intro: t.intro } : {}),
    ...(entry ? { template: entry.file } : {}),
    environments,
    counts,
    score: score(counts, items),
    sections,
    items,
    facts: (t.facts ?? []).map((f) => ({ label: f.label, value: factValue(f.from, inputs.declaration, covering, platformCerts, shared, environments) })),
    testData,
    identities: t.identities ?? ['oin', 'cvr', 'fid', 'customer', 'clientId', 'fingerprint'],
    ...(t.signOff ? { signOff: { title: t.signOff.title, ...(t.signOff.statement ? { statement: t.signOff.statement } : {}), fields: [...t.signOff.fields] } } : {}),
    deviations,
  };
}

function itemResult(b: BuiltRun, platform: string, id: string): ItemResult {
  const list = b.model.scenarios.filter((s) => s.platform === platform && s.checklistIds.includes(id));
  const section = b.model.platforms.find((p) => p.platform === platform);
  const runItem = section?.items.find((i) => i.checklistId === id);
  const evidence = [...new Set(list.flatMap((s) => s.evidenceSeqs))].sort((x, y) => x - y);
  const durations = list.map((s) => s.durationMs).filter((d): d is number => d !== undefined);
  if (!runItem) {
    return { run: b.key, environment: b.environment, verdict: 'not-run', reason: 'no scenario of this run covers it', scenarioIds: [], evidence };
  }
  return {
    run: b.key,
    environment: b.environment,
    verdict: runItem.verdict,
    ...(runItem.reason !== undefined ? { reason: runItem.reason } : {}),
    scenarioIds: [...runItem.scenarioIds],
    evidence,
    ...(durations.length > 0 ? { durationMs: durations.reduce((a, c) => a + c, 0) } : {}),
  };
}

function firstScenarioName(runs: readonly BuiltRun[], platform: string, id: string): string | undefined {
  for (const b of runs) {
    const s: ScenarioResult | undefined = b.model.scenarios.find((x) => x.platform === platform && x.checklistIds.includes(id));
    if (s) return s.name;
  }
  return undefined;
}

export function countItems(verdicts: Iterable<ItemVerdict>): ItemCounts {
  const c: ItemCounts = { passed: 0, failed: 0, notRun: 0, notApplicable: 0 };
  for (const v of verdicts) {
    if (v === 'passed') c.passed++;
    else if (v === 'failed') c.failed++;
    else if (v === 'not-applicable') c.notApplicable++;
    else c.notRun++;
  }
  return c;
}

/** Conformance score: passed among applicable items; complete when every applicable item ran everywhere. */
export function score(counts: ItemCounts, items: readonly ChecklistItemV1[]): ConformanceScore {
  const applicable = counts.passed + counts.failed + counts.notRun;
  const complete = items.every((i) => i.verdict === 'not-applicable' || (i.results.length > 0 && i.results.every((r) => r.verdict !== 'not-run')));
  return {
    percent: applicable === 0 ? null : Math.round((counts.passed / applicable) * 1000) / 10,
    passed: counts.passed,
    applicable,
    complete,
  };
}

function mergeCertificates(built: readonly BuiltRun[]): SutIdentityV1[] {
  const byFp = new Map<string, SutIdentityV1>();
  for (const b of built) {
    for (const id of b.model.sutIdentities) {
      const e = byFp.get(id.fingerprint256);
      if (!e) {
        byFp.set(id.fingerprint256, { ...id, platforms: [...id.platforms], authorizationErrors: [...id.authorizationErrors], runs: [b.key] });
        continue;
      }
      e.records += id.records;
      e.authorized = e.authorized && id.authorized;
      e.authorizationErrors = [...new Set([...e.authorizationErrors, ...id.authorizationErrors])].sort();
      e.platforms = [...new Set([...e.platforms, ...id.platforms])].sort();
      if (!e.runs.includes(b.key)) e.runs.push(b.key);
      if (id.firstSeen < e.firstSeen) e.firstSeen = id.firstSeen;
      if (id.lastSeen > e.lastSeen) e.lastSeen = id.lastSeen;
    }
  }
  return [...byFp.values()].sort((a, c) => a.firstSeen.localeCompare(c.firstSeen) || a.fingerprint256.localeCompare(c.fingerprint256));
}

function runPeriod(built: readonly BuiltRun[]): { start?: string; end?: string } {
  const starts = built.map((b) => b.model.run.startedAt ?? b.model.cucumber.startedAt).filter((s): s is string => !!s && !Number.isNaN(Date.parse(s)));
  const ends = built.map((b) => b.model.run.finishedAt ?? b.model.cucumber.finishedAt).filter((s): s is string => !!s && !Number.isNaN(Date.parse(s)));
  const iso = (s: string): string => new Date(s).toISOString();
  const start = starts.map(iso).sort()[0];
  const end = ends.map(iso).sort().at(-1);
  return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
}

const NOT_DECLARED = 'not declared';
const NOT_SEEN = 'none seen in the evidence';

function factValue(from: FactSource, d: SutDeclaration | undefined, runs: readonly BuiltRun[], certs: readonly SutIdentityV1[], shared: Shared, environments: readonly string[]): string {
  const seen = (pick: (c: SutIdentityV1) => string | undefined, declared?: string): string => {
    const values = [...new Set(certs.filter((c) => c.authorized).map(pick).filter((v): v is string => !!v))];
    const parts = [...(declared ? [`${declared} (declared)`] : []), ...values.filter((v) => v !== declared).map((v) => `${v} (client certificate)`)];
    if (declared && values.includes(declared)) parts[0] = `${declared} (declared, matches the client certificate)`;
    return parts.length ? parts.join('; ') : declared === undefined ? NOT_SEEN : NOT_DECLARED;
  };
  switch (from) {
    case 'sut.organisation': return d?.organisation ?? ([...new Set(certs.filter((c) => c.authorized).map((c) => c.organization).filter(Boolean))].join('; ') || NOT_DECLARED);
    case 'sut.contact': return d?.contact ? [d.contact.name, d.contact.email, d.contact.phone].filter(Boolean).join(', ') : NOT_DECLARED;
    case 'sut.product': return d?.product ? `${d.product.name}${d.product.version ? ` ${d.product.version}` : ''}` : NOT_DECLARED;
    case 'sut.oin': return seen((c) => c.oin, d?.identifiers?.oin);
    case 'sut.hrn': return seen((c) => c.oin, d?.identifiers?.hrn);
    case 'sut.cvr': return seen((c) => c.cvr, d?.identifiers?.cvr);
    case 'sut.customer': return seen((c) => c.customer, d?.identifiers?.customer);
    case 'sut.clientIds': {
      const all = [...new Set([...(d?.identifiers?.clientIds ?? []), ...shared.clientIds])];
      return all.length ? all.join(', ') : NOT_SEEN;
    }
    case 'sut.certificates': {
      const ok = certs.filter((c) => c.authorized);
      return ok.length ? ok.map((c) => `${c.subjectDN} (SHA-256 ${c.fingerprint256.slice(0, 16)}…)`).join('; ') : NOT_SEEN;
    }
    case 'test.period': {
      const starts = runs.map((b) => b.model.run.startedAt).filter((s): s is string => !!s).sort();
      const ends = runs.map((b) => b.model.run.finishedAt).filter((s): s is string => !!s).sort();
      return starts.length ? `${starts[0]} – ${ends.at(-1) ?? 'unfinished'} (UTC)` : (shared.period.start ? `${shared.period.start} – ${shared.period.end ?? ''}` : 'not recorded');
    }
    case 'test.environments': return environments.join(', ') || 'none';
    case 'test.sutMode': return [...new Set(runs.map((b) => b.model.run.sutMode ?? 'unknown'))].join(', ');
    case 'harness.version': return [...new Set(runs.map((b) => `${b.model.run.harnessVersion ?? 'unknown'}${b.model.run.gitCommit ? ` (${b.model.run.gitCommit.slice(0, 12)})` : ''}`))].join(', ');
  }
}
