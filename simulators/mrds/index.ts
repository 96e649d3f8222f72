/**
 * The simulated MRDS (Melderegisterdatenspiegel in Niedersachsen, "MiN") Applikationskopplung:
 * Mandantentabelle, self-service order form, certificate mail over SMTP with an embedded
 * mailbox, AG MiN's Kundennummer step, and the XMeld SOAP web service over mTLS.
 * Public surface of the platform.
 */
import { randomUUID } from 'node:crypto';
import type { SimulatorContext } from '../kernel/context.ts';
import { createKernelServer, type KernelServer } from '../kernel/http/index.ts';
import type { Simulator } from '../kernel/types.ts';
import { DEFAULT_SETTINGS, PATHS, settingsFromEnv, type MrdsSettings } from './config.ts';
import type { MandantInput } from './domain/index.ts';
import { portalRoutes } from './pages/routes.ts';
import { MrdsState, type StoredMail } from './state.ts';
import { parseMail } from './transport/mime.ts';
import { runDueOperatorSteps, runOperatorStep, submitOrder, type OrderingDeps, type OrderOutcome } from './transport/ordering.ts';
import { createSmtpServer, type SmtpServer } from './transport/smtp-server.ts';
import { soapFault, TEXT_XML } from './transport/soap.ts';
import { MRDS_DEFECTS, xmeldRoutes } from './transport/xmeld-service.ts';
import type { OrderForm } from './domain/index.ts';

export { DEFAULT_SETTINGS, PATHS, type MrdsSettings } from './config.ts';
export { MRDS_DEFECTS } from './transport/xmeld-service.ts';
export type { StoredMail, Rechnung } from './state.ts';

/** Operations beyond the generic admin (steps and tests use them in-process). */
export interface MrdsApi {
  readonly settings: MrdsSettings;
  readonly state: MrdsState;
  /** Submits an order as the form does (the token is issued on the fly). */
  order(form: OrderForm): Promise<OrderOutcome>;
  /** Runs AG MiN's step for the Mandant now; returns the Kundennummer (undefined when nothing waits). */
  runOperator(ags: string): Promise<string | undefined>;
  /**
   * Runs the AG MiN steps whose delay has passed on the injected clock (the simulator also
   * asks every HOUSEKEEPING_INTERVAL_MS); returns the Mandanten handled. Tests with a fixed
   * clock advance it and call this.
   */
  tick(): Promise<string[]>;
  /** Revokes the Mandant's Applikationskopplung and its certificate (TLS refuses it from now on). */
  revoke(ags: string): Promise<{ ags: string; revokedSerial?: string }>;
  /** Mails received by the embedded SMTP server (empty with a relay). */
  mails(): StoredMail[];
  /** The SMTP port of the embedded server. */
  smtpPort(): number;
}

export type MrdsSimulator = Simulator & { mrds: MrdsApi };

/** Body bytes of each web-service exchange kept in the evidence (hash and size always cover all). */
export const XMELD_EVIDENCE_BYTES = 4 * 1024 * 1024;

/** How often the simulator asks whether an AG MiN step is due (the clock decides, not this timer). */
export const HOUSEKEEPING_INTERVAL_MS = 25;

