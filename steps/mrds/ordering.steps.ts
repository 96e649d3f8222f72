import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { readPkcs12 } from '../../simulators/kernel/pki/index.ts';
import type { EvidenceRecord } from '../../simulators/kernel/evidence/index.ts';
import { readZip } from '../../simulators/mrds/transport/zip.ts';
import { check, checkEqual } from '../support/check.ts';
import type { GovsimWorld } from '../support/world.ts';
import { PLATFORM, mrds } from './support.ts';

interface OrderValues { mandant: string; email: string; passphrase: string; consent: boolean; rechnungsempfaenger?: string }

const isOrderPost = (r: EvidenceRecord) => r.kind === 'exchange' && r.request?.method === 'POST' && (r.request?.url ?? '').includes('/minca/bestellung');
const orderData = (r: EvidenceRecord) => (r.data as { order?: { result: string; problems?: string[]; orderId?: string; mandant?: string } } | undefined)?.order;
const smtp = (r: EvidenceRecord) => (r.data as { smtp?: { kind: string; to: string[]; messageId: string; error?: string } } | undefined)?.smtp;

Given('the MRDS simulator with the seeded Mandantentabelle', async function (this: GovsimWorld) {
  await mrds(this);
});

When('the authority orders the Applikationskopplung with:', async function (this: GovsimWorld, table: DataTable) {
  const row = table.rowsHash();
  const o: OrderValues = {
    mandant: row['Mandant'] ?? '', email: row['E-Mail-Adresse'] ?? '', passphrase: row['Passphrase'] ?? '',
    consent: (row['Gesetzeskonformität'] ?? '') === 'bestätigt', rechnungsempfaenger: row['Rechnungsempfänger'],
  };
  this.values.set('order', o);
  const sim = await mrds(this);
  const rel = join('artifacts', `${this.scenario.id}-bestellung.png`);
  mkdirSync(join(this.parameters.runDir, 'artifacts'), { recursive: true });
  const outcome = await this.sutPerforms(PLATFORM, 'order-applikationskopplung', {
    orderUrl: `${sim.urls().order}?mandant=${encodeURIComponent(o.mandant)}`, ...o, screenshotFile: join(this.parameters.runDir, rel),
  }, `Open the order form (orderUrl) and order the Applikationskopplung for Mandant ${o.mandant} with the e-mail address and passphrase given; ` +
    `${o.consent ? 'tick' : 'do NOT tick'} the legal-conformity box${o.rechnungsempfaenger ? ' and enter the Rechnungsempfänger' : ''}; then press "Applikationskopplung kostenpflichtig bestellen!".`);
  const shot = (outcome.output as { screenshotFile?: string } | undefined)?.screenshotFile;
  if (shot) {
    const bytes = readFileSync(shot);
    this.run.recorder.record({
      kind: 'artifact', platform: PLATFORM, summary: `order form after submitting (Mandant ${o.mandant})`,
      data: { path: rel, sha256: createHash('sha256').update(bytes).digest('hex'), mediaType: 'image/png' },
    });
  }
});

async function orderPost(world: GovsimWorld): Promise<EvidenceRecord> {
  return world.waitForEvidence('the order form submission', isOrderPost);
}

Then('the order is refused with {string}', async function (this: GovsimWorld, code: string) {
  const r = await orderPost(this);
  const d = orderData(r);
  check(d?.result === 'refused', `the order portal ${d?.result ?? 'did not process'} the order (${d?.orderId ?? ''}), expected a refusal with ${code}`);
  check(d.problems?.includes(code), `the order was refused with ${d.problems?.join(', ')}, not with ${code}`);
  checkEqual(r.response?.status, 422, 'HTTP status of the refused order');
});

Then('no certificate is mailed for Mandant {string}', async function (this: GovsimWorld, ags: string) {
  await new Promise((res) => setTimeout(res, 200));
  const mails = this.evidence((r) => smtp(r)?.kind === 'zertifikat');
  checkEqual(mails.length, 0, 'certificate mails sent after a refused order');
  checkEqual((await mrds(this)).mrds.state.mandanten.get(ags)?.kopplung.status, 'none', `state of Mandant ${ags}'s Applikationskopplung`);
});

