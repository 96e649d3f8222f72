/** The report model: everything report.json states, derived from the run's files only. */

/** Cucumber's step/test-case status (messages protocol). */
export type StepStatus = 'PASSED' | 'FAILED' | 'SKIPPED' | 'PENDING' | 'UNDEFINED' | 'AMBIGUOUS' | 'UNKNOWN';

/** Verdict of a scenario or checklist item. */
export type Verdict = 'passed' | 'failed' | 'not-run';

export interface VerdictCounts {
  passed: number;
  failed: number;
  notRun: number;
}

export interface StepResult {
  /** `Given`/`When`/`Then`/`And`…, or `Before`/`After` for hooks. */
  keyword: string;
  text: string;
  kind: 'step' | 'hook';
  status: StepStatus;
  durationMs: number;
  /** The assertion's own message (Cucumber `exception.message`, else `message`). */
  message?: string;
  /** Full formatted failure with stack, when different from `message`. */
  detail?: string;
}

export interface ScenarioResult {
  /** Cucumber pickle id: evidence records carry it as `scenarioId`. */
  pickleId: string;
  name: string;
  uri: string;
  line?: number;
  featureName?: string;
  platform?: string;
  checklistIds: string[];
  tags: string[];
  /** Worst step status of the final attempt; UNKNOWN when the scenario never started. */
  status: StepStatus;
  verdict: Verdict;
  /** Attempts started (retries count). 0 = never ran. */
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  steps: StepResult[];
  /** First failing step's message, or why it did not run. */
  reason?: string;
  /** `seq` of each evidence record written during this scenario. */
  evidenceSeqs: number[];
}

export interface ChecklistItem {
  checklistId: string;
  platform: string;
  verdict: Verdict;
  reason?: string;
  /** Pickle ids of the scenarios tagged with this id, in run order. */
  scenarioIds: string[];
  evidenceCount: number;
}

export interface PlatformSection {
  platform: string;
  counts: VerdictCounts;
  items: ChecklistItem[];
}

/** A client certificate seen in the evidence (the system under test, or an impostor). */
export interface SutIdentity {
  fingerprint256: string;
  subjectDN: string;
  issuerDN: string;
  commonName?: string;
  organization?: string;
  oin?: string;
  cvr?: string;
  fid?: string;
  customer?: string;
  certSerial?: string;
  validFrom?: string;
  validTo?: string;
  authorized: boolean;
  authorizationErrors: string[];
  platforms: string[];
  records: number;
  firstSeen: string;
  lastSeen: string;
}

export interface RunInfo {
  runId?: string;
  harnessVersion?: string;
  gitCommit?: string;
  startedAt?: string;
  finishedAt?: string;
  environment?: string;
  sutMode?: string;
  platforms?: string[];
  tags?: string | string[];
  /** SHA-256 (hex) of the canonical JSON of run.json's `config`. */
  configHash?: string;
}

export interface CucumberInfo {
  protocolVersion?: string;
  implementation?: string;
  runtime?: string;
  startedAt?: string;
  finishedAt?: string;
  success?: boolean;
}

export interface EvidenceSummary {
  records: number;
  /** Records with no scenario id, or one that names no pickle of this run. */
  unlinked: number;
  truncatedTail: boolean;
  gaps: Array<{ runId: string; afterSeq: number; nextSeq: number }>;
  runIds: string[];
}

/** The part of the report that is recomputed from the bundle by the verifier. */
export interface ReportModel {
  run: RunInfo;
  cucumber: CucumberInfo;
  summary: { checklist: VerdictCounts; scenarios: VerdictCounts };
  platforms: PlatformSection[];
  scenarios: ScenarioResult[];
  sutIdentities: SutIdentity[];
  evidence: EvidenceSummary;
  /** Problems with the inputs that a reader must know (gaps, unknown pickle ids, …). */
  warnings: string[];
}

export interface SignerInfo {
  /** Lower-case hex SHA-256 of the signer certificate's DER. */
  certificateSha256: string;
  /** Lower-case hex SHA-256 of the DER SubjectPublicKeyInfo. */
  publicKeySha256: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  signatureAlgorithm: SignatureAlgorithm;
}

export type SignatureAlgorithm = 'Ed25519' | 'RSA-PSS-SHA256' | 'ECDSA-SHA256';
