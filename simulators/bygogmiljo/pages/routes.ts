/**
 * The operator page (register function-certificate subjects, create and revoke service
 * agreements) and the citizen page (submit an application). Plain HTML forms, post /
 * redirect / get; no scripts.
 */
import type { ExchangeContext, Route } from '../../kernel/http/index.ts';
import { isBomFault, newCitizenApplication, tinyPdf, type BomState } from '../domain/index.ts';
import type { BygOgMiljoApi } from '../index.ts';
import { portalRefusal } from './guard.ts';
import { esc, flash, NAV, page } from './html.ts';

export interface PortalDeps {
  api: BygOgMiljoApi;
  httpsUrl(): string | undefined;
  /** The pages listen on a loopback address: refuse other Host names (see guard.ts). */
  loopbackOnly: boolean;
}

const FORM_LIMIT = 64 * 1024;

async function form(ctx: ExchangeContext): Promise<URLSearchParams> {
  return new URLSearchParams(await ctx.text(FORM_LIMIT));
}

const redirect = (ctx: ExchangeContext, to: string) => ctx.send(303, '', { location: to });
const html = (ctx: ExchangeContext, status: number, body: string) => ctx.send(status, body, { 'content-type': 'text/html; charset=utf-8' });

function authorityOptions(state: BomState, selected?: string): string {
  return [...state.registry.authorities.values()]
    .map((a) => `<option value="${esc(a.cvr)}"${a.cvr === selected ? ' selected' : ''}>${esc(a.name)} (CVR ${esc(a.cvr)})</option>`).join('');
}

function operatorPage(api: BygOgMiljoApi, httpsUrl: string | undefined, ok?: string, error?: string): string {
  const s = api.state;
  const k = s.konfiguration;
  const authorityRows = [...s.registry.authorities.values()].map((a) => `<tr><td>${esc(a.name)}</td><td>${esc(a.cvr)}</td><td>${esc(a.kommunekode ?? '')}</td></tr>`).join('');
  const regRows = s.registry.registrations.map((r) => `<tr><td>${esc(r.cvr)}</td><td><code>${esc(r.subject)}</code></td><td>${esc(r.registeredAt)}</td>
    <td><form method="post" action="/operator/certifikater/${esc(r.id)}/slet"><button type="submit" aria-label="Fjern registrering for CVR ${esc(r.cvr)}">Fjern</button></form></td></tr>`).join('')
    || '<tr><td colspan="4" class="muted">Ingen registrerede certifikater.</td></tr>';
  const agRows = s.registry.agreements.map((a) => `<tr data-agreement="${esc(a.id)}"><td>${esc(a.integratorName)} (CVR ${esc(a.integratorCvr)})</td><td>${esc(a.authorityCvr)}</td>
    <td>${esc(a.sagOmraader.join(', '))}</td><td>${esc(a.sagTyper.join(', ') || 'alle')}</td><td>${a.revokedAt ? `Ophævet ${esc(a.revokedAt)}` : 'Aktiv'}</td>
    <td>${a.revokedAt ? '' : `<form method="post" action="/operator/serviceaftaler/${esc(a.id)}/ophaev"><button type="submit" aria-label="Ophæv aftale ${esc(a.integratorCvr)} til ${esc(a.authorityCvr)}">Ophæv</button></form>`}</td></tr>`).join('')
    || '<tr><td colspan="6" class="muted">Ingen serviceaftaler.</td></tr>';
  const areaBoxes = k.SagOmraader.map((o) => `<label><input type="checkbox" name="sagOmraader" value="${esc(o.Kode)}"> ${esc(o.VisningNavn)} (${esc(o.Kode)})</label>`).join(' ');
  const typeBoxes = k.SagTyper.map((t) => `<label><input type="checkbox" name="sagTyper" value="${esc(t.Kode)}"> ${esc(t.VisningNavn)} (${esc(t.SagOmraadeKode)})</label>`).join(' ');
  return page('Operatør: certifikater og serviceaftaler', NAV, `${flash(ok, error)}
<section aria-labelledby="h-myn"><h2 id="h-myn">Myndigheder</h2>
<table><caption class="muted">Fiktive testkommuner</caption><thead><tr><th scope="col">Navn</th><th scope="col">CVR</th><th scope="col">Kommunekode</th></tr></thead><tbody>${authorityRows}</tbody></table>
<p class="muted">Systemsnitflade: <code>${esc(httpsUrl ?? '')}</code> (HTTPS med FOCES-klientcertifikat).</p></section>
<section aria-labelledby="h-cert"><h2 id="h-cert">Funktionscertifikater</h2>
<p>Registrér kommunens CVR-nummer og certifikatets emne. Send aldrig private nøgler.</p>
<form method="post" action="/operator/certifikater">
<label for="cert-cvr">Myndighed</label><select id="cert-cvr" name="cvr">${authorityOptions(s)}</select>
<label for="cert-subject">Certifikatets emne (subject)</label>
<textarea id="cert-subject" name="subject" rows="3" required placeholder="CN = … + SERIALNUMBER = CVR:…-FID:…, O = … // CVR:…, C = DK"></textarea>
<button type="submit">Registrér certifikat</button></form>
<h3>Registrerede certifikater</h3>
<table id="registrations"><thead><tr><th scope="col">CVR</th><th scope="col">Emne</th><th scope="col">Registreret</th><th scope="col">Handling</th></tr></thead><tbody>${regRows}</tbody></table></section>
<section aria-labelledby="h-aft"><h2 id="h-aft">Serviceaftaler</h2>
<form method="post" action="/operator/serviceaftaler">
<label for="ag-int-cvr">Systemintegratorens CVR (fra dens FOCES-certifikat)</label><input id="ag-int-cvr" name="integratorCvr" inputmode="numeric" pattern="[0-9]{8}" required>
<label for="ag-int-name">Systemintegratorens navn</label><input id="ag-int-name" name="integratorName">
<label for="ag-myn">Myndighed</label><select id="ag-myn" name="authorityCvr">${authorityOptions(s)}</select>
<fieldset><legend>Sagsområder</legend>${areaBoxes}</fieldset>
<fieldset><legend>Sagstyper (ingen valgt = alle typer i områderne)</legend>${typeBoxes}</fieldset>
<button type="submit">Opret serviceaftale</button></form>
<h3>Aftaler</h3>
<table id="agreements"><thead><tr><th scope="col">Systemintegrator</th><th scope="col">Myndighed</th><th scope="col">Sagsområder</th><th scope="col">Sagstyper</th><th scope="col">Status</th><th scope="col">Handling</th></tr></thead><tbody>${agRows}</tbody></table></section>`);
}

