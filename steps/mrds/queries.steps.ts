import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import type { CertificateVariant } from '../../simulators/kernel/pki/index.ts';
import type { MrdsSimulator } from '../../simulators/mrds/index.ts';
import { check, checkEqual } from '../support/check.ts';
import type { GovsimWorld } from '../support/world.ts';
import { deliveredItems } from './answer.ts';
import { PLATFORM, answeredQuery, mrds, passedCheck, queryExchange, trace } from './support.ts';

function writeCa(world: GovsimWorld): string {
  const caFile = join(world.sutDir(), 'mrds-server-ca.pem');
  writeFileSync(caFile, world.run.pki.trustedCaPem().join(''));
  return caFile;
}

function installParams(world: GovsimWorld, sim: MrdsSimulator, ags: string, kundennummer: string, passphrase: string) {
  const m = sim.mrds.state.mandanten.get(ags);
  check(m, `Mandant ${ags} is not in the Mandantentabelle`);
  return {
    configDir: join(world.sutDir(), 'fachverfahren'), passphrase, kundennummer,
    endpoint: sim.urls().xmeld, caFile: writeCa(world),
    behoerdenname: m.name, autorKennung: `ags:${ags}`, sicherheitsbehoerde: m.sicherheitsbehoerde,
  };
}

const INSTALL_TEXT = 'Install the client certificate (zipFile or p12File, opened with the passphrase) and the Kundennummer in the Fachverfahren, with the web service endpoint and the server CA (caFile).';

async function installFromMail(world: GovsimWorld, ags: string, passphrase: string, kundennummerOverride?: string): Promise<void> {
  const sim = await mrds(world);
  const certMail = [...sim.mrds.mails()].reverse().find((m) => m.parsed.attachments.some((a) => a.filename.endsWith('.zip')) && m.parsed.subject.includes(ags));
  check(certMail, `no certificate mail for Mandant ${ags} in the mailbox`);
  const zipFile = join(world.sutDir(), 'zertifikat.zip');
  writeFileSync(zipFile, certMail.parsed.attachments.find((a) => a.filename.endsWith('.zip'))!.content);
  const kundennummer = kundennummerOverride ?? String(world.values.get('kundennummer') ?? '');
  check(kundennummer, 'no Kundennummer was received in this scenario');
  const out = await world.sutPerforms(PLATFORM, 'install-applikationskopplung', { ...installParams(world, sim, ags, kundennummer, passphrase), zipFile }, INSTALL_TEXT);
  check(out.ok, `the Fachverfahren could not install the certificate: ${out.error}`);
}

Then('the Fachverfahren installs the certificate from the e-mail with the passphrase {string} and the mailed Kundennummer', async function (this: GovsimWorld, passphrase: string) {
  const order = this.values.get('order') as { mandant: string } | undefined;
  check(order, 'no order was placed in this scenario');
  await installFromMail(this, order.mandant, passphrase);
});

/** Orders through the platform's own order path (not the SUT) and installs the result in the Fachverfahren. */
async function provision(world: GovsimWorld, ags: string): Promise<string> {
  const sim = await mrds(world);
  const m = sim.mrds.state.mandanten.get(ags);
  check(m, `Mandant ${ags} is not in the Mandantentabelle`);
  const passphrase = `Test-${randomBytes(6).toString('hex')}`;
  const outcome = await sim.mrds.order({ mandant: ags, email: m.hauptadministratorEmail, passphrase, consent: true });
  check(outcome.result === 'accepted', `setting up Mandant ${ags} failed: ${outcome.result === 'refused' ? outcome.problems.map((p) => p.code).join(', ') : ''}`);
  const kundennummer = await sim.mrds.runOperator(ags);
  check(kundennummer, `AG MiN assigned no Kundennummer to Mandant ${ags}`);
  world.values.set('kundennummer', kundennummer);
  world.values.set('passphrase', passphrase);
  return passphrase;
}

Given('Mandant {string} has an Applikationskopplung installed in the Fachverfahren', async function (this: GovsimWorld, ags: string) {
  const passphrase = await provision(this, ags);
  await installFromMail(this, ags, passphrase);
});

Given('Mandant {string} has an Applikationskopplung installed in the Fachverfahren, but with the Kundennummer {string}', async function (this: GovsimWorld, ags: string, kundennummer: string) {
  const passphrase = await provision(this, ags);
  check(this.values.get('kundennummer') !== kundennummer, `the Kundennummer ${kundennummer} is the one AG MiN assigned to Mandant ${ags}`);
  await installFromMail(this, ags, passphrase, kundennummer);
});

