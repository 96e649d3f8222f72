/**
 * Submission API v1 routes (paths, status codes and bodies as in
 * schemas/fitconnect/submission-api-1.1.3.yaml) over one environment's domain core.
 */
import type { ExchangeContext, Route } from '../../kernel/http/index.ts';
import {
  problem, readJweHeader, UUID_RE, verifySecurityEventToken,
  type CreateSubmissionInput, type FitConnectProblem, type FitConnectEnvironment, type ScopeRequirement, type SubmissionView, type TokenContext,
} from '../domain/index.ts';
import { authorize } from './oauth.ts';
import { mediaType, sendProblem } from './responses.ts';
import { forgeAcceptEvent, type PlatformBehaviour } from './tampering.ts';

export interface SubmissionApiDeps {
  env: () => FitConnectEnvironment;
  behaviour: () => PlatformBehaviour;
  /** Largest JSON body read into memory (create, send). */
  maxJsonBytes: number;
}

export const API_VERSION = { major: 1, minor: 1, patch: 3 };

const uuidParam = (ctx: ExchangeContext, name: string): string | undefined => {
  const v = ctx.params[name];
  if (UUID_RE.test(v)) return v.toLowerCase();
  sendProblem(ctx, problem('FC_REQUEST_INVALID', `${name} must be a UUID`, [{ pointer: `/${name}`, message: 'format uuid' }]));
  return undefined;
};

function sendRequirements(env: FitConnectEnvironment, destinationId: string, serviceIdentifier?: string): ScopeRequirement[] {
  const services = env.destinations.offeredServices(destinationId);
  if (!services) return [];
  return services
    .filter((s) => serviceIdentifier === undefined || s.identifier === serviceIdentifier)
    .map((s) => ({ kind: 'send', regions: [...s.regions], serviceIdentifier: s.identifier }));
}

function reduced(v: SubmissionView): Record<string, unknown> {
  const out: Record<string, unknown> = {
    destinationId: v.destinationId, submissionId: v.submissionId, caseId: v.caseId, attachments: v.attachments, serviceType: v.serviceType,
  };
  if (v.callback) out.callback = { url: v.callback.url };
  return out;
}

/** The Sender that created the submission, with a send scope for its destination and service. */
async function authorizeSender(ctx: ExchangeContext, env: FitConnectEnvironment, submissionId: string): Promise<{ token: TokenContext; submission: SubmissionView } | undefined> {
  const s = env.submissions.get(submissionId);
  const reqs = s ? sendRequirements(env, s.destinationId, s.serviceType.identifier) : [];
  const token = await authorize(ctx, env, reqs.length > 0 ? reqs : undefined);
  if (!token) return undefined;
  if (!s || s.status === 'deleted' || s.senderClientId !== token.clientId || token.clientType !== 'sender') {
    sendProblem(ctx, problem('FC_SUBMISSION_NOT_FOUND', `submission ${submissionId} does not exist for this client`));
    return undefined;
  }
  if (reqs.length === 0) {
    sendProblem(ctx, problem('FC_TOKEN_INSUFFICIENT_SCOPE', 'the destination of this submission no longer offers its service'));
    return undefined;
  }
  return { token, submission: s };
}

function jweSummary(jwe: unknown): Record<string, unknown> | undefined {
  if (typeof jwe !== 'string') return undefined;
  const h = readJweHeader(jwe);
  return h.ok ? { alg: h.value.alg, enc: h.value.enc, kid: h.value.kid, cty: h.value.cty } : undefined;
}

