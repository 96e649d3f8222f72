/**
 * FIT-Connect simulator: one instance plays one environment (`test` or `refz`) with its own
 * OAuth server, Submission API v1, routing API, event log, callbacks and self-service
 * portal, all on one HTTPS origin with a certificate from the govsim PKI.
 */
import type { SimulatorContext } from '../kernel/context.ts';
import { createKernelServer, type KernelServer, type Route } from '../kernel/http/index.ts';
import type { Simulator } from '../kernel/types.ts';
import { createFitConnectDomain, DEFAULT_LIMITS, type EnvironmentKey, type FitConnectEnvironment } from './domain/index.ts';
import { portalRoutes } from './portal/routes.ts';
import { CallbackPump } from './transport/callback-pump.ts';
import { FileAttachmentStore } from './transport/file-attachment-store.ts';
import { createOpenApiChecker } from './transport/openapi-check.ts';
import { PlatformClock } from './transport/platform-clock.ts';
import { PkiKeySource } from './transport/key-source.ts';
import { tokenRoute } from './transport/oauth.ts';
import { renderFitConnectError } from './transport/responses.ts';
import { routingApiRoutes } from './transport/routing-api.ts';
import { applySeed } from './transport/seed.ts';
import { submissionApiRoutes, subscriberRoutes } from './transport/submission-api.ts';
import { HONEST, type PlatformBehaviour } from './transport/tampering.ts';

export const FITCONNECT_ENVIRONMENTS: readonly EnvironmentKey[] = ['test', 'refz'];
/** govsim's modelled retry schedule (FITKO does not publish one): quick first retry for tests. */
export const SIMULATOR_CALLBACK_RETRY = { delaysMs: [0, 1_000, 10_000, 60_000, 300_000, 1_800_000] };
const PUMP_INTERVAL_MS = 200;
const MAX_JSON_BYTES = 64 * 1024 * 1024;

export function fitConnectEnvironment(ctx: Pick<SimulatorContext, 'environment'>): EnvironmentKey {
  const e = ctx.environment ?? 'test';
  if (e !== 'test' && e !== 'refz') throw new Error(`FIT-Connect has the environments test and refz, not "${e}"`);
  return e;
}

