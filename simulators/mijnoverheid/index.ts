/**
 * The simulated MijnOverheid Lopende Zaken preproduction: the CPA Register step, the ebMS2
 * MSH over mTLS (receiving and sending), Lopende Zaken processing with foutberichten, the
 * Profielservice and test DigiD accounts. Public surface of the platform.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { SimulatorContext } from '../kernel/context.ts';
import { createKernelServer, type ExchangeContext, type KernelServer } from '../kernel/http/index.ts';
import type { IssuedCertificate } from '../kernel/pki/index.ts';
import type { Simulator } from '../kernel/types.ts';
import { ebms, profileTraits, readCertificate, xmldsig, type CertificateInfo, type Cpa, type CpaOptions, type Issue, type MijnOverheidServiceConfig, type TestPerson } from './domain/index.ts';
import { DEFAULT_SETTINGS, LIMITS, PATHS, type MijnOverheidSettings } from './config.ts';
import { MijnOverheidState } from './state.ts';
import { EbmsOutbound } from './transport/outbound.ts';
import { Msh } from './transport/msh.ts';
import { cpaRegisterRoutes, loadCpa, registerConsumerSpec, type RegisterResult } from './transport/cpa-register.ts';
import { profielserviceRoute } from './transport/profielservice.ts';
import { TEXT_XML, soapFault } from './transport/soap.ts';
import { newMessageId } from './transport/ids.ts';
import { OutboxJournal } from './transport/outbox-journal.ts';
import { portalRoutes } from './portal/routes.ts';
import { cpaRegisterPageRoutes } from './portal/cpa-register-routes.ts';

export { DEFAULT_SETTINGS, PATHS } from './config.ts';
export type { MijnOverheidSettings } from './config.ts';
export { PROFIEL_NS, PROFIEL_SOAP_ACTION, profielRequestXml } from './transport/profielservice.ts';
export { readSoapFault } from './transport/soap.ts';

export interface PingResult {
  messageId: string;
  conversationId: string;
  status?: number;
  error?: string;
  pong: boolean;
}

/** Operations beyond the generic admin (steps and the CLI use them in-process). */
export interface MijnOverheidApi {
  readonly settings: MijnOverheidSettings;
  readonly state: MijnOverheidState;
  /** The CPA Register step: Consumerspecificatie XML → CPA, loaded into the MSH. */
  registerConsumerSpec(specXml: string, options?: CpaOptions): Promise<RegisterResult>;
  loadCpa(xml: string): RegisterResult;
  addPerson(person: TestPerson): Issue[];
  /** Registers the test person's MijnOverheid account as a first portal login would. */
  registerAccount(bsn: string): Issue[];
  addAfzender(oin: string, afzenderId: string): void;
  /** MijnOverheid pings the SUT (MSH Ping to the CPA endpoint) and waits for the Pong. */
  pingSut(cpaId: string, waitMs?: number): Promise<PingResult>;
  /** The next `count` acknowledgments are lost (not pushed), so the SUT's retransmission can be observed. */
  loseAcknowledgments(count: number): void;
  /** Sends what the reliable outbox has due now (tests with a fixed clock call it after advancing). */
  pump(): Promise<void>;
  /** The simulator's MijnOverheid PKIoverheid certificate (client and server). */
  certificate(): Promise<IssuedCertificate>;
}

export type MijnOverheidSimulator = Simulator & { mijnoverheid: MijnOverheidApi };

