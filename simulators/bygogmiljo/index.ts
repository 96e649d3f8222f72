/**
 * The simulated Byg og Miljø system interface (KOMBIT): SOAP 1.2 services over HTTPS with
 * FOCES client certificates (SagsbehandlingV5, SagStatusV2, BeskedfordelerV2,
 * KonfigurationV6), document GET/PUT with security-token cookies, certificate
 * registrations and service agreements, and the operator and citizen pages.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { SimulatorContext } from '../kernel/context.ts';
import { createKernelServer, type KernelServer } from '../kernel/http/index.ts';
import type { Simulator } from '../kernel/types.ts';
import { DEFAULT_SETTINGS, type BygOgMiljoSettings } from './config.ts';
import {
  BomState, isBomFault, newCitizenApplication, seedState,
  type AgreementInput, type Application, type ApplicationInput, type CertificateRegistration, type ServiceAgreement, type SagStatus, type Besked,
} from './domain/index.ts';
import { SERVICE_NAMES, XSD_PATH } from './transport/contract.ts';
import { documentRoutes } from './transport/documents.ts';
import { tokenRedactingRecorder } from './transport/redact.ts';
import { soapRoutes } from './transport/soap-route.ts';
import { SOAP_HEADERS, soapEnvelope, transaktionFault } from './transport/soap.ts';
import { xsdText } from './transport/schema-files.ts';
import { isLoopbackAddress } from './pages/guard.ts';
import { portalRoutes } from './pages/routes.ts';

export { DEFAULT_SETTINGS, FIXED_PORTS, type BygOgMiljoSettings } from './config.ts';
export { BOM_NS, SERVICES, servicePath, soapAction } from './transport/contract.ts';
export { renderWsdl } from './transport/wsdl.ts';

/** Operations beyond the generic admin API, used by steps, pages and the admin seed ops. */
export interface BygOgMiljoApi {
  readonly state: BomState;
  readonly settings: BygOgMiljoSettings;
  registerCertificate(cvr: string, subject: string): CertificateRegistration;
  unregisterCertificate(id: string): boolean;
  createAgreement(input: AgreementInput): ServiceAgreement;
  revokeAgreement(id: string): ServiceAgreement;
  /** A citizen submits an application (it then shows in HentBeskeder and LaesAnsoegningOversigt). */
  submitApplication(input: ApplicationInput): Application;
  /** A status change made in Byg og Miljø itself (emits SagStatusSkiftBesked). */
  changeStatus(sagId: string, statusKode: string, faseKode: string, tekst?: string): SagStatus;
  /** Moves simulated time forward; returns the FristOverskridelseBesked messages that fell due. */
  advanceTime(ms: number): Besked[];
}

export type BygOgMiljoSimulator = Simulator & { bom: BygOgMiljoApi };

