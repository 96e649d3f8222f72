/**
 * The kommune desk over plain HTTP: choose a kommune, list its venteregister, approve or
 * reject with a reason (HTML forms, POST → 303 back to the list). Decisions change the
 * state the protocol's KVIT and later INIT answers read.
 */
import type { ExchangeContext, Route } from '../../kernel/http/index.ts';
import { KOMMUNER, type CprState } from '../domain/index.ts';
import { errorPage, indexPage, kommuneLabel, kommunePage } from '../pages/desk-html.ts';

const HTML = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" };
const CASEWORKER = /^[A-Za-zÆØÅæøå]{2,8}$/;

const MESSAGES: Record<string, (kvit: string) => string> = {
  godkendt: (k) => `Hændelsen med kvittering ${k} er godkendt, og CPR er opdateret.`,
  afvist: (k) => `Hændelsen med kvittering ${k} er afvist.`,
};

export function deskRoutes(state: () => CprState): Route[] {
  const html = (ctx: ExchangeContext, status: number, body: string) => ctx.send(status, body, HTML);
  const checkKommune = (ctx: ExchangeContext, kode: string | undefined): kode is string => {
    if (kode && KOMMUNER[kode]) return true;
    html(ctx, 404, errorPage('Ukendt kommune', `Kommunekode "${kode ?? ''}" findes ikke.`));
    return false;
  };
  const checkCaseworker = (ctx: ExchangeContext, who: string | undefined): who is string => {
    if (who && CASEWORKER.test(who)) return true;
    html(ctx, 400, errorPage('Sagsbehandler mangler', 'Angiv sagsbehandlerens initialer (2-8 bogstaver).'));
    return false;
  };

  const decide = (verb: 'godkend' | 'afvis'): Route => ({
    method: 'POST', path: `/kommune/:kode/:kvit/${verb}`, name: `kommune desk: ${verb}`,
    async handle(ctx) {
      const form = new URLSearchParams(await ctx.text(16 * 1024));
      const { kode, kvit } = ctx.params;
      const who = form.get('sagsbehandler') ?? undefined;
      if (!checkKommune(ctx, kode) || !checkCaseworker(ctx, who)) return;
      const s = state();
      const r = verb === 'godkend' ? s.approve(kvit, kode, who) : s.reject(kvit, kode, who, form.get('begrundelse') ?? '');
      ctx.data = { desk: { action: verb, kommunekode: kode, kvitteringsnr: kvit, caseworker: who, ...(r.ok ? { status: r.entry.status, reason: r.entry.reason } : { code: r.code }) } };
      ctx.verdicts.push({ check: r.ok ? 'CPR_DESK_DECISION' : r.code, ok: r.ok, message: r.ok ? undefined : r.message });
      ctx.summary = `kommune ${kode} ${verb} ${kvit} → ${r.ok ? r.entry.status : r.code}`;
      if (!r.ok) {
        const status = r.code === 'DESK_UNKNOWN_RECEIPT' ? 404 : r.code === 'DESK_WRONG_KOMMUNE' ? 403 : r.code === 'DESK_NOT_PENDING' ? 409 : 400;
        html(ctx, status, errorPage('Afgørelsen kunne ikke gemmes', `${r.message} (${r.code})`));
        return;
      }
      const location = `/kommune?kode=${kode}&sagsbehandler=${encodeURIComponent(who)}&besked=${verb === 'godkend' ? 'godkendt' : 'afvist'}&kvit=${encodeURIComponent(kvit)}`;
      ctx.send(303, '', { location, 'cache-control': 'no-store' });
    },
  });

  return [
    {
      method: 'GET', path: '/', name: 'kommune desk: choose kommune',
      handle(ctx) {
        const s = state();
        html(ctx, 200, indexPage((kode) => s.pendingForKommune(kode).length));
      },
    },
    {
      method: 'GET', path: '/kommune', name: 'kommune desk: venteregister',
      handle(ctx) {
        const { kode, sagsbehandler, besked, kvit } = ctx.query;
        if (!checkKommune(ctx, kode) || !checkCaseworker(ctx, sagsbehandler)) return;
        const s = state();
        const message = besked && MESSAGES[besked] && kvit ? { kind: 'status' as const, text: MESSAGES[besked](kvit) } : undefined;
        ctx.summary = `kommune desk ${kommuneLabel(kode)}: ${s.pendingForKommune(kode).length} waiting`;
        html(ctx, 200, kommunePage({
          kode, caseworker: sagsbehandler, pending: s.pendingForKommune(kode), decided: s.decidedForKommune(kode),
          person: (pnr) => s.persons.get(pnr), message,
        }));
      },
    },
    decide('godkend'),
    decide('afvis'),
  ];
}
