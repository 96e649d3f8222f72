/** Steps of the Byg og Miljø suite: thin glue over the simulator, the SUT driver and the evidence. */
import { join } from 'node:path';
import { Given, Then, When } from '@cucumber/cucumber';
import { current, newCitizenApplication, tinyPdf } from '../../simulators/bygogmiljo/domain/index.ts';
import { CheckFailed, check, checkEqual } from '../support/check.ts';
import type { GovsimWorld } from '../support/world.ts';
import {
  PLATFORM, acceptedCall, bom, bomData, calls, certFor, configureSut, connection, cvrOf, integratorCert, issueFoces, newApplication, rememberApplication, tinyFile,
} from './bom-world.ts';

const DAY = 86_400_000;

// ── Setting the stage ────────────────────────────────────────────────────

Given('the simulated Byg og Miljø test environment', async function (this: GovsimWorld) {
  await bom(this);
});

Given('{string} has its own function certificate registered in Byg og Miljø', async function (this: GovsimWorld, name: string) {
  const sim = await bom(this);
  const cvr = await cvrOf(this, name);
  const fid = String(10_000_000 + Number(cvr.slice(-4)));
  const cert = await issueFoces(this, `kommune-${cvr}`, cvr, fid, `${name} ESDH (funktionscertifikat)`, name);
  sim.bom.registerCertificate(cvr, cert.subject);
  configureSut(this, cvr, cert);
});

Given('the system under test is configured to use the certificate of {string} for {string} as well', async function (this: GovsimWorld, owner: string, other: string) {
  configureSut(this, await cvrOf(this, other), certFor(this, `kommune-${await cvrOf(this, owner)}`));
});

Given('the system under test acts for {string} as integrator with its own FOCES certificate', async function (this: GovsimWorld, name: string) {
  configureSut(this, await cvrOf(this, name), await integratorCert(this));
});

Given('a citizen has submitted a new {string} application \\(area {string}) to {string}', async function (this: GovsimWorld, type: string, area: string, name: string) {
  const sim = await bom(this);
  const n = ((this.values.get('bom.apps') as unknown[] | undefined)?.length ?? 0) + 1;
  rememberApplication(this, sim.bom.submitApplication(newCitizenApplication(await cvrOf(this, name), area, type, n)));
});

Given('citizens submit {int} new application(s) to {string}', async function (this: GovsimWorld, count: number, name: string) {
  const sim = await bom(this);
  const cvr = await cvrOf(this, name);
  for (let i = 0; i < count; i++) {
    const n = ((this.values.get('bom.apps') as unknown[] | undefined)?.length ?? 0) + 1;
    rememberApplication(this, sim.bom.submitApplication(newCitizenApplication(cvr, 'byg', 'tilbygning', n)));
  }
});

Given('Byg og Miljø hands out at most {int} messages per HentBeskeder answer', async function (this: GovsimWorld, n: number) {
  (await bom(this)).bom.state.settings.pageSize = n;
});

Given('the first deadline of the new application has passed', async function (this: GovsimWorld) {
  const sim = await bom(this);
  const app = newApplication(this);
  const profile = sim.bom.state.konfiguration.FristNotifikationProfiler.find((p) => p.Kode === sim.bom.state.sager.get(app.sagId)!.fristProfil)!;
  const due = sim.bom.advanceTime((profile.Frister[0] + 1) * DAY);
  check(due.some((b) => b.sagId === app.sagId), 'moving the simulated time past the first deadline produced no FristOverskridelseBesked for the new application');
});

Given('Byg og Miljø moves the case of the new application to status {string} in phase {string}', async function (this: GovsimWorld, status: string, fase: string) {
  const app = newApplication(this);
  (await bom(this)).bom.changeStatus(app.sagId, status, fase, 'Ændret i Byg og Miljø (fiktiv)');
});

When('{int} days pass in Byg og Miljø', async function (this: GovsimWorld, days: number) {
  (await bom(this)).bom.advanceTime(days * DAY);
});

// ── The system under test acts ───────────────────────────────────────────

