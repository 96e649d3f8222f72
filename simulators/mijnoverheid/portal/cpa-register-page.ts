/** HTML of the CPA Register web form: Consumerspecificatie upload → CPA download (self-contained, escaped). */
import type { Cpa, Issue } from '../domain/index.ts';
import { layout } from './pages.ts';
import { escapeHtml as e } from './format.ts';

export const FORM_PROFILES = [
  ['osb-rm', 'osb-rm – Reliable Messaging (standaard)'],
  ['osb-be', 'osb-be – Best Effort'],
  ['osb-rm-s', 'osb-rm-s – Reliable Signed'],
  ['osb-be-s', 'osb-be-s – Best Effort Signed'],
] as const;

export interface FormValues { profile?: string; syncReplyMode?: string; retries?: string; retryInterval?: string; persistDuration?: string }

function field(id: string, label: string, input: string, hint?: string): string {
  return `<label for="${id}">${e(label)}</label>${input}${hint ? `<p class="hint" id="${id}-hint">${e(hint)}</p>` : ''}`;
}

export function cpaRegisterForm(v: FormValues = {}, issues: Issue[] = []): string {
  const profile = v.profile ?? 'osb-rm';
  const errors = issues.length ? `<div role="alert" class="fout"><h3>De Consumerspecificatie is niet verwerkt</h3><ul class="issues">${issues.map((i) => `<li><code>${e(i.code)}</code>${i.location ? ` (${e(i.location)})` : ''}: ${e(i.message)}</li>`).join('')}</ul></div>` : '';
  return layout('CPA Register', `<h2>CPA Register (preproductie)</h2>
<p>Upload uw Consumerspecificatie (<code>osb-ebms-service-specificatie</code> met PartyName, PartyId, PartyRef, EndpointUri, ClientCert en ServerCert). Het CPA Register maakt de CPA met MijnOverheid Lopende Zaken, laadt die in de gesimuleerde preproductie en biedt hem aan om te downloaden.</p>
${errors}
<form method="post" action="/cpa-register" enctype="multipart/form-data">
${field('spec', 'Consumerspecificatie (XML-bestand)', '<input id="spec" name="spec" type="file" accept=".xml,application/xml,text/xml" required>')}
${field('profile', 'Digikoppeling-profiel', `<select id="profile" name="profile">${FORM_PROFILES.map(([val, text]) => `<option value="${val}"${val === profile ? ' selected' : ''}>${e(text)}</option>`).join('')}</select>`, 'De versleutelde profielen (osb-rm-e, osb-be-e) biedt govsim nog niet aan.')}
${field('syncReplyMode', 'syncReplyMode', `<select id="syncReplyMode" name="syncReplyMode">${['none', 'mshSignalsOnly'].map((m) => `<option${m === (v.syncReplyMode ?? 'none') ? ' selected' : ''}>${m}</option>`).join('')}</select>`)}
${field('retries', 'Retries', `<input id="retries" name="retries" inputmode="numeric" value="${e(v.retries ?? '8')}">`)}
${field('retryInterval', 'RetryInterval', `<input id="retryInterval" name="retryInterval" value="${e(v.retryInterval ?? 'PT3H')}">`)}
${field('persistDuration', 'PersistDuration', `<input id="persistDuration" name="persistDuration" value="${e(v.persistDuration ?? 'P1D')}">`)}
<div><button type="submit">CPA maken</button></div>
</form>`);
}

export function cpaCreatedPage(cpa: Cpa, downloadPath: string): string {
  const [consumer, provider] = cpa.parties;
  return layout('CPA aangemaakt', `<h2>CPA aangemaakt</h2>
<p role="status">De CPA is gemaakt en in de gesimuleerde preproductie geladen.</p>
<dl>
<dt>CPAId</dt><dd id="cpa-id">${e(cpa.cpaId)}</dd>
<dt>Profiel</dt><dd id="cpa-profile">${e(cpa.profile)}</dd>
<dt>Afnemer</dt><dd>${e(consumer.partyName)} (${e(consumer.partyId)})</dd>
<dt>EndpointUri afnemer</dt><dd>${e(consumer.transport.endpoint)}</dd>
<dt>Aanbieder</dt><dd>${e(provider.partyName)} (${e(provider.partyId)})</dd>
<dt>Geldig</dt><dd>${e(cpa.start)} – ${e(cpa.end)}</dd>
</dl>
<p><a id="cpa-download" href="${e(downloadPath)}" download="${e(cpa.cpaId)}.xml">CPA downloaden (XML)</a></p>
<p><a href="/cpa-register">Nog een CPA maken</a></p>`);
}
