/**
 * Reference case system (fagsystem) for the Byg og Miljø suite, and its broken variants
 * (one defect each). Parameters are plain JSON: see docs/platforms/bygogmiljo.md, "SUT actions".
 */
import { X509Certificate, createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReferenceClient } from '../../kernel/sut/drivers.ts';
import { xml, type XmlElement } from '../../kernel/xml/index.ts';
import { BomClient, HttpError, NS, TransaktionFaultError, https, kids, t, type Connection } from './bom-client.ts';

export const BOM_VARIANTS = {
  'one-certificate-for-all': 'uses the first municipality\'s function certificate for every municipality',
  'uses-own-cvr': 'sends the CVR from its own certificate as MyndighedCvr instead of the authority it acts for',
  'swallows-faults': 'treats a TransaktionFault on listing/reading as "no applications" instead of reporting it',
  'reply-without-documents': 'replies with a decision but does not upload or reference the decision document',
  'no-status-readback': 'updates the case status but never reads it back with LaesSagStatus',
  'watermark-in-memory': 'keeps the HentBeskeder high-watermark only in memory, so a restart polls from the beginning',
  'ignores-deadline-messages': 'skips FristOverskridelseBesked messages',
  'no-security-token': 'downloads and uploads documents without the security-token cookies',
  'reads-only-current-status': 'on a SagStatusSkiftBesked reads the current status instead of the status the message names',
  'restarts-service-clock': 'resumes a stopped service-level clock with Handling "Start" (restart) instead of "Genoptag"',
  'hardcoded-configuration': 'uses built-in code lists instead of reading GetBasisKonfiguration',
} as const;

/** The code lists a careless case system compiles in (the `hardcoded-configuration` variant). */
const BUILT_IN_CONFIGURATION = { sagOmraader: ['byg', 'miljoe'], sagStatusTyper: ['Modtaget', 'Afgjort'], sagFaser: ['Ansoeg', 'Afslutning'], sagTyper: [] as string[], fristProfiler: [] as string[] };

type Variant = keyof typeof BOM_VARIANTS | undefined;

interface Base { connection: Connection; myndighedCvr: string }

/** Watermarks a process keeps in memory (the `watermark-in-memory` variant); `restart` clears them. */
const memory = new Map<string, string | undefined>();

function client(p: Base, variant: Variant): BomClient {
  const certs = p.connection.certificates;
  const entry = variant === 'one-certificate-for-all' ? certs[0] : certs.find((c) => c.myndighedCvr === p.myndighedCvr);
  if (!entry) throw new Error(`the case system has no certificate configured for CVR ${p.myndighedCvr}`);
  let cvr = p.myndighedCvr;
  if (variant === 'uses-own-cvr') {
    const own = /CVR:(\d{8})-FID:/.exec(subjectOf(entry.certFile))?.[1];
    if (own) cvr = own;
  }
  return new BomClient(p.connection, cvr, { certFile: entry.certFile, keyFile: entry.keyFile, caFile: p.connection.caFile });
}

/** The subject of the first certificate in a PEM file (the client's own). */
function subjectOf(certFile: string): string {
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(readFileSync(certFile, 'utf8'))?.[0];
  return pem ? new X509Certificate(pem).subject : '';
}

async function readApplication(c: BomClient, ansoegningId: string) {
  const r = await c.call('SagsbehandlingV5', 'LaesAnsoegning', xml`<LaesAnsoegning xmlns="${NS}"><ansoegningId>${ansoegningId}</ansoegningId><myndighedCvr>${c.myndighedCvr}</myndighedCvr></LaesAnsoegning>`);
  const res = r.child('LaesAnsoegningResult', NS)!;
  const sag = res.child('BOMSag', NS);
  return {
    ansoegningId: t(res, 'AnsoegningId'), sagId: t(sag, 'BOMSagID'), bomNummer: t(sag, 'BomNummer'),
    sagOmraade: t(sag, 'SagOmraadeKode'), sagType: t(sag, 'SagTypeKode'), titel: t(sag, 'Titel'),
    uploadUri: t(sag, 'DokumentUploadUri'),
    ansoegere: kids(sag?.child('TilknyttetAnsoegerListe', NS), 'Ansoeger').map((a) => t(a, 'Navn')),
    dokumenter: kids(res.child('Dokumenter', NS), 'Dokument').map((d) => ({ dokumentId: t(d, 'DokumentId'), filnavn: t(d, 'Filnavn'), uri: t(d, 'Uri'), sha256: t(d, 'Sha256') })),
    serviceMaal: t(r.child('serviceMaalStatistik', NS), 'Status'),
  };
}