async function sut(world: GovsimWorld, action: string, extra: Record<string, unknown>, instructions: string, myndighedCvr?: string) {
  const params = { connection: await connection(world), ...(myndighedCvr ? { myndighedCvr } : {}), ...extra };
  return world.sutPerforms(PLATFORM, action, params, instructions);
}

When('the system under test fetches the new applications of {string}', async function (this: GovsimWorld, name: string) {
  const cvr = await cvrOf(this, name);
  const now = (await bom(this)).bom.state.now().getTime();
  await sut(this, 'list-applications', { fromDate: new Date(now - 30 * DAY).toISOString(), toDate: new Date(now + DAY).toISOString() },
    `List the applications of CVR ${cvr} (LaesAnsoegningOversigt for the period) and read each one (LaesAnsoegning), using the certificate configured for that municipality.`, cvr);
});

When('the system under test reads the new application', async function (this: GovsimWorld) {
  const app = newApplication(this);
  await sut(this, 'read-application', { ansoegningId: app.ansoegningId }, `Read application ${app.ansoegningId} (BOM ${app.bomNummer}) with LaesAnsoegning.`, app.myndighedCvr);
});

When('the system under test grants the new application with the decision letter {string}', async function (this: GovsimWorld, filnavn: string) {
  const app = newApplication(this);
  const letter = tinyFile(this, filnavn, tinyPdf(`Byggetilladelse ${app.bomNummer} (fiktiv)`));
  this.values.set('bom.letter', letter);
  await sut(this, 'reply-to-application', {
    ansoegningId: app.ansoegningId, afgoerelseKode: 'Tilladelse', tekst: `Tilladelse til ${app.titel}`,
    documents: [{ file: letter.file, titel: 'Byggetilladelse', filnavn, mimeType: 'application/pdf' }],
  }, `Grant application ${app.bomNummer} (BesvarAnsoegning, AfgoerelseKode Tilladelse) with the decision letter from "documents" uploaded to the case first.`, app.myndighedCvr);
});

When('the system under test marks the new application {string} in phase {string}', async function (this: GovsimWorld, status: string, fase: string) {
  const app = newApplication(this);
  await sut(this, 'update-case-status', { ansoegningId: app.ansoegningId, sagStatusKode: status, faseKode: fase, tekst: 'Sagen er under behandling' },
    `Update the case of application ${app.bomNummer} to status ${status} in phase ${fase} (BesvarAnsoegning Statusopdatering) and read the status back (LaesSagStatus).`, app.myndighedCvr);
});

When('the system under test fetches its messages for {string}', async function (this: GovsimWorld, name: string) {
  const cvr = await cvrOf(this, name);
  await sut(this, 'poll-messages', { stateFile: join(this.sutDir(), `bom-watermark-${cvr}.json`) },
    `Fetch all new messages for CVR ${cvr} (HentBeskeder with your stored high-watermark, until none are left) and handle each one.`, cvr);
});

When('the system under test is restarted', async function (this: GovsimWorld) {
  const cvrs = ((this.values.get('bom.connection') as Array<{ myndighedCvr: string }> | undefined) ?? []).map((c) => c.myndighedCvr);
  for (const cvr of new Set(cvrs)) {
    await this.sutPerforms(PLATFORM, 'restart', { stateFile: join(this.sutDir(), `bom-watermark-${cvr}.json`) }, 'Restart the case system (stop and start its process).');
  }
});

When('the system under test downloads the documents of the new application', async function (this: GovsimWorld) {
  const app = newApplication(this);
  await sut(this, 'download-documents', { ansoegningId: app.ansoegningId, saveDir: join(this.sutDir(), 'downloads') },
    `Download every document of application ${app.bomNummer} (GET on each document Uri with the GetSecurityToken cookies).`, app.myndighedCvr);
});

When('the system under test uploads the document {string} to the new application', async function (this: GovsimWorld, filnavn: string) {
  const app = newApplication(this);
  const doc = tinyFile(this, filnavn, tinyPdf(`Partshoering ${app.bomNummer} (fiktiv)`));
  this.values.set('bom.upload', doc);
  await sut(this, 'upload-document', { ansoegningId: app.ansoegningId, file: doc.file, mimeType: 'application/pdf' },
    `Upload the file "file" to the case of application ${app.bomNummer} (PUT to DokumentUploadUri + a new GUID, with the GetSecurityToken cookies).`, app.myndighedCvr);
});

