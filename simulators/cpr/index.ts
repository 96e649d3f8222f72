/**
 * The simulated CPR server for citizen self-service (Håndbog til CPR services, Bilag 9):
 * the self-service protocol over mTLS (logon, initiate, validate, save or abort, receipt
 * status) and the kommune desk where the home municipality approves or rejects what
 * waits in the venteregister. Public surface of the platform.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { SimulatorContext } from '../kernel/context.ts';
import { createKernelServer, type KernelServer } from '../kernel/http/index.ts';
import type { Clock, Simulator } from '../kernel/types.ts';
import { DEFAULT_SETTINGS, PATHS, type CprSettings } from './config.ts';
import { checkLogon, CprProtocol, CprState, DeskSessions, resetKendeord, type DeskResult, type Person, type Personkode } from './domain/index.ts';
import { deskRoutes } from './transport/desk-routes.ts';
import { protocolRoute, renderProtocolError } from './transport/protocol-route.ts';

export { DEFAULT_SETTINGS, PATHS } from './config.ts';
export type { CprSettings } from './config.ts';

const TOKEN_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const newToken = () => Array.from({ length: 8 }, () => TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)]).join('');

/** The run's clock plus an offset a scenario can move ("16 minutes pass"). */
export interface OffsetClock extends Clock {
  advance(ms: number): void;
  readonly offsetMs: number;
}

function offsetClock(base: Clock): OffsetClock {
  let offset = 0;
  return {
    now: () => new Date(base.now().getTime() + offset),
    advance: (ms) => { offset += ms; },
    get offsetMs() { return offset; },
  };
}

/** Operations beyond the generic admin (steps, tests and the admin seed use them in-process). */
export interface CprApi {
  readonly settings: CprSettings;
  readonly state: CprState;
  readonly clock: OffsetClock;
  /** A personkode issued to a provider; `kendeordAgeDays` backdates its last kendeord change. */
  addPersonkode(p: { personkode: string; kendeord: string; providerCvr?: string; group?: string; kendeordAgeDays?: number }): Personkode;
  /** The CPR office sets a new kendeord (the provider's stored one is then wrong). */
  resetKendeord(personkode: string, kendeord: string): void;
  /** Records `count` failed logons, as if they had happened (lock tests). */
  failLogons(personkode: string, count: number): void;
  /** A seeded person by key (anna, bo, ...) or CPR number. */
  person(keyOrPnr: string): Person;
  approve(kvitteringsnr: string, caseworker?: string): DeskResult;
  reject(kvitteringsnr: string, reason: string, caseworker?: string): DeskResult;
  /** CPR answers 04 to everything while closed. */
  setClosed(closed: boolean): void;
}

export type CprSimulator = Simulator & { cpr: CprApi };

/** Deliberate defects for the harness's own negative controls (`govsim run --defect`); never in a normal run. */
export const CPR_DEFECTS: Readonly<Record<string, string>> = {
  'desk-approval-keeps-register': 'the kommune desk marks an event approved but CPR keeps the old data',
};

