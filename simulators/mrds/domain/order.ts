/**
 * The self-service order (Bestellung der Applikationskopplung): the form's rules and the
 * Protokoll lines it shows, plus the order book that makes a double submission harmless.
 */
import type { OrderProblem } from './errors.ts';
import { sameEmail, type Mandantentabelle, type Mandant } from './mandanten.ts';

export const MIN_PASSPHRASE_LENGTH = 8;
export const MAX_PASSPHRASE_LENGTH = 128;

export interface OrderForm {
  /** AGS of the Mandant the order is for (the real form is reached from the Mandant; modelled as a field). */
  mandant: string;
  email: string;
  passphrase: string;
  /** Legal conformity and IT-security guarantee confirmed. */
  consent: boolean;
  rechnungsempfaenger?: string;
}

export type OrderCheck = { ok: true; mandant: Mandant } | { ok: false; problems: OrderProblem[] };

/** Every rule of the form at once, so the Protokoll can list all failures together. */
export function checkOrder(form: OrderForm, mandanten: Mandantentabelle): OrderCheck {
  const problems: OrderProblem[] = [];
  const m = mandanten.get(form.mandant.trim());
  if (!m) {
    problems.push({ code: 'ORD_MANDANT_UNKNOWN', field: 'mandant', text: `Zum angegebenen Mandanten (${form.mandant.trim() || 'leer'}) ist im Melderegisterdatenspiegel keine Registrierung vorhanden.` });
  }
  if (form.email.trim() === '') {
    problems.push({ code: 'ORD_EMAIL_MISSING', field: 'email', text: 'Bitte geben Sie die E-Mail-Adresse des Hauptadministrators an.' });
  } else if (m && !sameEmail(form.email, m.hauptadministratorEmail)) {
    problems.push({ code: 'ORD_EMAIL_MISMATCH', field: 'email', text: 'Die angegebene E-Mail-Adresse stimmt nicht mit der E-Mail-Adresse des Hauptadministrators des Mandanten überein (Legitimitätsprüfung).' });
  }
  if ([...form.passphrase].length < MIN_PASSPHRASE_LENGTH) {
    problems.push({ code: 'ORD_PASSPHRASE_TOO_SHORT', field: 'passphrase', text: `Die Passphrase muss mindestens ${MIN_PASSPHRASE_LENGTH} Zeichen lang sein.` });
  } else if ([...form.passphrase].length > MAX_PASSPHRASE_LENGTH) {
    problems.push({ code: 'ORD_PASSPHRASE_TOO_LONG', field: 'passphrase', text: `Die Passphrase darf höchstens ${MAX_PASSPHRASE_LENGTH} Zeichen lang sein.` });
  }
  if (!form.consent) {
    problems.push({ code: 'ORD_CONSENT_MISSING', field: 'consent', text: 'Bitte bestätigen Sie die Gesetzeskonformität und die Einhaltung gängiger IT-Sicherheitsstandards.' });
  }
  const re = form.rechnungsempfaenger?.trim() ?? '';
  if (re.length > 300 || /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(re)) {
    problems.push({ code: 'ORD_RECHNUNGSEMPFAENGER_INVALID', field: 'rechnungsempfaenger', text: 'Der Rechnungsempfänger darf höchstens 300 Zeichen lang sein und keine Steuerzeichen enthalten.' });
  }
  if (m?.kopplung.status === 'revoked') {
    problems.push({ code: 'ORD_MANDANT_REVOKED', field: 'form', text: 'Die Applikationskopplung dieses Mandanten wurde gesperrt; bitte wenden Sie sich an melderegister@it.niedersachsen.de.' });
  }
  return problems.length ? { ok: false, problems } : { ok: true, mandant: m! };
}

export interface OrderRecord {
  orderId: string;
  mandant: string;
  email: string;
  rechnungsempfaenger?: string;
  at: string;
}

/**
 * Form tokens handed out with the form. A token that already produced an order returns
 * that order again, so a double click or a reload never orders twice.
 */
export class OrderBook {
  private readonly issued = new Set<string>();
  private readonly done = new Map<string, Promise<OrderRecord>>();
  readonly orders: OrderRecord[] = [];

  constructor(private readonly maxTokens = 10_000) {}

  issueToken(token: string): string {
    if (this.issued.size >= this.maxTokens) this.issued.delete(this.issued.values().next().value as string);
    this.issued.add(token);
    return token;
  }

  knows(token: string): boolean {
    return this.issued.has(token) || this.done.has(token);
  }

  /** The order this token already produced (or is producing), if any. */
  existing(token: string): Promise<OrderRecord> | undefined {
    return this.done.get(token);
  }

  /** Claims the token synchronously, so a concurrent second submission waits for the first. */
  claim(token: string, work: () => Promise<OrderRecord>): Promise<OrderRecord> {
    const p = work().then((r) => { this.orders.push(r); return r; });
    this.done.set(token, p);
    this.issued.delete(token);
    p.catch(() => { this.done.delete(token); this.issued.add(token); });
    return p;
  }
}
