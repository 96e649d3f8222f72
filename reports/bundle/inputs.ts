import { readEvidence } from '../../simulators/kernel/evidence/index.ts';
import { ReportError } from '../errors.ts';
import type { ModelInputs } from '../model/build-model.ts';
import { parseEnvelopes } from '../model/envelopes.ts';

export const EVIDENCE_FILE = 'evidence.jsonl';
export const MESSAGES_FILE = 'messages.ndjson';
export const RUN_FILE = 'run.json';
export const JUNIT_FILE = 'junit.xml';
export const CUCUMBER_HTML_FILE = 'cucumber.html';

/**
 * Model inputs of one run from the texts of messages.ndjson (required) and run.json, and the
 * path of evidence.jsonl (optional). Used on a run folder's redacted copies and on a bundle's run files.
 */
export function modelInputsFromTexts(texts: { messages: string; evidenceFile?: string; run?: string }): ModelInputs {
  const parsed = parseEnvelopes(texts.messages);
  if (parsed.errors.length > 0) {
    throw new ReportError('REPORT_INPUT_MALFORMED', `${MESSAGES_FILE}: ${parsed.errors.slice(0, 3).join('; ')}`);
  }
  const inputWarnings: string[] = [];
  if (parsed.truncatedTail) inputWarnings.push(`${MESSAGES_FILE} ends in a torn line (Cucumber was interrupted)`);
  let evidence: ModelInputs['evidence'];
  if (texts.evidenceFile !== undefined) {
    try {
      evidence = readEvidence(texts.evidenceFile);
    } catch (err) {
      throw new ReportError('REPORT_INPUT_MALFORMED', (err as Error).message);
    }
  } else inputWarnings.push(`no ${EVIDENCE_FILE}: the run recorded no evidence`);
  let run: unknown;
  if (texts.run !== undefined) {
    try {
      run = JSON.parse(texts.run);
    } catch (err) {
      throw new ReportError('REPORT_INPUT_MALFORMED', `${RUN_FILE}: ${(err as Error).message}`);
    }
  } else inputWarnings.push(`no ${RUN_FILE}: run metadata and config hash are unknown`);
  return { envelopes: parsed.envelopes, evidence, run, inputWarnings };
}