async function laesSagStatus(c: BomClient, sagId: string, sagStatusId?: string) {
  const r = await c.call('SagStatusV2', 'LaesSagStatus', xml`<LaesSagStatus xmlns="${NS}"><sagId>${sagId}</sagId>${sagStatusId ? xml`<sagStatusId>${sagStatusId}</sagStatusId>` : ''}<myndighedCvr>${c.myndighedCvr}</myndighedCvr></LaesSagStatus>`);
  const s = r.child('LaesSagStatusResult', NS);
  return { sagId: t(s, 'SagId'), sagStatusId: t(s, 'SagStatusId'), sagStatusKode: t(s, 'SagStatusKode'), faseKode: t(s, 'FaseKode'), initiativPligtKode: t(s, 'InitiativPligtKode') };
}

async function uploadDocument(c: BomClient, uploadUri: string, file: string, mimeType: string, variant: Variant) {
  const cookie = variant === 'no-security-token' ? undefined : await c.securityToken();
  const content = readFileSync(file);
  const dokumentId = randomUUID();
  const res = await https(`${uploadUri}${dokumentId}`, c.creds, 'PUT', content, { 'content-type': mimeType, ...(cookie ? { cookie } : {}) });
  if (res.status !== 201 && res.status !== 200) throw new HttpError(res.status, faultCode(res.body), `document upload refused: HTTP ${res.status} ${faultCode(res.body) ?? ''}`.trim());
  return { dokumentId, sha256: createHash('sha256').update(content).digest('hex'), bytes: content.length };
}

const faultCode = (body: Buffer) => /<ErrorCode>([^<]*)<\/ErrorCode>/.exec(body.toString('utf8'))?.[1];

function swallow<T>(variant: Variant, fallback: T) {
  return (err: unknown): T => {
    if (variant === 'swallows-faults' && err instanceof TransaktionFaultError) return fallback;
    throw err;
  };
}

const stateFileOf = (p: { stateFile?: string }) => p.stateFile ?? '';

function loadWatermark(stateFile: string, variant: Variant): string | undefined {
  if (variant === 'watermark-in-memory') return memory.get(stateFile);
  if (!stateFile || !existsSync(stateFile)) return undefined;
  return (JSON.parse(readFileSync(stateFile, 'utf8')) as { highWatermark?: string }).highWatermark;
}

function saveWatermark(stateFile: string, hw: string | undefined, variant: Variant): void {
  if (variant === 'watermark-in-memory') { memory.set(stateFile, hw); return; }
  if (stateFile) writeFileSync(stateFile, JSON.stringify({ highWatermark: hw }));
}

