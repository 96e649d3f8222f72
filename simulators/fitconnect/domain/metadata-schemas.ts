/**
 * Loader for the official FIT-Connect metadata JSON Schemas (draft 2020-12) in
 * `schemas/fitconnect/`. Read and compiled once at module init.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

export const METADATA_SCHEMA_URI = (version: string): string =>
  `https://schema.fitko.de/fit-connect/metadata/${version}/metadata.schema.json`;

/** Matches a metadata `$schema` value and captures its semantic version. */
export const METADATA_SCHEMA_URI_RE = /^https:\/\/schema\.fitko\.de\/fit-connect\/metadata\/(\d+\.\d+\.\d+)\/metadata\.schema\.json$/;

const FILES: Record<string, string> = {
  '1.0.0': 'metadata-1.0.0.schema.json',
  '2.1.0': 'metadata-2.1.0.schema.json',
};

function compileAll(): Map<string, ValidateFunction> {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormatsModule as unknown as (a: Ajv2020) => Ajv2020)(ajv);
  const out = new Map<string, ValidateFunction>();
  for (const [version, file] of Object.entries(FILES)) {
    const schema = JSON.parse(readFileSync(new URL(`../../../schemas/fitconnect/${file}`, import.meta.url), 'utf8')) as { $id?: string; $schema?: string };
    if (schema.$id !== METADATA_SCHEMA_URI(version)) throw new Error(`schemas/fitconnect/${file} has $id ${schema.$id}, expected ${METADATA_SCHEMA_URI(version)}`);
    if (schema.$schema !== 'https://json-schema.org/draft/2020-12/schema') throw new Error(`schemas/fitconnect/${file} is not draft 2020-12`);
    out.set(version, ajv.compile(schema));
  }
  return out;
}

const VALIDATORS = compileAll();

/** Metadata schema versions govsim can validate (a destination may accept only these). */
export const SUPPORTED_METADATA_VERSIONS: readonly string[] = Object.freeze([...VALIDATORS.keys()]);

export function metadataValidator(version: string): ValidateFunction | undefined {
  return VALIDATORS.get(version);
}