export function createMijnOverheidSimulator(ctx: SimulatorContext, overrides: Partial<MijnOverheidSettings> = {}): MijnOverheidSimulator {
  const settings: MijnOverheidSettings = { ...DEFAULT_SETTINGS, ...overrides };
  const platform = 'mijnoverheid';
  const defects = ctx.defects ?? [];
  let state = new MijnOverheidState(ctx.clock);
  let https: KernelServer | undefined;
  let portal: KernelServer | undefined;
  const urls: Record<string, string> = {};
  let certPromise: Promise<IssuedCertificate> | undefined;
  const certificate = () => (certPromise ??= ctx.pki.issue({
    profile: 'pkioverheid', purpose: 'both', oin: settings.oin, commonName: 'mijnoverheid.govsim.test',
    organization: 'Logius (govsim simulation)', organizationalUnit: 'MijnOverheid Lopende Zaken',
    dnsNames: settings.hosts.filter((h) => !/^[\d.]+$|:/.test(h)), ipAddresses: settings.hosts.filter((h) => /^[\d.]+$|:/.test(h)),
  }));
  const certInfo = async (): Promise<CertificateInfo> => readCertificate((await certificate()).certPem, 'MijnOverheid').cert!;
  /** Set in start(): MijnOverheid signs with the key of its PKIoverheid certificate (the CPA's signing certificate). */
  let signingKey: IssuedCertificate | undefined;
  const sign = (xml: string, cpa: Cpa, attachments: { contentId: string; body: Buffer | string }[] = []): string => {
    if (!profileTraits(cpa.profile).signed || profileTraits(cpa.profile).encrypted) return xml;
    if (!signingKey) throw new Error('MijnOverheid cannot sign before the simulator has started');
    return xmldsig.signEnvelope(xml, { keyPem: signingKey.keyPem, certPem: signingKey.certPem, attachments });
  };

  /** With `ctx.dataDir`: the reliable outbox journaled to `<dataDir>/mijnoverheid/outbox.jsonl` (see outbox-journal.ts). */
  let journal: OutboxJournal | undefined;
  function openJournal(): void {
    if (!ctx.dataDir || journal) return;
    const j = new OutboxJournal({
      file: join(ctx.dataDir, platform, 'outbox.jsonl'), clock: ctx.clock,
      onError: (err) => ctx.recorder.record({
        kind: 'note', platform, environment: ctx.environment,
        summary: `MijnOverheid outbox journal write failed: ${err.message}`,
        verdicts: [{ check: 'LZ_OUTBOX_JOURNAL', ok: false, message: `the outbox carries on in memory; retries pending now do not survive a restart (${err.message})` }],
      }),
    });
    const recovered = j.recover();
    const restored = OutboxJournal.restoreInto(state, recovered);
    j.attach(state);
    journal = j;
    if (restored.length || recovered.tornTail || recovered.skipped.length) {
      ctx.recorder.record({
        kind: 'note', platform, environment: ctx.environment,
        summary: `MijnOverheid outbox restored from ${j.file}: ${restored.length} message(s) still to deliver${recovered.tornTail ? ' (torn last line ignored)' : ''}`,
        verdicts: recovered.skipped.length ? [{ check: 'LZ_OUTBOX_JOURNAL', ok: false, message: `${recovered.skipped.length} unreadable journal line(s) skipped: ${recovered.skipped.slice(0, 3).map((x) => `line ${x.line}: ${x.reason}`).join('; ')}` }] : [],
        data: { outbox: { event: 'restored', file: j.file, messageIds: restored, tornTail: recovered.tornTail, skipped: recovered.skipped } },
      });
    }
  }

  const outbound = new EbmsOutbound({
    recorder: ctx.recorder, platform, environment: ctx.environment, clock: ctx.clock,
    get state() { return state; },
    tls: async () => { const c = await certificate(); return { cert: c.certPem + c.chainPem, key: c.keyPem, ca: ctx.pki.trustedCaPem() }; },
    onSyncReply: async (body, contentType, sentId) => handleSyncReply(body, contentType, sentId),
  });
  const msh = new Msh({
    get state() { return state; },
    settings, outbound, clock: ctx.clock, recorder: ctx.recorder, platform, environment: ctx.environment,
    newMessageId: () => newMessageId(), defects, sign,
  });

  async function handleSyncReply(body: Buffer, contentType: string | undefined, sentId: string): Promise<void> {
    const verdicts: { check: string; ok: boolean; message?: string }[] = [];
    const data: Record<string, unknown> = { direction: 'inbound', event: 'syncReply', inReplyTo: sentId };
    if (!contentType?.toLowerCase().startsWith('text/xml')) {
      verdicts.push({ check: 'EBMS_SYNC_REPLY_FORMAT', ok: false, message: `synchronous reply has Content-Type ${contentType ?? '(none)'}, expected text/xml` });
    } else {
      const parsed = ebms.parseEnvelope(body);
      if ('fault' in parsed) verdicts.push({ check: parsed.fault.code, ok: false, message: parsed.fault.faultString });
      else {
        const m = parsed.message;
        Object.assign(data, { action: m.header.action, messageId: m.header.messageData.messageId, conversationId: m.header.conversationId });
        const cpa = state.findCpa(m.header.cpaId);
        const sender = cpa?.parties.find((p) => m.header.from.partyIds.some((id) => id.value === p.partyId));
        const sec = cpa && sender ? ebms.checkSignature(body, m, cpa, sender, () => undefined) : undefined;
        if (sec && (sec.required || sec.present)) verdicts.push({ check: 'EBMS_SIGNATURE', ok: sec.ok, message: sec.ok ? 'ds:Signature verified with the signing certificate of the CPA' : sec.errors.map((e) => `${e.rule}: ${e.description}`).join('; ') });
        if (!sec || sec.ok) msh.receiveSignal(verdicts, data as never, m);
      }
    }
    ctx.recorder.record({ kind: 'note', platform, environment: ctx.environment, summary: `synchronous ebMS reply to ${sentId}: ${String(data.action ?? 'unreadable')}`, verdicts, data: { ebms: data } });
  }

  const service = (): MijnOverheidServiceConfig => {
    throw new Error('service() is replaced once the certificate is known');
  };
  let serviceConfig: MijnOverheidServiceConfig | undefined;
  const registerDeps = {
    get state() { return state; },
    clock: ctx.clock,
    newId: () => randomUUID(),
    service: () => serviceConfig ?? service(),
  };

  const renderError = (err: { status: number; code: string; message: string }) => ({
    status: err.status >= 500 ? 500 : err.status,
    headers: { 'content-type': TEXT_XML },
    body: soapFault(err.status >= 500 ? 'Server' : 'Client', err.status >= 500 ? 'The simulator could not handle the request; see the evidence log.' : err.message, err.code),
  });

  const api: MijnOverheidApi = {
    settings,
    get state() { return state; },
    async registerConsumerSpec(specXml, options = {}) {
      await ensureService();
      return registerConsumerSpec(registerDeps, specXml, options);
    },
    loadCpa: (xml) => loadCpa(registerDeps, xml),
    addPerson: (person) => state.persons.add(person),
    registerAccount: (bsn) => state.persons.register(bsn, ctx.clock.now()),
    addAfzender: (oin, id) => state.afzenders.register(oin, id),
    loseAcknowledgments(count) { state.acknowledgmentsToLose = count; },
    pump: () => outbound.pump(),
    certificate,
    async pingSut(cpaId, waitMs = 5000) {
      const entry = state.cpas.get(cpaId);
      if (!entry) throw new Error(`no CPA ${cpaId} is loaded`);
      const cpa = entry.cpa;
      const mo = cpa.parties.find((p) => p.partyId === settings.oin) ?? cpa.parties[1];
      const sut = cpa.parties[0] === mo ? cpa.parties[1] : cpa.parties[0];
      const built = ebms.buildMessage({ cpa, from: mo, action: 'Ping', mshService: true, conversationId: randomUUID() }, { clock: ctx.clock, newMessageId: () => newMessageId() });
      const ping = { ...built, xml: sign(built.xml, cpa) };
      state.sent.set(ping.messageId, { messageId: ping.messageId, cpaId, conversationId: ping.conversationId, action: 'Ping', url: sut.transport.endpoint, sentAt: ctx.clock.now().toISOString() });
      const r = await outbound.post(sut.transport.endpoint, TEXT_XML, Buffer.from(ping.xml), `ebMS Ping ${ping.messageId} → SUT`, sut);
      if (r.ok && r.response.status === 200 && r.response.body.length) await handleSyncReply(r.response.body, r.response.headers['content-type'], ping.messageId);
      // An asynchronous Pong arrives on the MSH endpoint; wait for it a little.
      const until = Date.now() + waitMs;
      while (r.ok && !state.sent.get(ping.messageId)?.pongAt && Date.now() < until) await new Promise((res) => setTimeout(res, 25));
      const result: PingResult = { messageId: ping.messageId, conversationId: ping.conversationId, pong: state.sent.get(ping.messageId)?.pongAt !== undefined };
      if (r.ok) result.status = r.response.status; else result.error = r.error.code;
      ctx.recorder.record({
        kind: 'note', platform, environment: ctx.environment,
        summary: `MijnOverheid pinged the SUT: ${result.pong ? 'Pong received' : `no Pong (${result.error ?? `HTTP ${result.status}`})`}`,
        verdicts: [...(r.ok ? r.verdicts : []), { check: 'EBMS_PONG', ok: result.pong, message: result.pong ? 'the SUT answered the Ping with a Pong' : 'the SUT did not answer the Ping with a Pong' }],
        data: { ebms: { direction: 'outbound', event: 'ping', ...result } },
      });
      return result;
    },
  };

  async function ensureService(): Promise<void> {
    if (serviceConfig) return;
    const info = await certInfo();
    serviceConfig = {
      partyName: settings.partyName, oin: settings.oin, serviceId: settings.serviceId, serviceType: settings.serviceType,
      endpointUri: `${urls.https ?? 'https://localhost'}${PATHS.ebms}`,
      clientCert: info, serverCert: info,
      consumerRole: settings.consumerRole, providerRole: settings.providerRole,
      consumerSends: [...settings.consumerSends], providerSends: [...settings.providerSends],
    };
  }

  async function seed(input: unknown): Promise<unknown> {
    const d = (input ?? {}) as Record<string, unknown>;
    switch (d.op) {
      case 'register-cpa': {
        const r = await api.registerConsumerSpec(String(d.spec ?? ''), (d.options ?? {}) as CpaOptions);
        return r.ok ? { ok: true, cpaId: r.cpa.cpaId, cpa: r.xml } : r;
      }
      case 'load-cpa': {
        const r = api.loadCpa(String(d.cpa ?? ''));
        return r.ok ? { ok: true, cpaId: r.cpa.cpaId } : r;
      }
      case 'add-person': return { issues: api.addPerson(d.person as TestPerson) };
      case 'register-account': return { issues: api.registerAccount(String(d.bsn ?? '')) };
      case 'add-afzender': api.addAfzender(String(d.oin), String(d.afzenderId)); return { ok: true };
      case 'ping-sut': return api.pingSut(String(d.cpaId ?? ''));
      case 'lose-acknowledgments': api.loseAcknowledgments(Number(d.count ?? 1)); return { ok: true };
      default:
        return { ok: false, code: 'SEED_UNKNOWN_OP', message: 'op must be one of register-cpa, load-cpa, add-person, register-account, add-afzender, ping-sut, lose-acknowledgments' };
    }
  }

  return {
    platform,
    mijnoverheid: api,
    async start() {
      const cert = await certificate();
      signingKey = cert;
      https = createKernelServer({
        platform, recorder: ctx.recorder, faults: ctx.faults, environment: ctx.environment,
        maxBodyBytes: LIMITS.maxBodyBytes,
        tls: { cert: cert.certPem + cert.chainPem, key: cert.keyPem, ca: ctx.pki.trustedCaPem(), crl: ctx.pki.crls(), requestCert: true },
        routes: [
          { method: 'POST', path: PATHS.ebms, name: 'ebMS MSH', handle: (c: ExchangeContext) => msh.handle(c) },
          profielserviceRoute(() => state, PATHS.profielservice),
          ...cpaRegisterRoutes(registerDeps, PATHS.cpaRegister),
        ],
        renderError: (err) => renderError(err),
      });
      urls.https = await https.listen(ctx.ports?.https ?? 0, ctx.host);
      urls.ebms = `${urls.https}${PATHS.ebms}`;
      urls.profielservice = `${urls.https}${PATHS.profielservice}`;
      urls.cpaRegister = `${urls.https}${PATHS.cpaRegister}`;
      portal = createKernelServer({
        platform, recorder: ctx.recorder, environment: ctx.environment,
        routes: [
          ...portalRoutes({ get state() { return state; }, clock: ctx.clock }),
          ...cpaRegisterPageRoutes({ get state() { return state; }, register: (spec, options) => api.registerConsumerSpec(spec, options) }, PATHS.cpaRegister),
        ],
      });
      urls.portal = await portal.listen(ctx.ports?.portal ?? 0, ctx.host);
      await ensureService();
      openJournal();
      // Retries restored from the journal go out when due (on the injected clock).
      outbound.schedule();
    },
    async stop() {
      await outbound.close();
      journal?.close();
      journal = undefined;
      await Promise.all([https?.close(), portal?.close()]);
    },
    urls: () => ({ ...urls }),
    admin: {
      reset() {
        state = new MijnOverheidState(ctx.clock);
        // The reset discards pending messages, on disk too.
        journal?.attach(state);
      },
      seed,
      state: () => state.snapshot(),
    },
  };
}