Then('the order is accepted', async function (this: GovsimWorld) {
  const r = await orderPost(this);
  const d = orderData(r);
  check(d?.result === 'accepted', `the order portal refused the order: ${d?.problems?.join(', ') ?? 'no order data'}`);
  checkEqual(r.response?.status, 200, 'HTTP status of the accepted order');
});

Then('the form shows the order button greyed out and confirms the order', async function (this: GovsimWorld) {
  const r = await orderPost(this);
  const body = r.response?.body ?? '';
  check(/<button type="submit" id="bestellen" disabled/.test(body), 'after the order the page does not show the order button disabled (greyed out)');
  check(body.includes('id="bestaetigung"') && body.includes('Ihre Bestellung war erfolgreich'), 'after the order the page does not confirm the successful order');
  const out = this.lastOutcome?.output as { buttonDisabled?: boolean; confirmed?: boolean } | undefined;
  if (out && 'buttonDisabled' in out) {
    check(out.buttonDisabled && out.confirmed, `the browser saw the button ${out.buttonDisabled ? 'disabled' : 'enabled'} and ${out.confirmed ? 'a' : 'no'} confirmation`);
  }
});

Then('the Protokoll at the end of the form lists {string}, {string} and {string}', async function (this: GovsimWorld, a: string, b: string, c: string) {
  const r = await orderPost(this);
  const body = r.response?.body ?? '';
  const formEnd = body.indexOf('</form>');
  const details = body.indexOf('<details id="protokoll">');
  check(details > formEnd && formEnd > 0, 'the page has no expandable Protokoll (details) after the form');
  for (const code of [a, b, c]) check(body.includes(`data-code="${code}"`), `the Protokoll does not list ${code}`);
  const out = this.lastOutcome?.output as { protokoll?: string[] } | undefined;
  if (out?.protokoll) for (const code of [a, b, c]) check(out.protokoll.some((l) => l.includes(code)), `the browser did not see ${code} in the expanded Protokoll`);
});

async function certificateMail(world: GovsimWorld, to: string) {
  const r = await world.waitForEvidence(`the certificate mail to ${to}`, (x) => smtp(x)?.kind === 'zertifikat' && smtp(x)!.to.includes(to), 10_000);
  check(!smtp(r)!.error, `the certificate mail could not be delivered: ${smtp(r)!.error}`);
  const mail = (await mrds(world)).mrds.mails().find((m) => m.parsed.messageId === smtp(r)!.messageId);
  check(mail, `the mail ${smtp(r)!.messageId} is not in the mailbox`);
  return mail;
}

Then('{string} receives the client certificate by e-mail as a ZIP', async function (this: GovsimWorld, to: string) {
  const mail = await certificateMail(this, to);
  const zip = mail.parsed.attachments.find((a) => a.filename.endsWith('.zip'));
  check(zip && zip.contentType === 'application/zip', `the certificate mail has no ZIP attachment (has: ${mail.parsed.attachments.map((a) => a.filename).join(', ') || 'none'})`);
  this.values.set('zip', zip.content);
  this.values.set('certMail', mail.raw);
});

Then('the ZIP holds the certificate as PKCS#12, PEM certificate, encrypted PEM key, DER and CA chain', function (this: GovsimWorld) {
  const entries = readZip(this.values.get('zip') as Buffer);
  const find = (test: (name: string, data: Buffer) => boolean, what: string) => {
    const e = entries.find((x) => test(x.name, x.data));
    check(e, `the ZIP holds no ${what} (has: ${entries.map((x) => x.name).join(', ')})`);
    return e;
  };
  find((n) => /\.(p12|pfx)$/.test(n), 'PKCS#12 file');
  const pem = find((_n, d) => d.toString('latin1').startsWith('-----BEGIN CERTIFICATE-----') && d.toString('latin1').split('BEGIN CERTIFICATE').length === 2, 'PEM certificate');
  find((_n, d) => d.toString('latin1').includes('-----BEGIN ENCRYPTED PRIVATE KEY-----'), 'encrypted PEM private key');
  const der = find((n, d) => /\.(crt|der|cer)$/.test(n) && d[0] === 0x30, 'DER certificate');
  find((_n, d) => d.toString('latin1').split('BEGIN CERTIFICATE').length >= 3, 'CA chain');
  checkEqual(new X509Certificate(der.data).fingerprint256, new X509Certificate(pem.data).fingerprint256, 'the DER and PEM certificates differ');
});

