/**
 * Submissions (Einreichungen) following Submission API v1:
 * announce (create) → upload announced attachments → send (PUT with encrypted metadata/data)
 * → the authority picks up (forwarded) → accept or reject. Status:
 * incomplete → submitted → forwarded → accepted | rejected, and deleted.
 *
 * Lifecycle (driven by `tick()` with the injected clock): incomplete submissions are deleted
 * after `incompleteTtlMs` (1 day); submitted ones not picked up within `pickupDeadlineMs`
 * (14 days) are rejected by the platform.
 */
import type { Clock } from '../../kernel/types.ts';
import type { AttachmentKey, AttachmentStore } from './attachment-store.ts';
import { checkCallbackConfig, type CallbackConfig } from './callbacks.ts';
import type { DestinationRegistry } from './destinations.ts';
import { eventUri, type AuthenticationTags, type CaseEvent, type EventLog, type EventName, type Signer } from './events.ts';
import { UUID_RE, type IdGenerator } from './ids.ts';
import { StreamingJweDecryptor, type DecryptedJwe } from './jwe.ts';
import { checkMetadata } from './metadata.ts';
import {
  eventProblem, fail, ok, problem, rejectProblemFor,
  type EventProblem, type FitConnectProblem, type ProblemIssue, type Result,
} from './problems.ts';

export type SubmissionStatus = 'incomplete' | 'submitted' | 'forwarded' | 'accepted' | 'rejected' | 'deleted';

export interface SubmissionLimits {
  /** Per attachment, counted on the encrypted (compact JWE) bytes. */
  maxAttachmentBytes: number;
  maxAttachments: number;
  /** Sum of all attachments of one submission. */
  maxTotalBytes: number;
  /** Decrypted metadata kept in memory for validation. */
  maxMetadataBytes: number;
  /** encryptedData (JSON body, so bounded by the transport's body limit too). */
  maxDataBytes: number;
}

export const DEFAULT_LIMITS: SubmissionLimits = {
  maxAttachmentBytes: 500 * 1024 * 1024,
  maxAttachments: 100,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxMetadataBytes: 10 * 1024 * 1024,
  maxDataBytes: 500 * 1024 * 1024,
};

export interface LifecycleConfig {
  incompleteTtlMs: number;
  pickupDeadlineMs: number;
  /** How long after sending the simulated authority (auto modes) picks a submission up. */
  authorityDelayMs: number;
}

const DAY = 24 * 60 * 60 * 1000;
export const DEFAULT_LIFECYCLE: LifecycleConfig = { incompleteTtlMs: DAY, pickupDeadlineMs: 14 * DAY, authorityDelayMs: 0 };

/**
 * What happens when decrypted content is wrong (schema, hashes, attachment list):
 * `problem` answers the send with a 422 problem (the submission stays incomplete);
 * `reject` accepts the send like the real platform (which cannot decrypt) and lets the
 * simulated authority reject it with the same findings as event problems.
 */
export type ContentFailurePolicy = 'problem' | 'reject';

export interface ServiceType {
  name?: string;
  description?: string;
  identifier: string;
}

export interface CreateSubmissionInput {
  destinationId: string;
  announcedAttachments: string[];
  serviceType: ServiceType;
  caseId?: string;
  callback?: CallbackConfig;
}

export interface SubmitSubmissionInput {
  encryptedMetadata: string;
  encryptedData?: string;
}

export interface UploadedAttachment {
  attachmentId: string;
  encryptedBytes: number;
  plaintextSha512: string;
  kid: string;
  cty?: string;
  authenticationTag: string;
  uploadedAt: string;
}

/** `SubmissionReduced` of the API plus govsim's own view fields. */
export interface SubmissionView {
  submissionId: string;
  caseId: string;
  destinationId: string;
  serviceType: ServiceType;
  announcedAttachments: string[];
  /** Ids uploaded so far (the API's `attachments`). */
  attachments: string[];
  status: SubmissionStatus;
  senderClientId?: string;
  callback?: { url: string };
  createdAt: string;
  submittedAt?: string;
  forwardedAt?: string;
  completedAt?: string;
  metadataVersion?: string;
  /** Decrypted metadata (govsim plays the authority). */
  metadata?: Record<string, unknown>;
  /** Findings that made (or will make) the authority reject. */
  problems?: EventProblem[];
}

