import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/** Location of the report JSON Schema (versioned with reportVersion). */
export const REPORT_SCHEMA_URL = new URL('../schemas/report/report-v0.schema.json', import.meta.url);

let validator: ValidateFunction | undefined;

/** Validates a report.json value; returns readable error lines (empty when valid). */
export function validateReportDocument(value: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_URL, 'utf8')) as object);
  }
  if (validator(value)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
