/**
 * Report model v1: several run folders (e.g. FIT-Connect `test` and `refz`) combined into
 * one report, platform sections shaped by each platform's report template, declared SUT
 * facts, not-applicable items and a conformance score per platform.
 */
import type { CucumberInfo, EvidenceSummary, RunInfo, ScenarioResult, SignerInfo, SutIdentity, VerdictCounts } from '../types.ts';
import type { PlatformTemplate } from './template.ts';
import type { SutDeclaration } from './sut-declaration.ts';

/** Verdict of a checklist item (per environment and overall). */
export type ItemVerdict = 'passed' | 'failed' | 'not-run' | 'not-applicable';

export interface ItemCounts extends VerdictCounts {
  notApplicable: number;
}

/** Bundle paths of one run's copied files. */
export interface RunFiles {
  messages: string;
  evidence?: string;
  run?: string;
  junit?: string;
  cucumberHtml?: string;
}

/** One run folder of the report. `key` is unique in the report and names its files. */
export interface RunEntry {
  key: string;
  /** run.json `environment` (`default` when the run named none). */
  environment: string;
  info: RunInfo;
  cucumber: CucumberInfo;
  evidence: EvidenceSummary;
  files: RunFiles;
}

/** An item's result in one run (one environment). */
export interface ItemResult {
  run: string;
  environment: string;
  verdict: ItemVerdict;
  reason?: string;
  /** Pickle ids (of scenarios of `run`) tagged with the item. */
  scenarioIds: string[];
  /** `seq` of the evidence records (of `run`) written by those scenarios. */
  evidence: number[];
  durationMs?: number;
}

export interface ChecklistItemV1 {
  checklistId: string;
  title?: string;
  /** Section id of the platform template, when the template lists the item. */
  section?: string;
  /** Worst verdict over the environments; `not-applicable` when declared so. */
  verdict: ItemVerdict;
  reason?: string;
  results: ItemResult[];
}

export interface ConformanceScore {
  /** passed / applicable × 100, one decimal; null when nothing is applicable. */
  percent: number | null;
  passed: number;
  applicable: number;
  /** Every applicable item was run (in every environment of the platform). */
  complete: boolean;
}

export interface Deviation {
  /** `platform`: the simulator differs from the real platform; `sut`: declared by the vendor. */
  source: 'platform' | 'sut';
  items: string[];
  text: string;
}

export interface Fact {
  label: string;
  value: string;
}

export interface TestDataList {
  label: string;
  values: string[];
}

export interface SignOff {
  title: string;
  statement?: string;
  fields: string[];
}

export interface PlatformSectionV1 {
  platform: string;
  title: string;
  subtitle?: string;
  owner?: string;
  language: string;
  intro?: string;
  /** Bundle path of the template used, when the platform ships one. */
  template?: string;
  environments: string[];
  counts: ItemCounts;
  score: ConformanceScore;
  sections: Array<{ id: string; title: string; description?: string; items: string[] }>;
  items: ChecklistItemV1[];
  facts: Fact[];
  testData: TestDataList[];
  /** Identifier kinds the platform owner wants listed (oin, cvr, customer, clientId …). */
  identities: string[];
  signOff?: SignOff;
  deviations: Deviation[];
}

export interface ScenarioResultV1 extends ScenarioResult {
  run: string;
}

export interface SutIdentityV1 extends SutIdentity {
  runs: string[];
}

export interface SutSection {
  declared?: SutDeclaration;
  certificates: SutIdentityV1[];
  /** OAuth client ids seen in the evidence (token requests, recorded identities). */
  clientIds: string[];
}

export interface ReportModelV1 {
  /** Earliest start and latest finish over the runs (UTC ISO timestamps). */
  period: { start?: string; end?: string };
  runs: RunEntry[];
  summary: { checklist: ItemCounts; scenarios: VerdictCounts };
  platforms: PlatformSectionV1[];
  scenarios: ScenarioResultV1[];
  sut: SutSection;
  warnings: string[];
}

export type ReportFormat = 'json' | 'html' | 'pdf' | 'junit';

/** report.json, version 1. */
export interface ReportDocumentV1 extends ReportModelV1 {
  reportVersion: '1';
  generatedAt: string;
  signer: SignerInfo;
  /** Outputs in this bundle besides report.json. */
  outputs: { html?: string; pdf?: string; junit?: string };
  /** Bundle path of the SUT declaration, when one was given. */
  sutDeclarationFile?: string;
  redactedAtBuild: string[];
}

export type { PlatformTemplate, SutDeclaration };