export function submissionApiRoutes(d: SubmissionApiDeps): Route[] {
  return [
    {
      method: 'GET', path: '/v1/info', name: 'info',
      handle(ctx) { ctx.sendJson(200, { version: API_VERSION }); },
    },
    {
      method: 'GET', path: '/.well-known/jwks.json', name: 'platform JWKS',
      handle(ctx) { ctx.sendJson(200, d.env().jwks(), { 'cache-control': 'max-age=300' }); },
    },
    {
      method: 'GET', path: '/v1/destinations/:destinationId', name: 'get destination',
      async handle(ctx) {
        const env = d.env();
        const id = uuidParam(ctx, 'destinationId');
        if (!id) return;
        const reqs: ScopeRequirement[] = [...sendRequirements(env, id), { kind: 'subscribe', destinationId: id }, { kind: 'manage', destinationId: id }];
        if (!await authorize(ctx, env, reqs)) return;
        const r = env.destinations.publicView(id);
        if (!r.ok) return sendProblem(ctx, r.error);
        ctx.data = { ...(ctx.data as object), destinationId: id, encryptionKid: r.value.encryptionKid, metadataVersions: r.value.metadataVersions };
        ctx.sendJson(200, r.value);
      },
    },
    {
      method: 'GET', path: '/v1/destinations/:destinationId/keys/:keyId', name: 'get destination key',
      handle(ctx) {
        const id = uuidParam(ctx, 'destinationId');
        if (!id) return;
        const env = d.env();
        const r = env.destinations.getKey(id, ctx.params.keyId);
        if (!r.ok) return sendProblem(ctx, r.error);
        const tampered = d.behaviour().destinationKeys === 'wrong-key-ops' && env.destinations.acceptedEncryptionKids(id).includes(r.value.kid);
        const jwk = tampered ? { ...r.value, key_ops: ['verify'] } : r.value;
        ctx.data = { destinationId: id, kid: jwk.kid, keyOps: jwk.key_ops, ...(tampered ? { tampering: 'wrong-key-ops' } : {}) };
        ctx.sendJson(200, jwk);
      },
    },
    {
      method: 'POST', path: '/v1/submissions', name: 'create submission',
      async handle(ctx) {
        const env = d.env();
        if (mediaType(ctx) !== 'application/json') return sendProblem(ctx, problem('FC_REQUEST_INVALID', 'content-type must be application/json'));
        const body = await ctx.json<CreateSubmissionInput>(d.maxJsonBytes);
        const destinationId = typeof body?.destinationId === 'string' ? body.destinationId.toLowerCase() : '';
        const service = typeof body?.serviceType?.identifier === 'string' ? body.serviceType.identifier : undefined;
        const reqs = sendRequirements(env, destinationId, service);
        const token = await authorize(ctx, env, reqs.length > 0 ? reqs : undefined);
        if (!token) return;
        if (token.clientType !== 'sender') return sendProblem(ctx, problem('FC_TOKEN_INSUFFICIENT_SCOPE', 'only Sender clients may create submissions'));
        const input = body && typeof body === 'object' ? { ...body, destinationId } : body;
        const r = await env.submissions.create(input, token.clientId);
        ctx.data = {
          ...(ctx.data as object), destinationId, serviceType: body?.serviceType, announcedAttachments: body?.announcedAttachments,
          callbackUrl: body?.callback?.url, ...(r.ok ? { submissionId: r.value.submissionId, caseId: r.value.caseId } : { problem: r.error.code }),
        };
        if (!r.ok) return sendProblem(ctx, r.error);
        if (reqs.length === 0) return sendProblem(ctx, problem('FC_TOKEN_INSUFFICIENT_SCOPE', 'no send scope applies'));
        ctx.verdicts.push({ check: 'FC_SUBMISSION_CREATED', ok: true, message: r.value.submissionId });
        ctx.sendJson(201, r.value, { location: `/v1/submissions/${r.value.submissionId}` });
      },
    },
    {
      method: 'PUT', path: '/v1/submissions/:submissionId/attachments/:attachmentId', name: 'upload attachment',
      async handle(ctx) {
        const env = d.env();
        const sid = uuidParam(ctx, 'submissionId');
        const aid = sid && uuidParam(ctx, 'attachmentId');
        if (!sid || !aid) return;
        ctx.data = { submissionId: sid, attachmentId: aid };
        if (!await authorizeSender(ctx, env, sid)) return;
        if (mediaType(ctx) !== 'application/jose') {
          ctx.verdicts.push({ check: 'FC_ATTACHMENT_MEDIA_TYPE', ok: false, message: `content-type ${mediaType(ctx) || '(none)'}` });
          ctx.send(415, JSON.stringify({ ...problem('FC_REQUEST_INVALID', 'attachments are uploaded as application/jose').toJSON(), status: 415 }), { 'content-type': 'application/problem+json' });
          return;
        }
        const lengthHeader = ctx.req.headers['content-length'];
        const contentLength = lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
        const pre = env.submissions.precheckUpload(sid, aid, contentLength);
        if (!pre.ok) return sendProblem(ctx, pre.error);
        const r = await env.submissions.uploadAttachment(sid, aid, ctx.bodyStream(env.submissions.limits.maxAttachmentBytes + 1), contentLength === undefined ? {} : { contentLength });
        if (!r.ok) {
          ctx.data = { ...(ctx.data as object), problem: r.error.code };
          return sendProblem(ctx, r.error);
        }
        ctx.data = { ...(ctx.data as object), kid: r.value.kid, cty: r.value.cty, encryptedBytes: r.value.encryptedBytes };
        ctx.verdicts.push({ check: 'FC_ATTACHMENT_UPLOADED', ok: true, message: `${r.value.encryptedBytes} bytes, kid ${r.value.kid}` });
        ctx.send(204);
      },
    },
    {
      method: 'PUT', path: '/v1/submissions/:submissionId', name: 'send submission',
      async handle(ctx) {
        const env = d.env();
        const sid = uuidParam(ctx, 'submissionId');
        if (!sid) return;
        ctx.data = { submissionId: sid };
        const who = await authorizeSender(ctx, env, sid);
        if (!who) return;
        if (mediaType(ctx) !== 'application/json') {
          ctx.send(415, JSON.stringify({ ...problem('FC_REQUEST_INVALID', 'content-type must be application/json').toJSON(), status: 415 }), { 'content-type': 'application/problem+json' });
          return;
        }
        const body = await ctx.json<{ encryptedMetadata?: unknown; encryptedData?: unknown }>(d.maxJsonBytes);
        ctx.data = { ...(ctx.data as object), caseId: who.submission.caseId, metadataJwe: jweSummary(body?.encryptedMetadata), dataJwe: jweSummary(body?.encryptedData) };
        const r = await env.submissions.submit(sid, { encryptedMetadata: body?.encryptedMetadata as string, ...(body?.encryptedData !== undefined ? { encryptedData: body.encryptedData as string } : {}) });
        if (!r.ok) {
          ctx.data = { ...(ctx.data as object), problem: r.error.code, issues: r.error.issues };
          return sendProblem(ctx, r.error);
        }
        const dataSchema = (r.value.metadata?.contentStructure as { data?: { submissionSchema?: unknown } } | undefined)?.data?.submissionSchema;
        ctx.data = { ...(ctx.data as object), status: r.value.status, metadataVersion: r.value.metadataVersion, submissionSchema: dataSchema };
        ctx.verdicts.push({ check: 'FC_SUBMISSION_SENT', ok: true, message: `metadata ${r.value.metadataVersion}` });
        ctx.sendJson(202, reduced(r.value));
      },
    },
    {
      method: 'GET', path: '/v1/submissions', name: 'list submissions for pickup',
      async handle(ctx) {
        const env = d.env();
        const destinationId = ctx.query.destinationId?.toLowerCase();
        if (destinationId !== undefined && !UUID_RE.test(destinationId)) return sendProblem(ctx, problem('FC_REQUEST_INVALID', 'destinationId must be a UUID'));
        const token = await authorize(ctx, env, destinationId ? { kind: 'subscribe', destinationId } : undefined);
        if (!token) return;
        const paging = readPaging(ctx);
        if (!paging) return;
        const mine = new Set(token.scopes.filter((s) => s.startsWith('subscribe:destination:')).map((s) => s.slice('subscribe:destination:'.length).toLowerCase()));
        if (mine.size === 0) return sendProblem(ctx, problem('FC_TOKEN_INSUFFICIENT_SCOPE', 'a subscribe:destination:<id> scope is required'));
        const all = env.submissions.listForPickup(destinationId, 500, 0).submissions.filter((s) => mine.has(s.destinationId));
        const page = all.slice(paging.offset, paging.offset + paging.limit);
        ctx.sendJson(200, { count: page.length, offset: paging.offset, totalCount: all.length, submissions: page });
      },
    },
    {
      method: 'GET', path: '/v1/submissions/:submissionId', name: 'get submission (subscriber)',
      async handle(ctx) {
        const env = d.env();
        const sid = uuidParam(ctx, 'submissionId');
        if (!sid) return;
        const s = env.submissions.get(sid);
        if (!await authorize(ctx, env, { kind: 'subscribe', destinationId: s?.destinationId ?? '00000000-0000-4000-8000-000000000000' })) return;
        const r = await env.submissions.fetchForSubscriber(sid);
        if (!r.ok) return sendProblem(ctx, r.error);
        ctx.sendJson(200, r.value);
      },
    },
    {
      method: 'GET', path: '/v1/submissions/:submissionId/attachments/:attachmentId', name: 'get attachment (subscriber)',
      async handle(ctx) {
        const env = d.env();
        const sid = uuidParam(ctx, 'submissionId');
        const aid = sid && uuidParam(ctx, 'attachmentId');
        if (!sid || !aid) return;
        const s = env.submissions.get(sid);
        if (!await authorize(ctx, env, { kind: 'subscribe', destinationId: s?.destinationId ?? '00000000-0000-4000-8000-000000000000' })) return;
        const r = env.submissions.readAttachment(sid, aid);
        if (!r.ok) return sendProblem(ctx, r.error);
        ctx.res.writeHead(200, { 'content-type': 'application/jose' });
        for await (const chunk of r.value) {
          if (!ctx.res.write(chunk)) await new Promise((resolve) => ctx.res.once('drain', resolve));
        }
        ctx.res.end();
      },
    },
    {
      method: 'GET', path: '/v1/cases/:caseId/events', name: 'case event log',
      async handle(ctx) {
        const env = d.env();
        const caseId = uuidParam(ctx, 'caseId');
        if (!caseId) return;
        const parties = env.submissions.caseParties(caseId);
        const token = await authorize(ctx, env);
        if (!token) return;
        const allowed = parties !== undefined && (
          parties.senderClientIds.includes(token.clientId)
          || parties.destinationIds.some((id) => token.scopes.includes(`subscribe:destination:${id}`) || token.scopes.includes(`manage:destination:${id}`)));
        if (!allowed) return sendProblem(ctx, problem('FC_CASE_NOT_FOUND', `case ${caseId} does not exist for this client`));
        const paging = readPaging(ctx);
        if (!paging) return;
        const page = env.events.page(caseId, paging.limit, paging.offset);
        const eventLog = [...page.eventLog];
        let forged = false;
        if (d.behaviour().eventLog === 'forged-accept' && eventLog.length > 0) {
          const last = env.events.events(caseId).at(-1)!;
          const s = env.submissions.get(last.submissionId)!;
          eventLog.push(forgeAcceptEvent(eventLog[eventLog.length - 1], {
            submissionId: s.submissionId, caseId, destinationId: s.destinationId, jti: crypto.randomUUID(), iat: last.claims.iat,
          }));
          forged = true;
        }
        ctx.data = { ...(ctx.data as object), caseId, events: env.events.events(caseId).slice(page.offset, page.offset + page.count).map((e) => e.name), forgedAcceptServed: forged };
        ctx.sendJson(200, { count: eventLog.length, offset: page.offset, totalCount: page.totalCount + (forged ? 1 : 0), eventLog });
      },
    },
  ];
}