When('the system under test stops the service-level clock of the new application while it waits for the applicant', async function (this: GovsimWorld) {
  const app = newApplication(this);
  await sut(this, 'update-service-level', { ansoegningId: app.ansoegningId, handling: 'Stop' },
    `Stop the service-level clock of the case of application ${app.bomNummer} (OpdaterSagServiceMaal, Handling Stop): the case waits for the applicant.`, app.myndighedCvr);
});

When('the system under test resumes the service-level clock of the new application', async function (this: GovsimWorld) {
  const app = newApplication(this);
  await sut(this, 'update-service-level', { ansoegningId: app.ansoegningId, handling: 'Genoptag' },
    `The applicant has answered: resume the service-level clock of the case of application ${app.bomNummer} (OpdaterSagServiceMaal).`, app.myndighedCvr);
});

When('the system under test loads the basic configuration of Byg og Miljø for {string}', async function (this: GovsimWorld, name: string) {
  const cvr = await cvrOf(this, name);
  await sut(this, 'read-configuration', {},
    'Load the code lists of Byg og Miljø (KonfigurationV6 GetBasisKonfiguration) and report the case areas (sagOmraader), case types (sagTyper), statuses (sagStatusTyper) and phases (sagFaser) you now know.', cvr);
});

// ── Checks ───────────────────────────────────────────────────────────────

Then('Byg og Miljø accepted the listing for {string} made with the function certificate of {string}', async function (this: GovsimWorld, name: string, owner: string) {
  const cvr = await cvrOf(this, name);
  const r = await acceptedCall(this, 'LaesAnsoegningOversigt', `an accepted LaesAnsoegningOversigt for CVR ${cvr}`, (d) => d.myndighedCvr === cvr);
  const cert = certFor(this, `kommune-${await cvrOf(this, owner)}`);
  checkEqual(r.identity?.fingerprint256, cert.fingerprint256, `certificate used for CVR ${cvr} (fingerprint)`);
  const expected = [...(await bom(this)).bom.state.applications.values()].filter((a) => a.myndighedCvr === cvr).length;
  checkEqual((bomData(r)!.ansoegningIds as string[]).length, expected, `applications listed for CVR ${cvr}`);
});

Then('Byg og Miljø refused the call for {string} with TransaktionFault {string}', async function (this: GovsimWorld, name: string, code: string) {
  const cvr = await cvrOf(this, name);
  const r = await this.waitForEvidence(`a Byg og Miljø call for CVR ${cvr}`, (x) => { const d = bomData(x); return !!d && d.myndighedCvr === cvr && d.ok !== undefined; })
    .catch((err: Error) => {
      const other = this.evidence((x) => !!bomData(x)?.myndighedCvr).map((x) => bomData(x)!)[0];
      throw other ? new CheckFailed(`the system under test called ${other.operation} with MyndighedCvr ${other.myndighedCvr} instead of ${cvr}`) : err;
    });
  const d = bomData(r)!;
  check(d.ok === false, `Byg og Miljø accepted ${d.operation} for CVR ${cvr}, but it should have refused it with ${code}`);
  checkEqual(d.fault, code, `TransaktionFault of ${d.operation} for CVR ${cvr}`);
  check(r.verdicts?.some((v) => v.check === code && !v.ok), `the refusal ${code} is not recorded as a failed verdict in the evidence`);
});

Then('the system under test reported the refusal {string}', function (this: GovsimWorld, code: string) {
  const o = this.lastOutcome;
  check(o, 'the system under test was not asked to act');
  if (o.mode === 'manual') return; // A tester's report cannot be read back; the refusal itself is checked above.
  check(!o.ok || JSON.stringify(o.output ?? '').includes(code),
    `the system under test reported success (${JSON.stringify(o.output ?? null).slice(0, 200)}) although Byg og Miljø refused the call with ${code}`);
});

