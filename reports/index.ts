/** Reports: builds signed report bundles (report v1) from runs' evidence and verifies them offline. */
export { buildReportV1 as buildReport, ALL_FORMATS, SUT_DECLARATION_FILE, type BuildReportV1Options as BuildReportOptions, type ReportSummary } from './bundle/build-v1.ts';
export { REPORT_HTML_FILE, REPORT_JSON_FILE, REPORT_PDF_FILE } from './bundle/files.ts';
export { verifyReport, type VerifyOptions, type VerifyProblem, type VerifyProblemCode, type VerifyResult } from './bundle/verify.ts';
export { MANIFEST_FILE, SIGNATURE_FILE, SIGNER_FILE, type Manifest, type ManifestEntry } from './bundle/manifest.ts';
export { containsPrivateKey } from './bundle/secrets.ts';
export { buildReportModel, configHash, type ModelInputs } from './model/build-model.ts';
export { buildReportModelV1, runKeys, score, type ModelV1Inputs, type RunInputV1 } from './model/v1/build.ts';
export { CHECKLIST_TAG, checklistIdsOf, itemVerdict, scenarioVerdict } from './model/checklist.ts';
export { renderReportHtmlV1, itemAnchor, type RenderInputs } from './html/v1/render.ts';
export { renderJunit, JUNIT_REPORT_FILE } from './junit/render.ts';
/** renderPdf lives in ./pdf/render.ts (imports playwright-core; import it directly). */
export { pdfText, verdictRows, PdfToolMissingError } from './pdf/text.ts';
export { diffReports, formatDiff, loadReportForDiff, type ReportDiff, type ItemChange, type DiffEntry, type DiffSide } from './diff/diff.ts';
export { validateReportDocument, validatePlatformTemplate, validateSutDeclaration, REPORT_V1_SCHEMA_URL } from './schema.ts';
export { formatFingerprint, type SignerPem } from './signing/signer.ts';
export { canonicalJson } from './canonical-json.ts';
export { ReportError, type ReportErrorCode } from './errors.ts';
export type * from './model/types.ts';
export type * from './model/v1/types.ts';
