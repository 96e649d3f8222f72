/**
 * The simulated Byg og Miljø: applications, cases, the message distributor, documents and
 * security tokens, with every operation authorised for the caller. Pure: time, ids and
 * randomness are injected; no sockets, no files.
 */
import { createHash } from 'node:crypto';
import { authorise, covers, requireCovers, requireKnownCaller, type Access, type Caller } from './access.ts';
import { BomFault } from './errors.ts';
import {
  AFGOERELSE_KODER, APPLICANT_STATUSES, CLOSED_STATUSES, DEFAULT_KONFIGURATION, hasCode, type BasisKonfiguration,
} from './konfiguration.ts';
import type {
  Ansoeger, Application, Besked, BeskedType, Besvarelse, Dokumentationskrav, Sag, SagStatus, ServiceMaalStatistik, StoredDocument, AddressPostal,
} from './model.ts';
import { BomRegistry } from './registry.ts';

const DAY_MS = 86_400_000;

export interface BomSettings {
  /** Messages per HentBeskeder answer. */
  pageSize: number;
  /** Security-token lifetime. */
  tokenTtlMs: number;
  /** Largest document the case system may upload. */
  maxDocumentBytes: number;
  /** Service-level target in days per case area (default for others: `default`). */
  serviceMaalDage: Record<string, number>;
}

export const DEFAULT_BOM_SETTINGS: BomSettings = {
  pageSize: 10,
  tokenTtlMs: 60 * 60 * 1000,
  maxDocumentBytes: 10 * 1024 * 1024,
  serviceMaalDage: { byg: 40, default: 60 },
};

export interface BomDeps {
  now(): Date;
  newId(): string;
  /** Secret randomness for token values. */
  random(bytes: number): Buffer;
  settings?: Partial<BomSettings>;
  konfiguration?: BasisKonfiguration;
}

export interface ApplicationInput {
  myndighedCvr: string;
  sagOmraade: string;
  sagType: string;
  titel?: string;
  beskrivelse?: string;
  ansoegere: Ansoeger[];
  ejendom: { adresse: AddressPostal; matrikelnummer?: string };
  dokumenter: Array<{ titel: string; filnavn: string; mimeType: string; content: Buffer; dokumentationstype?: string }>;
  krav?: Dokumentationskrav[];
  fristProfil?: string;
  /** Submission time; default now (seeds use earlier times). */
  indsendtAt?: Date;
}

export interface BesvarelseInput {
  MyndighedCvr: string;
  AnsoegningId: string;
  BesvarelseKode: string;
  AfgoerelseKode?: string;
  SagStatusKode?: string;
  FaseKode?: string;
  Tekst?: string;
  Dokumenter: Array<{ DokumentId: string; Titel: string; Filnavn: string; MimeType: string }>;
}

export interface TokenPart { Name: string; Value: string }
interface SecurityToken { parts: TokenPart[]; fingerprint256: string; myndighedCvr: string; expiresAt: number }

export const TOKEN_COOKIE_NAMES = ['FedAuth', 'FedAuth1'] as const;

export class BomState {
  readonly konfiguration: BasisKonfiguration;
  readonly settings: BomSettings;
  readonly registry: BomRegistry;
  readonly applications = new Map<string, Application>();
  readonly sager = new Map<string, Sag>();
  readonly documents = new Map<string, StoredDocument>();
  readonly beskeder: Besked[] = [];
  private readonly tokens = new Map<string, SecurityToken>();
  private bomLoebenr = 100;
  /** Simulated time shift (deadline tests), added to the injected clock. */
  offsetMs = 0;

  constructor(private readonly deps: BomDeps) {
    this.konfiguration = deps.konfiguration ?? DEFAULT_KONFIGURATION;
    this.settings = { ...DEFAULT_BOM_SETTINGS, ...deps.settings };
    this.registry = new BomRegistry(this.konfiguration, () => this.newId());
  }

  now(): Date { return new Date(this.deps.now().getTime() + this.offsetMs); }
  private newId(): string { return this.deps.newId(); }
  /** Replaces the id source (seeding uses deterministic ids). */
  withIds<T>(ids: () => string, fn: () => T): T {
    const saved = this.deps.newId;
    this.deps.newId = ids;
    try { return fn(); } finally { this.deps.newId = saved; }
  }

  // ── Applications (citizen side) ─────────────────────────────────────────