Then('the system under test read every {string} application of {string} and no other, via the service agreement', async function (this: GovsimWorld, area: string, name: string) {
  const cvr = await cvrOf(this, name);
  await acceptedCall(this, 'LaesAnsoegningOversigt', `an accepted LaesAnsoegningOversigt for CVR ${cvr}`, (d) => d.myndighedCvr === cvr);
  const expected = [...(await bom(this)).bom.state.applications.values()].filter((a) => a.myndighedCvr === cvr && a.sagOmraade === area).map((a) => a.ansoegningId).sort();
  const read = calls(this, 'LaesAnsoegning', (d) => d.ok === true && d.myndighedCvr === cvr);
  checkEqual([...new Set(read.map((r) => String(bomData(r)!.ansoegningId)))].sort(), expected, `applications of area "${area}" the system under test read for CVR ${cvr}`);
  check(read.every((r) => bomData(r)!.via === 'serviceaftale'), 'a LaesAnsoegning was not authorised via the service agreement');
});

Then('the system under test read the new application', async function (this: GovsimWorld) {
  const app = newApplication(this);
  await acceptedCall(this, 'LaesAnsoegning', `an accepted LaesAnsoegning of application ${app.bomNummer}`, (d) => d.ansoegningId === app.ansoegningId);
});

Then('the listing it used named the new application', async function (this: GovsimWorld) {
  const app = newApplication(this);
  const r = await acceptedCall(this, 'LaesAnsoegningOversigt', `an accepted LaesAnsoegningOversigt for CVR ${app.myndighedCvr}`, (d) => d.myndighedCvr === app.myndighedCvr);
  check((bomData(r)!.ansoegningIds as string[]).includes(app.ansoegningId), `LaesAnsoegningOversigt did not name application ${app.bomNummer}; check the period the system under test asked for`);
});

Then('Byg og Miljø holds the decision {string} on the new application with the decision letter', async function (this: GovsimWorld, decision: string) {
  const app = newApplication(this);
  const r = await acceptedCall(this, 'BesvarAnsoegning', `an accepted BesvarAnsoegning for application ${app.bomNummer}`, (d) => d.ansoegningId === app.ansoegningId);
  checkEqual(bomData(r)!.afgoerelseKode, decision, 'AfgoerelseKode of the reply');
  const sim = await bom(this);
  const reply = sim.bom.state.sager.get(app.sagId)!.besvarelser.at(-1);
  check(reply && reply.dokumentIds.length > 0, `the decision on ${app.bomNummer} carries no document`);
  const letter = this.values.get('bom.letter') as { sha256: string } | undefined;
  const shas = reply.dokumentIds.map((id) => sim.bom.state.documents.get(id)?.sha256);
  if (letter) check(shas.includes(letter.sha256), 'the decision letter stored in Byg og Miljø differs from the one the system under test was given');
});

Then('the case of the new application has status {string} in phase {string}', async function (this: GovsimWorld, status: string, fase: string) {
  const app = newApplication(this);
  const st = current((await bom(this)).bom.state.sager.get(app.sagId)!);
  checkEqual(`${st.statusKode}/${st.faseKode}`, `${status}/${fase}`, `status/phase of case ${app.bomNummer}`);
});

Then('the system under test read the status {string} back with LaesSagStatus', async function (this: GovsimWorld, status: string) {
  const app = newApplication(this);
  const update = await acceptedCall(this, 'BesvarAnsoegning', `an accepted status update for ${app.bomNummer}`, (d) => d.ansoegningId === app.ansoegningId);
  const read = calls(this, 'LaesSagStatus', (d, r) => d.ok === true && d.sagId === app.sagId && r.seq > update.seq);
  check(read.length > 0, `the system under test did not read the status of case ${app.bomNummer} with LaesSagStatus after updating it`);
  checkEqual(bomData(read.at(-1)!)!.sagStatusKode, status, 'status LaesSagStatus answered after the update');
});

