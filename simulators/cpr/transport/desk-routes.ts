/**
 * The kommune desk over plain HTTP: the caseworker logs on for their kommune, sees its
 * venteregister and approves or rejects (HTML forms, POST → 303 back to the list).
 * Decisions change the state the protocol's KVIT and later INIT answers read.
 */
import type { ExchangeContext, Route } from '../../kernel/http/index.ts';
import type { CprState, DeskSession, DeskSessions } from '../domain/index.ts';
import { errorPage, kommuneLabel, kommunePage, loginPage } from '../pages/desk-html.ts';

const HTML = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" };
export const DESK_COOKIE = 'cprdesk';

const MESSAGES: Record<string, (kvit: string) => string> = {
  godkendt: (k) => `Hændelsen med kvittering ${k} er godkendt, og CPR er opdateret.`,
  afvist: (k) => `Hændelsen med kvittering ${k} er afvist.`,
};

const STATUS_OF: Record<string, number> = { DESK_UNKNOWN_RECEIPT: 404, DESK_WRONG_KOMMUNE: 403, DESK_NOT_PENDING: 409 };

function cookie(ctx: ExchangeContext, name: string): string | undefined {
  for (const part of (ctx.req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export function deskRoutes(state: () => CprState, sessions: () => DeskSessions): Route[] {
  const html = (ctx: ExchangeContext, status: number, body: string, headers: Record<string, string> = {}) => ctx.send(status, body, { ...HTML, ...headers });
  const loginForm = (s: CprState) => (kode: string) => s.pendingForKommune(kode).length;

  /** The caseworker's session, or a 401 page that leads back to the logon. */
  const caseworker = (ctx: ExchangeContext): DeskSession | undefined => {
    const s = sessions().get(cookie(ctx, DESK_COOKIE));
    if (!s) {
      ctx.verdicts.push({ check: 'DESK_NOT_LOGGED_ON', ok: false, message: 'no caseworker session (log on first, or the session ended)' });
      html(ctx, 401, errorPage('Log på', 'Du er ikke logget på, eller sessionen er udløbet. Log på igen.'));
    }
    return s;
  };

  const decide = (verb: 'godkend' | 'afvis'): Route => ({
    method: 'POST', path: `/kommune/:kvit/${verb}`, name: `kommune desk: ${verb}`,
    async handle(ctx) {
      const form = new URLSearchParams(await ctx.text(16 * 1024));
      const who = caseworker(ctx);
      if (!who) return;
      const { kvit } = ctx.params;
      const kode = who.kommunekode;
      const s = state();
      const r = verb === 'godkend' ? s.approve(kvit, kode, who.caseworker) : s.reject(kvit, kode, who.caseworker, form.get('begrundelse') ?? '');
      ctx.data = { desk: { action: verb, kommunekode: kode, kvitteringsnr: kvit, caseworker: who.caseworker, ...(r.ok ? { status: r.entry.status, reason: r.entry.reason } : { code: r.code }) } };
      ctx.verdicts.push({ check: r.ok ? 'CPR_DESK_DECISION' : r.code, ok: r.ok, message: r.ok ? undefined : r.message });
      ctx.summary = `kommune ${kode} ${verb} ${kvit} → ${r.ok ? r.entry.status : r.code}`;
      if (!r.ok) {
        html(ctx, STATUS_OF[r.code] ?? 400, errorPage('Afgørelsen kunne ikke gemmes', `${r.message} (${r.code})`));
        return;
      }
      ctx.send(303, '', { location: `/kommune?besked=${verb === 'godkend' ? 'godkendt' : 'afvist'}&kvit=${encodeURIComponent(kvit)}`, 'cache-control': 'no-store' });
    },
  });

  return [
    {
      method: 'GET', path: '/', name: 'kommune desk: logon',
      handle(ctx) {
        html(ctx, 200, loginPage(loginForm(state())));
      },
    },
    {
      method: 'POST', path: '/logon', name: 'kommune desk: caseworker logon',
      async handle(ctx) {
        const form = new URLSearchParams(await ctx.text(16 * 1024));
        const r = sessions().logon(form.get('kode') ?? '', form.get('sagsbehandler') ?? '', form.get('kodeord') ?? '');
        ctx.verdicts.push({ check: r.ok ? 'DESK_LOGON' : r.code, ok: r.ok, message: r.ok ? undefined : r.message });
        if (!r.ok) {
          ctx.data = { desk: { action: 'logon', code: r.code } };
          html(ctx, 401, loginPage(loginForm(state()), r.message));
          return;
        }
        ctx.data = { desk: { action: 'logon', kommunekode: r.session.kommunekode, caseworker: r.session.caseworker } };
        ctx.summary = `kommune desk logon ${r.session.caseworker} for ${kommuneLabel(r.session.kommunekode)}`;
        ctx.send(303, '', { location: '/kommune', 'cache-control': 'no-store', 'set-cookie': `${DESK_COOKIE}=${r.sessionId}; Path=/; HttpOnly; SameSite=Strict` });
      },
    },
    {
      method: 'POST', path: '/logoff', name: 'kommune desk: logoff',
      handle(ctx) {
        sessions().logoff(cookie(ctx, DESK_COOKIE));
        ctx.send(303, '', { location: '/', 'cache-control': 'no-store', 'set-cookie': `${DESK_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0` });
      },
    },
    {
      method: 'GET', path: '/kommune', name: 'kommune desk: venteregister',
      handle(ctx) {
        const who = caseworker(ctx);
        if (!who) return;
        const { besked, kvit } = ctx.query;
        const kode = who.kommunekode;
        const s = state();
        const message = besked && MESSAGES[besked] && kvit ? { kind: 'status' as const, text: MESSAGES[besked](kvit) } : undefined;
        ctx.summary = `kommune desk ${kommuneLabel(kode)}: ${s.pendingForKommune(kode).length} waiting`;
        html(ctx, 200, kommunePage({
          kode, caseworker: who.caseworker, pending: s.pendingForKommune(kode), decided: s.decidedForKommune(kode),
          person: (pnr) => s.persons.get(pnr), message,
        }));
      },
    },
    decide('godkend'),
    decide('afvis'),
  ];
}
