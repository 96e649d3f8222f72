/**
 * HTML of the kommune desk: the home municipality's caseworker sees the citizen-reported
 * events waiting in the venteregister for their kommune and approves or rejects them.
 * Self-contained pages (no scripts, no external assets), every value escaped.
 */
import { EVENTS, KOMMUNER, type Person, type VenteregisterEntry } from '../domain/index.ts';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
header,footer{background:#0b3d5c;color:#fff;padding:.6rem 1.2rem}
main{max-width:60rem;margin:0 auto;padding:1rem 1.2rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1.05rem;margin:0 0 .5rem}
article{background:#fff;border:1px solid #ccc;border-radius:4px;padding:1rem;margin:1rem 0}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
label{display:block;font-weight:600;margin:.5rem 0 .2rem}
input,select,textarea{font:inherit;padding:.3rem}textarea{width:100%;max-width:40rem}
button{font:inherit;padding:.4rem 1rem;margin-top:.5rem;cursor:pointer}
.actions{display:flex;gap:2rem;flex-wrap:wrap;align-items:flex-start}
[role=status]{background:#e6f4ea;border:1px solid #2e7d32;padding:.6rem}
[role=alert]{background:#fdecea;border:1px solid #c62828;padding:.6rem}
a{color:#0b3d5c}footer a{color:#fff}
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · govsim CPR</title>
<style>${STYLE}</style>
</head>
<body>
<header><p>govsim · CPR venteregister · kommunens sagsbehandling (simulation med fiktive personer)</p></header>
<main id="indhold">
<h1>${escapeHtml(title)}</h1>
${body}
</main>
<footer><p>Alle personer og personnumre er fiktive. <a href="/">Log på</a></p></footer>
</body>
</html>`;
}

export function kommuneLabel(kode: string): string {
  return `${KOMMUNER[kode] ?? 'Ukendt'} Kommune (${kode})`;
}

export function loginPage(waiting: (kode: string) => number, alert?: string): string {
  const options = Object.entries(KOMMUNER)
    .sort((a, b) => a[1].localeCompare(b[1], 'da'))
    .map(([kode, navn]) => {
      const n = waiting(kode);
      return `<option value="${kode}">${escapeHtml(navn)} (${kode})${n ? ` - ${n} ventende` : ''}</option>`;
    }).join('');
  return page('Kommunens godkendelse af borgerindberetninger', `${alert ? `<p role="alert">${escapeHtml(alert)}</p>` : ''}
<p>Hændelser som borgere har indberettet via en selvbetjeningsløsning venter i CPR's venteregister, til bopælskommunen har godkendt eller afvist dem. Log på som sagsbehandler i din kommune.</p>
<form method="post" action="/logon">
<label for="kode">Kommune</label>
<select id="kode" name="kode" required>${options}</select>
<label for="sagsbehandler">Sagsbehandler (initialer)</label>
<input id="sagsbehandler" name="sagsbehandler" required pattern="[A-Za-zÆØÅæøå]{2,8}" autocomplete="username">
<label for="kodeord">Kodeord</label>
<input id="kodeord" name="kodeord" type="password" required autocomplete="current-password">
<button type="submit">Log på</button>
</form>`);
}

export interface KommunePageInput {
  kode: string;
  caseworker: string;
  pending: VenteregisterEntry[];
  decided: VenteregisterEntry[];
  person(pnr: string): Person | undefined;
  message?: { kind: 'status' | 'alert'; text: string };
}

const when = (d: Date | undefined) => (d ? d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '');
const personText = (p: Person | undefined, pnr: string) => `${p ? `${p.fornavne} ${p.efternavn}` : 'Ukendt person'} (${pnr.slice(0, 6)}-${pnr.slice(6)})`;

export function kommunePage(i: KommunePageInput): string {
  const pending = i.pending.map((e) => {
    const id = `h-${e.kvitteringsnr}`;
    const rows = e.translated.map((t) => `<tr><th scope="row">${escapeHtml(t.felt)}</th><td>${escapeHtml(t.vaerdi)}</td><td>${escapeHtml(t.klartekst)}</td></tr>`).join('');
    const action = (verb: string) => `/kommune/${encodeURIComponent(e.kvitteringsnr)}/${verb}`;
    return `<article aria-labelledby="${id}" data-kvittering="${escapeHtml(e.kvitteringsnr)}">
<h3 id="${id}">Kvittering ${escapeHtml(e.kvitteringsnr)}: ${escapeHtml(EVENTS[e.kode]?.title ?? e.kode)}</h3>
<p>Borger: ${escapeHtml(personText(i.person(e.pnr), e.pnr))}. Indberettet ${escapeHtml(when(e.savedAt))}.</p>
<table><caption>Indberettede og oversatte oplysninger</caption><thead><tr><th scope="col">Felt</th><th scope="col">Værdi</th><th scope="col">Klartekst</th></tr></thead><tbody>${rows}</tbody></table>
<div class="actions">
<form method="post" action="${action('godkend')}"><button type="submit">Godkend</button></form>
<form method="post" action="${action('afvis')}">
<label for="begrundelse-${escapeHtml(e.kvitteringsnr)}">Begrundelse for afvisning</label>
<textarea id="begrundelse-${escapeHtml(e.kvitteringsnr)}" name="begrundelse" required maxlength="80" rows="2"></textarea>
<button type="submit">Afvis</button></form>
</div>
</article>`;
  }).join('\n');
  const decided = i.decided.map((e) => `<tr data-kvittering="${escapeHtml(e.kvitteringsnr)}"><td>${escapeHtml(e.kvitteringsnr)}</td><td>${escapeHtml(EVENTS[e.kode]?.title ?? e.kode)}</td><td>${escapeHtml(personText(i.person(e.pnr), e.pnr))}</td><td>${e.status === 'G' ? 'Godkendt' : 'Afvist'}</td><td>${escapeHtml(e.reason ?? '')}</td><td>${escapeHtml(e.caseworker ?? '')}</td></tr>`).join('');
  const message = i.message ? `<p role="${i.message.kind}">${escapeHtml(i.message.text)}</p>` : '';
  return page(`Venteregister: ${kommuneLabel(i.kode)}`, `${message}
<p>Sagsbehandler: ${escapeHtml(i.caseworker)}. <a href="/kommune">Opdater</a></p>
<form method="post" action="/logoff"><button type="submit">Log af</button></form>
<section aria-labelledby="ventende"><h2 id="ventende">Ventende hændelser (${i.pending.length})</h2>
${pending || '<p>Ingen ventende hændelser.</p>'}
</section>
<section aria-labelledby="behandlede"><h2 id="behandlede">Behandlede hændelser (${i.decided.length})</h2>
${decided ? `<table><thead><tr><th scope="col">Kvittering</th><th scope="col">Hændelse</th><th scope="col">Borger</th><th scope="col">Afgørelse</th><th scope="col">Begrundelse</th><th scope="col">Sagsbehandler</th></tr></thead><tbody>${decided}</tbody></table>` : '<p>Ingen behandlede hændelser endnu.</p>'}
</section>`);
}

export function errorPage(title: string, text: string): string {
  return page(title, `<p role="alert">${escapeHtml(text)}</p>`);
}
