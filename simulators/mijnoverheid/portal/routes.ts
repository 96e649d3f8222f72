/**
 * Preproduction citizen portal: log in with a test DigiD account (the first login registers
 * the MijnOverheid account and loads the BSN), then "Lopende zaken" as the citizen sees them.
 */
import { randomUUID } from 'node:crypto';
import type { ExchangeContext, Route } from '../../kernel/http/index.ts';
import type { Clock } from '../../kernel/types.ts';
import type { MijnOverheidState } from '../state.ts';
import { loginPage, zakenPage } from './pages.ts';

const HTML = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" };
const COOKIE = 'mo_sessie';

export interface PortalDeps {
  readonly state: MijnOverheidState;
  clock: Clock;
}

function sessionId(ctx: ExchangeContext): string | undefined {
  const cookie = ctx.req.headers.cookie ?? '';
  return new RegExp(`(?:^|;\\s*)${COOKIE}=([0-9a-f-]{36})`).exec(cookie)?.[1];
}

export function portalRoutes(d: PortalDeps): Route[] {
  const sessions = new Map<string, { bsn: string; firstLogin: boolean }>();
  return [
    { method: 'GET', path: '/', name: 'portal: start', handle: (ctx) => ctx.send(303, '', { location: '/inloggen' }) },
    { method: 'GET', path: '/inloggen', name: 'portal: login page', handle: (ctx) => ctx.send(200, loginPage(), HTML) },
    {
      method: 'POST', path: '/inloggen', name: 'portal: DigiD login',
      async handle(ctx) {
        const form = new URLSearchParams(await ctx.text(16 * 1024));
        const username = form.get('gebruikersnaam') ?? '';
        const r = d.state.persons.login(username, form.get('wachtwoord') ?? '', d.clock.now());
        ctx.data = { portal: { event: 'login', username, ok: r.ok, code: r.ok ? undefined : r.code, bsn: r.ok ? r.person.bsn : undefined, firstLogin: r.ok ? r.firstLogin : undefined } };
        if (!r.ok) {
          ctx.summary = `portal login refused: ${r.code}`;
          return ctx.send(401, loginPage('De combinatie van gebruikersnaam en wachtwoord is onbekend.'), HTML);
        }
        const sid = randomUUID();
        sessions.set(sid, { bsn: r.person.bsn, firstLogin: r.firstLogin });
        ctx.summary = `portal login: test DigiD ${username}${r.firstLogin ? ' (first login: account registered)' : ''}`;
        ctx.send(303, '', { location: '/lopende-zaken', 'set-cookie': `${COOKIE}=${sid}; HttpOnly; SameSite=Strict; Path=/` });
      },
    },
    {
      method: 'GET', path: '/lopende-zaken', name: 'portal: lopende zaken',
      handle(ctx) {
        const sid = sessionId(ctx);
        const s = sid ? sessions.get(sid) : undefined;
        if (!s) return ctx.send(303, '', { location: '/inloggen' });
        const person = d.state.persons.get(s.bsn);
        const zaken = d.state.zaken.forBsn(s.bsn);
        ctx.data = { portal: { event: 'zaken', bsn: s.bsn, zaken: zaken.map((z) => z.identificatie) } };
        ctx.summary = `portal: ${zaken.length} zaak/zaken shown for BSN ${s.bsn}`;
        ctx.send(200, zakenPage(person?.naam ?? s.bsn, zaken, s.firstLogin), HTML);
        s.firstLogin = false;
      },
    },
    {
      method: 'POST', path: '/uitloggen', name: 'portal: logout',
      handle(ctx) {
        const sid = sessionId(ctx);
        if (sid) sessions.delete(sid);
        ctx.send(303, '', { location: '/inloggen', 'set-cookie': `${COOKIE}=; Max-Age=0; Path=/` });
      },
    },
  ];
}