export function createCprSimulator(ctx: SimulatorContext, overrides: Partial<CprSettings> = {}): CprSimulator {
  const settings: CprSettings = { ...DEFAULT_SETTINGS, ...overrides };
  const platform = 'cpr';
  const clock = offsetClock(ctx.clock);
  let state = freshState();
  let protocol = new CprProtocol(state, { newToken });
  const newDeskSessions = () => new DeskSessions(clock, settings.deskKodeord, () => randomBytes(18).toString('base64url'), settings.deskIdleMinutes);
  let deskSessions = newDeskSessions();
  let sbs: KernelServer | undefined;
  let desk: KernelServer | undefined;
  const urls: Record<string, string> = {};

  function freshState(): CprState {
    const s = new CprState(clock, settings.rules, !(ctx.defects ?? []).includes('desk-approval-keeps-register'));
    s.addPersonkode({ personkode: settings.personkode, kendeord: settings.kendeord, providerCvr: settings.providerCvr });
    return s;
  }

  const personkode = (pk: string) => {
    const p = state.personkoder.get(pk);
    if (!p) throw new Error(`no personkode ${pk}`);
    return p;
  };

  const api: CprApi = {
    settings,
    get state() { return state; },
    clock,
    addPersonkode(p) {
      const changedAt = new Date(clock.now().getTime() - (p.kendeordAgeDays ?? 0) * 86_400_000);
      return state.addPersonkode({ personkode: p.personkode, kendeord: p.kendeord, providerCvr: p.providerCvr ?? settings.providerCvr, group: p.group, changedAt });
    },
    resetKendeord: (pk, k) => resetKendeord(personkode(pk), k, clock.now()),
    failLogons(pk, count) {
      const p = personkode(pk);
      // Through the logon rule itself, with a kendeord no personkode can have (9 characters).
      for (let i = 0; i < count; i++) checkLogon(p, 'forkert-1', clock.now(), settings.rules.kendeord);
    },
    person(keyOrPnr) {
      const p = state.persons.get(state.personKeys.get(keyOrPnr) ?? keyOrPnr);
      if (!p) throw new Error(`no person ${keyOrPnr} in the register`);
      return p;
    },
    approve(nr, caseworker = 'GOVSIM') {
      const e = state.venteregister.get(nr);
      return state.approve(nr, e?.kommunekode ?? '', caseworker);
    },
    reject(nr, reason, caseworker = 'GOVSIM') {
      const e = state.venteregister.get(nr);
      return state.reject(nr, e?.kommunekode ?? '', caseworker, reason);
    },
    setClosed(closed) { state.closed = closed; },
  };

  async function seed(input: unknown): Promise<unknown> {
    const d = (input ?? {}) as Record<string, unknown>;
    try {
      switch (d.op) {
        case 'add-personkode': {
          const p = api.addPersonkode({ personkode: String(d.personkode), kendeord: String(d.kendeord), providerCvr: d.providerCvr ? String(d.providerCvr) : undefined, kendeordAgeDays: Number(d.kendeordAgeDays ?? 0) });
          return { ok: true, personkode: p.personkode, providerCvr: p.providerCvr };
        }
        case 'reset-kendeord': api.resetKendeord(String(d.personkode), String(d.kendeord)); return { ok: true };
        case 'fail-logons': api.failLogons(String(d.personkode), Number(d.count ?? 1)); return { ok: true };
        case 'advance-clock': clock.advance(Number(d.minutes ?? 0) * 60_000); return { ok: true, now: clock.now().toISOString() };
        case 'set-closed': api.setClosed(Boolean(d.closed)); return { ok: true };
        case 'approve': { const r = api.approve(String(d.kvitteringsnr), String(d.caseworker ?? 'GOVSIM')); return r.ok ? { ok: true, status: r.entry.status } : r; }
        case 'reject': { const r = api.reject(String(d.kvitteringsnr), String(d.reason ?? ''), String(d.caseworker ?? 'GOVSIM')); return r.ok ? { ok: true, status: r.entry.status } : r; }
        default:
          return { ok: false, code: 'SEED_UNKNOWN_OP', message: 'op must be one of add-personkode, reset-kendeord, fail-logons, advance-clock, set-closed, approve, reject' };
      }
    } catch (err) {
      return { ok: false, code: 'SEED_FAILED', message: (err as Error).message };
    }
  }

  return {
    platform,
    cpr: api,
    async start() {
      const cert = await ctx.pki.serverCertificate();
      sbs = createKernelServer({
        platform, recorder: ctx.recorder, faults: ctx.faults, environment: ctx.environment,
        maxBodyBytes: settings.maxRecordBytes,
        // Request records carry the kendeord: raw bodies stay out of the evidence, the decoded and masked record goes in.
        captureBodyBytes: 0,
        renderError: renderProtocolError,
        tls: { cert: cert.certPem + cert.chainPem, key: cert.keyPem, ca: ctx.pki.trustedCaPem(), crl: ctx.pki.crls(), requestCert: true },
        routes: [protocolRoute({ path: PATHS.protocol, protocol: () => protocol, maxRecordBytes: settings.maxRecordBytes })],
      });
      desk = createKernelServer({ platform, recorder: ctx.recorder, faults: ctx.faults, environment: ctx.environment, maxBodyBytes: 64 * 1024, routes: deskRoutes(() => state, () => deskSessions) });
      urls.sbs = await sbs.listen(ctx.ports?.sbs ?? 0, ctx.host);
      urls.desk = await desk.listen(ctx.ports?.desk ?? 0, ctx.host);
      urls.protocol = urls.sbs + PATHS.protocol;
    },
    async stop() {
      await Promise.all([sbs?.close(), desk?.close()]);
    },
    urls: () => ({ ...urls }),
    admin: {
      reset() {
        state = freshState();
        protocol = new CprProtocol(state, { newToken });
        deskSessions = newDeskSessions();
      },
      seed,
      state: () => state.snapshot(),
    },
  };
}
