/**
 * One FIT-Connect environment (`test` or `refz`) with fully separate state: clients, tokens,
 * destinations, submissions, event log, callbacks, routing and keys. The transport creates
 * one per environment and calls `tick()` periodically and after each request.
 */
import type { Clock } from '../../kernel/types.ts';
import type { AttachmentStore } from './attachment-store.ts';
import { MemoryAttachmentStore } from './attachment-store.ts';
import { CALLBACK_TYPE_NEW_EVENTS, CALLBACK_TYPE_NEW_SUBMISSIONS, CallbackOutbox, type CallbackDelivery, type RetrySchedule } from './callbacks.ts';
import { ClientRegistry } from './clients.ts';
import { DestinationRegistry } from './destinations.ts';
import { EventLog } from './events.ts';
import { cryptoIds, type IdGenerator } from './ids.ts';
import { checkKeyPair, generateRsaKeyPair, publicJwk, type CertificateChainIssuer, type FitConnectKey, type PublicJwk } from './keys.ts';
import { RoutingService } from './routing.ts';
import { SubmissionService, type ContentFailurePolicy, type LifecycleConfig, type SubmissionLimits, type TickReport } from './submissions.ts';
import { TokenService } from './tokens.ts';
import type { KeyInput } from './destinations.ts';

export type EnvironmentKey = 'test' | 'refz';

export interface FitConnectDomainOptions {
  environment: EnvironmentKey;
  clock: Clock;
  /** Platform issuer URL: `iss` of access tokens, platform SETs and routing signatures. */
  issuer: string;
  ids?: IdGenerator;
  /** Platform PS512 key (RSA-4096); generated when omitted. */
  signingKey?: KeyInput;
  /** Submission API base URL (also settable later with `setSubmissionApiUrl`). */
  submissionApiUrl?: string;
  certificateIssuer?: CertificateChainIssuer;
  attachmentStore?: AttachmentStore;
  limits?: Partial<SubmissionLimits>;
  lifecycle?: Partial<LifecycleConfig>;
  contentFailure?: ContentFailurePolicy;
  keyGracePeriodMs?: number;
  callbackRetry?: RetrySchedule;
}

export interface FitConnectEnvironment {
  readonly environment: EnvironmentKey;
  readonly issuer: string;
  /** `aud` of this environment's access tokens. */
  readonly audience: string;
  readonly clock: Clock;
  readonly clients: ClientRegistry;
  readonly tokens: TokenService;
  readonly destinations: DestinationRegistry;
  readonly submissions: SubmissionService;
  readonly events: EventLog;
  readonly callbacks: CallbackOutbox;
  readonly routing: RoutingService;
  /** `/.well-known/jwks.json`: the platform's public signing key(s). */
  jwks(): { keys: PublicJwk[] };
  setSubmissionApiUrl(url: string): void;
  /**
   * The transport reports each callback attempt (HTTP status or network error); a delivered
   * new-submissions callback adds notify-submission to the case's event log.
   */
  reportCallbackResult(deliveryId: string, outcome: { status?: number; error?: string }): Promise<CallbackDelivery | undefined>;
  /** Deadlines, simulated authority, expired grace keys. */
  tick(): Promise<TickReport & { droppedKeys: string[] }>;
  /** JSON snapshot for the dashboard / admin `state()`. */
  state(): unknown;
}