/** `Submission` of the API as served to a Subscriber. */
export interface SubmissionForSubscriber {
  destinationId: string;
  submissionId: string;
  caseId: string;
  attachments: string[];
  serviceType: ServiceType;
  encryptedMetadata: string;
  encryptedData?: string;
  callback?: { url: string };
}

export type UploadBody = AsyncIterable<Uint8Array> | Iterable<Uint8Array> | Uint8Array | string;

interface SubmissionRecord {
  submissionId: string;
  caseId: string;
  destinationId: string;
  serviceType: ServiceType;
  announced: string[];
  uploads: Map<string, UploadedAttachment>;
  status: SubmissionStatus;
  senderClientId?: string;
  callback?: CallbackConfig;
  createdAt: number;
  submittedAt?: number;
  forwardedAt?: number;
  completedAt?: number;
  encryptedMetadata?: string;
  encryptedData?: string;
  metadata?: Record<string, unknown>;
  metadataVersion?: string;
  pendingRejection?: EventProblem[];
  problems?: EventProblem[];
}

export interface TickReport {
  deleted: string[];
  autoRejected: string[];
  forwarded: string[];
  accepted: string[];
  rejected: string[];
}

export interface SubmissionServiceOptions {
  clock: Clock;
  ids: IdGenerator;
  destinations: DestinationRegistry;
  events: EventLog;
  /** Signer of platform events (environment signing key, iss = platform issuer). */
  platformSigner: Signer;
  store: AttachmentStore;
  limits?: Partial<SubmissionLimits>;
  lifecycle?: Partial<LifecycleConfig>;
  contentFailure?: ContentFailurePolicy;
  /** Called when a destination with a callback should hear about a new submission. */
  onSubmitted?: (s: SubmissionView) => void;
}