export const bygogmiljoReferenceClient: ReferenceClient = {
  variants: { ...BOM_VARIANTS },
  actions: {
    async 'list-applications'(params, v) {
      const p = params as unknown as Base & { fromDate: string; toDate: string; sagOmraader?: string[] };
      const variant = v as Variant;
      const c = client(p, variant);
      const areas = p.sagOmraader ?? [];
      const ids = await c.call('SagsbehandlingV5', 'LaesAnsoegningOversigt',
        xml`<LaesAnsoegningOversigt xmlns="${NS}"><fromDate>${p.fromDate}</fromDate><toDate>${p.toDate}</toDate><myndighedCvr>${c.myndighedCvr}</myndighedCvr>${areas.length ? xml`<sagOmraader>${areas.map((a) => xml`<string>${a}</string>`)}</sagOmraader>` : ''}</LaesAnsoegningOversigt>`)
        .then((r) => kids(r.child('LaesAnsoegningOversigtResult', NS), 'string').map((e) => e.text().trim()))
        .catch(swallow(variant, [] as string[]));
      const ansoegninger = [];
      for (const id of ids) ansoegninger.push(await readApplication(c, id));
      return { myndighedCvr: c.myndighedCvr, ansoegninger };
    },
    async 'read-application'(params, v) {
      const p = params as unknown as Base & { ansoegningId: string };
      const variant = v as Variant;
      const app = await readApplication(client(p, variant), p.ansoegningId).catch(swallow(variant, undefined));
      return { ansoegning: app ?? null };
    },
    async 'reply-to-application'(params, v) {
      const p = params as unknown as Base & { ansoegningId: string; afgoerelseKode: string; tekst: string; documents: Array<{ file: string; titel: string; filnavn: string; mimeType: string }> };
      const variant = v as Variant;
      const c = client(p, variant);
      const app = await readApplication(c, p.ansoegningId);
      const docs = [];
      if (variant !== 'reply-without-documents') {
        for (const d of p.documents) docs.push({ ...d, ...(await uploadDocument(c, app.uploadUri, d.file, d.mimeType, variant)) });
      }
      const r = await c.call('SagsbehandlingV5', 'BesvarAnsoegning', xml`<BesvarAnsoegning xmlns="${NS}"><besvarelse><MyndighedCvr>${c.myndighedCvr}</MyndighedCvr><AnsoegningId>${p.ansoegningId}</AnsoegningId><BesvarelseKode>Afgoerelse</BesvarelseKode><AfgoerelseKode>${p.afgoerelseKode}</AfgoerelseKode><Tekst>${p.tekst}</Tekst><Dokumenter>${docs.map((d) => xml`<Dokument><DokumentId>${d.dokumentId}</DokumentId><Titel>${d.titel}</Titel><Filnavn>${d.filnavn}</Filnavn><MimeType>${d.mimeType}</MimeType></Dokument>`)}</Dokumenter></besvarelse></BesvarAnsoegning>`);
      const res = r.child('BesvarAnsoegningResult', NS);
      return { sagId: t(res, 'SagId'), sagStatusId: t(res, 'SagStatusId'), dokumenter: docs.map((d) => ({ dokumentId: d.dokumentId, sha256: d.sha256 })) };
    },
    async 'update-case-status'(params, v) {
      const p = params as unknown as Base & { ansoegningId: string; sagStatusKode: string; faseKode: string; tekst?: string };
      const variant = v as Variant;
      const c = client(p, variant);
      const r = await c.call('SagsbehandlingV5', 'BesvarAnsoegning', xml`<BesvarAnsoegning xmlns="${NS}"><besvarelse><MyndighedCvr>${c.myndighedCvr}</MyndighedCvr><AnsoegningId>${p.ansoegningId}</AnsoegningId><BesvarelseKode>Statusopdatering</BesvarelseKode><SagStatusKode>${p.sagStatusKode}</SagStatusKode><FaseKode>${p.faseKode}</FaseKode>${p.tekst ? xml`<Tekst>${p.tekst}</Tekst>` : ''}</besvarelse></BesvarAnsoegning>`);
      const res = r.child('BesvarAnsoegningResult', NS);
      const sagId = t(res, 'SagId');
      if (variant === 'no-status-readback') return { sagId, sagStatusId: t(res, 'SagStatusId') };
      return { sagId, status: await laesSagStatus(c, sagId) };
    },
    async 'poll-messages'(params, v) {
      const p = params as unknown as Base & { stateFile: string };
      const variant = v as Variant;
      const c = client(p, variant);
      const stateFile = stateFileOf(p);
      let hw = loadWatermark(stateFile, variant);
      const received: Array<Record<string, string>> = [];
      for (let page = 0; page < 100; page++) {
        const r = await c.call('BeskedfordelerV2', 'HentBeskeder', xml`<HentBeskeder xmlns="${NS}"><request><MyndighedCvr>${c.myndighedCvr}</MyndighedCvr>${hw ? xml`<HighWatermark>${hw}</HighWatermark>` : ''}</request></HentBeskeder>`);
        const result = r.child('HentBeskederResult', NS);
        const beskeder = result?.child('Beskeder', NS)?.children() ?? [];
        if (beskeder.length === 0) break;
        for (const b of beskeder) received.push(await handleBesked(c, b, variant));
        hw = t(result, 'HighWatermark') || hw;
        // Persist only after the page was processed: a crash re-delivers, it never loses.
        saveWatermark(stateFile, hw, variant);
      }
      return { received, highWatermark: hw ?? null };
    },
    async restart(params) {
      memory.delete(stateFileOf(params as { stateFile?: string }));
      return { restarted: true };
    },
    async 'download-documents'(params, v) {
      const p = params as unknown as Base & { ansoegningId: string; saveDir: string };
      const variant = v as Variant;
      const c = client(p, variant);
      const app = await readApplication(c, p.ansoegningId);
      const cookie = variant === 'no-security-token' ? undefined : await c.securityToken();
      mkdirSync(p.saveDir, { recursive: true });
      const documents = [];
      for (const d of app.dokumenter) {
        const res = await https(d.uri, c.creds, 'GET', undefined, cookie ? { cookie } : {});
        if (res.status !== 200) throw new HttpError(res.status, faultCode(res.body), `document download refused: HTTP ${res.status} ${faultCode(res.body) ?? ''}`.trim());
        const file = join(p.saveDir, `${d.dokumentId}-${d.filnavn.replace(/[^\w.-]/g, '_')}`);
        writeFileSync(file, res.body);
        documents.push({ dokumentId: d.dokumentId, file, bytes: res.body.length, sha256: createHash('sha256').update(res.body).digest('hex') });
      }
      return { documents };
    },
    async 'upload-document'(params, v) {
      const p = params as unknown as Base & { ansoegningId: string; file: string; mimeType: string };
      const variant = v as Variant;
      const c = client(p, variant);
      const app = await readApplication(c, p.ansoegningId);
      return uploadDocument(c, app.uploadUri, p.file, p.mimeType, variant);
    },
    async 'read-configuration'(params, v) {
      const p = params as unknown as Base;
      if (v === 'hardcoded-configuration') return { ...BUILT_IN_CONFIGURATION };
      const c = client(p, v as Variant);
      const r = await c.call('KonfigurationV6', 'GetBasisKonfiguration', xml`<GetBasisKonfiguration xmlns="${NS}"/>`);
      const k = r.child('GetBasisKonfigurationResult', NS);
      const codes = (list: string, item = 'KodeVaerdi') => kids(k?.child(list, NS), item).map((e) => t(e, 'Kode'));
      return {
        sagOmraader: codes('SagOmraader'), sagStatusTyper: codes('SagStatusTyper'), sagFaser: codes('SagFaser'),
        sagTyper: codes('SagTyper', 'SagType'), fristProfiler: codes('FristNotifikationProfiler', 'FristNotifikationProfil'),
      };
    },
    async 'update-service-level'(params, v) {
      const p = params as unknown as Base & { ansoegningId: string; handling: 'Stop' | 'Genoptag' | 'Start'; serviceMaalDage?: number };
      const variant = v as Variant;
      const c = client(p, variant);
      const app = await readApplication(c, p.ansoegningId);
      const handling = variant === 'restarts-service-clock' && p.handling === 'Genoptag' ? 'Start' : p.handling;
      const r = await c.call('SagsbehandlingV5', 'OpdaterSagServiceMaal', xml`<OpdaterSagServiceMaal xmlns="${NS}"><opdater><MyndighedCvr>${c.myndighedCvr}</MyndighedCvr><SagId>${app.sagId}</SagId><Handling>${handling}</Handling>${p.serviceMaalDage ? xml`<ServiceMaalDage>${p.serviceMaalDage}</ServiceMaalDage>` : ''}</opdater></OpdaterSagServiceMaal>`);
      const res = r.child('OpdaterSagServiceMaalResult', NS);
      return { sagId: app.sagId, status: t(res, 'Status'), startDato: t(res, 'StartDato'), brugteDage: Number(t(res, 'BrugteDage')), forventetAfslutning: t(res, 'ForventetAfslutning') };
    },
  },
};

async function handleBesked(c: BomClient, b: XmlElement, variant: Variant): Promise<Record<string, string>> {
  const base = { type: b.name, beskedId: t(b, 'BeskedId') };
  switch (b.name) {
    case 'AnsoegningIndsendtBesked': {
      const app = await readApplication(c, t(b, 'AnsoegningId'));
      return { ...base, ansoegningId: app.ansoegningId, bomNummer: app.bomNummer };
    }
    case 'SagStatusSkiftBesked': {
      const s = await laesSagStatus(c, t(b, 'SagId'), variant === 'reads-only-current-status' ? undefined : t(b, 'SagStatusId'));
      return { ...base, sagId: s.sagId, sagStatusKode: s.sagStatusKode };
    }
    case 'FristOverskridelseBesked': {
      if (variant === 'ignores-deadline-messages') return { ...base, ignored: 'true' };
      const s = await laesSagStatus(c, t(b, 'SagId'));
      return { ...base, sagId: s.sagId, frist: t(b, 'Frist'), sagStatusKode: s.sagStatusKode };
    }
    default:
      return { ...base, unknown: 'true' };
  }
}