Then('the PKCS#12 and the PEM key open with the passphrase {string} and with no other', function (this: GovsimWorld, passphrase: string) {
  const entries = readZip(this.values.get('zip') as Buffer);
  const p12 = entries.find((x) => /\.(p12|pfx)$/.test(x.name))!;
  const keyPem = entries.find((x) => x.data.toString('latin1').includes('ENCRYPTED PRIVATE KEY'))!;
  const opened = readPkcs12(p12.data, passphrase);
  check(opened.keyPkcs8 && opened.certificates.length >= 1, 'the PKCS#12 opened with the passphrase holds no key or certificate');
  createPrivateKey({ key: keyPem.data, format: 'pem', passphrase });
  let wrongOpened = false;
  try { readPkcs12(p12.data, `${passphrase}x`); wrongOpened = true; } catch { /* expected */ }
  check(!wrongOpened, 'the PKCS#12 also opens with a wrong passphrase');
  try { createPrivateKey({ key: keyPem.data, format: 'pem', passphrase: `${passphrase}x` }); wrongOpened = true; } catch { /* expected */ }
  check(!wrongOpened, 'the PEM key also opens with a wrong passphrase');
});

Then('the passphrase {string} appears neither in the mail nor in the evidence', function (this: GovsimWorld, passphrase: string) {
  const raw = String(this.values.get('certMail') ?? '');
  check(raw.length > 0, 'no certificate mail was read in this scenario');
  check(!raw.includes(passphrase) && !raw.includes(Buffer.from(passphrase).toString('base64')), 'the certificate mail contains the passphrase');
  // Step and scenario records quote the Gherkin text itself; everything the platform and the SUT did must not.
  const file = this.run.recorder.file;
  const lines = file ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : this.evidence().map((r) => JSON.stringify(r));
  const leaking = lines.filter((l) => l.includes(passphrase) && !['step', 'scenario'].includes((JSON.parse(l) as { kind: string }).kind));
  check(leaking.length === 0, `the evidence log contains the passphrase (${leaking.length} record(s), e.g. ${leaking[0]?.slice(0, 160)})`);
});

Then('AG MiN mails the Kundennummer for Mandant {string} to {string}', async function (this: GovsimWorld, ags: string, to: string) {
  const r = await this.waitForEvidence(`the Kundennummer mail to ${to}`, (x) => smtp(x)?.kind === 'kundennummer' && smtp(x)!.to.includes(to), 10_000);
  const mail = (await mrds(this)).mrds.mails().find((m) => m.parsed.messageId === smtp(r)!.messageId);
  check(mail, 'the Kundennummer mail is not in the mailbox');
  const k = /Kundennummer:\s*(\S+)/.exec(mail.parsed.text)?.[1];
  check(k, 'the Kundennummer mail names no Kundennummer');
  check(mail.parsed.text.includes(ags), `the Kundennummer mail does not name Mandant ${ags}`);
  this.values.set('kundennummer', k);
});

Then('the mailed certificate is registered for Mandant {string} with that Kundennummer', async function (this: GovsimWorld, ags: string) {
  const m = (await mrds(this)).mrds.state.mandanten.get(ags);
  const entries = readZip(this.values.get('zip') as Buffer);
  const der = entries.find((x) => /\.crt$/.test(x.name))!;
  const fp = new X509Certificate(der.data).fingerprint256.replace(/:/g, '');
  checkEqual(m?.kopplung.certificateFingerprint, fp, `certificate registered for Mandant ${ags}`);
  checkEqual(m?.kopplung.kundennummer, this.values.get('kundennummer'), `Kundennummer of Mandant ${ags}`);
});

Then('the invoice for the order goes to {string}', async function (this: GovsimWorld, empfaenger: string) {
  const r = await this.waitForEvidence('the invoice record', (x) => (x.data as { rechnung?: unknown } | undefined)?.rechnung !== undefined, 10_000);
  checkEqual((r.data as { rechnung: { empfaenger: string } }).rechnung.empfaenger, empfaenger, 'invoice recipient');
});
