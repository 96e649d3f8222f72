/**
 * The CPA Register step: a Consumerspecificatie (osb-ebms-service-specificatie) becomes a CPA
 * between the consumer and the simulated MijnOverheid, is loaded into the MSH and can be
 * downloaded. Used by the admin seed call and by the HTTPS form endpoint.
 */
import type { ExchangeContext } from '../../kernel/http/index.ts';
import type { Clock } from '../../kernel/types.ts';
import {
  createCpa, isEbmsProfile, parseConsumerSpec, readCpa, renderCpa, issue,
  type Cpa, type CpaOptions, type Issue, type MijnOverheidServiceConfig,
} from '../domain/index.ts';
import type { MijnOverheidState } from '../state.ts';

export interface CpaRegisterDeps {
  state: MijnOverheidState;
  clock: Clock;
  newId: () => string;
  service: () => MijnOverheidServiceConfig;
}

export type RegisterResult = { ok: true; cpa: Cpa; xml: string } | { ok: false; issues: Issue[] };

/** Reads CPA Register form options (query parameters); unknown values are reported, not ignored. */
export function cpaOptionsFrom(input: Record<string, unknown>): { options: CpaOptions; issues: Issue[] } {
  const options: CpaOptions = {};
  const issues: Issue[] = [];
  for (const [k, raw] of Object.entries(input)) {
    const v = String(raw);
    switch (k) {
      case 'profile':
        if (isEbmsProfile(v)) options.profile = v; else issues.push(issue('CPA_BAD_PROFILE', `profile ${v} is not one of the Digikoppeling ebMS2 profiles`, k));
        break;
      case 'syncReplyMode':
        if (v === 'none' || v === 'mshSignalsOnly') options.syncReplyMode = v; else issues.push(issue('CPA_BAD_SYNC_REPLY', `syncReplyMode must be none or mshSignalsOnly, got ${v}`, k));
        break;
      case 'retries':
        options.retries = Number(v);
        break;
      case 'retryInterval':
        options.retryInterval = v;
        break;
      case 'persistDuration':
        options.persistDuration = v;
        break;
      default:
        issues.push(issue('CPA_UNKNOWN_OPTION', `unknown CPA Register option ${k}`, k));
    }
  }
  return { options, issues };
}

export function registerConsumerSpec(d: CpaRegisterDeps, specXml: string | Uint8Array, options: CpaOptions): RegisterResult {
  const spec = parseConsumerSpec(specXml, { clock: d.clock });
  if (!spec.spec) return { ok: false, issues: spec.issues };
  const made = createCpa(spec.spec, d.service(), options, { clock: d.clock, newId: d.newId });
  if (!made.cpa) return { ok: false, issues: made.issues };
  const xml = renderCpa(made.cpa);
  loadCpa(d, xml);
  return { ok: true, cpa: made.cpa, xml };
}

/** Loads a CPA (e.g. one made elsewhere) into the MSH. */
export function loadCpa(d: Pick<CpaRegisterDeps, 'state' | 'clock'>, xml: string): RegisterResult {
  const r = readCpa(xml);
  if (!r.cpa) return { ok: false, issues: r.issues };
  d.state.cpas.set(r.cpa.cpaId, { cpa: r.cpa, xml, loadedAt: d.clock.now().toISOString() });
  return { ok: true, cpa: r.cpa, xml };
}

export function cpaRegisterRoutes(d: CpaRegisterDeps, base: string) {
  return [
    {
      method: 'POST', path: base, name: 'CPA Register: create CPA',
      async handle(ctx: ExchangeContext) {
        const { options, issues } = cpaOptionsFrom(ctx.query);
        const body = await ctx.readBody(1024 * 1024);
        const r = issues.length ? { ok: false as const, issues } : registerConsumerSpec(d, body, options);
        ctx.data = { cpaRegister: r.ok ? { cpaId: r.cpa.cpaId, profile: r.cpa.profile, consumer: r.cpa.parties[0].partyId, endpoint: r.cpa.parties[0].transport.endpoint } : { issues: r.issues } };
        if (!r.ok) {
          for (const i of r.issues) ctx.verdicts.push({ check: i.code, ok: false, message: i.message });
          ctx.summary = `CPA Register refused the Consumerspecificatie: ${r.issues.map((i) => i.code).join(', ')}`;
          return ctx.sendJson(400, { code: r.issues[0].code, issues: r.issues }, { 'content-type': 'application/problem+json' });
        }
        ctx.verdicts.push({ check: 'CPA_CREATED', ok: true, message: `CPA ${r.cpa.cpaId} created and loaded` });
        ctx.summary = `CPA Register: CPA ${r.cpa.cpaId} created for ${r.cpa.parties[0].partyId}`;
        ctx.send(201, r.xml, { 'content-type': 'application/xml; charset=UTF-8', location: `${base}/${encodeURIComponent(r.cpa.cpaId)}`, 'x-cpa-id': r.cpa.cpaId });
      },
    },
    {
      method: 'GET', path: `${base}/:cpaId`, name: 'CPA Register: download CPA',
      handle(ctx: ExchangeContext) {
        const c = d.state.cpas.get(ctx.params.cpaId);
        if (!c) return ctx.sendJson(404, { code: 'CPA_NOT_FOUND', detail: `no CPA ${ctx.params.cpaId}` }, { 'content-type': 'application/problem+json' });
        ctx.send(200, c.xml, { 'content-type': 'application/xml; charset=UTF-8', 'content-disposition': `attachment; filename="${c.cpa.cpaId}.xml"` });
      },
    },
  ];
}