const SERVICE_URN_RE = /^urn:[a-z0-9][a-z0-9-]{0,31}:[a-z0-9()+,.:=@;$_!*'%/?#-]+$/;
const JWE_COMPACT_RE = /^[a-zA-Z0-9-_=.]+$/;

export class SubmissionService {
  readonly #items = new Map<string, SubmissionRecord>();
  readonly limits: SubmissionLimits;
  readonly lifecycle: LifecycleConfig;

  constructor(private readonly o: SubmissionServiceOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...o.limits };
    this.lifecycle = { ...DEFAULT_LIFECYCLE, ...o.lifecycle };
  }

  // ---- Sender side -------------------------------------------------------------------

  async create(input: CreateSubmissionInput, senderClientId?: string): Promise<Result<{ destinationId: string; submissionId: string; caseId: string }>> {
    const bad = validateCreate(input);
    if (bad) return fail(problem('FC_REQUEST_INVALID', bad));
    const dest = this.o.destinations.get(input.destinationId);
    if (!dest) return fail(problem('FC_DESTINATION_NOT_FOUND', `destination ${input.destinationId} does not exist`));
    if (dest.status !== 'active') return fail(problem('FC_DESTINATION_STATE_INVALID', `destination ${dest.destinationId} is ${dest.status}, not active`));
    if (!dest.services.some((s) => s.identifier === input.serviceType.identifier)) {
      return fail(problem('FC_SERVICE_NOT_OFFERED', `destination ${dest.destinationId} does not offer ${input.serviceType.identifier} (offers ${dest.services.map((s) => s.identifier).join(', ')})`));
    }
    if (input.announcedAttachments.length > this.limits.maxAttachments) {
      return fail(problem('FC_TOO_MANY_ATTACHMENTS', `${input.announcedAttachments.length} attachments announced; at most ${this.limits.maxAttachments} are allowed`));
    }
    if (input.caseId !== undefined) {
      const sameCase = [...this.#items.values()].find((s) => s.caseId === input.caseId);
      if (!sameCase) return fail(problem('FC_CASE_NOT_FOUND', `case ${input.caseId} does not exist`));
    }
    const rec: SubmissionRecord = {
      submissionId: this.o.ids.uuid(),
      caseId: input.caseId ?? this.o.ids.uuid(),
      destinationId: dest.destinationId,
      serviceType: { ...input.serviceType },
      announced: input.announcedAttachments.map((a) => a.toLowerCase()),
      uploads: new Map(),
      status: 'incomplete',
      createdAt: this.o.clock.now().getTime(),
    };
    if (senderClientId !== undefined) rec.senderClientId = senderClientId;
    if (input.callback) rec.callback = { ...input.callback };
    this.#items.set(rec.submissionId, rec);
    await this.#emit('create-submission', rec, this.o.platformSigner);
    return ok({ destinationId: rec.destinationId, submissionId: rec.submissionId, caseId: rec.caseId });
  }

  /** Checks an upload before reading its body (e.g. from Content-Length). */
  precheckUpload(submissionId: string, attachmentId: string, contentLength?: number): Result<void> {
    const s = this.#items.get(submissionId);
    if (!s || s.status === 'deleted') return fail(problem('FC_SUBMISSION_NOT_FOUND', `submission ${submissionId} does not exist`));
    if (s.status !== 'incomplete') return fail(problem('FC_SUBMISSION_STATE_INVALID', `attachments can only be uploaded while the submission is incomplete; it is ${s.status}`));
    if (!s.announced.includes(attachmentId.toLowerCase())) {
      return fail(problem('FC_ATTACHMENT_NOT_ANNOUNCED', `attachment ${attachmentId} was not announced (announced: ${s.announced.join(', ') || 'none'})`));
    }
    if (contentLength !== undefined) {
      if (contentLength > this.limits.maxAttachmentBytes) return fail(tooLargeAttachment(contentLength, this.limits.maxAttachmentBytes));
      const others = this.#otherUploadBytes(s, attachmentId);
      if (others + contentLength > this.limits.maxTotalBytes) return fail(tooLargeTotal(others + contentLength, this.limits.maxTotalBytes));
    }
    return ok(undefined);
  }

  /**
   * Streams one attachment (compact JWE) through the JWE checks, decryption and SHA-512 into
   * the store. Stops reading at the first problem; re-uploads replace the earlier upload.
   */
  async uploadAttachment(submissionId: string, attachmentId: string, body: UploadBody, opts: { contentLength?: number } = {}): Promise<Result<UploadedAttachment>> {
    const pre = this.precheckUpload(submissionId, attachmentId, opts.contentLength);
    if (!pre.ok) return pre;
    const s = this.#items.get(submissionId)!;
    const id = attachmentId.toLowerCase();
    const others = this.#otherUploadBytes(s, id);
    const perAttachment = this.limits.maxAttachmentBytes;
    const remainingTotal = this.limits.maxTotalBytes - others;
    const dec = new StreamingJweDecryptor({
      rules: { acceptedKids: this.o.destinations.acceptedEncryptionKids(s.destinationId), requireCty: true },
      privateKeyFor: (kid) => this.o.destinations.decryptionKey(s.destinationId, kid)?.privateKey,
      maxEncryptedBytes: Math.min(perAttachment, remainingTotal),
      tooLarge: (n) => (perAttachment <= remainingTotal ? tooLargeAttachment(n, perAttachment) : tooLargeTotal(others + n, this.limits.maxTotalBytes)),
    });
    const key: AttachmentKey = { submissionId, attachmentId: id };
    const writer = this.o.store.begin(key);
    let failed: FitConnectProblem | undefined;
    for await (const chunk of chunksOf(body)) {
      failed = dec.write(chunk);
      if (failed) break;
      await writer.write(chunk);
    }
    const result = failed ? fail(failed) : dec.end();
    if (!result.ok) {
      await writer.abort();
      return result;
    }
    // The submission may have changed state while the body streamed in.
    if (s.status !== 'incomplete') {
      await writer.abort();
      return fail(problem('FC_SUBMISSION_STATE_INVALID', `submission became ${s.status} during the upload`));
    }
    await writer.commit();
    const up = uploadRecord(id, result.value, this.o.clock);
    s.uploads.set(id, up);
    return ok(up);
  }

  /** `PUT /v1/submissions/{id}`: checks completeness, JWE headers, metadata and hashes. */
  async submit(submissionId: string, input: SubmitSubmissionInput): Promise<Result<SubmissionView>> {
    const s = this.#items.get(submissionId);
    if (!s || s.status === 'deleted') return fail(problem('FC_SUBMISSION_NOT_FOUND', `submission ${submissionId} does not exist`));
    if (s.status !== 'incomplete') return fail(problem('FC_SUBMISSION_STATE_INVALID', `submission is ${s.status}; it can be sent only once`));
    if (typeof input.encryptedMetadata !== 'string' || !JWE_COMPACT_RE.test(input.encryptedMetadata)) {
      return fail(problem('FC_REQUEST_INVALID', 'encryptedMetadata must be a JWE in compact serialisation', [{ pointer: '/encryptedMetadata', message: 'required JWE string' }]));
    }
    if (input.encryptedData !== undefined && (typeof input.encryptedData !== 'string' || !JWE_COMPACT_RE.test(input.encryptedData))) {
      return fail(problem('FC_REQUEST_INVALID', 'encryptedData must be a JWE in compact serialisation', [{ pointer: '/encryptedData', message: 'JWE string' }]));
    }
    const missing = s.announced.filter((a) => !s.uploads.has(a));
    if (missing.length > 0) {
      return fail(problem('FC_ATTACHMENTS_MISSING', `announced attachments not uploaded yet: ${missing.join(', ')}`,
        missing.map((m) => ({ pointer: '/announcedAttachments', message: `attachment ${m} missing` }))));
    }
    const dest = this.o.destinations.get(s.destinationId);
    if (!dest) return fail(problem('FC_DESTINATION_NOT_FOUND', `destination ${s.destinationId} no longer exists`));
    if (dest.status !== 'active') return fail(problem('FC_DESTINATION_STATE_INVALID', `destination ${dest.destinationId} is ${dest.status}, not active`));

    const meta = this.#decrypt(s, input.encryptedMetadata, this.limits.maxMetadataBytes, true);
    if (!meta.ok) return fail(withPointer(meta.error, '/encryptedMetadata'));
    let data: DecryptedJwe | undefined;
    if (input.encryptedData !== undefined) {
      const d = this.#decrypt(s, input.encryptedData, this.limits.maxDataBytes, false);
      if (!d.ok) return fail(withPointer(d.error, '/encryptedData'));
      data = d.value;
    }

    const content = this.#checkContent(s, meta.value, data, dest.metadataVersions);
    if (!content.ok && this.o.contentFailure !== 'reject') return content;

    s.status = 'submitted';
    s.submittedAt = this.o.clock.now().getTime();
    s.encryptedMetadata = input.encryptedMetadata;
    if (input.encryptedData !== undefined) s.encryptedData = input.encryptedData;
    if (content.ok) {
      s.metadata = content.value.metadata;
      s.metadataVersion = content.value.version;
    } else {
      s.pendingRejection = [rejectProblemFor(content.error)];
    }
    const tags: AuthenticationTags = { metadata: meta.value.authenticationTag };
    if (data) tags.data = data.authenticationTag;
    if (s.uploads.size > 0) tags.attachments = Object.fromEntries([...s.uploads.values()].map((u) => [u.attachmentId, u.authenticationTag]));
    await this.#emit('submit-submission', s, this.o.platformSigner, { authenticationTags: tags });
    const v = view(s);
    this.o.onSubmitted?.(v);
    return ok(v);
  }

  // ---- Subscriber / simulated authority side ----------------------------------------

  /** `GET /v1/submissions?destinationId=`: submissions waiting for pickup (status submitted). */
  listForPickup(destinationId?: string, limit = 100, offset = 0): { count: number; offset: number; totalCount: number; submissions: { destinationId: string; submissionId: string; caseId: string }[] } {
    const all = [...this.#items.values()].filter((s) => s.status === 'submitted' && (destinationId === undefined || s.destinationId === destinationId));
    const lim = Math.min(Math.max(1, Math.trunc(limit)), 500);
    const slice = all.slice(offset, offset + lim).map((s) => ({ destinationId: s.destinationId, submissionId: s.submissionId, caseId: s.caseId }));
    return { count: slice.length, offset, totalCount: all.length, submissions: slice };
  }

  /** `GET /v1/submissions/{id}` by a Subscriber: marks a submitted submission forwarded. */
  async fetchForSubscriber(submissionId: string): Promise<Result<SubmissionForSubscriber>> {
    const s = this.#items.get(submissionId);
    if (!s || (s.status !== 'submitted' && s.status !== 'forwarded')) {
      return fail(problem('FC_SUBMISSION_NOT_FOUND', `submission ${submissionId} not found or not in state submitted/forwarded`));
    }
    if (s.status === 'submitted') await this.#forward(s);
    const out: SubmissionForSubscriber = {
      destinationId: s.destinationId, submissionId: s.submissionId, caseId: s.caseId, attachments: [...s.uploads.keys()],
      serviceType: { ...s.serviceType }, encryptedMetadata: s.encryptedMetadata!,
    };
    if (s.encryptedData !== undefined) out.encryptedData = s.encryptedData;
    if (s.callback) out.callback = { url: s.callback.url };
    return ok(out);
  }

  /** `GET /v1/submissions/{id}/attachments/{aid}`: the stored JWE as chunks. */
  readAttachment(submissionId: string, attachmentId: string): Result<AsyncIterable<Uint8Array>> {
    const s = this.#items.get(submissionId);
    if (!s || (s.status !== 'submitted' && s.status !== 'forwarded')) return fail(problem('FC_SUBMISSION_NOT_FOUND', `submission ${submissionId} not found or not in state submitted/forwarded`));
    const body = s.uploads.has(attachmentId.toLowerCase()) ? this.o.store.read({ submissionId, attachmentId: attachmentId.toLowerCase() }) : undefined;
    if (!body) return fail(problem('FC_ATTACHMENT_NOT_FOUND', `attachment ${attachmentId} not found`));
    return ok(body);
  }

  /** The authority picks the submission up (forward-submission). */
  async forward(submissionId: string): Promise<Result<SubmissionView>> {
    const s = this.#items.get(submissionId);
    if (!s || s.status === 'deleted') return fail(problem('FC_SUBMISSION_NOT_FOUND', `submission ${submissionId} does not exist`));
    if (s.status !== 'submitted') return fail(problem('FC_INVALID_STATE_TRANSITION', `cannot forward a submission that is ${s.status}`));
    await this.#forward(s);
    return ok(view(s));
  }

  /** The simulated authority accepts (accept-submission, signed by the destination key). */
  async accept(submissionId: string, problems: EventProblem[] = []): Promise<Result<SubmissionView>> {
    return this.#complete(submissionId, 'accepted', problems);
  }

  /** The simulated authority rejects with problems (reject-submission, signed by the destination key). */
  async reject(submissionId: string, problems: EventProblem[]): Promise<Result<SubmissionView>> {
    if (problems.length === 0) return fail(problem('FC_REQUEST_INVALID', 'a rejection needs at least one problem'));
    return this.#complete(submissionId, 'rejected', problems);
  }

  /**
   * `POST /v1/cases/{caseId}/events`: a Subscriber's accept-submission or reject-submission
   * SET, already verified against the destination's keys by the caller, ends the submission.
   */
  async completeBySubscriber(event: CaseEvent): Promise<Result<SubmissionView>> {
    const s = this.#items.get(event.submissionId);
    if (!s || s.status === 'deleted' || s.caseId !== event.caseId) return fail(problem('FC_SUBMISSION_NOT_FOUND', `submission ${event.submissionId} is not part of case ${event.caseId}`));
    if (event.name !== 'accept-submission' && event.name !== 'reject-submission') {
      return fail(problem('FC_SET_INVALID', `a Subscriber may post accept-submission or reject-submission, not ${event.name}`));
    }
    if (event.claims.iss !== s.destinationId) return fail(problem('FC_SET_INVALID', `iss must be the destination ${s.destinationId}, got ${String(event.claims.iss)}`));
    const problems = event.claims.events[eventUri(event.name)]?.problems ?? [];
    if (event.name === 'reject-submission' && problems.length === 0) return fail(problem('FC_SET_INVALID', 'a reject-submission event needs at least one problem'));
    if (s.status !== 'submitted' && s.status !== 'forwarded') {
      return fail(problem('FC_INVALID_STATE_TRANSITION', `cannot ${event.name === 'accept-submission' ? 'accept' : 'reject'} a submission that is ${s.status}`));
    }
    if (s.status === 'submitted') await this.#forward(s);
    s.status = event.name === 'accept-submission' ? 'accepted' : 'rejected';
    s.completedAt = this.o.clock.now().getTime();
    if (problems.length > 0) s.problems = problems.map((p) => ({ ...p }));
    delete s.pendingRejection;
    this.o.events.append(event);
    return ok(view(s));
  }

  /** notify-submission: the destination was told about the submission (callback delivered). */
  async markNotified(submissionId: string): Promise<Result<SubmissionView>> {
    const s = this.#items.get(submissionId);
    if (!s || s.status === 'deleted') return fail(problem('FC_SUBMISSION_NOT_FOUND', `submission ${submissionId} does not exist`));
    await this.#emit('notify-submission', s, this.o.platformSigner);
    return ok(view(s));
  }

  // ---- Queries ------------------------------------------------------------------------

  get(submissionId: string): SubmissionView | undefined {
    const s = this.#items.get(submissionId);
    return s ? view(s) : undefined;
  }

  list(): SubmissionView[] {
    return [...this.#items.values()].map(view);
  }

  /** Who may read a case's event log: the sending client and the destination. */
  caseParties(caseId: string): { senderClientIds: string[]; destinationIds: string[] } | undefined {
    const subs = [...this.#items.values()].filter((s) => s.caseId === caseId);
    if (subs.length === 0) return undefined;
    return {
      senderClientIds: [...new Set(subs.map((s) => s.senderClientId).filter((x): x is string => x !== undefined))],
      destinationIds: [...new Set(subs.map((s) => s.destinationId))],
    };
  }

  // ---- Time ---------------------------------------------------------------------------

  /** Applies deadlines and the simulated authority's automatic behaviour. */
  async tick(): Promise<TickReport> {
    const now = this.o.clock.now().getTime();
    const r: TickReport = { deleted: [], autoRejected: [], forwarded: [], accepted: [], rejected: [] };
    for (const s of [...this.#items.values()]) {
      if (s.status === 'incomplete' && now - s.createdAt >= this.lifecycle.incompleteTtlMs) {
        s.status = 'deleted';
        s.completedAt = now;
        for (const id of s.uploads.keys()) await this.o.store.delete({ submissionId: s.submissionId, attachmentId: id });
        s.uploads.clear();
        await this.#emit('delete-submission', s, this.o.platformSigner);
        r.deleted.push(s.submissionId);
        continue;
      }
      if (s.status !== 'submitted') continue;
      if (now - s.submittedAt! >= this.lifecycle.pickupDeadlineMs) {
        s.status = 'rejected';
        s.completedAt = now;
        s.problems = [eventProblem('not-picked-up', `not picked up within ${Math.round(this.lifecycle.pickupDeadlineMs / DAY)} days`)];
        await this.#emit('reject-submission', s, this.o.platformSigner, { problems: s.problems });
        r.autoRejected.push(s.submissionId);
        continue;
      }
      const dest = this.o.destinations.get(s.destinationId);
      if (!dest || now - s.submittedAt! < this.lifecycle.authorityDelayMs) continue;
      const pending = s.pendingRejection;
      if (!pending && dest.authority.mode === 'manual') continue;
      await this.#forward(s);
      r.forwarded.push(s.submissionId);
      if (pending) {
        await this.#complete(s.submissionId, 'rejected', pending);
        r.rejected.push(s.submissionId);
      } else if (dest.authority.mode === 'auto-reject') {
        await this.#complete(s.submissionId, 'rejected', dest.authority.problems);
        r.rejected.push(s.submissionId);
      } else {
        await this.#complete(s.submissionId, 'accepted', []);
        r.accepted.push(s.submissionId);
      }
    }
    return r;
  }

  // ---- internals ----------------------------------------------------------------------

  #otherUploadBytes(s: SubmissionRecord, attachmentId: string): number {
    let n = 0;
    for (const [id, u] of s.uploads) if (id !== attachmentId.toLowerCase()) n += u.encryptedBytes;
    return n;
  }

  #decrypt(s: SubmissionRecord, jwe: string, maxBytes: number, keepPlaintext: boolean): Result<DecryptedJwe> {
    const dec = new StreamingJweDecryptor({
      rules: { acceptedKids: this.o.destinations.acceptedEncryptionKids(s.destinationId), requireCty: true },
      privateKeyFor: (kid) => this.o.destinations.decryptionKey(s.destinationId, kid)?.privateKey,
      maxEncryptedBytes: Number.MAX_SAFE_INTEGER,
      keepPlaintextUpTo: keepPlaintext ? maxBytes : 0,
      tooLarge: (n) => problem('FC_REQUEST_INVALID', `decrypted content has ${n} bytes; at most ${maxBytes} are accepted`),
    });
    const p = dec.write(Buffer.from(jwe, 'ascii'));
    return p ? fail(p) : dec.end();
  }

  #checkContent(s: SubmissionRecord, meta: DecryptedJwe, data: DecryptedJwe | undefined, accepted: string[]): Result<{ metadata: Record<string, unknown>; version: string }> {
    const checked = checkMetadata(meta.plaintext!, accepted);
    if (!checked.ok) return checked;
    const { content } = checked.value;
    const listed = content.attachments.map((a) => a.attachmentId.toLowerCase());
    const notListed = s.announced.filter((a) => !listed.includes(a));
    const notAnnounced = listed.filter((a) => !s.announced.includes(a));
    if (notListed.length > 0 || notAnnounced.length > 0 || new Set(listed).size !== listed.length) {
      return fail(problem('FC_ATTACHMENTS_MISMATCH',
        `metadata lists ${listed.join(', ') || 'no attachments'}; announced were ${s.announced.join(', ') || 'none'}`,
        [{ pointer: '/contentStructure/attachments', message: `missing ${notListed.join(', ') || '-'}; not announced ${notAnnounced.join(', ') || '-'}` }]));
    }
    if (content.dataHash && !data) return fail(problem('FC_DATA_MISSING', 'metadata describes data (contentStructure.data) but encryptedData was not sent', [{ pointer: '/contentStructure/data', message: 'no encryptedData' }]));
    if (!content.dataHash && data) return fail(problem('FC_DATA_MISSING', 'encryptedData was sent but metadata has no contentStructure.data', [{ pointer: '/contentStructure', message: 'data missing' }]));
    const issues: ProblemIssue[] = [];
    if (content.dataHash && data && content.dataHash.content !== data.plaintextSha512) {
      issues.push({ pointer: '/contentStructure/data/hash/content', message: `expected SHA-512 of decrypted data ${data.plaintextSha512}` });
    }
    content.attachments.forEach((a, i) => {
      const up = s.uploads.get(a.attachmentId.toLowerCase())!;
      if (a.hash.content !== up.plaintextSha512) {
        issues.push({ pointer: `/contentStructure/attachments/${i}/hash/content`, message: `expected SHA-512 of decrypted attachment ${a.attachmentId}: ${up.plaintextSha512}` });
      }
    });
    if (issues.length > 0) return fail(problem('FC_HASH_MISMATCH', `${issues.length} hash(es) do not match the decrypted content`, issues));
    return ok({ metadata: checked.value.metadata, version: content.version });
  }

  async #forward(s: SubmissionRecord): Promise<void> {
    s.status = 'forwarded';
    s.forwardedAt = this.o.clock.now().getTime();
    await this.#emit('forward-submission', s, this.o.platformSigner);
  }

  async #complete(submissionId: string, to: 'accepted' | 'rejected', problems: EventProblem[]): Promise<Result<SubmissionView>> {
    const s = this.#items.get(submissionId);
    if (!s || s.status === 'deleted') return fail(problem('FC_SUBMISSION_NOT_FOUND', `submission ${submissionId} does not exist`));
    if (s.status !== 'submitted' && s.status !== 'forwarded') {
      return fail(problem('FC_INVALID_STATE_TRANSITION', `cannot ${to === 'accepted' ? 'accept' : 'reject'} a submission that is ${s.status}`));
    }
    const key = this.o.destinations.signingKey(s.destinationId);
    if (!key) return fail(problem('FC_DESTINATION_NOT_FOUND', `destination ${s.destinationId} no longer exists`));
    if (s.status === 'submitted') await this.#forward(s);
    s.status = to;
    s.completedAt = this.o.clock.now().getTime();
    if (problems.length > 0) s.problems = problems.map((p) => ({ ...p }));
    delete s.pendingRejection;
    const signer: Signer = { iss: s.destinationId, key };
    await this.#emit(to === 'accepted' ? 'accept-submission' : 'reject-submission', s, signer, problems.length > 0 ? { problems } : {});
    return ok(view(s));
  }

  async #emit(name: EventName, s: SubmissionRecord, signer: Signer, payload = {}): Promise<void> {
    await this.o.events.emit(name, { submissionId: s.submissionId, caseId: s.caseId }, signer, payload);
  }

  /** Sender's callback for a submission (new-events), if one was registered. */
  callbackOf(submissionId: string): CallbackConfig | undefined {
    const c = this.#items.get(submissionId)?.callback;
    return c ? { ...c } : undefined;
  }
}