export function createBygOgMiljoSimulator(ctx: SimulatorContext, overrides: Partial<BygOgMiljoSettings> = {}): BygOgMiljoSimulator {
  const platform = 'bygogmiljo';
  const settings: BygOgMiljoSettings = { ...DEFAULT_SETTINGS, ...overrides };
  const recorder = tokenRedactingRecorder(ctx.recorder);
  const newState = () => {
    const s = new BomState({ now: () => ctx.clock.now(), newId: randomUUID, random: randomBytes, settings });
    if (settings.seed) seedState(s);
    return s;
  };
  let state = newState();
  let https: KernelServer | undefined;
  let portal: KernelServer | undefined;
  const urls: Record<string, string> = {};

  const note = (summary: string, data: unknown, ok = true, message?: string) =>
    ctx.recorder.record({ kind: 'note', platform, environment: ctx.environment, summary, data: { bomAdmin: data }, verdicts: [{ check: 'BOM_ADMIN', ok, message }] });

  const api: BygOgMiljoApi = {
    get state() { return state; },
    settings,
    registerCertificate(cvr, subject) {
      const r = state.registry.registerCertificate({ cvr, subject }, state.now());
      note(`operator registered certificate subject for CVR ${r.cvr}`, { op: 'register-certificate', id: r.id, cvr: r.cvr, subject: r.subject });
      return r;
    },
    unregisterCertificate(id) {
      const ok = state.registry.unregisterCertificate(id);
      note(`operator removed certificate registration ${id}`, { op: 'unregister-certificate', id, removed: ok });
      return ok;
    },
    createAgreement(input) {
      const a = state.registry.createAgreement(input, state.now());
      note(`operator created service agreement ${a.integratorCvr} → ${a.authorityCvr} (${a.sagOmraader.join(', ')})`, { op: 'create-agreement', agreement: a });
      return a;
    },
    revokeAgreement(id) {
      const a = state.registry.revokeAgreement(id, state.now());
      note(`operator revoked service agreement ${id}`, { op: 'revoke-agreement', agreement: a });
      return a;
    },
    submitApplication(input) {
      const app = state.submitApplication(input);
      note(`citizen submitted application ${app.bomNummer} to CVR ${app.myndighedCvr}`, { op: 'submit-application', ansoegningId: app.ansoegningId, sagId: app.sagId, bomNummer: app.bomNummer, myndighedCvr: app.myndighedCvr });
      return app;
    },
    changeStatus(sagId, statusKode, faseKode, tekst) {
      const s = state.changeStatusInBom(sagId, statusKode, faseKode, tekst);
      note(`Byg og Miljø changed case ${sagId} to ${statusKode}/${faseKode}`, { op: 'change-status', sagId, sagStatusId: s.sagStatusId, statusKode, faseKode });
      return s;
    },
    advanceTime(ms) {
      const due = state.advanceTime(ms);
      note(`simulated time moved ${Math.round(ms / 3_600_000)} h forward; ${due.length} deadline message(s) due`, { op: 'advance-time', ms, beskeder: due.map((b) => ({ beskedId: b.beskedId, sagId: b.sagId, frist: b.frist })) });
      return due;
    },
  };

  function seed(input: unknown): unknown {
    const d = (input ?? {}) as Record<string, unknown>;
    try {
      switch (d.op) {
        case 'register-certificate': return { ok: true, registration: strip(api.registerCertificate(str(d.cvr), str(d.subject))) };
        case 'unregister-certificate': return { ok: api.unregisterCertificate(str(d.id)) };
        case 'create-agreement': return { ok: true, agreement: api.createAgreement({
          integratorCvr: str(d.integratorCvr), integratorName: str(d.integratorName), authorityCvr: str(d.authorityCvr), sagOmraader: strs(d.sagOmraader), sagTyper: strs(d.sagTyper),
        }) };
        case 'revoke-agreement': return { ok: true, agreement: api.revokeAgreement(str(d.id)) };
        case 'add-authority': return { ok: true, authority: state.registry.addAuthority({ cvr: str(d.cvr), name: str(d.name), ...(d.kommunekode !== undefined ? { kommunekode: str(d.kommunekode) } : {}) }) };
        case 'submit-application': {
          const n = Number.isInteger(d.n) ? Number(d.n) : state.applications.size + 1;
          const app = api.submitApplication(newCitizenApplication(str(d.myndighedCvr), d.sagOmraade === undefined ? 'byg' : str(d.sagOmraade), d.sagType === undefined ? 'tilbygning' : str(d.sagType), n));
          return { ok: true, ansoegningId: app.ansoegningId, sagId: app.sagId, bomNummer: app.bomNummer };
        }
        case 'change-status': return { ok: true, status: api.changeStatus(str(d.sagId), str(d.statusKode), str(d.faseKode), d.tekst === undefined ? undefined : str(d.tekst)) };
        case 'advance-time': return { ok: true, beskeder: api.advanceTime(Number(d.days ?? 0) * 86_400_000 + Number(d.hours ?? 0) * 3_600_000) };
        default:
          return { ok: false, code: 'SEED_UNKNOWN_OP', message: 'op must be one of register-certificate, unregister-certificate, create-agreement, revoke-agreement, add-authority, submit-application, change-status, advance-time' };
      }
    } catch (err) {
      if (isBomFault(err)) return { ok: false, code: err.code, message: err.message };
      throw err;
    }
  }

  const baseUrl = () => urls.https ?? 'https://localhost';

  return {
    platform,
    bom: api,
    async start() {
      const cert = await ctx.pki.serverCertificate(settings.hosts.length ? settings.hosts : undefined);
      https = createKernelServer({
        platform, recorder, faults: ctx.faults, environment: ctx.environment,
        maxBodyBytes: settings.maxDocumentBytes + 1024 * 1024,
        tls: { cert: cert.certPem + cert.chainPem, key: cert.keyPem, ca: ctx.pki.trustedCaPem(), crl: ctx.pki.crls(), requestCert: true },
        routes: [
          ...SERVICE_NAMES.flatMap((s) => soapRoutes(s, { state: () => state, baseUrl, maxRequestBytes: 1024 * 1024 })),
          { method: 'GET', path: XSD_PATH, name: 'BOM schema', handle: (c) => c.send(200, xsdText(), { 'content-type': 'text/xml; charset=utf-8' }) },
          ...documentRoutes({ state: () => state, maxDocumentBytes: settings.maxDocumentBytes }),
        ],
        renderError: (err) => ({
          status: err.status >= 500 ? 500 : err.status,
          headers: SOAP_HEADERS,
          body: soapEnvelope(transaktionFault(`BOM_HTTP_${err.code}`, err.status >= 500 ? 'The simulator could not handle the request; see the evidence log.' : err.message, err.status >= 500)),
        }),
      });
      urls.https = await https.listen(ctx.ports?.https ?? 0, ctx.host);
      for (const s of SERVICE_NAMES) urls[s] = `${urls.https}/${s}.svc`;
      portal = createKernelServer({
        platform, recorder, environment: ctx.environment,
        routes: portalRoutes({ api, httpsUrl: () => urls.https, loopbackOnly: isLoopbackAddress(ctx.host) }),
      });
      urls.portal = await portal.listen(ctx.ports?.portal ?? 0, ctx.host);
      urls.operator = `${urls.portal}/operator`;
      urls.citizen = `${urls.portal}/borger`;
    },
    async stop() {
      await Promise.all([https?.close(), portal?.close()]);
    },
    urls: () => ({ ...urls }),
    admin: {
      reset() { state = newState(); },
      seed,
      state: () => state.snapshot(),
    },
  };
}

const strip = ({ key: _k, ...r }: CertificateRegistration) => r;
/** Admin input is untrusted JSON: scalars become strings, anything else the empty string. */
const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : typeof v === 'string' ? [v] : []);