  submitApplication(input: ApplicationInput): Application {
    const authority = this.registry.authority(input.myndighedCvr);
    const type = this.konfiguration.SagTyper.find((t) => t.Kode === input.sagType);
    if (!hasCode(this.konfiguration.SagOmraader, input.sagOmraade)) throw new BomFault('BOM_SAGOMRAADE_UKENDT', `case area "${input.sagOmraade}" is not in the configuration`);
    if (!type || type.SagOmraadeKode !== input.sagOmraade) throw new BomFault('BOM_SAGTYPE_UKENDT', `case type "${input.sagType}" is not a type of area "${input.sagOmraade}"`);
    if (!input.ansoegere?.length) throw new BomFault('BOM_ANSOEGNING_UGYLDIG', 'an application needs at least one applicant');
    for (const a of input.ansoegere) {
      if (!a.Navn?.trim()) throw new BomFault('BOM_ANSOEGNING_UGYLDIG', 'every applicant needs a name');
      if (a.CprNummer && !/^\d{10}$/.test(a.CprNummer)) throw new BomFault('BOM_ANSOEGNING_UGYLDIG', 'CPR number must be 10 digits');
    }
    const adr = input.ejendom?.adresse;
    if (!adr?.StreetName?.trim() || !adr.StreetBuildingIdentifier?.trim() || !/^\d{4}$/.test(adr.PostCodeIdentifier ?? '') || !adr.DistrictName?.trim()) {
      throw new BomFault('BOM_ANSOEGNING_UGYLDIG', 'the property address needs street, house number, a 4-digit post code and a district');
    }
    const krav = input.krav ?? [];
    for (const k of krav) {
      if (k.Kravstyrke === 'Obligatorisk' && !input.dokumenter.some((d) => d.dokumentationstype === k.Dokumentationstype)) {
        throw new BomFault('BOM_ANSOEGNING_UGYLDIG', `mandatory documentation "${k.Dokumentationstype}" is missing`);
      }
    }
    const profile = input.fristProfil ?? 'Standard';
    if (!this.konfiguration.FristNotifikationProfiler.some((p) => p.Kode === profile)) throw new BomFault('BOM_ANSOEGNING_UGYLDIG', `unknown deadline profile "${profile}"`);
    const at = input.indsendtAt ?? this.now();
    const sagId = this.newId();
    const ansoegningId = this.newId();
    const dokumentIds = input.dokumenter.map((d) => {
      const doc = this.storeDocument({ sagId, titel: d.titel, filnavn: d.filnavn, mimeType: d.mimeType, content: d.content, kilde: 'ansoeger', dokumentationstype: d.dokumentationstype, at });
      return doc.dokumentId;
    });
    const app: Application = {
      ansoegningId, indsendelseId: this.newId(), loebenr: 1, indsendtAt: at.toISOString(), myndighedCvr: authority.cvr, sagId,
      bomNummer: `${at.getUTCFullYear()}-${String(++this.bomLoebenr).padStart(6, '0')}`,
      sagOmraade: input.sagOmraade, sagType: input.sagType, titel: input.titel?.trim() || type.VisningNavn,
      ansoegere: input.ansoegere, ejendom: input.ejendom, beskrivelse: input.beskrivelse ?? '', dokumentIds, krav,
    };
    const sag: Sag = {
      sagId, ansoegningId, myndighedCvr: authority.cvr, sagOmraade: app.sagOmraade, sagType: app.sagType, fristProfil: profile,
      receivedAt: app.indsendtAt, statuses: [], besvarelser: [], fristerNotified: [],
      serviceMaal: { dage: this.settings.serviceMaalDage[app.sagOmraade] ?? this.settings.serviceMaalDage.default ?? 60, start: app.indsendtAt, status: 'Aktiv', pausedMs: 0 },
    };
    this.applications.set(ansoegningId, app);
    this.sagStatusPush(sag, { statusKode: 'Modtaget', faseKode: 'Ansoeg', tekst: 'Ansøgning modtaget', kilde: 'bom' }, at, false);
    this.sager.set(sagId, sag);
    this.emit('AnsoegningIndsendtBesked', sag, at, { ansoegningId });
    return app;
  }

