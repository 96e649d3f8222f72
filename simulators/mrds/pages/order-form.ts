/** The self-service order form "Bestellung der Applikationskopplung" (German, as the real form). */
import { MIN_PASSPHRASE_LENGTH, type OrderProblem } from '../domain/index.ts';
import { PATHS } from '../config.ts';
import { html, page, type Html } from './html.ts';

export const ORDER_BUTTON = 'Applikationskopplung kostenpflichtig bestellen!';

export interface OrderFormView {
  token: string;
  values: { mandant?: string; email?: string; rechnungsempfaenger?: string; consent?: boolean };
  /** Set after a successful order: the button is disabled and the success confirmed. */
  success?: { orderId: string; email: string; mailDelivered: boolean; duplicate: boolean };
  problems?: OrderProblem[];
}

function describedBy(field: string, v: OrderFormView): string | undefined {
  return v.problems?.some((p) => p.field === field) ? `fehler-${field}` : undefined;
}

function fieldErrors(field: string, v: OrderFormView): Html {
  const mine = v.problems?.filter((p) => p.field === field) ?? [];
  return mine.length ? html`<p class="hint" id="fehler-${field}" style="color:#a4000f">${mine.map((p) => p.text).join(' ')}</p>` : html``;
}

export function orderFormPage(v: OrderFormView): string {
  const done = v.success !== undefined;
  const protokoll = done
    ? [
      `Legitimitätsprüfung der E-Mail-Adresse erfolgreich.`,
      `Bestellung ${v.success!.orderId} angelegt${v.success!.duplicate ? ' (erneut übermittelt, keine zweite Bestellung)' : ''}.`,
      'Client-SSL-Zertifikat erzeugt.',
      v.success!.mailDelivered ? `Zertifikat per E-Mail an ${v.success!.email} versendet.` : `E-Mail-Versand an ${v.success!.email} fehlgeschlagen; bitte wenden Sie sich an melderegister@it.niedersachsen.de.`,
      'Öffentlicher Teil des Zertifikats an die AG MiN übermittelt.',
    ]
    : [];
  const body = html`
<h1>Bestellung der Applikationskopplung</h1>
<p>Mit diesem Formular bestellen Sie die Applikationskopplung (Webservice-API mit Client-SSL-Zertifikat) für Ihren Mandanten im Melderegisterdatenspiegel.
Voraussetzung ist die Registrierung als Mandant.</p>
${done ? html`<div class="ok" role="status" id="bestaetigung"><strong>Ihre Bestellung war erfolgreich.</strong> Das Client-SSL-Zertifikat wird Ihnen an ${v.success!.email} zugestellt; die Kundennummer erhalten Sie gesondert von der AG MiN.</div>` : ''}
${v.problems?.length ? html`<div class="fehler" role="alert" id="fehlerhinweis"><strong>Die Bestellung konnte nicht ausgeführt werden.</strong> Details finden Sie im Protokoll am Ende des Formulars.</div>` : ''}
<form method="post" action="${PATHS.orderSubmit}" id="bestellformular" novalidate>
  <input type="hidden" name="formToken" value="${v.token}">
  <label for="mandant">Mandant (Amtlicher Gemeindeschlüssel)</label>
  <input type="text" id="mandant" name="mandant" inputmode="numeric" autocomplete="off" required value="${v.values.mandant ?? ''}" aria-describedby="${describedBy('mandant', v) ?? 'hinweis-mandant'}" ${done ? html`readonly` : ''}>
  <p class="hint" id="hinweis-mandant">Der Mandant, für den Sie im Melderegisterdatenspiegel registriert sind.</p>
  ${fieldErrors('mandant', v)}
  <label for="email">E-Mail-Adresse</label>
  <input type="email" id="email" name="email" autocomplete="email" required value="${v.values.email ?? ''}" aria-describedby="${describedBy('email', v) ?? 'hinweis-email'}" ${done ? html`readonly` : ''}>
  <p class="hint" id="hinweis-email">Muss mit der E-Mail-Adresse des Hauptadministrators Ihres Mandanten übereinstimmen (automatische Prüfung). An diese Adresse wird das Zertifikat versendet.</p>
  ${fieldErrors('email', v)}
  <label for="passphrase">Passphrase</label>
  <input type="password" id="passphrase" name="passphrase" autocomplete="new-password" required minlength="${MIN_PASSPHRASE_LENGTH}" aria-describedby="${describedBy('passphrase', v) ?? 'regeln-passphrase'}" ${done ? html`readonly` : ''}>
  <ul class="hint" id="regeln-passphrase">
    <li>mindestens ${MIN_PASSPHRASE_LENGTH} Zeichen</li>
    <li>schützt die Zertifikatsdatei beim Versand und wird zum Öffnen benötigt</li>
    <li>bei Verlust kann keine neue Passphrase vergeben werden; es muss ein neues Zertifikat bestellt werden</li>
  </ul>
  ${fieldErrors('passphrase', v)}
  <label class="check" for="consent"><input type="checkbox" id="consent" name="consent" value="ja" ${v.values.consent ? html`checked` : ''} ${done ? html`disabled` : ''} aria-describedby="${describedBy('consent', v) ?? ''}">
    <span>Ich bestätige, dass die Abrufe gesetzeskonform erfolgen, und garantiere die Einhaltung gängiger IT-Sicherheitsstandards in unserer IT-Infrastruktur.</span></label>
  ${fieldErrors('consent', v)}
  <label for="rechnungsempfaenger">Rechnungsempfänger (optional)</label>
  <textarea id="rechnungsempfaenger" name="rechnungsempfaenger" rows="2" aria-describedby="${describedBy('rechnungsempfaenger', v) ?? 'hinweis-rechnung'}" ${done ? html`readonly` : ''}>${v.values.rechnungsempfaenger ?? ''}</textarea>
  <p class="hint" id="hinweis-rechnung">Ohne Angabe geht die Rechnung an den Ansprechpartner aus der Mandantentabelle.</p>
  ${fieldErrors('rechnungsempfaenger', v)}
  <button type="submit" id="bestellen" ${done ? html`disabled aria-disabled="true"` : ''}>${ORDER_BUTTON}</button>
  <p class="hint">Mit dem Absenden schließen Sie einen kostenpflichtigen Vertrag mit IT.Niedersachsen.</p>
</form>
${done || v.problems?.length ? html`
<details id="protokoll">
  <summary>Protokoll (${done ? protokoll.length : v.problems!.length} Einträge)</summary>
  <ul>${done ? protokoll.map((t) => html`<li>${t}</li>`) : v.problems!.map((p) => html`<li data-code="${p.code}">${p.text} <small>(${p.code})</small></li>`)}</ul>
</details>` : ''}
<script>
document.getElementById('bestellformular').addEventListener('submit', function () {
  var b = document.getElementById('bestellen');
  setTimeout(function () { b.disabled = true; }, 0);
});
</script>`;
  return page('Bestellung der Applikationskopplung – MiN', body);
}