function validateCreate(i: CreateSubmissionInput): string | undefined {
  if (!i || typeof i !== 'object') return 'body must be a JSON object';
  if (typeof i.destinationId !== 'string' || !UUID_RE.test(i.destinationId)) return 'destinationId must be a UUID';
  if (!Array.isArray(i.announcedAttachments)) return 'announcedAttachments must be an array of UUIDs';
  const bad = i.announcedAttachments.find((a) => typeof a !== 'string' || !UUID_RE.test(a));
  if (bad !== undefined) return `announcedAttachments entry ${JSON.stringify(bad)} is not a UUID`;
  if (new Set(i.announcedAttachments.map((a) => a.toLowerCase())).size !== i.announcedAttachments.length) return 'announcedAttachments contains duplicates';
  if (!i.serviceType || typeof i.serviceType !== 'object') return 'serviceType is required';
  if (typeof i.serviceType.name !== 'string') return 'serviceType.name is required';
  if (typeof i.serviceType.identifier !== 'string' || !SERVICE_URN_RE.test(i.serviceType.identifier) || i.serviceType.identifier.length > 255) {
    return 'serviceType.identifier must be a URN such as urn:de:fim:leika:leistung:99123456760610';
  }
  if (i.caseId !== undefined && (typeof i.caseId !== 'string' || !UUID_RE.test(i.caseId))) return 'caseId must be a UUID';
  if (i.callback !== undefined) return checkCallbackConfig(i.callback);
  return undefined;
}

