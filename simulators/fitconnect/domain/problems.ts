/**
 * Problems: every FIT-Connect domain error is a value with a stable code that renders as
 * RFC 7807 `application/problem+json` with the platform's problem `type` URI.
 *
 * Only two submission-API problem URIs are publicly confirmed (destination-not-found,
 * destination-state-invalid). All others are modelled under the same prefix and flagged
 * `modelled: true`, so reports can say which URIs are govsim's own.
 */

export const SUBMISSION_PROBLEM_PREFIX = 'https://schema.fitko.de/fit-connect/submission-api/problems/';
/** Modelled: no public problem catalogue for the routing API was found. */
export const ROUTING_PROBLEM_PREFIX = 'https://schema.fitko.de/fit-connect/routing-api/problems/';
/** Modelled: problem types carried inside reject-submission events (not in public material). */
export const EVENT_PROBLEM_PREFIX = 'https://schema.fitko.de/fit-connect/events/problems/';

interface ProblemDef {
  status: number;
  /** Full `type` URI. */
  type: string;
  title: string;
  /** True when the URI is govsim's model, not a confirmed FIT-Connect URI. */
  modelled: boolean;
}

const sub = (name: string, status: number, title: string, modelled = true): ProblemDef =>
  ({ status, type: SUBMISSION_PROBLEM_PREFIX + name, title, modelled });

/** Catalogue of every problem code the domain can produce. */
export const PROBLEMS = {
  FC_DESTINATION_NOT_FOUND: sub('destination-not-found', 404, 'Destination not found', false),
  FC_DESTINATION_STATE_INVALID: sub('destination-state-invalid', 422, 'Destination state invalid', false),
  FC_DESTINATION_INVALID: sub('destination-invalid', 400, 'Destination definition invalid'),
  FC_SERVICE_NOT_OFFERED: sub('service-not-offered', 422, 'Service not offered by destination'),
  FC_REQUEST_INVALID: sub('request-invalid', 400, 'Request invalid'),
  FC_TOO_MANY_ATTACHMENTS: sub('too-many-attachments', 413, 'Too many attachments announced'),
  FC_SUBMISSION_NOT_FOUND: sub('submission-not-found', 404, 'Submission not found'),
  FC_CASE_NOT_FOUND: sub('case-not-found', 404, 'Case not found'),
  FC_SUBMISSION_STATE_INVALID: sub('submission-state-invalid', 422, 'Submission state invalid'),
  FC_INVALID_STATE_TRANSITION: sub('invalid-state-transition', 409, 'Invalid state transition'),
  FC_ATTACHMENT_NOT_ANNOUNCED: sub('attachment-not-announced', 422, 'Attachment not announced'),
  FC_ATTACHMENT_NOT_FOUND: sub('attachment-not-found', 404, 'Attachment not found'),
  FC_ATTACHMENT_TOO_LARGE: sub('attachment-too-large', 413, 'Attachment too large'),
  FC_SUBMISSION_TOO_LARGE: sub('submission-too-large', 413, 'Submission too large'),
  FC_ATTACHMENTS_MISSING: sub('missing-attachments', 422, 'Announced attachments not uploaded'),
  FC_JWE_MALFORMED: sub('jwe-syntax-violation', 400, 'Not a JWE in compact serialisation'),
  FC_JWE_WRONG_ALG: sub('jwe-unsupported-algorithm', 422, 'JWE key management algorithm not allowed'),
  FC_JWE_WRONG_ENC: sub('jwe-unsupported-encryption', 422, 'JWE content encryption not allowed'),
  FC_JWE_MISSING_CTY: sub('jwe-missing-content-type', 422, 'JWE protected header has no cty'),
  FC_JWE_UNKNOWN_KID: sub('jwe-unknown-key', 422, 'JWE kid is not a current key of the destination'),
  FC_JWE_DECRYPTION_FAILED: sub('jwe-decryption-failed', 422, 'JWE could not be decrypted'),
  FC_METADATA_SYNTAX: sub('metadata-syntax-violation', 422, 'Metadata is not a JSON object'),
  FC_METADATA_VERSION_UNSUPPORTED: sub('metadata-version-unsupported', 422, 'Metadata schema version not accepted by destination'),
  FC_METADATA_SCHEMA_VIOLATION: sub('metadata-schema-violation', 422, 'Metadata violates the metadata schema'),
  FC_ATTACHMENTS_MISMATCH: sub('attachments-mismatch', 422, 'Metadata attachments differ from announced attachments'),
  FC_DATA_MISSING: sub('missing-data', 422, 'Data and metadata disagree about the presence of data'),
  FC_HASH_MISMATCH: sub('hash-mismatch', 422, 'SHA-512 hash does not match the decrypted content'),
  FC_TOKEN_INVALID: sub('invalid-token', 401, 'Access token invalid'),
  FC_TOKEN_EXPIRED: sub('token-expired', 401, 'Access token expired'),
  FC_TOKEN_WRONG_ENVIRONMENT: sub('token-wrong-environment', 401, 'Access token issued for another environment'),
  FC_TOKEN_INSUFFICIENT_SCOPE: sub('insufficient-scope', 403, 'Access token lacks the required scope'),
  FC_CLIENT_NOT_FOUND: sub('client-not-found', 404, 'Client not found'),
  FC_SET_INVALID: sub('security-event-token-invalid', 422, 'Security event token invalid'),
  FC_ROUTING_BAD_REQUEST: { status: 400, type: ROUTING_PROBLEM_PREFIX + 'bad-request', title: 'Routing request invalid', modelled: true },
} as const satisfies Record<string, ProblemDef>;

