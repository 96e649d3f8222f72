/**
 * The order process behind the form: legitimacy check, certificate generation, the
 * certificate mail, and AG MiN's asynchronous step (register the public part, assign and
 * mail the Kundennummer, raise the invoice).
 */
import type { Clock } from '../../kernel/types.ts';
import type { Pki } from '../../kernel/pki/index.ts';
import type { Recorder } from '../../kernel/evidence/index.ts';
import { checkOrder, type Mandant, type OrderForm, type OrderProblem, type OrderRecord } from '../domain/index.ts';
import type { MrdsSettings } from '../config.ts';
import type { MrdsState, PendingOperatorStep } from '../state.ts';
import { certificatePackage } from './certificate-package.ts';
import { sendMail, type MailerDeps } from './mailer.ts';

export interface OrderingDeps {
  state(): MrdsState;
  settings: MrdsSettings;
  pki: Pki;
  clock: Clock;
  recorder: Recorder;
  platform: string;
  environment?: string;
  mailer: MailerDeps;
  newId(): string;
  /** Called after a certificate was revoked so the TLS server reloads its CRLs. */
  onCrlChanged(): void;
}

export type OrderOutcome =
  | { result: 'accepted' | 'duplicate'; order: OrderRecord; mandant: Mandant; mailDelivered: boolean }
  | { result: 'refused'; problems: OrderProblem[] };

export async function submitOrder(d: OrderingDeps, token: string, form: OrderForm): Promise<OrderOutcome> {
  const state = d.state();
  const existing = state.orders.existing(token);
  if (existing) {
    const order = await existing;
    return { result: 'duplicate', order, mandant: state.mandanten.get(order.mandant)!, mailDelivered: state.mailDelivered.get(order.orderId) ?? false };
  }
  if (!state.orders.knows(token)) {
    return { result: 'refused', problems: [{ code: 'ORD_FORM_EXPIRED', field: 'form', text: 'Das Formular ist abgelaufen oder wurde nicht von diesem Portal ausgegeben. Bitte laden Sie das Formular neu.' }] };
  }
  const check = checkOrder(form, state.mandanten);
  if (!check.ok) return { result: 'refused', problems: check.problems };
  // No await between the checks above and claim(): a concurrent second submission finds the claim.
  const order = await state.orders.claim(token, () => placeOrder(d, state, check.mandant, form));
  return { result: 'accepted', order, mandant: check.mandant, mailDelivered: state.mailDelivered.get(order.orderId) ?? false };
}

async function placeOrder(d: OrderingDeps, state: MrdsState, mandant: Mandant, form: OrderForm): Promise<OrderRecord> {
  const now = d.clock.now();
  const orderId = `BEST-${d.newId()}`;
  state.mandanten.markOrdered(mandant.ags, orderId, now);
  const cert = await d.pki.issue({
    profile: 'mrds-client', customer: mandant.ags, purpose: 'client', validityDays: d.settings.certificateValidityDays,
    commonName: `Applikationskopplung ${mandant.ags}`, organization: mandant.name.slice(0, 64),
    organizationalUnit: 'MiN Applikationskopplung', email: mandant.hauptadministratorEmail,
  });
  const zip = await certificatePackage(cert, form.passphrase, mandant, now);
  state.mandanten.markCertificateIssued(mandant.ags, cert.fingerprint256, cert.serialHex, now);
  const record: OrderRecord = { orderId, mandant: mandant.ags, email: form.email.trim(), rechnungsempfaenger: form.rechnungsempfaenger?.trim() || undefined, at: now.toISOString() };
  const sent = await sendMail(d.mailer, 'zertifikat', {
    from: d.settings.portalSender, to: [record.email], messageId: `${orderId}.zertifikat@mrds.govsim.test`, date: now,
    subject: `Ihr Client-SSL-Zertifikat für die Applikationskopplung (Mandant ${mandant.ags})`,
    text: [
      'Sehr geehrte Damen und Herren,',
      '',
      `vielen Dank für Ihre Bestellung ${orderId} der Applikationskopplung für den Mandanten ${mandant.ags} (${mandant.name}).`,
      'Im Anhang erhalten Sie Ihr Client-SSL-Zertifikat in verschiedenen Formaten (ZIP-Datei).',
      'Die Dateien sind mit der Passphrase geschützt, die Sie bei der Bestellung vergeben haben.',
      'Die Kundennummer erhalten Sie in einer gesonderten E-Mail der AG MiN.',
      '',
      `Zertifikat: Seriennummer ${cert.serialHex}, SHA-256 ${cert.fingerprint256}`,
      `gültig bis ${cert.notAfter.toISOString().slice(0, 10)}`,
      '',
      'IT.Niedersachsen (govsim-Simulation)',
    ].join('\n'),
    attachments: [{ filename: `applikationskopplung-${mandant.ags}.zip`, contentType: 'application/zip', content: zip }],
    headers: { 'X-Govsim-Order': orderId },
  });
  state.mailDelivered.set(orderId, sent.ok);
  // AG MiN's handover is asynchronous: due `operatorDelayMs` later on the injected clock (runDueOperatorSteps).
  state.pendingOperator.set(mandant.ags, { orderId, email: record.email, rechnungsempfaenger: record.rechnungsempfaenger, dueAt: d.clock.now().getTime() + d.settings.operatorDelayMs });
  d.recorder.record({
    kind: 'note', platform: d.platform, environment: d.environment,
    summary: `order ${orderId}: Applikationskopplung for Mandant ${mandant.ags} ordered, certificate ${cert.serialHex} mailed${sent.ok ? '' : ' (mail failed)'}`,
    data: { mrdsOrder: { event: 'ordered', orderId, mandant: mandant.ags, certificateSerial: cert.serialHex, fingerprint256: cert.fingerprint256, mailDelivered: sent.ok } },
  });
  return record;
}

