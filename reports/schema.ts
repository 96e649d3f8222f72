import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/** Location of the report JSON Schemas (versioned with reportVersion). */
export const REPORT_V1_SCHEMA_URL = new URL('../schemas/report/report-v1.schema.json', import.meta.url);
export const PLATFORM_TEMPLATE_SCHEMA_URL = new URL('../schemas/report/platform-template-v1.schema.json', import.meta.url);
export const SUT_DECLARATION_SCHEMA_URL = new URL('../schemas/report/sut-declaration-v1.schema.json', import.meta.url);

const validators = new Map<string, ValidateFunction>();

function validatorFor(url: URL): ValidateFunction {
  let v = validators.get(url.href);
  if (!v) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
    addFormats(ajv);
    v = ajv.compile(JSON.parse(readFileSync(url, 'utf8')) as object);
    validators.set(url.href, v);
  }
  return v;
}

function validate(url: URL, value: unknown): string[] {
  const v = validatorFor(url);
  if (v(value)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/**
 * Validates a report.json value against the report v1 schema (the only report format);
 * returns readable error lines (empty when valid).
 */
export function validateReportDocument(value: unknown): string[] {
  return validate(REPORT_V1_SCHEMA_URL, value);
}

/** Validates a platform report template (features/<platform>/report.json). */
export function validatePlatformTemplate(value: unknown): string[] {
  return validate(PLATFORM_TEMPLATE_SCHEMA_URL, value);
}

/** Validates a SUT declaration (govsim report --sut <file>). */
export function validateSutDeclaration(value: unknown): string[] {
  return validate(SUT_DECLARATION_SCHEMA_URL, value);
}