  /** A change made in Byg og Miljø itself (applicant supplements, caseworker UI): the case system learns it via SagStatusSkiftBesked. */
  changeStatusInBom(sagId: string, statusKode: string, faseKode: string, tekst?: string): SagStatus {
    const sag = this.sager.get(sagId);
    if (!sag) throw new BomFault('BOM_SAG_UKENDT', `no case ${sagId}`);
    this.requireStatus(statusKode, faseKode);
    return this.sagStatusPush(sag, { statusKode, faseKode, tekst, kilde: 'bom' }, this.now(), true);
  }

  // ── Case-system operations (authorised) ─────────────────────────────────

  access(caller: Caller, myndighedCvr: string | undefined): Access {
    return authorise(this.registry, caller, myndighedCvr);
  }

  laesAnsoegningOversigt(caller: Caller, q: { myndighedCvr?: string; fromDate?: string; toDate?: string; sagOmraader?: string[]; sagTyper?: string[] }): string[] {
    const access = this.access(caller, q.myndighedCvr);
    const from = Date.parse(q.fromDate ?? '');
    const to = Date.parse(q.toDate ?? '');
    if (Number.isNaN(from) || Number.isNaN(to) || from > to) throw new BomFault('BOM_PERIODE_UGYLDIG', `period ${q.fromDate} – ${q.toDate} is not a valid period`);
    const areas = q.sagOmraader?.filter(Boolean) ?? [];
    const types = q.sagTyper?.filter(Boolean) ?? [];
    for (const a of areas) if (!hasCode(this.konfiguration.SagOmraader, a)) throw new BomFault('BOM_SAGOMRAADE_UKENDT', `case area "${a}" is not in the configuration`);
    for (const t of types) if (!hasCode(this.konfiguration.SagTyper, t)) throw new BomFault('BOM_SAGTYPE_UKENDT', `case type "${t}" is not in the configuration`);
    if (access.via === 'serviceaftale') {
      // Asking explicitly for an area the agreement does not cover is refused, not silently emptied.
      for (const a of areas) {
        if (!access.agreements.some((ag) => ag.sagOmraader.includes(a))) requireCovers(access, a, types[0] ?? '*');
      }
    }
    return [...this.applications.values()]
      .filter((app) => app.myndighedCvr === access.myndighedCvr)
      .filter((app) => { const t = Date.parse(app.indsendtAt); return t >= from && t <= to; })
      .filter((app) => (areas.length === 0 || areas.includes(app.sagOmraade)) && (types.length === 0 || types.includes(app.sagType)))
      .filter((app) => covers(access, app.sagOmraade, app.sagType))
      .sort((a, b) => a.indsendtAt.localeCompare(b.indsendtAt))
      .map((app) => app.ansoegningId);
  }

  laesAnsoegning(caller: Caller, myndighedCvr: string | undefined, ansoegningId: string): { application: Application; documents: StoredDocument[]; serviceMaal: ServiceMaalStatistik; access: Access } {
    const access = this.access(caller, myndighedCvr);
    const app = this.applicationFor(access, ansoegningId);
    requireCovers(access, app.sagOmraade, app.sagType);
    const sag = this.sager.get(app.sagId)!;
    return { application: app, documents: app.dokumentIds.map((id) => this.documents.get(id)!), serviceMaal: this.serviceMaalStatistik(sag), access };
  }

