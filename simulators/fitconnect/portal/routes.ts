/**
 * Self-service portal (web pages): a developer logs in with the environment's fictitious
 * test account, creates / rotates / deletes Sender and Subscriber clients, sees their ids
 * and scopes, and registers destinations (service, region, schema, metadata versions,
 * PKI-certified key, callback). A new secret is shown once, only inside the sample token
 * request line (so the evidence redactor removes it from recorded pages).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ExchangeContext, Route } from '../../kernel/http/index.ts';
import type { Recorder } from '../../kernel/evidence/index.ts';
import { SUPPORTED_METADATA_VERSIONS, type FitConnectEnvironment } from '../domain/index.ts';
import type { PkiKeySource } from '../transport/key-source.ts';
import { createClient, createDestination, SeedError } from '../transport/seed.ts';
import { esc, page } from './html.ts';

/** Fictitious developer account of the simulated portal (documented in docs/platforms/fitconnect.md). */
export const PORTAL_ACCOUNT = { username: 'entwicklerin@onlinedienst.example', password: 'govsim-portal-test' };
const COOKIE = 'fc_portal_session';

interface Session { csrf: string }

export interface PortalDeps {
  env: () => FitConnectEnvironment;
  keys: PkiKeySource;
  environment: string;
  recorder: Recorder;
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function portalRoutes(d: PortalDeps): Route[] {
  const sessions = new Map<string, Session>();

  const sessionOf = (ctx: ExchangeContext): Session | undefined => {
    const m = /(?:^|;\s*)fc_portal_session=([A-Za-z0-9_-]+)/.exec(String(ctx.req.headers.cookie ?? ''));
    return m ? sessions.get(m[1]) : undefined;
  };
  const html = (ctx: ExchangeContext, status: number, body: string, headers: Record<string, string> = {}) =>
    ctx.send(status, body, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'", ...headers });
  const form = async (ctx: ExchangeContext) => new URLSearchParams(await ctx.text(64 * 1024));

  /** Runs a form action for a logged-in developer with a valid CSRF token. */
  const action = (fn: (ctx: ExchangeContext, f: URLSearchParams, s: Session) => Promise<string> | string) => async (ctx: ExchangeContext) => {
    const s = sessionOf(ctx);
    if (!s) return html(ctx, 303, '', { location: '/portal' });
    const f = await form(ctx);
    if (!same(f.get('csrf') ?? '', s.csrf)) {
      ctx.verdicts.push({ check: 'FC_PORTAL_CSRF', ok: false, message: 'form without a valid CSRF token' });
      return html(ctx, 403, page('Anfrage abgelehnt', d.environment, '<p class="error" role="alert">Das Formular ist abgelaufen. Bitte laden Sie die Seite neu.</p>'));
    }
    let notice: string;
    try {
      notice = await fn(ctx, f, s);
    } catch (e) {
      const msg = e instanceof SeedError ? e.message : (e as Error).message;
      ctx.verdicts.push({ check: 'FC_PORTAL_ACTION', ok: false, message: msg });
      return html(ctx, 400, dashboard(s, `<div class="error" role="alert">${esc(msg)}</div>`));
    }
    return html(ctx, 200, dashboard(s, notice));
  };

  const dashboard = (s: Session, notice = ''): string => {
    const env = d.env();
    const csrf = `<input type="hidden" name="csrf" value="${esc(s.csrf)}">`;
    const clients = env.clients.list();
    const rows = clients.map((c) => `<tr><td><code>${esc(c.clientId)}</code></td><td>${c.type === 'sender' ? 'Sender' : 'Subscriber'}</td><td>${esc(c.name)}</td><td>${c.scopes.map((x) => `<code>${esc(x)}</code>`).join('<br>') || '–'}</td>
<td><form method="post" action="/portal/clients/${esc(c.clientId)}/rotate">${csrf}<button type="submit" aria-label="Secret rotieren für ${esc(c.name)}">Secret rotieren</button></form>
<form method="post" action="/portal/clients/${esc(c.clientId)}/delete">${csrf}<button type="submit" aria-label="Löschen: ${esc(c.name)}">Löschen</button></form></td></tr>`).join('\n');
    const dests = env.destinations.list().map((x) => `<tr><td><code>${esc(x.destinationId)}</code></td><td>${x.services.map((sv) => `${esc(sv.identifier)} (${sv.regions.map(esc).join(', ')})`).join('<br>')}</td><td>${x.metadataVersions.map(esc).join(', ')}</td><td><code>${esc(x.encryptionKid)}</code></td><td>${x.callback ? esc(x.callback.url) : '–'}</td></tr>`).join('\n');
    const subscribers = clients.filter((c) => c.type === 'subscriber').map((c) => `<option value="${esc(c.clientId)}">${esc(c.name)}</option>`).join('');
    return page('Clients und Zustellpunkte', d.environment, `${notice}
<section aria-labelledby="clients-h"><h2 id="clients-h">API-Clients</h2>
<table><caption>Clients der Umgebung ${esc(d.environment)}</caption><thead><tr><th scope="col">Client-ID</th><th scope="col">Typ</th><th scope="col">Name</th><th scope="col">Scopes</th><th scope="col">Aktionen</th></tr></thead><tbody>${rows || '<tr><td colspan="5">Noch keine Clients.</td></tr>'}</tbody></table>
<h3>Neuen Client anlegen</h3>
<form method="post" action="/portal/clients">${csrf}
<label for="client-type">Client-Typ</label><select id="client-type" name="type"><option value="sender">Sender (Onlinedienst)</option><option value="subscriber">Subscriber (Fachverfahren)</option></select>
<label for="client-name">Name</label><input id="client-name" name="name" required maxlength="120">
<button type="submit">Client anlegen</button></form></section>
<section aria-labelledby="dest-h"><h2 id="dest-h">Zustellpunkte</h2>
<table><caption>Zustellpunkte der Umgebung ${esc(d.environment)}</caption><thead><tr><th scope="col">Destination-ID</th><th scope="col">Leistungen</th><th scope="col">Metadaten</th><th scope="col">Schlüssel (kid)</th><th scope="col">Callback</th></tr></thead><tbody>${dests || '<tr><td colspan="5">Noch keine Zustellpunkte.</td></tr>'}</tbody></table>
<h3>Zustellpunkt anlegen</h3>
<form method="post" action="/portal/destinations">${csrf}
<label for="leika">Leistungsschlüssel (LeiKa, 14 Ziffern, beginnt mit 99)</label><input id="leika" name="leikaKey" required pattern="99[0-9]{12}">
<label for="region">Region (ARS mit DE-Präfix)</label><input id="region" name="region" required pattern="DE[0-9]{0,12}" value="DE">
<label for="schema">Fachschema-URI</label><input id="schema" name="schemaUri" type="url" required>
<label for="mime">Fachschema-Format</label><select id="mime" name="mimeType"><option>application/json</option><option>application/xml</option></select>
<fieldset><legend>Metadatenversionen</legend>${SUPPORTED_METADATA_VERSIONS.map((v) => `<label><input type="checkbox" name="metadataVersions" value="${esc(v)}" checked> ${esc(v)}</label>`).join('')}</fieldset>
<label for="cb-url">Callback-URL (optional, https)</label><input id="cb-url" name="callbackUrl" type="url">
<label for="cb-secret">Callback-Secret (32–512 Zeichen)</label><input id="cb-secret" name="callbackSecret" type="password" autocomplete="new-password">
<label for="sub">Subscriber-Client, der abholen darf (optional)</label><select id="sub" name="subscriber"><option value="">–</option>${subscribers}</select>
<p>Der Verschlüsselungsschlüssel (RSA-4096, RSA-OAEP-256) wird von der govsim-Test-PKI erzeugt und zertifiziert.</p>
<button type="submit">Zustellpunkt anlegen</button></form></section>
<form method="post" action="/portal/logout">${csrf}<button type="submit">Abmelden</button></form>`);
  };

  const credentialsNotice = (verb: string, clientId: string, secret: string) => `<div class="notice" role="status"><p>${esc(verb)} Client-ID <code id="client-id">${esc(clientId)}</code>. Das Secret wird nur jetzt angezeigt, in dieser Token-Anfrage (client_secret_post):</p>
<p><code id="token-request">grant_type=client_credentials&amp;client_id=${esc(clientId)}&amp;client_secret=${esc(secret)}</code></p></div>`;

  return [
    {
      method: 'GET', path: '/portal', name: 'portal',
      handle(ctx) {
        const s = sessionOf(ctx);
        if (s) return html(ctx, 200, dashboard(s));
        html(ctx, 200, page('Anmelden', d.environment, `<form method="post" action="/portal/login">
<label for="username">E-Mail</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Passwort</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Anmelden</button></form>`));
      },
    },
    {
      method: 'POST', path: '/portal/login', name: 'portal login',
      async handle(ctx) {
        const f = await form(ctx);
        const ok = same(f.get('username') ?? '', PORTAL_ACCOUNT.username) && same(f.get('password') ?? '', PORTAL_ACCOUNT.password);
        ctx.verdicts.push({ check: 'FC_PORTAL_LOGIN', ok, message: ok ? 'developer logged in' : 'wrong credentials' });
        if (!ok) return html(ctx, 200, page('Anmelden', d.environment, '<p class="error" role="alert">E-Mail oder Passwort ist falsch.</p><p><a href="/portal">Erneut versuchen</a></p>'));
        const id = randomBytes(24).toString('base64url');
        const s = { csrf: randomBytes(24).toString('base64url') };
        sessions.set(id, s);
        html(ctx, 303, '', { location: '/portal', 'set-cookie': `${COOKIE}=${id}; Path=/portal; HttpOnly; Secure; SameSite=Strict` });
      },
    },
    {
      method: 'POST', path: '/portal/logout', name: 'portal logout',
      handle: action((ctx) => {
        const m = /(?:^|;\s*)fc_portal_session=([A-Za-z0-9_-]+)/.exec(String(ctx.req.headers.cookie ?? ''));
        if (m) sessions.delete(m[1]);
        return '<p class="notice" role="status">Abgemeldet.</p>';
      }),
    },
    {
      method: 'POST', path: '/portal/clients', name: 'portal: create client',
      handle: action((ctx, f) => {
        const type = f.get('type') === 'subscriber' ? 'subscriber' : 'sender';
        const c = createClient(d.env(), { type, name: f.get('name') ?? '' });
        ctx.data = { created: { clientId: c.clientId, type: c.type, scopes: c.scopes } };
        return credentialsNotice('Angelegt:', c.clientId, c.clientSecret);
      }),
    },
    {
      method: 'POST', path: '/portal/clients/:clientId/rotate', name: 'portal: rotate secret',
      handle: action((ctx) => {
        const r = d.env().clients.rotateSecret(ctx.params.clientId);
        if (!r.ok) throw new SeedError(r.error.code, r.error.detail ?? r.error.title);
        ctx.data = { rotated: r.value.client.clientId };
        return credentialsNotice('Neues Secret für', r.value.client.clientId, r.value.clientSecret);
      }),
    },
    {
      method: 'POST', path: '/portal/clients/:clientId/delete', name: 'portal: delete client',
      handle: action((ctx) => {
        const r = d.env().clients.delete(ctx.params.clientId);
        if (!r.ok) throw new SeedError(r.error.code, r.error.detail ?? r.error.title);
        ctx.data = { deleted: r.value.clientId };
        return `<p class="notice" role="status">Client <code>${esc(r.value.clientId)}</code> gelöscht.</p>`;
      }),
    },
    {
      method: 'POST', path: '/portal/destinations', name: 'portal: register destination',
      handle: action(async (ctx, f) => {
        const env = d.env();
        const cbUrl = f.get('callbackUrl') ?? '';
        const dest = await createDestination(env, d.keys, {
          services: [{ identifier: `urn:de:fim:leika:leistung:${f.get('leikaKey') ?? ''}`, regions: [f.get('region') ?? ''], submissionSchemas: [{ schemaUri: f.get('schemaUri') ?? '', mimeType: f.get('mimeType') as 'application/json' }] }],
          metadataVersions: f.getAll('metadataVersions'),
          ...(cbUrl ? { callback: { url: cbUrl, secret: f.get('callbackSecret') ?? '' } } : {}),
        });
        const sub = f.get('subscriber');
        if (sub) {
          const g = env.clients.grantScopes(sub, [`subscribe:destination:${dest.destinationId}`, `manage:destination:${dest.destinationId}`]);
          if (!g.ok) throw new SeedError(g.error.code, g.error.detail ?? g.error.title);
        }
        ctx.data = { destination: { destinationId: dest.destinationId, encryptionKid: dest.encryptionKid } };
        return `<p class="notice" role="status">Zustellpunkt <code id="destination-id">${esc(dest.destinationId)}</code> angelegt (kid <code>${esc(dest.encryptionKid)}</code>).</p>`;
      }),
    },
  ];
}