export function createFitConnectSimulator(ctx: SimulatorContext): Simulator {
  const environment = fitConnectEnvironment(ctx);
  const keys = new PkiKeySource(ctx.pki);
  const behaviour: PlatformBehaviour = { ...HONEST };
  const clock = new PlatformClock(ctx.clock);
  const openapi = createOpenApiChecker();
  let domain: FitConnectEnvironment | undefined;
  let store: FileAttachmentStore | undefined;
  let server: KernelServer | undefined;
  let timer: NodeJS.Timeout | undefined;
  let baseUrl = '';
  let busy = false;
  /**
   * The environment's keys are RSA-4096 (seconds of CPU on a fresh machine, then kept in
   * the PKI folder): they are made on first use, so `govsim up` is not held up by them.
   */
  let ready: Promise<void> | undefined;
  const ensureReady = (): Promise<void> => {
    ready ??= (async () => {
      keys.prewarm('destination-encryption', 1);
      keys.prewarm('destination-signing', 1);
      domain = await newDomain();
    })().catch((e: Error) => {
      ctx.recorder.record({ kind: 'note', platform: 'fitconnect', environment, summary: `environment set-up failed: ${e.message}` });
      ready = undefined;
      throw e;
    });
    return ready;
  };

  const env = (): FitConnectEnvironment => {
    if (!domain) throw new Error('the FIT-Connect simulator is not started');
    return domain;
  };
  const pump = new CallbackPump({
    env, behaviour: () => behaviour, recorder: ctx.recorder, environment, clock: ctx.clock, trustedCas: () => ctx.pki.trustedCaPem(),
  });

  /** Deadlines, the simulated authority and due callbacks; never overlaps itself. */
  async function housekeeping(): Promise<void> {
    if (busy || !domain) return;
    busy = true;
    try {
      await domain.tick();
      await pump.pump();
    } catch (e) {
      ctx.recorder.record({ kind: 'note', platform: 'fitconnect', environment, summary: `housekeeping failed: ${(e as Error).message}` });
    } finally {
      busy = false;
    }
  }

  async function settledHousekeeping(): Promise<void> {
    for (let i = 0; busy && i < 250; i++) await new Promise((r) => setTimeout(r, 20));
    await housekeeping();
  }

  const afterEach = (routes: Route[]): Route[] => routes.map((r) => ({
    ...r,
    async handle(c) {
      try {
        await ensureReady();
        await r.handle(c);
      } finally {
        setImmediate(() => void housekeeping());
      }
    },
  }));

  async function newDomain(): Promise<FitConnectEnvironment> {
    const signingKey = await keys.take(`platform-${environment}`);
    store ??= new FileAttachmentStore();
    const d = await createFitConnectDomain({
      environment, clock, issuer: baseUrl, submissionApiUrl: baseUrl,
      signingKey: { ...signingKey, kid: `platform-${environment}-signing` },
      attachmentStore: store, callbackRetry: SIMULATOR_CALLBACK_RETRY,
    });
    return d;
  }

  return {
    platform: 'fitconnect',
    async start() {
      const cert = await ctx.pki.serverCertificate();
      const routes = afterEach(openapi.wrap([
        tokenRoute(env),
        ...submissionApiRoutes({ env, behaviour: () => behaviour, maxJsonBytes: MAX_JSON_BYTES }),
        ...subscriberRoutes({ env, behaviour: () => behaviour, maxJsonBytes: MAX_JSON_BYTES }),
        ...routingApiRoutes(env),
        ...portalRoutes({ env, keys, environment, recorder: ctx.recorder }),
      ]));
      server = createKernelServer({
        platform: 'fitconnect', recorder: ctx.recorder, faults: ctx.faults, environment, routes,
        tls: { cert: cert.certPem + cert.chainPem, key: cert.keyPem },
        renderError: (err, c) => {
          const rendered = renderFitConnectError(err, c);
          const v = c.route && openapi.verdict(c.req.method ?? 'GET', c.route.path, rendered.status, String(rendered.headers?.['content-type'] ?? ''), rendered.body);
          if (v) c.verdicts.push(v);
          return rendered;
        },
        maxBodyBytes: DEFAULT_LIMITS.maxAttachmentBytes + 1024 * 1024,
        requestTimeoutMs: 15 * 60_000,
      });
      baseUrl = await server.listen(ctx.ports?.[environment] ?? 0, ctx.host);
      timer = setInterval(() => void housekeeping(), PUMP_INTERVAL_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await ready?.catch(() => undefined);
      ready = undefined;
      await pump.drain();
      await server?.close();
      store?.dispose();
      store = undefined;
      domain = undefined;
    },
    urls: (): Record<string, string> => (baseUrl ? {
      https: baseUrl, token: `${baseUrl}/token`, submissionApi: baseUrl, routingApi: baseUrl, jwks: `${baseUrl}/.well-known/jwks.json`, portal: `${baseUrl}/portal`,
    } : {}),
    admin: {
      async reset() {
        if (!ready) return;
        await ensureReady();
        Object.assign(behaviour, HONEST);
        clock.reset();
        domain = await newDomain();
      },
      seed: async (data) => {
        await ensureReady();
        const result = await applySeed(env(), keys, behaviour, data, clock);
        // Deadlines that the advanced clock has passed take effect before the seed returns.
        if (result.clock) await settledHousekeeping();
        return result;
      },
      state: () => (domain ? { ...(domain.state() as object), behaviour: { ...behaviour }, clock: { now: clock.now().toISOString(), offsetMs: clock.offsetMs }, urls: { base: baseUrl } } : { started: false }),
    },
  };
}
