/** HTML of the preproduction citizen portal (self-contained, no external assets, escaped output). */
import type { Zaak } from '../domain/lopendezaken/index.ts';
import { escapeHtml as e, safeLink, stufDatum } from './format.ts';

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#f5f7fa}
header{background:#154273;color:#fff;padding:1rem 2rem}header p{margin:.25rem 0 0;font-size:.9rem}
main{max-width:56rem;margin:1.5rem auto;padding:0 1rem}
.zaak{background:#fff;border:1px solid #c8d1dc;border-radius:6px;padding:1rem 1.25rem;margin-bottom:1rem}
.zaak h3{margin-top:0}.gesloten{border-left:6px solid #39870c}.lopend{border-left:6px solid #01689b}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}
ol.statussen{padding-left:1.25rem}label{display:block;margin:.5rem 0 .25rem}input{padding:.4rem;font-size:1rem}
button{margin-top:1rem;padding:.5rem 1rem;font-size:1rem;background:#154273;color:#fff;border:0;border-radius:4px}
.fout{color:#b00020;font-weight:600}footer{max-width:56rem;margin:2rem auto;padding:0 1rem;font-size:.8rem;color:#555}`;

export function layout(title: string, body: string, signedIn?: string): string {
  return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(title)} – MijnOverheid (preproductie, govsim)</title><style>${STYLE}</style></head>
<body><header><h1>MijnOverheid</h1><p>Preproductie-omgeving (gesimuleerd door govsim; alleen testgegevens)</p>${signedIn ? `<form method="post" action="/uitloggen"><p>Ingelogd als ${e(signedIn)} <button type="submit">Uitloggen</button></p></form>` : ''}</header>
<main id="inhoud">${body}</main>
<footer><p>Testomgeving: test-BSN's en test-DigiD-accounts zijn fictief.</p></footer></body></html>`;
}

export function loginPage(error?: string): string {
  return layout('Inloggen', `<h2>Inloggen met DigiD (test)</h2>
${error ? `<p class="fout" role="alert">${e(error)}</p>` : ''}
<form method="post" action="/inloggen">
<label for="gebruikersnaam">DigiD-gebruikersnaam</label><input id="gebruikersnaam" name="gebruikersnaam" autocomplete="username" required>
<label for="wachtwoord">Wachtwoord</label><input id="wachtwoord" name="wachtwoord" type="password" autocomplete="current-password" required>
<div><button type="submit">Inloggen</button></div>
</form>`);
}

function zaakSection(z: Zaak): string {
  const link = safeLink(z.verwijzing);
  const status = z.statussen[z.statussen.length - 1];
  const history = z.statussen.map((s) => `<li><span class="status-omschrijving">${e(s.omschrijving)}</span> – ${e(stufDatum(s.datumStatusGezet))}</li>`).join('');
  return `<section class="zaak ${z.gesloten ? 'gesloten' : 'lopend'}" aria-labelledby="zaak-${e(z.identificatie)}" data-zaak="${e(z.identificatie)}">
<h3 id="zaak-${e(z.identificatie)}">${e(z.omschrijving ?? `Zaak ${z.identificatie}`)}</h3>
<dl>
<dt>Zaaknummer</dt><dd>${e(z.identificatie)}</dd>
<dt>Status</dt><dd class="huidige-status">${z.gesloten ? 'Afgerond' : e(status?.omschrijving ?? 'Onbekend')}</dd>
<dt>Gestart op</dt><dd>${e(stufDatum(z.startdatum))}</dd>
${z.einddatumGepland ? `<dt>Verwachte einddatum</dt><dd>${e(stufDatum(z.einddatumGepland))}</dd>` : ''}
${z.einddatum ? `<dt>Afgerond op</dt><dd class="einddatum">${e(stufDatum(z.einddatum))}</dd>` : ''}
${z.resultaat ? `<dt>Resultaat</dt><dd class="resultaat">${e(z.resultaat)}</dd>` : ''}
${z.toelichting ? `<dt>Toelichting</dt><dd>${e(z.toelichting)}</dd>` : ''}
${link ? `<dt>Meer informatie</dt><dd><a class="verwijzing" href="${e(link)}">Bekijk deze zaak bij de organisatie</a></dd>` : z.verwijzing ? `<dt>Verwijzing</dt><dd>${e(z.verwijzing)}</dd>` : ''}
</dl>
<h4>Statusgeschiedenis</h4><ol class="statussen">${history}</ol>
</section>`;
}

export function zakenPage(naam: string, zaken: Zaak[], firstLogin: boolean): string {
  const body = `<h2>Lopende zaken</h2>
${firstLogin ? '<p role="status">Welkom! Uw account is geregistreerd; organisaties kunnen u nu zaakberichten sturen.</p>' : ''}
${zaken.length ? zaken.map(zaakSection).join('\n') : '<p>U heeft geen lopende zaken.</p>'}`;
  return layout('Lopende zaken', body, naam);
}