Given('the Fachverfahren of Mandant {string} is configured with a {string} certificate', async function (this: GovsimWorld, ags: string, kind: string) {
  const sim = await mrds(this);
  const m = sim.mrds.state.mandanten.get(ags);
  check(m, `Mandant ${ags} is not in the Mandantentabelle`);
  let kundennummer = ags;
  if (kind === 'unregistered') kundennummer = (await provision(this, ags), String(this.values.get('kundennummer')));
  const variant: CertificateVariant = kind === 'unregistered' ? 'valid' : kind as CertificateVariant;
  const cert = await this.run.pki.issue({ profile: 'mrds-client', variant, customer: ags, organization: m.name.slice(0, 64), commonName: `Applikationskopplung ${ags}` });
  const passphrase = `Test-${randomBytes(6).toString('hex')}`;
  const p12File = join(this.sutDir(), `${kind}.p12`);
  writeFileSync(p12File, await cert.toPkcs12(passphrase));
  const out = await this.sutPerforms(PLATFORM, 'install-applikationskopplung', { ...installParams(this, sim, ags, kundennummer, passphrase), p12File }, INSTALL_TEXT);
  check(out.ok, `the Fachverfahren could not install the certificate: ${out.error}`);
});

Given('the Applikationskopplung of Mandant {string} is revoked', async function (this: GovsimWorld, ags: string) {
  await (await mrds(this)).mrds.revoke(ags);
});

const FIELDS: Record<string, string> = {
  Nachname: 'nachname', Vornamen: 'vornamen', Geburtsdatum: 'geburtsdatum', Geschlecht: 'geschlecht',
  'Gemeindeschlüssel': 'gemeindeschluessel', Postleitzahl: 'postleitzahl', Wohnort: 'wohnort', 'Straße': 'strasse',
  Aktenzeichen: 'aktenzeichen', Anlass: 'anlassDesAbrufs',
};

async function search(world: GovsimWorld, typ: '1330' | '1332', table: DataTable, security: boolean) {
  const row = table.rowsHash();
  const suche: Record<string, unknown> = { nachrichtentyp: typ, aktenzeichen: 'GOVSIM-AZ-1', anlassDesAbrufs: 'Prüfung im Verwaltungsverfahren (Test)' };
  for (const [k, v] of Object.entries(row)) {
    if (k === 'Anforderungselemente') suche.anforderungselemente = v.split(',').map((s) => Number(s.trim()));
    else {
      check(FIELDS[k], `unknown search field "${k}" (known: ${Object.keys(FIELDS).join(', ')}, Anforderungselemente)`);
      suche[FIELDS[k]] = v;
    }
  }
  if (security) {
    const sim = await mrds(world);
    check(sim.mrds.state.mandanten.list().some((m) => m.sicherheitsbehoerde), 'no security authority in the Mandantentabelle');
  }
  await world.sutPerforms(PLATFORM, 'query-melderegister', { configDir: join(world.sutDir(), 'fachverfahren'), suche },
    `Run a XMeld ${typ} ${typ === '1330' ? 'Personensuche' : 'freie Suche'} in the Fachverfahren with these criteria${security ? ' (as a security authority)' : ''}: ${JSON.stringify(suche)}`);
}

When('the Fachverfahren runs a 1330 Personensuche for:', (function (this: GovsimWorld, t: DataTable) { return search(this, '1330', t, false); }));
When('the Fachverfahren runs a 1332 freie Suche for:', (function (this: GovsimWorld, t: DataTable) { return search(this, '1332', t, false); }));
When('the Fachverfahren runs a 1332 freie Suche as a security authority for:', (function (this: GovsimWorld, t: DataTable) { return search(this, '1332', t, true); }));

Then('the web service answers with {int} hit(s)', async function (this: GovsimWorld, n: number) {
  const { a } = await answeredQuery(this);
  checkEqual(a.anzahlTreffer, n, 'number of hits (anzahlTreffer) in the answer');
  if (n <= 1000) checkEqual(a.personen.length, n, 'persons in the answer');
});

Then('the query came with the certificate and Kundennummer of Mandant {string}', async function (this: GovsimWorld, ags: string) {
  const { t } = await answeredQuery(this);
  checkEqual(t.mandant, ags, 'Mandant of the client certificate');
  checkEqual(t.kundennummer, this.values.get('kundennummer'), 'Kundennummer in the query');
});

Then('the hits are {string}', async function (this: GovsimWorld, expected: string) {
  const { a } = await answeredQuery(this);
  const got = a.personen.map((p) => `${p.familienname}, ${p.vornamen}`).sort();
  checkEqual(got.join('; '), expected.split(';').map((s) => s.trim()).sort().join('; '), 'persons in the answer');
});

Then('the answer carries exactly the data items {string}', async function (this: GovsimWorld, items: string) {
  const { a } = await answeredQuery(this);
  check(a.personen.length > 0, 'the answer holds no person to carry data items');
  checkEqual(deliveredItems(a), items.split(',').map((s) => Number(s.trim())), 'data items (anforderungselemente) delivered in the answer');
});