  besvarAnsoegning(caller: Caller, b: BesvarelseInput): { sagId: string; sagStatusId: string; besvarelse: Besvarelse } {
    const access = this.access(caller, b.MyndighedCvr);
    const app = this.applicationFor(access, b.AnsoegningId);
    requireCovers(access, app.sagOmraade, app.sagType);
    const sag = this.sager.get(app.sagId)!;
    if (CLOSED_STATUSES.has(current(sag).statusKode)) throw new BomFault('BOM_SAG_AFSLUTTET', `case ${app.bomNummer} already has a decision (${current(sag).statusKode})`);
    const docs = b.Dokumenter.map((d) => {
      const doc = this.documents.get(d.DokumentId);
      if (!doc || doc.sagId !== sag.sagId || doc.kilde !== 'myndighed') {
        throw new BomFault('BOM_DOKUMENT_UKENDT', `document ${d.DokumentId} was not uploaded to case ${app.bomNummer} before the reply`);
      }
      if (doc.besvarelseId) throw new BomFault('BOM_DOKUMENT_UKENDT', `document ${d.DokumentId} already belongs to an earlier reply`);
      return { doc, meta: d };
    });
    let statusKode: string;
    let faseKode: string;
    if (b.BesvarelseKode === 'Afgoerelse') {
      if (!b.AfgoerelseKode || !(AFGOERELSE_KODER as readonly string[]).includes(b.AfgoerelseKode)) {
        throw new BomFault('BOM_AFGOERELSE_UKENDT', `a decision needs AfgoerelseKode ${AFGOERELSE_KODER.join('/')} (got "${b.AfgoerelseKode ?? ''}")`);
      }
      if (docs.length === 0) throw new BomFault('BOM_BESVARELSE_DOKUMENT_MANGLER', `the decision on ${app.bomNummer} carries no document; upload the decision letter and reference it in Dokumenter`);
      statusKode = b.SagStatusKode ?? 'Afgjort';
      faseKode = b.FaseKode ?? 'Afslutning';
      this.requireStatus(statusKode, faseKode);
    } else if (b.BesvarelseKode === 'Statusopdatering') {
      if (!b.SagStatusKode || !b.FaseKode) throw new BomFault('BOM_STATUS_UKENDT', 'a status update needs SagStatusKode and FaseKode');
      this.requireStatus(b.SagStatusKode, b.FaseKode);
      if (CLOSED_STATUSES.has(b.SagStatusKode)) throw new BomFault('BOM_AFGOERELSE_UKENDT', `status ${b.SagStatusKode} needs a decision (BesvarelseKode Afgoerelse)`);
      statusKode = b.SagStatusKode;
      faseKode = b.FaseKode;
    } else {
      throw new BomFault('BOM_ANMODNING_UGYLDIG', `BesvarelseKode must be Afgoerelse or Statusopdatering (got "${b.BesvarelseKode}")`);
    }
    const at = this.now();
    const status = this.sagStatusPush(sag, { statusKode, faseKode, tekst: b.Tekst, afgoerelse: b.AfgoerelseKode, kilde: 'myndighed' }, at, true);
    const besvarelse: Besvarelse = {
      besvarelseId: this.newId(), besvarelseKode: b.BesvarelseKode, afgoerelseKode: b.AfgoerelseKode, tekst: b.Tekst,
      dokumentIds: docs.map((d) => d.doc.dokumentId), sagStatusId: status.sagStatusId, modtaget: at.toISOString(), via: access.via,
    };
    for (const { doc, meta } of docs) Object.assign(doc, { besvarelseId: besvarelse.besvarelseId, titel: meta.Titel, filnavn: meta.Filnavn, mimeType: meta.MimeType });
    sag.besvarelser.push(besvarelse);
    if (CLOSED_STATUSES.has(statusKode) && sag.serviceMaal.status === 'Aktiv') Object.assign(sag.serviceMaal, { status: 'Stoppet', stoppedAt: at.toISOString() });
    return { sagId: sag.sagId, sagStatusId: status.sagStatusId, besvarelse };
  }

  opdaterSagServiceMaal(caller: Caller, o: { MyndighedCvr?: string; SagId: string; Handling: string; ServiceMaalDage?: number }): ServiceMaalStatistik {
    const access = this.access(caller, o.MyndighedCvr);
    const sag = this.sagFor(access, o.SagId);
    requireCovers(access, sag.sagOmraade, sag.sagType);
    const sm = sag.serviceMaal;
    const at = this.now();
    if (o.ServiceMaalDage !== undefined && !(Number.isInteger(o.ServiceMaalDage) && o.ServiceMaalDage > 0 && o.ServiceMaalDage <= 365)) {
      throw new BomFault('BOM_SERVICEMAAL_UGYLDIG', 'ServiceMaalDage must be 1 to 365');
    }
    switch (o.Handling) {
      case 'Start': Object.assign(sm, { start: at.toISOString(), status: 'Aktiv', stoppedAt: undefined, pausedMs: 0 }); break;
      case 'Stop':
        if (sm.status !== 'Aktiv') throw new BomFault('BOM_SERVICEMAAL_UGYLDIG', 'the service clock is already stopped');
        Object.assign(sm, { status: 'Stoppet', stoppedAt: at.toISOString() });
        break;
      case 'Genoptag':
        if (sm.status !== 'Stoppet' || !sm.stoppedAt) throw new BomFault('BOM_SERVICEMAAL_UGYLDIG', 'the service clock is not stopped');
        sm.pausedMs += at.getTime() - Date.parse(sm.stoppedAt);
        Object.assign(sm, { status: 'Aktiv', stoppedAt: undefined });
        break;
      default: throw new BomFault('BOM_SERVICEMAAL_UGYLDIG', `Handling must be Start, Stop or Genoptag (got "${o.Handling}")`);
    }
    if (o.ServiceMaalDage !== undefined) sm.dage = o.ServiceMaalDage;
    return this.serviceMaalStatistik(sag);
  }