export function createMrdsSimulator(ctx: SimulatorContext, overrides: Partial<MrdsSettings> = {}): MrdsSimulator {
  const settings: MrdsSettings = { ...DEFAULT_SETTINGS, ...settingsFromEnv(process.env), ...overrides };
  const platform = 'mrds';
  const defects = ctx.defects ?? [];
  let state = new MrdsState();
  let https: KernelServer | undefined;
  let portal: KernelServer | undefined;
  let smtp: SmtpServer | undefined;
  let smtpPort = 0;
  const urls: Record<string, string> = {};
  let ticker: NodeJS.Timeout | undefined;
  let housekeepingRun: Promise<string[]> | undefined;
  const serverCert = ctx.pki.serverCertificate(settings.hosts);

  const onCrlChanged = () => { https?.updateTls({ crl: ctx.pki.crls() }); };
  const ordering: OrderingDeps = {
    state: () => state, settings, pki: ctx.pki, clock: ctx.clock, recorder: ctx.recorder, platform, environment: ctx.environment,
    newId: () => randomUUID().slice(0, 8).toUpperCase(),
    onCrlChanged,
    mailer: {
      recorder: ctx.recorder, platform, environment: ctx.environment,
      target: () => settings.smtpRelay ? { ...settings.smtpRelay, relay: true } : { host: '127.0.0.1', port: smtpPort, relay: false },
    },
  };

  /** AG MiN steps that are due on the injected clock; never overlaps itself. */
  function housekeeping(): Promise<string[]> {
    housekeepingRun ??= runDueOperatorSteps(ordering).finally(() => { housekeepingRun = undefined; });
    return housekeepingRun;
  }

  const api: MrdsApi = {
    settings,
    get state() { return state; },
    order(form) {
      const token = state.orders.issueToken(randomUUID());
      return submitOrder(ordering, token, form);
    },
    runOperator: (ags) => runOperatorStep(ordering, ags),
    tick: () => housekeeping(),
    async revoke(ags) {
      const m = state.mandanten.revoke(ags, ctx.clock.now());
      const serial = m.kopplung.certificateSerial;
      if (serial) {
        await ctx.pki.revoke(serial, 'privilegeWithdrawn');
        onCrlChanged();
      }
      ctx.recorder.record({ kind: 'note', platform, environment: ctx.environment, summary: `Applikationskopplung of Mandant ${ags} revoked${serial ? ` (certificate ${serial})` : ''}`, data: { mrdsOrder: { event: 'revoked', mandant: ags, certificateSerial: serial } } });
      return { ags, revokedSerial: serial };
    },
    mails: () => [...state.mailbox],
    smtpPort: () => smtpPort,
  };

  async function seed(input: unknown): Promise<unknown> {
    const d = (input ?? {}) as Record<string, unknown>;
    switch (d.op) {
      case 'add-mandant': {
        const problems = state.mandanten.add(d.mandant as MandantInput);
        return problems.length ? { ok: false, code: 'MRDS_MANDANT_INVALID', problems } : { ok: true };
      }
      case 'revoke': return api.revoke(String(d.ags ?? ''));
      case 'run-operator': return { kundennummer: await api.runOperator(String(d.ags ?? '')) ?? null };
      default:
        return { ok: false, code: 'SEED_UNKNOWN_OP', message: 'op must be one of add-mandant, revoke, run-operator' };
    }
  }

  return {
    platform,
    mrds: api,
    async start() {
      const cert = await serverCert;
      smtp = createSmtpServer({
        onMail(mail) {
          const id = `M${String(state.mailbox.length + 1).padStart(4, '0')}-${randomUUID().slice(0, 6)}`;
          state.storeMail({ id, ...mail, receivedAt: ctx.clock.now().toISOString(), parsed: parseMail(mail.raw) });
          return id;
        },
      });
      smtpPort = (await smtp.listen(ctx.ports?.smtp ?? 0, ctx.host)).port;
      urls.smtp = `smtp://${ctx.host}:${smtpPort}`;
      https = createKernelServer({
        platform, recorder: ctx.recorder, faults: ctx.faults, environment: ctx.environment,
        tls: { cert: cert.certPem + cert.chainPem, key: cert.keyPem, ca: ctx.pki.trustedCaPem(), crl: ctx.pki.crls(), requestCert: true },
        // A capped 1,000-hit answer is ~0.6 MiB base64: keep whole answers so the suite reads them from the evidence.
        captureBodyBytes: XMELD_EVIDENCE_BYTES,
        routes: xmeldRoutes({ state: () => state, settings, clock: ctx.clock, defects, endpoint: () => `${urls.https}${PATHS.xmeld}` }),
        renderError: (err) => ({ status: 500, headers: { 'content-type': TEXT_XML }, body: soapFault({ code: err.code, message: err.status >= 500 ? 'the simulator could not handle the request; see the evidence log' : err.message, side: err.status >= 500 ? 'Server' : 'Client' }) }),
      });
      urls.https = await https.listen(ctx.ports?.https ?? 0, ctx.host);
      urls.xmeld = `${urls.https}${PATHS.xmeld}`;
      portal = createKernelServer({
        platform, recorder: ctx.recorder, faults: ctx.faults, environment: ctx.environment,
        routes: [
          ...portalRoutes({ state: () => state, ordering, newToken: () => randomUUID(), revoke: (ags) => api.revoke(ags) }),
          ...xmeldRoutes({ state: () => state, settings, clock: ctx.clock, defects, endpoint: () => `${urls.https}${PATHS.xmeld}` }).filter((r) => r.method === 'GET' && r.path === PATHS.wsdl),
        ],
      });
      urls.portal = await portal.listen(ctx.ports?.portal ?? 0, ctx.host);
      urls.order = `${urls.portal}${PATHS.order}`;
      urls.mailbox = `${urls.portal}${PATHS.mailbox}`;
      urls.wsdl = `${urls.portal}${PATHS.wsdl}`;
      ticker = setInterval(() => void housekeeping(), HOUSEKEEPING_INTERVAL_MS);
      ticker.unref();
    },
    async stop() {
      if (ticker) clearInterval(ticker);
      ticker = undefined;
      await housekeepingRun?.catch(() => undefined);
      await Promise.all([https?.close(), portal?.close(), smtp?.close()]);
    },
    urls: () => ({ ...urls }),
    admin: {
      reset() {
        state = new MrdsState();
      },
      seed,
      state: () => ({
        settings: { ...settings, smtpRelay: settings.smtpRelay ? `${settings.smtpRelay.host}:${settings.smtpRelay.port}` : undefined },
        defects, defectsKnown: MRDS_DEFECTS,
        mandanten: state.mandanten.list(),
        orders: state.orders.orders,
        rechnungen: state.rechnungen,
        mails: state.mailbox.map((m) => ({ id: m.id, to: m.to, subject: m.parsed.subject })),
        population: state.register.size,
      }),
    },
  };
}