export async function createFitConnectDomain(o: FitConnectDomainOptions): Promise<FitConnectEnvironment> {
  if (o.environment !== 'test' && o.environment !== 'refz') throw new Error(`unknown FIT-Connect environment ${String(o.environment)}`);
  if (!/^https?:\/\/.+/.test(o.issuer)) throw new Error('issuer must be an http(s) URL');
  const ids = o.ids ?? cryptoIds;
  const pair = o.signingKey ?? await generateRsaKeyPair();
  const x5c = o.signingKey?.x5c ?? (o.certificateIssuer ? await o.certificateIssuer(pair.publicKey, { kid: 'platform', purpose: 'signing', subject: `FIT-Connect platform (${o.environment})` }) : []);
  const check = checkKeyPair(pair, x5c);
  if (!check.ok) throw new Error(`platform signing key: ${check.reason}`);
  const signingKey: FitConnectKey = { kid: o.signingKey?.kid ?? ids.uuid(), purpose: 'signing', privateKey: pair.privateKey, publicKey: pair.publicKey, x5c };

  const audience = `urn:govsim:fitconnect:${o.environment}:submission-api`;
  let submissionApiUrl = o.submissionApiUrl ?? `https://submission-api-${o.environment}.govsim.invalid`;
  const clients = new ClientRegistry(o.clock, ids);
  const tokens = new TokenService({ environment: o.environment, issuer: o.issuer, audience, clock: o.clock, ids, signingKey, clients });
  const destinationOpts: ConstructorParameters<typeof DestinationRegistry>[0] = { environment: o.environment, clock: o.clock, ids };
  if (o.keyGracePeriodMs !== undefined) destinationOpts.keyGracePeriodMs = o.keyGracePeriodMs;
  if (o.certificateIssuer) destinationOpts.certificateIssuer = o.certificateIssuer;
  const destinations = new DestinationRegistry(destinationOpts);
  const events = new EventLog(o.clock, ids);
  const callbacks = new CallbackOutbox(o.clock, ids, o.callbackRetry);
  const platformSigner = { iss: o.issuer, key: signingKey };

  const submissions = new SubmissionService({
    clock: o.clock, ids, destinations, events, platformSigner,
    store: o.attachmentStore ?? new MemoryAttachmentStore(),
    ...(o.limits ? { limits: o.limits } : {}),
    ...(o.lifecycle ? { lifecycle: o.lifecycle } : {}),
    ...(o.contentFailure ? { contentFailure: o.contentFailure } : {}),
    onSubmitted: (s) => {
      const cb = destinations.callbackConfig(s.destinationId);
      if (cb) {
        callbacks.enqueue('new-submissions', cb, {
          type: CALLBACK_TYPE_NEW_SUBMISSIONS,
          submissions: [{ destinationId: s.destinationId, submissionId: s.submissionId, caseId: s.caseId }],
        }, s.submissionId);
      }
    },
  });

  // The Sender's callback hears about every event after creation.
  events.onEvent((e) => {
    if (e.name === 'create-submission') return;
    const cb = submissions.callbackOf(e.submissionId);
    const s = submissions.get(e.submissionId);
    if (!cb || !s) return;
    callbacks.enqueue('new-events', cb, {
      type: CALLBACK_TYPE_NEW_EVENTS,
      submissions: [{ destinationId: s.destinationId, submissionId: s.submissionId, caseId: s.caseId }],
    }, s.submissionId);
  });

  const routing = new RoutingService({ clock: o.clock, ids, destinations, signingKey, issuer: o.issuer, submissionApiUrl: () => submissionApiUrl });

  return {
    environment: o.environment, issuer: o.issuer, audience, clock: o.clock,
    clients, tokens, destinations, submissions, events, callbacks, routing,
    jwks: () => ({ keys: [publicJwk(signingKey)] }),
    setSubmissionApiUrl: (url) => { submissionApiUrl = url; },
    async reportCallbackResult(deliveryId, outcome) {
      const before = callbacks.list().find((d) => d.deliveryId === deliveryId);
      const after = callbacks.report(deliveryId, outcome);
      // A delivered new-submissions callback is the destination being notified.
      if (before?.state === 'pending' && after?.state === 'delivered' && after.kind === 'new-submissions') {
        await submissions.markNotified(after.submissionId);
      }
      return after;
    },
    async tick() {
      const report = await submissions.tick();
      return { ...report, droppedKeys: destinations.expireGraceKeys() };
    },
    state: () => ({
      environment: o.environment, issuer: o.issuer, signingKid: signingKey.kid,
      clients: clients.list(), destinations: destinations.list(), submissions: submissions.list(), callbacks: callbacks.list(),
    }),
  };
}