  laesSagStatus(caller: Caller, myndighedCvr: string | undefined, sagId: string, sagStatusId?: string): { sag: Sag; status: SagStatus } {
    const access = this.access(caller, myndighedCvr);
    const sag = this.sagFor(access, sagId);
    requireCovers(access, sag.sagOmraade, sag.sagType);
    const status = sagStatusId ? sag.statuses.find((s) => s.sagStatusId === sagStatusId) : current(sag);
    if (!status) throw new BomFault('BOM_SAGSTATUS_UKENDT', `case ${sagId} has no status ${sagStatusId}`);
    return { sag, status };
  }

  hentBeskeder(caller: Caller, myndighedCvr: string | undefined, highWatermark: string | undefined): { highWatermark?: string; beskeder: Besked[] } {
    const access = this.access(caller, myndighedCvr);
    this.checkDeadlines();
    let after = 0;
    if (highWatermark) {
      const mark = this.beskeder.find((b) => b.beskedId.toLowerCase() === highWatermark.toLowerCase());
      if (!mark || mark.myndighedCvr !== access.myndighedCvr) {
        throw new BomFault('BOM_HIGHWATERMARK_UKENDT', `high-watermark ${highWatermark} is not a message id of authority CVR ${access.myndighedCvr}`);
      }
      after = mark.seq;
    }
    const page = this.beskeder
      .filter((b) => b.seq > after && b.myndighedCvr === access.myndighedCvr && covers(access, b.sagOmraade, b.sagType))
      .slice(0, this.settings.pageSize);
    return { highWatermark: page.at(-1)?.beskedId ?? highWatermark, beskeder: page };
  }

  basisKonfiguration(caller: Caller): BasisKonfiguration {
    requireKnownCaller(this.registry, caller);
    return this.konfiguration;
  }

  // ── Documents and security tokens ───────────────────────────────────────

  issueSecurityToken(caller: Caller, myndighedCvr: string | undefined): TokenPart[] {
    const access = this.access(caller, myndighedCvr);
    const parts = TOKEN_COOKIE_NAMES.map((Name) => ({ Name, Value: this.deps.random(24).toString('base64url') }));
    this.pruneTokens();
    this.tokens.set(parts[0].Value, { parts, fingerprint256: caller.fingerprint256, myndighedCvr: access.myndighedCvr, expiresAt: this.now().getTime() + this.settings.tokenTtlMs });
    return parts;
  }

  /** Checks the token cookies of a document request and re-authorises the caller for the case. */
  private documentAccess(caller: Caller, cookies: Record<string, string>, sag: Sag): Access {
    const first = cookies[TOKEN_COOKIE_NAMES[0]];
    if (!first) throw new BomFault('BOM_TOKEN_MANGLER', `document requests need the security-token cookies (${TOKEN_COOKIE_NAMES.join(', ')}) from GetSecurityToken`);
    const token = this.tokens.get(first);
    if (!token || token.parts.some((p) => cookies[p.Name] !== p.Value) || token.fingerprint256 !== caller.fingerprint256) {
      throw new BomFault('BOM_TOKEN_UGYLDIG', 'the security token is unknown, incomplete or was issued to another certificate');
    }
    if (token.expiresAt <= this.now().getTime()) throw new BomFault('BOM_TOKEN_UDLOEBET', 'the security token has expired; call GetSecurityToken again');
    if (token.myndighedCvr !== sag.myndighedCvr) throw new BomFault('BOM_TOKEN_UGYLDIG', `the security token was issued for authority CVR ${token.myndighedCvr}, the case belongs to CVR ${sag.myndighedCvr}`);
    const access = this.access(caller, token.myndighedCvr);
    requireCovers(access, sag.sagOmraade, sag.sagType);
    return access;
  }

  /** Token and authorisation check for a document request on a case (before its body is read). */
  checkDocumentAccess(caller: Caller, cookies: Record<string, string>, sagId: string): void {
    const sag = this.sager.get(sagId);
    if (!sag) throw new BomFault('BOM_SAG_UKENDT', `no case ${sagId}`);
    this.documentAccess(caller, cookies, sag);
  }

