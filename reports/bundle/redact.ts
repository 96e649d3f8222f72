import { redact } from '../../simulators/kernel/evidence/index.ts';
import { ReportError } from '../errors.ts';
import { parseEnvelopes } from '../model/envelopes.ts';
import { MESSAGES_FILE } from './inputs.ts';

/** Redacts each Cucumber envelope as the recorder would; returns the original bytes when nothing changed. */
export function redactMessages(text: string): { text: string; changed: boolean } {
  const { envelopes, errors } = parseEnvelopes(text);
  if (errors.length > 0) throw new ReportError('REPORT_INPUT_MALFORMED', `${MESSAGES_FILE}: ${errors.slice(0, 3).join('; ')}`);
  let changed = false;
  const lines = envelopes.map((e) => {
    const before = JSON.stringify(e);
    const after = JSON.stringify(redact(e));
    if (after !== before) changed = true;
    return after;
  });
  return changed ? { text: lines.join('\n') + '\n', changed } : { text, changed };
}

/** Redacts a JSON file (e.g. run.json); returns the original text when nothing changed. */
export function redactJsonText(text: string, name: string): { text: string; changed: boolean } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ReportError('REPORT_INPUT_MALFORMED', `${name}: ${(err as Error).message}`);
  }
  const scrubbed = redact(value);
  if (JSON.stringify(scrubbed) === JSON.stringify(value)) return { text, changed: false };
  return { text: JSON.stringify(scrubbed, null, 2) + '\n', changed: true };
}