/** Subscriber routes: register a signature key, post accept/reject events. */
export function subscriberRoutes(d: SubmissionApiDeps): Route[] {
  return [
    {
      method: 'POST', path: '/v1/destinations/:destinationId/keys', name: 'add destination key (subscriber)',
      async handle(ctx) {
        const env = d.env();
        const id = uuidParam(ctx, 'destinationId');
        if (!id) return;
        if (!await authorize(ctx, env, { kind: 'manage', destinationId: id })) return;
        if (mediaType(ctx) !== 'application/json') return sendProblem(ctx, problem('FC_REQUEST_INVALID', 'content-type must be application/json'));
        const r = env.destinations.addVerificationKey(id, await ctx.json(64 * 1024));
        if (!r.ok) {
          // The document lists 400 (not 422) for a key it refuses.
          return sendProblem(ctx, r.error.code === 'FC_DESTINATION_INVALID' ? withStatus(r.error, 400) : r.error);
        }
        ctx.data = { destinationId: id, kid: r.value.kid, created: r.value.created };
        ctx.send(201, undefined, { location: `/v1/destinations/${id}/keys/${encodeURIComponent(r.value.kid)}` });
      },
    },
    {
      method: 'POST', path: '/v1/cases/:caseId/events', name: 'post case event (subscriber)',
      async handle(ctx) {
        const env = d.env();
        const caseId = uuidParam(ctx, 'caseId');
        if (!caseId) return;
        const parties = env.submissions.caseParties(caseId);
        const destinationId = parties?.destinationIds[0] ?? '00000000-0000-4000-8000-000000000000';
        if (!await authorize(ctx, env, { kind: 'subscribe', destinationId })) return;
        if (!parties) return sendProblem(ctx, problem('FC_CASE_NOT_FOUND', `case ${caseId} does not exist`));
        if (mediaType(ctx) !== 'application/jose') return sendProblem(ctx, problem('FC_REQUEST_INVALID', 'the event is posted as application/jose (a signed SET)'));
        const token = (await ctx.text(64 * 1024)).trim();
        const verified = await verifySecurityEventToken(token, env.destinations.verificationJwks(destinationId));
        ctx.data = { caseId, destinationId, ...(verified.ok ? { event: verified.name, kid: verified.kid } : { setProblem: verified.code }) };
        if (!verified.ok) return sendProblem(ctx, problem('FC_SET_INVALID', `${verified.code}: ${verified.reason}`));
        const submissionId = verified.claims.sub.slice('submission:'.length).toLowerCase();
        if (verified.claims.txn.slice('case:'.length).toLowerCase() !== caseId) return sendProblem(ctx, problem('FC_SET_INVALID', `txn names another case than ${caseId}`));
        const r = await env.submissions.completeBySubscriber({
          token, name: verified.name, claims: verified.claims, submissionId, caseId, issuedAt: new Date(verified.claims.iat * 1000).toISOString(),
        });
        if (!r.ok) return sendProblem(ctx, r.error);
        ctx.verdicts.push({ check: 'FC_SET_VERIFIED', ok: true, message: `${verified.name} signed with ${verified.kid}` });
        ctx.data = { ...(ctx.data as object), submissionId, status: r.value.status };
        ctx.send(204);
      },
    },
  ];
}

function withStatus(p: FitConnectProblem, status: number): FitConnectProblem {
  return Object.assign(Object.create(Object.getPrototypeOf(p) as object) as FitConnectProblem, p, { status });
}

function readPaging(ctx: ExchangeContext): { limit: number; offset: number } | undefined {
  const limit = ctx.query.limit === undefined ? 100 : Number(ctx.query.limit);
  const offset = ctx.query.offset === undefined ? 0 : Number(ctx.query.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500 || !Number.isInteger(offset) || offset < 0) {
    sendProblem(ctx, problem('FC_REQUEST_INVALID', 'limit must be 1..500 and offset a non-negative integer'));
    return undefined;
  }
  return { limit, offset };
}