  downloadDocument(caller: Caller, cookies: Record<string, string>, sagId: string, dokumentId: string): StoredDocument {
    const doc = this.documents.get(dokumentId);
    const sag = this.sager.get(sagId);
    if (!sag || !doc || doc.sagId !== sagId) throw new BomFault('BOM_DOKUMENT_UKENDT', `no document ${dokumentId} on case ${sagId}`);
    this.documentAccess(caller, cookies, sag);
    return doc;
  }

  uploadDocument(caller: Caller, cookies: Record<string, string>, sagId: string, dokumentId: string, content: Buffer, mimeType: string): { document: StoredDocument; replaced: boolean } {
    const sag = this.sager.get(sagId);
    if (!sag) throw new BomFault('BOM_SAG_UKENDT', `no case ${sagId}`);
    this.documentAccess(caller, cookies, sag);
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(dokumentId)) throw new BomFault('BOM_ANMODNING_UGYLDIG', `document id "${dokumentId}" is not a GUID`);
    if (content.length === 0) throw new BomFault('BOM_ANMODNING_UGYLDIG', 'an uploaded document cannot be empty');
    if (content.length > this.settings.maxDocumentBytes) throw new BomFault('BOM_DOKUMENT_FOR_STOR', `document of ${content.length} bytes exceeds ${this.settings.maxDocumentBytes}`);
    const existing = this.documents.get(dokumentId);
    if (existing && (existing.sagId !== sagId || existing.kilde !== 'myndighed' || existing.besvarelseId || existing.uploadedBy !== caller.fingerprint256)) {
      throw new BomFault('BOM_DOKUMENT_FINDES', `document ${dokumentId} already exists and cannot be replaced`);
    }
    const doc = this.storeDocument({ sagId, dokumentId, titel: existing?.titel ?? dokumentId, filnavn: existing?.filnavn ?? dokumentId, mimeType, content, kilde: 'myndighed', at: this.now(), uploadedBy: caller.fingerprint256 });
    return { document: doc, replaced: !!existing };
  }

  private storeDocument(d: { sagId: string; dokumentId?: string; titel: string; filnavn: string; mimeType: string; content: Buffer; kilde: 'ansoeger' | 'myndighed'; dokumentationstype?: string; at: Date; uploadedBy?: string }): StoredDocument {
    const doc: StoredDocument = {
      dokumentId: d.dokumentId ?? this.newId(), sagId: d.sagId, titel: d.titel, filnavn: d.filnavn, mimeType: d.mimeType,
      sha256: createHash('sha256').update(d.content).digest('hex'), size: d.content.length, content: d.content, kilde: d.kilde,
      uploadedAt: d.at.toISOString(),
      ...(d.dokumentationstype ? { dokumentationstype: d.dokumentationstype } : {}),
      ...(d.uploadedBy ? { uploadedBy: d.uploadedBy } : {}),
    };
    this.documents.set(doc.dokumentId, doc);
    return doc;
  }

  private pruneTokens(): void {
    const now = this.now().getTime();
    for (const [k, t] of this.tokens) if (t.expiresAt <= now) this.tokens.delete(k);
  }

  // ── Deadlines and time ──────────────────────────────────────────────────

  /** Emits FristOverskridelseBesked for every passed deadline of a case the authority must act on. */
  checkDeadlines(): Besked[] {
    const now = this.now();
    const emitted: Besked[] = [];
    for (const sag of this.sager.values()) {
      const st = current(sag);
      if (st.initiativ !== 'Myndighed') continue;
      const profile = this.konfiguration.FristNotifikationProfiler.find((p) => p.Kode === sag.fristProfil);
      for (const days of profile?.Frister ?? []) {
        const frist = new Date(Date.parse(sag.receivedAt) + days * DAY_MS).toISOString();
        if (Date.parse(frist) <= now.getTime() && !sag.fristerNotified.includes(frist)) {
          sag.fristerNotified.push(frist);
          emitted.push(this.emit('FristOverskridelseBesked', sag, now, { sagId: sag.sagId, frist }));
        }
      }
    }
    return emitted;
  }

  advanceTime(ms: number): Besked[] {
    if (!Number.isFinite(ms) || ms < 0 || ms > 3650 * DAY_MS) throw new BomFault('BOM_ANMODNING_UGYLDIG', 'time can move forward by 0 to 3650 days');
    this.offsetMs += ms;
    return this.checkDeadlines();
  }

  serviceMaalStatistik(sag: Sag): ServiceMaalStatistik {
    const sm = sag.serviceMaal;
    const start = Date.parse(sm.start);
    const end = sm.status === 'Stoppet' && sm.stoppedAt ? Date.parse(sm.stoppedAt) : this.now().getTime();
    return {
      ServiceMaalDage: sm.dage, StartDato: sm.start,
      ForventetAfslutning: new Date(start + sm.dage * DAY_MS + sm.pausedMs).toISOString(),
      Status: sm.status, BrugteDage: Math.max(0, Math.floor((end - start - sm.pausedMs) / DAY_MS)),
    };
  }

  // ── Internals ───────────────────────────────────────────────────────────

  private applicationFor(access: Access, ansoegningId: string): Application {
    const app = this.applications.get(ansoegningId) ?? [...this.applications.values()].find((a) => a.ansoegningId.toLowerCase() === (ansoegningId ?? '').toLowerCase());
    if (!app || app.myndighedCvr !== access.myndighedCvr) throw new BomFault('BOM_ANSOEGNING_UKENDT', `authority CVR ${access.myndighedCvr} has no application ${ansoegningId}`);
    return app;
  }

  private sagFor(access: Access, sagId: string): Sag {
    const sag = this.sager.get(sagId) ?? [...this.sager.values()].find((s) => s.sagId.toLowerCase() === (sagId ?? '').toLowerCase());
    if (!sag || sag.myndighedCvr !== access.myndighedCvr) throw new BomFault('BOM_SAG_UKENDT', `authority CVR ${access.myndighedCvr} has no case ${sagId}`);
    return sag;
  }

  private requireStatus(statusKode: string, faseKode: string): void {
    if (!hasCode(this.konfiguration.SagStatusTyper, statusKode)) throw new BomFault('BOM_STATUS_UKENDT', `status "${statusKode}" is not in SagStatusTyper`);
    if (!hasCode(this.konfiguration.SagFaser, faseKode)) throw new BomFault('BOM_FASE_UKENDT', `phase "${faseKode}" is not in SagFaser`);
  }

  private sagStatusPush(sag: Sag, s: { statusKode: string; faseKode: string; tekst?: string; afgoerelse?: string; kilde: 'bom' | 'myndighed' }, at: Date, notify: boolean): SagStatus {
    const status: SagStatus = {
      sagStatusId: this.newId(), statusKode: s.statusKode, faseKode: s.faseKode,
      initiativ: CLOSED_STATUSES.has(s.statusKode) ? 'Ingen' : APPLICANT_STATUSES.has(s.statusKode) ? 'Ansoeger' : 'Myndighed',
      tidspunkt: at.toISOString(), kilde: s.kilde,
      ...(s.tekst ? { tekst: s.tekst } : {}), ...(s.afgoerelse ? { afgoerelse: s.afgoerelse } : {}),
    };
    sag.statuses.push(status);
    if (notify) this.emit('SagStatusSkiftBesked', sag, at, { sagId: sag.sagId, sagStatusId: status.sagStatusId });
    return status;
  }

  private emit(type: BeskedType, sag: Sag, at: Date, extra: Partial<Besked>): Besked {
    const b: Besked = {
      beskedId: this.newId(), seq: this.beskeder.length + 1, type, myndighedCvr: sag.myndighedCvr,
      sagOmraade: sag.sagOmraade, sagType: sag.sagType, tidspunkt: at.toISOString(), ...extra,
    };
    this.beskeder.push(b);
    return b;
  }

  snapshot(): unknown {
    return {
      time: this.now().toISOString(), offsetMs: this.offsetMs,
      authorities: [...this.registry.authorities.values()],
      registrations: this.registry.registrations.map(({ key: _k, ...r }) => r),
      agreements: this.registry.agreements,
      applications: [...this.applications.values()].map((a) => ({
        ansoegningId: a.ansoegningId, bomNummer: a.bomNummer, myndighedCvr: a.myndighedCvr, sagId: a.sagId, sagOmraade: a.sagOmraade, sagType: a.sagType,
        titel: a.titel, indsendtAt: a.indsendtAt, status: current(this.sager.get(a.sagId)!).statusKode,
      })),
      beskeder: this.beskeder.length,
      documents: [...this.documents.values()].map(({ content: _c, ...d }) => d),
    };
  }
}

export const current = (sag: Sag): SagStatus => sag.statuses[sag.statuses.length - 1];
