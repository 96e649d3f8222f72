import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
 * Model inputs from a directory holding messages.ndjson (required), evidence.jsonl and
 * run.json (optional). Used on the run directory's redacted copies and on a bundle.
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

/** Reads the model inputs of a report bundle directory. */
export function modelInputsFromBundle(dir: string): ModelInputs {
  const opt = (name: string): string | undefined => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : undefined);
  const messages = opt(MESSAGES_FILE);
  if (messages === undefined) throw new ReportError('REPORT_INPUT_MISSING', `${MESSAGES_FILE} is missing`);
  return modelInputsFromTexts({
    messages,
    evidenceFile: existsSync(join(dir, EVIDENCE_FILE)) ? join(dir, EVIDENCE_FILE) : undefined,
    run: opt(RUN_FILE),
  });
}