Then('every message for {string} was delivered to the system under test exactly once', async function (this: GovsimWorld, name: string) {
  const cvr = await cvrOf(this, name);
  const polls = calls(this, 'HentBeskeder', (d) => d.myndighedCvr === cvr);
  check(polls.length > 0, `the system under test never called HentBeskeder for CVR ${cvr}`);
  const refused = polls.find((r) => bomData(r)!.ok === false);
  if (refused) check(false, `HentBeskeder was refused: ${bomData(refused)?.fault} ${bomData(refused)?.faultMessage}`);
  const delivered = polls.flatMap((r) => (bomData(r)!.beskeder as Array<{ beskedId: string }>).map((b) => b.beskedId));
  const counts = new Map<string, number>();
  for (const id of delivered) counts.set(id, (counts.get(id) ?? 0) + 1);
  const dups = [...counts].filter(([, n]) => n > 1);
  check(dups.length === 0, `${dups.length} message(s) were delivered more than once (e.g. ${dups[0]?.[0]} ${dups[0]?.[1]} times): the system under test did not continue from its stored high-watermark`);
  const all = (await bom(this)).bom.state.beskeder.filter((b) => b.myndighedCvr === cvr);
  const lost = all.filter((b) => !counts.has(b.beskedId));
  check(lost.length === 0, `${lost.length} message(s) for CVR ${cvr} were never fetched (e.g. ${lost[0]?.type} ${lost[0]?.beskedId})`);
});

Then('the system under test read every application announced to it', async function (this: GovsimWorld) {
  const announced = calls(this, 'HentBeskeder', (d) => d.ok === true)
    .flatMap((r) => (bomData(r)!.beskeder as Array<{ type: string; ansoegningId?: string }>).filter((b) => b.type === 'AnsoegningIndsendtBesked').map((b) => ({ id: b.ansoegningId!, seq: r.seq })));
  for (const a of announced) {
    check(calls(this, 'LaesAnsoegning', (d, r) => d.ok === true && d.ansoegningId === a.id && r.seq > a.seq).length > 0, `application ${a.id} was announced (AnsoegningIndsendtBesked) but the system under test never read it`);
  }
});

Then('the system under test downloaded every document of the new application with a valid security token', async function (this: GovsimWorld) {
  const app = newApplication(this);
  for (const id of app.dokumentIds) {
    const ok = calls(this, 'DokumentHent', (d) => d.ok === true && d.dokumentId === id);
    if (ok.length > 0) continue;
    const bad = calls(this, 'DokumentHent', (d) => d.dokumentId === id).at(-1);
    check(false, bad
      ? `document ${id} was not downloaded: Byg og Miljø answered HTTP ${bad.response?.status} ${bomData(bad)!.fault} (${bomData(bad)!.faultMessage})`
      : `the system under test never requested document ${id} of ${app.bomNummer}`);
  }
});

Then('the case of the new application holds the uploaded document unchanged', async function (this: GovsimWorld) {
  const app = newApplication(this);
  const upload = this.values.get('bom.upload') as { sha256: string };
  const put = calls(this, 'DokumentUpload', (d) => d.sagId === app.sagId).at(-1);
  check(put, `the system under test never uploaded a document to case ${app.bomNummer}`);
  const d = bomData(put)!;
  check(d.ok === true, `the upload was refused: HTTP ${put.response?.status} ${d.fault} (${d.faultMessage})`);
  checkEqual(d.sha256, upload.sha256, 'SHA-256 of the document stored in Byg og Miljø');
});

Then('the system under test received the deadline message for the new application and then read the status of that case', async function (this: GovsimWorld) {
  const app = newApplication(this);
  const poll = calls(this, 'HentBeskeder', (d) => d.ok === true && (d.beskeder as Array<{ type: string; sagId?: string }>).some((b) => b.type === 'FristOverskridelseBesked' && b.sagId === app.sagId))[0];
  check(poll, `the FristOverskridelseBesked for ${app.bomNummer} was never fetched with HentBeskeder`);
  const read = calls(this, 'LaesSagStatus', (d, r) => d.ok === true && d.sagId === app.sagId && r.seq > poll.seq);
  check(read.length > 0, `the system under test fetched the FristOverskridelseBesked for ${app.bomNummer} but did not read the case status afterwards (LaesSagStatus)`);
});

