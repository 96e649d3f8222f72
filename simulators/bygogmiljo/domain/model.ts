/** The application/case data of the simulated Byg og Miljø (names follow the service fields). */
import type { InitiativPligt } from './konfiguration.ts';

export interface AddressPostal {
  StreetName: string;
  StreetBuildingIdentifier: string;
  FloorIdentifier?: string;
  SuiteIdentifier?: string;
  PostCodeIdentifier: string;
  DistrictName: string;
}

/** A person or company attached to the application (TilknyttetAnsoeger). */
export interface Ansoeger { Navn: string; Rolle: string; CprNummer?: string; CvrNummer?: string; Adresse: AddressPostal; Email?: string }

export interface Dokumentationskrav { Dokumentationstype: string; Kravstyrke: 'Obligatorisk' | 'Frivilligt' }

/** A document of a case: from the applicant (with the application) or uploaded by the case system. */
export interface StoredDocument {
  dokumentId: string;
  sagId: string;
  titel: string;
  filnavn: string;
  mimeType: string;
  sha256: string;
  size: number;
  content: Buffer;
  kilde: 'ansoeger' | 'myndighed';
  dokumentationstype?: string;
  uploadedAt: string;
  /** Certificate fingerprint of the uploader (case-system documents). */
  uploadedBy?: string;
  /** Set once a reply (besvarelse) references the document. */
  besvarelseId?: string;
}

/** One submission (indsendelse) of an application (ansøgning). */
export interface Application {
  ansoegningId: string;
  indsendelseId: string;
  loebenr: number;
  indsendtAt: string;
  myndighedCvr: string;
  sagId: string;
  bomNummer: string;
  sagOmraade: string;
  sagType: string;
  titel: string;
  ansoegere: Ansoeger[];
  ejendom: { adresse: AddressPostal; matrikelnummer?: string };
  beskrivelse: string;
  dokumentIds: string[];
  krav: Dokumentationskrav[];
}

export interface SagStatus {
  sagStatusId: string;
  statusKode: string;
  faseKode: string;
  initiativ: InitiativPligt | 'Ingen';
  tidspunkt: string;
  tekst?: string;
  afgoerelse?: string;
  /** Who changed it: Byg og Miljø itself (applicant/platform) or the authority's case system. */
  kilde: 'bom' | 'myndighed';
}

/** The authority's reply to an application (BesvarAnsoegning). */
export interface Besvarelse {
  besvarelseId: string;
  besvarelseKode: 'Afgoerelse' | 'Statusopdatering';
  afgoerelseKode?: string;
  tekst?: string;
  dokumentIds: string[];
  sagStatusId: string;
  modtaget: string;
  via: 'funktionscertifikat' | 'serviceaftale';
}

export interface ServiceMaal {
  dage: number;
  start: string;
  status: 'Aktiv' | 'Stoppet';
  stoppedAt?: string;
  /** Milliseconds the service clock was stopped (excluded from used days). */
  pausedMs: number;
}

export interface Sag {
  sagId: string;
  ansoegningId: string;
  myndighedCvr: string;
  sagOmraade: string;
  sagType: string;
  fristProfil: string;
  receivedAt: string;
  statuses: SagStatus[];
  besvarelser: Besvarelse[];
  serviceMaal: ServiceMaal;
  /** Deadlines (from the profile) already notified, as ISO timestamps. */
  fristerNotified: string[];
}

export type BeskedType = 'AnsoegningIndsendtBesked' | 'FristOverskridelseBesked' | 'SagStatusSkiftBesked';

/** A message on the message distributor (Beskedfordeler). */
export interface Besked {
  beskedId: string;
  seq: number;
  type: BeskedType;
  myndighedCvr: string;
  sagOmraade: string;
  sagType: string;
  tidspunkt: string;
  ansoegningId?: string;
  sagId?: string;
  sagStatusId?: string;
  frist?: string;
}

export interface ServiceMaalStatistik { ServiceMaalDage: number; StartDato: string; ForventetAfslutning: string; Status: string; BrugteDage: number }
