/** The embedded mailbox: what govsim's SMTP server received (list and single message). */
import { PATHS } from '../config.ts';
import type { StoredMail } from '../state.ts';
import { html, page } from './html.ts';

export function mailboxPage(mails: readonly StoredMail[]): string {
  const rows = [...mails].reverse().map((m) => html`<tr>
  <td>${m.receivedAt.replace('T', ' ').slice(0, 19)}</td><td>${m.from}</td><td>${m.to.join(', ')}</td>
  <td><a href="${PATHS.mailbox}${m.id}">${m.parsed.subject || '(ohne Betreff)'}</a></td>
  <td>${m.parsed.attachments.map((a) => a.filename).join(', ')}</td></tr>`);
  return page('Postfach – govsim MRDS', html`
<h1>Postfach (eingebetteter SMTP-Server)</h1>
<p>Alle E-Mails, die der Simulator versendet hat (Zertifikat, Kundennummer).</p>
${mails.length ? html`<table><caption class="hint">${mails.length} Nachricht(en)</caption>
<thead><tr><th scope="col">Eingang</th><th scope="col">Von</th><th scope="col">An</th><th scope="col">Betreff</th><th scope="col">Anhänge</th></tr></thead>
<tbody>${rows}</tbody></table>` : html`<p id="leer">Keine Nachrichten.</p>`}`);
}

export function mailPage(m: StoredMail): string {
  return page(`${m.parsed.subject} – Postfach`, html`
<p><a href="${PATHS.mailbox}">← Postfach</a></p>
<h1>${m.parsed.subject}</h1>
<dl><dt>Von</dt><dd>${m.from}</dd><dt>An</dt><dd>${m.to.join(', ')}</dd><dt>Eingang</dt><dd>${m.receivedAt}</dd></dl>
<h2>Nachricht</h2>
<pre>${m.parsed.text}</pre>
${m.parsed.attachments.length ? html`<h2>Anhänge</h2><ul>${m.parsed.attachments.map((a, i) => html`<li><a href="${PATHS.mailbox}${m.id}/anhang/${i}" download="${a.filename}">${a.filename}</a> (${a.content.length} Bytes)</li>`)}</ul>` : ''}`);
}