function citizenPage(api: BygOgMiljoApi, ok?: string, error?: string): string {
  const k = api.state.konfiguration;
  const types = k.SagTyper.map((t) => `<option value="${esc(`${t.SagOmraadeKode}/${t.Kode}`)}">${esc(t.VisningNavn)} (${esc(t.SagOmraadeKode)})</option>`).join('');
  return page('Indsend ansøgning', NAV, `${flash(ok, error)}
<section aria-labelledby="h-ans"><h2 id="h-ans">Ny ansøgning (fiktiv testborger)</h2>
<form method="post" action="/borger/ansoegninger">
<label for="a-myn">Kommune</label><select id="a-myn" name="myndighedCvr">${authorityOptions(api.state)}</select>
<label for="a-type">Hvad søger du om?</label><select id="a-type" name="sagstype">${types}</select>
<label for="a-navn">Dit navn</label><input id="a-navn" name="navn" required autocomplete="off">
<label for="a-vej">Vejnavn</label><input id="a-vej" name="vej" required>
<label for="a-nr">Husnummer</label><input id="a-nr" name="husnr" required>
<label for="a-post">Postnummer</label><input id="a-post" name="postnr" inputmode="numeric" pattern="[0-9]{4}" value="9999" required>
<label for="a-by">By</label><input id="a-by" name="by" value="Testby" required>
<label for="a-beskr">Beskrivelse af projektet</label><textarea id="a-beskr" name="beskrivelse" rows="3"></textarea>
<p class="muted">Tegningerne vedlægges automatisk som et fiktivt PDF-dokument.</p>
<button type="submit">Indsend ansøgning</button></form></section>`);
}