Then('the system under test read every status change of the new application\'s case that a SagStatusSkiftBesked announced', async function (this: GovsimWorld) {
  const app = newApplication(this);
  const sag = (await bom(this)).bom.state.sager.get(app.sagId)!;
  const announced = calls(this, 'HentBeskeder', (d) => d.ok === true).flatMap((r) =>
    (bomData(r)!.beskeder as Array<{ type: string; sagId?: string; sagStatusId?: string }>)
      .filter((b) => b.type === 'SagStatusSkiftBesked' && b.sagId === app.sagId).map((b) => ({ sagStatusId: b.sagStatusId!, seq: r.seq })));
  const changes = sag.statuses.filter((st) => st.kilde === 'bom' && st.statusKode !== 'Modtaget');
  check(announced.length >= changes.length, `${changes.length - announced.length} of ${changes.length} SagStatusSkiftBesked for ${app.bomNummer} were never fetched with HentBeskeder`);
  const reads = calls(this, 'LaesSagStatus', (d) => d.ok === true && d.sagId === app.sagId);
  for (const a of announced) {
    const status = sag.statuses.find((st) => st.sagStatusId === a.sagStatusId);
    const read = reads.some((r) => r.seq > a.seq && bomData(r)!.sagStatusId === a.sagStatusId);
    check(read, `the SagStatusSkiftBesked for ${app.bomNummer} announced status ${status?.statusKode ?? '?'} (SagStatusId ${a.sagStatusId}), but the system under test never read that status with LaesSagStatus ` +
      `(it read: ${reads.map((r) => String(bomData(r)!.sagStatusKode)).join(', ') || 'nothing'})`);
  }
});

Then('the service-level clock of the new application runs from its original start with the {int} paused days excluded', async function (this: GovsimWorld, days: number) {
  const app = newApplication(this);
  const updates = calls(this, 'OpdaterSagServiceMaal', (d) => d.ok === true && d.sagId === app.sagId);
  check(updates.length >= 2, `the system under test updated the service-level clock of ${app.bomNummer} ${updates.length} time(s); expected a stop and a resume (OpdaterSagServiceMaal)`);
  checkEqual(bomData(updates[0])!.handling, 'Stop', 'Handling of the first service-level update');
  const resume = bomData(updates.at(-1)!)!;
  check(resume.handling === 'Genoptag', `the system under test resumed the service-level clock of ${app.bomNummer} with Handling "${String(resume.handling)}" instead of "Genoptag": ` +
    (resume.handling === 'Start' ? 'Start restarts the clock, moving its start date and losing the days already used' : 'the clock is not running again'));
  const sm = (await bom(this)).bom.state.sager.get(app.sagId)!.serviceMaal;
  checkEqual(sm.status, 'Aktiv', `state of the service-level clock of ${app.bomNummer}`);
  checkEqual(sm.start, app.indsendtAt, `start date of the service-level clock of ${app.bomNummer}`);
  checkEqual(Math.round(sm.pausedMs / DAY), days, `days the service-level clock of ${app.bomNummer} was stopped`);
});

Then('the system under test read the basic configuration with GetBasisKonfiguration and knows every case area, case type, status and phase in it', async function (this: GovsimWorld) {
  const k = (await bom(this)).bom.state.konfiguration;
  await acceptedCall(this, 'GetBasisKonfiguration', 'an accepted GetBasisKonfiguration from the system under test');
  const out = this.lastOutcome?.output as Record<string, unknown> | undefined;
  if (!out || this.lastOutcome?.mode === 'manual') return; // A tester's answer cannot be read back; the call itself is checked above.
  const lists: Array<[string, string[]]> = [
    ['sagOmraader', k.SagOmraader.map((x) => x.Kode)], ['sagTyper', k.SagTyper.map((x) => x.Kode)],
    ['sagStatusTyper', k.SagStatusTyper.map((x) => x.Kode)], ['sagFaser', k.SagFaser.map((x) => x.Kode)],
  ];
  for (const [name, codes] of lists) {
    const known = Array.isArray(out[name]) ? (out[name] as unknown[]).map(String) : [];
    const missing = codes.filter((c) => !known.includes(c));
    check(missing.length === 0, `the system under test does not know ${name} ${missing.join(', ')} from the basic configuration (it reported: ${known.join(', ') || 'none'})`);
  }
});
