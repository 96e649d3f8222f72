/**
 * Metadata rules: choose the schema version (the metadata's `$schema`, which must be one the
 * destination accepts), validate against the official schema, and read the hashes and
 * attachment list out of `contentStructure`.
 */
import { METADATA_SCHEMA_URI_RE, metadataValidator } from './metadata-schemas.ts';
import { fail, ok, problem, type ProblemIssue, type Result } from './problems.ts';

export interface MetadataHash {
  type: string;
  content: string;
}

/** What the submission checks need from validated metadata. */
export interface MetadataContent {
  version: string;
  dataHash?: MetadataHash;
  attachments: { attachmentId: string; hash: MetadataHash; purpose: string; mimeType: string; filename?: string }[];
}

/**
 * Version from `$schema`; metadata without `$schema` is read as 1.0.0 (that schema has no
 * `$schema` property), and only when the destination accepts 1.0.0.
 */
export function selectMetadataVersion(metadata: Record<string, unknown>, accepted: readonly string[]): Result<string> {
  const declared = metadata.$schema;
  if (declared === undefined) {
    if (accepted.includes('1.0.0')) return ok('1.0.0');
    return fail(problem('FC_METADATA_VERSION_UNSUPPORTED',
      `metadata has no $schema; the destination accepts metadata versions ${accepted.join(', ')}`));
  }
  const m = typeof declared === 'string' ? METADATA_SCHEMA_URI_RE.exec(declared) : null;
  if (!m) {
    return fail(problem('FC_METADATA_VERSION_UNSUPPORTED', `metadata $schema ${JSON.stringify(declared)} is not a FIT-Connect metadata schema URI`,
      [{ pointer: '/$schema', message: 'must be https://schema.fitko.de/fit-connect/metadata/<version>/metadata.schema.json' }]));
  }
  const version = m[1];
  if (!accepted.includes(version)) {
    return fail(problem('FC_METADATA_VERSION_UNSUPPORTED', `metadata version ${version} is not accepted by the destination (accepts ${accepted.join(', ')})`,
      [{ pointer: '/$schema', message: `version ${version} not in destination metadataVersions` }]));
  }
  if (!metadataValidator(version)) {
    return fail(problem('FC_METADATA_VERSION_UNSUPPORTED', `govsim has no schema for metadata version ${version}`));
  }
  return ok(version);
}

/** Parses decrypted metadata bytes, selects the version and validates; issues carry JSON pointers. */
export function checkMetadata(plaintext: Uint8Array, accepted: readonly string[]): Result<{ metadata: Record<string, unknown>; content: MetadataContent }> {
  let metadata: unknown;
  try {
    metadata = JSON.parse(Buffer.from(plaintext).toString('utf8'));
  } catch (e) {
    return fail(problem('FC_METADATA_SYNTAX', `metadata is not JSON: ${e instanceof Error ? e.message : String(e)}`));
  }
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) {
    return fail(problem('FC_METADATA_SYNTAX', 'metadata must be a JSON object'));
  }
  const record = metadata as Record<string, unknown>;
  const version = selectMetadataVersion(record, accepted);
  if (!version.ok) return version;
  const validate = metadataValidator(version.value)!;
  if (!validate(record)) {
    const issues: ProblemIssue[] = (validate.errors ?? []).map((e) => ({
      pointer: e.instancePath === '' ? '' : e.instancePath,
      message: `${e.message ?? 'is invalid'}${e.keyword === 'additionalProperties' || e.keyword === 'required' ? ` (${JSON.stringify(e.params)})` : ''}`,
    }));
    return fail(problem('FC_METADATA_SCHEMA_VIOLATION',
      `metadata violates schema ${version.value}: ${issues.slice(0, 5).map((i) => `${i.pointer || '/'} ${i.message}`).join('; ')}`, issues));
  }
  return ok({ metadata: record, content: readContent(record, version.value) });
}

function readContent(m: Record<string, unknown>, version: string): MetadataContent {
  const cs = m.contentStructure as { data?: { hash: MetadataHash }; attachments?: MetadataContent['attachments'] };
  const out: MetadataContent = { version, attachments: (cs.attachments ?? []).map((a) => ({ ...a })) };
  if (cs.data) out.dataHash = cs.data.hash;
  return out;
}
