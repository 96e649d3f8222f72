/** Report v0: builds signed report bundles from a run's evidence and verifies them offline. */
export { buildReport, REPORT_HTML_FILE, REPORT_JSON_FILE, type BuildReportOptions, type ReportSummary } from './bundle/build.ts';
export { verifyReport, type VerifyOptions, type VerifyProblem, type VerifyProblemCode, type VerifyResult } from './bundle/verify.ts';
export { MANIFEST_FILE, SIGNATURE_FILE, SIGNER_FILE, type Manifest, type ManifestEntry } from './bundle/manifest.ts';
export { containsPrivateKey } from './bundle/secrets.ts';
export { buildReportModel, configHash, type ModelInputs } from './model/build-model.ts';
export { CHECKLIST_TAG, checklistIdsOf, itemVerdict, scenarioVerdict } from './model/checklist.ts';
export { renderReportHtml } from './html/render.ts';
export { validateReportDocument, REPORT_SCHEMA_URL } from './schema.ts';
export { formatFingerprint, type SignerPem } from './signing/signer.ts';
export { canonicalJson } from './canonical-json.ts';
export { ReportError, type ReportErrorCode } from './errors.ts';
export type * from './model/types.ts';