export function portalRoutes(d: PortalDeps): Route[] {
  const guarded = (ctx: ExchangeContext, render: (error: string) => string, fn: () => string) => {
    try {
      redirect(ctx, fn());
    } catch (err) {
      if (!isBomFault(err)) throw err;
      ctx.verdicts.push({ check: err.code, ok: false, message: err.message });
      html(ctx, 400, render(`${err.message} (${err.code})`));
    }
  };
  const routes: Route[] = [
    { method: 'GET', path: '/', name: 'portal index', handle: (ctx) => redirect(ctx, '/operator') },
    {
      method: 'GET', path: '/operator', name: 'operator page',
      handle: (ctx) => html(ctx, 200, operatorPage(d.api, d.httpsUrl(), ctx.query.ok, undefined)),
    },
    {
      method: 'POST', path: '/operator/certifikater', name: 'operator registers certificate',
      async handle(ctx) {
        const f = await form(ctx);
        guarded(ctx, (e) => operatorPage(d.api, d.httpsUrl(), undefined, e), () => {
          const r = d.api.registerCertificate(f.get('cvr') ?? '', f.get('subject') ?? '');
          return `/operator?ok=${encodeURIComponent(`Certifikat registreret for CVR ${r.cvr}.`)}`;
        });
      },
    },
    {
      method: 'POST', path: '/operator/certifikater/:id/slet', name: 'operator removes certificate',
      handle(ctx) {
        const removed = d.api.unregisterCertificate(ctx.params.id);
        redirect(ctx, `/operator?ok=${encodeURIComponent(removed ? 'Registreringen er fjernet.' : 'Registreringen fandtes ikke.')}`);
      },
    },
    {
      method: 'POST', path: '/operator/serviceaftaler', name: 'operator creates service agreement',
      async handle(ctx) {
        const f = await form(ctx);
        guarded(ctx, (e) => operatorPage(d.api, d.httpsUrl(), undefined, e), () => {
          const a = d.api.createAgreement({
            integratorCvr: f.get('integratorCvr') ?? '', integratorName: f.get('integratorName') ?? '', authorityCvr: f.get('authorityCvr') ?? '',
            sagOmraader: f.getAll('sagOmraader'), sagTyper: f.getAll('sagTyper'),
          });
          return `/operator?ok=${encodeURIComponent(`Serviceaftale oprettet: ${a.integratorCvr} for CVR ${a.authorityCvr}.`)}`;
        });
      },
    },
    {
      method: 'POST', path: '/operator/serviceaftaler/:id/ophaev', name: 'operator revokes service agreement',
      handle(ctx) {
        guarded(ctx, (e) => operatorPage(d.api, d.httpsUrl(), undefined, e), () => {
          const a = d.api.revokeAgreement(ctx.params.id);
          return `/operator?ok=${encodeURIComponent(`Serviceaftalen ${a.integratorCvr} → ${a.authorityCvr} er ophævet.`)}`;
        });
      },
    },
    { method: 'GET', path: '/borger', name: 'citizen page', handle: (ctx) => html(ctx, 200, citizenPage(d.api, ctx.query.ok, undefined)) },
    {
      method: 'POST', path: '/borger/ansoegninger', name: 'citizen submits application',
      async handle(ctx) {
        const f = await form(ctx);
        guarded(ctx, (e) => citizenPage(d.api, undefined, e), () => {
          const [area, type] = (f.get('sagstype') ?? '').split('/');
          const base = newCitizenApplication(f.get('myndighedCvr') ?? '', area, type);
          const adresse = { StreetName: (f.get('vej') ?? '').trim(), StreetBuildingIdentifier: (f.get('husnr') ?? '').trim(), PostCodeIdentifier: (f.get('postnr') ?? '').trim(), DistrictName: (f.get('by') ?? '').trim() };
          const navn = (f.get('navn') ?? '').trim();
          const app = d.api.submitApplication({
            ...base,
            titel: `${(base.titel ?? 'Ansøgning').split(',')[0]}, ${adresse.StreetName} ${adresse.StreetBuildingIdentifier}`,
            beskrivelse: f.get('beskrivelse') ?? '',
            ansoegere: [{ Navn: navn, Rolle: 'Ansoeger', Adresse: adresse }],
            ejendom: { adresse },
            dokumenter: [{ titel: 'Tegninger', filnavn: 'Tegninger.pdf', mimeType: 'application/pdf', content: tinyPdf(`Tegninger: ${adresse.StreetName} ${adresse.StreetBuildingIdentifier}`), dokumentationstype: 'Tegninger' }],
          });
          return `/borger?ok=${encodeURIComponent(`Tak. Din ansøgning har BOM-nummer ${app.bomNummer}.`)}`;
        });
      },
    },
  ];
  return routes.map((r) => ({
    ...r,
    handle(ctx: ExchangeContext) {
      const refusal = portalRefusal(ctx.req.method ?? 'GET', ctx.req.headers, d.loopbackOnly);
      if (!refusal) return r.handle(ctx);
      ctx.verdicts.push({ check: refusal.code, ok: false, message: refusal.message });
      ctx.summary = `BOM page ${r.name} → ${refusal.code}`;
      html(ctx, 403, page('Afvist', NAV, flash(undefined, `${refusal.message} (${refusal.code})`)));
    },
  }));
}