Then("the answer's ergebnisstatus is {string}", async function (this: GovsimWorld, code: string) {
  const { a } = await answeredQuery(this);
  checkEqual(a.ergebnisstatus, code, 'ergebnisstatus');
});

Then('the answer delivers exactly {int} persons with ergebnisstatus {string}', async function (this: GovsimWorld, n: number, code: string) {
  const { a } = await answeredQuery(this);
  checkEqual(a.personen.length, n, 'persons delivered in the answer');
  checkEqual(a.ergebnisstatus, code, 'ergebnisstatus');
});

Then('the hit is marked as blocked and none of its data is delivered', async function (this: GovsimWorld) {
  const { a } = await answeredQuery(this);
  const withheld = a.personen.filter((p) => p.auskunftssperre && p.elements.length === 0 && !p.meldestatus);
  checkEqual(withheld.length, 1, 'hits withheld because of an Auskunftssperre');
  check(a.personen.every((p) => !p.auskunftssperre || p.elements.length === 0), 'the answer delivers data of a person with an Auskunftssperre');
  check(a.hinweise.includes('H_AUSKUNFTSSPERRE'), `the answer's hinweise are ${JSON.stringify(a.hinweise)}, without H_AUSKUNFTSSPERRE`);
});

Then('the answer notes {string}', async function (this: GovsimWorld, code: string) {
  const { a } = await answeredQuery(this);
  check(a.hinweise.includes(code), `the answer's hinweise are ${JSON.stringify(a.hinweise)}, without ${code}`);
});

Then('the hit has the Meldestatus {string}', async function (this: GovsimWorld, status: string) {
  const { a } = await answeredQuery(this);
  checkEqual(a.personen[0]?.meldestatus, status, 'Meldestatus of the hit');
});

Then('the web service accepted the Kundennummer of Mandant {string}', async function (this: GovsimWorld, ags: string) {
  const { t } = await passedCheck(this, 'MRDS_KUNDENNUMMER', 'Kundennummer');
  checkEqual(t.mandant, ags, 'Mandant of the certificate');
  checkEqual(t.kundennummer, this.values.get('kundennummer'), 'Kundennummer in datenAbrufendeStelle/kennung');
});

Then('the connection is refused with reason {string}', async function (this: GovsimWorld, reason: string) {
  const r = await this.waitForEvidence(`a refused certificate (${reason})`, (x) => x.kind === 'tls-handshake');
  checkEqual((r.data as { reason?: string } | undefined)?.reason, reason, 'reason the connection was refused');
  await new Promise((res) => setTimeout(res, 50));
  const served = this.evidence((x) => x.kind === 'exchange' && (x.request?.url ?? '').includes('/xmeld/'));
  checkEqual(served.map((x) => x.response?.status), [], 'the web service answered on a connection it should have refused');
});

Then('the web service refuses the query with {string}', async function (this: GovsimWorld, code: string) {
  const r = await queryExchange(this);
  const t = trace(r);
  check(t.fault, `the web service answered the query (HTTP ${r.response?.status}) instead of refusing it with ${code}`);
  checkEqual(t.fault.code, code, 'fault code');
  checkEqual(r.response?.status, 500, 'HTTP status of the SOAP fault');
});

Then('the web service found a SOAP 1.1 callApplicationByte with a base64 xmlParameter', async function (this: GovsimWorld) {
  const { t } = await passedCheck(this, 'MRDS_SOAP', 'SOAP request');
  checkEqual(t.encoding, 'base64', 'xmlParameter encoding');
});

Then('the web service found a complete nachrichtenkopf.g2g with a fresh nachrichtenUUID', async function (this: GovsimWorld) {
  const { t } = await passedCheck(this, 'MRDS_XMELD_HEADER', 'nachrichtenkopf.g2g');
  const others = this.run.recorder.query({ platform: PLATFORM }).filter((x) => x.scenarioId !== this.scenario.id).map((x) => trace(x).nachrichtenUUID);
  check(!others.includes(t.nachrichtenUUID), `nachrichtenUUID ${t.nachrichtenUUID} was already used in an earlier query`);
});

Then('the web service found datenAbrufendeStelle with aktenzeichen {string} and anlassDesAbrufs {string}', async function (this: GovsimWorld, az: string, anlass: string) {
  const { t } = await passedCheck(this, 'MRDS_CALLER_DATA', 'datenAbrufendeStelle');
  checkEqual(t.aktenzeichen, az, 'aktenzeichen');
  checkEqual(t.anlassDesAbrufs, anlass, 'anlassDesAbrufs');
});

Then('the web service found the XMeld request valid against the datenabruf schema', async function (this: GovsimWorld) {
  await passedCheck(this, 'MRDS_XMELD_SCHEMA', 'XMeld schema');
  await answeredQuery(this);
});