async function* chunksOf(body: UploadBody): AsyncIterable<Uint8Array> {
  if (typeof body === 'string') { yield Buffer.from(body, 'utf8'); return; }
  if (body instanceof Uint8Array) { yield body; return; }
  for await (const c of body as AsyncIterable<Uint8Array>) yield typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
}

function uploadRecord(id: string, d: DecryptedJwe, clock: Clock): UploadedAttachment {
  const u: UploadedAttachment = {
    attachmentId: id, encryptedBytes: d.encryptedBytes, plaintextSha512: d.plaintextSha512, kid: String(d.header.kid),
    authenticationTag: d.authenticationTag, uploadedAt: clock.now().toISOString(),
  };
  if (typeof d.header.cty === 'string') u.cty = d.header.cty;
  return u;
}

const tooLargeAttachment = (n: number, max: number): FitConnectProblem =>
  problem('FC_ATTACHMENT_TOO_LARGE', `attachment has at least ${n} bytes; at most ${max} are allowed`);
const tooLargeTotal = (n: number, max: number): FitConnectProblem =>
  problem('FC_SUBMISSION_TOO_LARGE', `attachments of this submission would total at least ${n} bytes; at most ${max} are allowed`);

function withPointer(p: FitConnectProblem, pointer: string): FitConnectProblem {
  if (p.issues && p.issues.length > 0) return p;
  return problem(p.code, p.detail, [{ pointer, message: p.title }]);
}

function view(s: SubmissionRecord): SubmissionView {
  const v: SubmissionView = {
    submissionId: s.submissionId, caseId: s.caseId, destinationId: s.destinationId, serviceType: { ...s.serviceType },
    announcedAttachments: [...s.announced], attachments: [...s.uploads.keys()], status: s.status,
    createdAt: new Date(s.createdAt).toISOString(),
  };
  if (s.senderClientId !== undefined) v.senderClientId = s.senderClientId;
  if (s.callback) v.callback = { url: s.callback.url };
  if (s.submittedAt !== undefined) v.submittedAt = new Date(s.submittedAt).toISOString();
  if (s.forwardedAt !== undefined) v.forwardedAt = new Date(s.forwardedAt).toISOString();
  if (s.completedAt !== undefined) v.completedAt = new Date(s.completedAt).toISOString();
  if (s.metadataVersion !== undefined) v.metadataVersion = s.metadataVersion;
  if (s.metadata !== undefined) v.metadata = structuredClone(s.metadata);
  const problems = s.problems ?? s.pendingRejection;
  if (problems) v.problems = problems.map((p) => ({ ...p }));
  return v;
}