export type ProblemCode = keyof typeof PROBLEMS;

/** One schema/validation finding: a JSON pointer into the checked document and a message. */
export interface ProblemIssue {
  pointer: string;
  message: string;
}

/** RFC 7807 body as sent on the wire (plus govsim extension members `code` and `issues`). */
export interface ProblemJson {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: ProblemCode;
  issues?: ProblemIssue[];
}

/** A domain error value. Thrown nowhere: operations return it in a `Result`. */
export class FitConnectProblem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly modelled: boolean;

  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly issues?: ProblemIssue[],
    readonly instance?: string,
  ) {
    const def: ProblemDef = PROBLEMS[code];
    this.type = def.type;
    this.title = def.title;
    this.status = def.status;
    this.modelled = def.modelled;
  }

  toJSON(): ProblemJson {
    const out: ProblemJson = { type: this.type, title: this.title, status: this.status, code: this.code };
    if (this.detail !== undefined) out.detail = this.detail;
    if (this.instance !== undefined) out.instance = this.instance;
    if (this.issues && this.issues.length > 0) out.issues = this.issues;
    return out;
  }
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problem(code: ProblemCode, detail?: string, issues?: ProblemIssue[]): FitConnectProblem {
  return new FitConnectProblem(code, detail, issues);
}

/** Success or a problem; domain operations never throw for protocol errors. */
export type Result<T, E = FitConnectProblem> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });

/** Problem types carried in reject-submission events (modelled URIs, see EVENT_PROBLEM_PREFIX). */
export const REJECT_PROBLEMS = {
  'hash-mismatch': 'Hash mismatch',
  'schema-violation': 'Schema violation',
  'syntax-violation': 'Syntax violation',
  'missing-attachments': 'Missing attachments',
  'attachments-mismatch': 'Attachments mismatch',
  'missing-data': 'Missing data',
  'encryption-issue': 'Encryption issue',
  'unsupported-metadata-schema': 'Unsupported metadata schema',
  'technical-error': 'Technical error',
  'not-picked-up': 'Not picked up in time',
} as const;

export type RejectProblemName = keyof typeof REJECT_PROBLEMS;

/** A problem entry inside a reject-submission event. */
export interface EventProblem {
  type: string;
  title: string;
  detail?: string;
  instance?: string;
}

export function eventProblem(name: RejectProblemName, detail?: string, instance?: string): EventProblem {
  const p: EventProblem = { type: EVENT_PROBLEM_PREFIX + name, title: REJECT_PROBLEMS[name] };
  if (detail !== undefined) p.detail = detail;
  if (instance !== undefined) p.instance = instance;
  return p;
}

/** Maps a send-time content problem to the reject-event problem that describes it. */
export function rejectProblemFor(p: FitConnectProblem): EventProblem {
  const byCode: Partial<Record<ProblemCode, RejectProblemName>> = {
    FC_HASH_MISMATCH: 'hash-mismatch',
    FC_METADATA_SCHEMA_VIOLATION: 'schema-violation',
    FC_METADATA_SYNTAX: 'syntax-violation',
    FC_ATTACHMENTS_MISMATCH: 'attachments-mismatch',
    FC_DATA_MISSING: 'missing-data',
    FC_JWE_DECRYPTION_FAILED: 'encryption-issue',
    FC_METADATA_VERSION_UNSUPPORTED: 'unsupported-metadata-schema',
  };
  return eventProblem(byCode[p.code] ?? 'technical-error', p.detail);
}