function recordOperatorFailure(d: OrderingDeps, ags: string, err: unknown): void {
  d.recorder.record({
    kind: 'note', platform: d.platform, environment: d.environment,
    summary: `AG MiN step for Mandant ${ags} failed: ${(err as Error).message}`,
    verdicts: [{ check: 'MRDS_OPERATOR_STEP', ok: false, message: (err as Error).message }],
  });
}

/**
 * Runs every AG MiN step whose delay has passed on the injected clock (never on a real
 * timer: the factory's housekeeping only asks). Returns the Mandanten handled.
 */
export async function runDueOperatorSteps(d: OrderingDeps): Promise<string[]> {
  const state = d.state();
  const now = d.clock.now().getTime();
  const due = [...state.pendingOperator].filter(([, p]) => p.dueAt <= now).map(([ags]) => ags);
  await Promise.all(due.map((ags) => runOperatorStep(d, ags).catch((err) => recordOperatorFailure(d, ags, err))));
  return due;
}

/**
 * AG MiN: register the public part, assign the Kundennummer, mail it, raise the invoice.
 * Runs now, whatever the delay (admin API "run AG MiN step now"); a step already running
 * for the Mandant is joined, not repeated.
 */
export function runOperatorStep(d: OrderingDeps, ags: string): Promise<string | undefined> {
  const state = d.state();
  const running = state.operatorRuns.get(ags);
  if (running) return running;
  const pending = state.pendingOperator.get(ags);
  if (!pending) return Promise.resolve(undefined);
  state.pendingOperator.delete(ags);
  const run = operatorStep(d, state, ags, pending).finally(() => state.operatorRuns.delete(ags));
  state.operatorRuns.set(ags, run);
  return run;
}

async function operatorStep(d: OrderingDeps, state: MrdsState, ags: string, pending: PendingOperatorStep): Promise<string> {
  const now = d.clock.now();
  const { kundennummer, superseded } = state.mandanten.registerAndAssign(ags, now);
  const m = state.mandanten.get(ags)!;
  if (superseded && superseded !== m.kopplung.certificateSerial) {
    await d.pki.revoke(superseded, 'superseded');
    d.onCrlChanged();
  }
  const empfaenger = pending.rechnungsempfaenger
    ? { empfaenger: pending.rechnungsempfaenger, quelle: 'rechnungsempfaenger' as const }
    : { empfaenger: `${m.ansprechpartner.name} <${m.ansprechpartner.email}>`, quelle: 'ansprechpartner' as const };
  const rechnung = { id: `RE-${d.newId()}`, mandant: ags, orderId: pending.orderId, ...empfaenger, leistung: 'Applikationskopplung Melderegisterdatenspiegel (Einrichtung)', at: now.toISOString() };
  state.rechnungen.push(rechnung);
  d.recorder.record({
    kind: 'note', platform: d.platform, environment: d.environment,
    summary: `AG MiN registered the certificate of Mandant ${ags}, Kundennummer ${kundennummer}; invoice ${rechnung.id} to ${rechnung.quelle}`,
    data: { mrdsOrder: { event: 'kundennummer-assigned', orderId: pending.orderId, mandant: ags, kundennummer, fingerprint256: m.kopplung.certificateFingerprint }, rechnung },
  });
  await sendMail(d.mailer, 'kundennummer', {
    from: d.settings.agMinSender, to: [pending.email], messageId: `${pending.orderId}.kundennummer@ag-min.govsim.test`, date: now,
    subject: `Ihre Kundennummer für die Applikationskopplung (Mandant ${ags})`,
    text: [
      'Sehr geehrte Damen und Herren,',
      '',
      `die AG MiN hat das Client-SSL-Zertifikat Ihrer Bestellung ${pending.orderId} für den Mandanten ${ags} hinterlegt.`,
      '',
      `Kundennummer: ${kundennummer}`,
      '',
      'Bitte hinterlegen Sie Zertifikat und Kundennummer gemäß den Anweisungen Ihres Fachverfahrensherstellers.',
      '',
      'AG MiN (govsim-Simulation)',
    ].join('\n'),
    headers: { 'X-Govsim-Order': pending.orderId, 'X-Govsim-Kundennummer': kundennummer },
  });
  return kundennummer;
}
