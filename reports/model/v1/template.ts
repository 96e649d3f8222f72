/**
 * Platform report template (`features/<platform>/report.json`): how one platform owner's
 * test report is shaped. Data only; schema `schemas/report/platform-template-v1.schema.json`.
 */

/** Where a fact in the report header comes from. */
export type FactSource =
  | 'sut.organisation' | 'sut.contact' | 'sut.product' | 'sut.oin' | 'sut.hrn' | 'sut.cvr'
  | 'sut.customer' | 'sut.clientIds' | 'sut.certificates'
  | 'test.period' | 'test.environments' | 'test.sutMode' | 'harness.version';

export interface TemplateTestData {
  label: string;
  /** Name of the field holding the value, matched case-insensitively in bodies, URLs and step texts (e.g. `bsn`). */
  key: string;
  /** Exact number of digits of a value. */
  digits: number;
  /** Only values passing this check are listed (`elfproef` for BSNs). */
  checksum?: 'elfproef';
}

export interface PlatformTemplate {
  templateVersion: 1;
  platform: string;
  title: string;
  subtitle?: string;
  /** Who owns the checklist (Logius, FITKO, IT.Niedersachsen …). */
  owner?: string;
  /** BCP 47 language of titles and labels; default `en`. */
  language?: string;
  intro?: string;
  sections: Array<{ id: string; title: string; description?: string; items: string[] }>;
  /** Item titles (and the rule each checks) by checklist id. */
  items?: Record<string, { title: string; reference?: string }>;
  /** Items the platform owner does not require, with the reason. */
  notApplicable?: Record<string, string>;
  facts?: Array<{ label: string; from: FactSource }>;
  testData?: TemplateTestData[];
  identities?: Array<'oin' | 'hrn' | 'cvr' | 'fid' | 'customer' | 'clientId' | 'fingerprint'>;
  signOff?: { title: string; statement?: string; fields: string[] };
  knownDeviations?: Array<{ items?: string[]; text: string }>;
}

/** The template used when a platform ships none: one section holding every item run. */
export function defaultTemplate(platform: string): PlatformTemplate {
  return { templateVersion: 1, platform, title: `Platform ${platform}`, sections: [] };
}
