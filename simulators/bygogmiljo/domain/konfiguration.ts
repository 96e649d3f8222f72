/**
 * The basic configuration (KonfigurationV6 GetBasisKonfiguration): code lists for case
 * areas, case types, phases, statuses and deadline-notification profiles. Codes seen in
 * public integration code: areas byg/miljoe/kultur/virkmiljoe, status Modtaget, phases
 * Ansoeg/Afslutning, initiative Myndighed. Everything else is modelled.
 */
export interface KodeVaerdi { Kode: string; VisningNavn: string }
export interface SagTypeVaerdi extends KodeVaerdi { SagOmraadeKode: string }
export interface FristNotifikationProfil { Kode: string; Navn: string; /** Days after receipt at which the authority's deadline falls. */ Frister: number[] }

export interface BasisKonfiguration {
  FristNotifikationProfiler: FristNotifikationProfil[];
  KonfliktGrupper: KodeVaerdi[];
  Kort: KodeVaerdi[];
  SagFaser: KodeVaerdi[];
  SagOmraader: KodeVaerdi[];
  SagStatusTyper: KodeVaerdi[];
  SagTyper: SagTypeVaerdi[];
}

export const DEFAULT_KONFIGURATION: BasisKonfiguration = {
  FristNotifikationProfiler: [
    { Kode: 'Standard', Navn: 'Standardfrister', Frister: [28, 56] },
    { Kode: 'Kort', Navn: 'Korte frister (anmeldelser)', Frister: [14] },
  ],
  KonfliktGrupper: [
    { Kode: 'Naboer', VisningNavn: 'Naboer og partshøring' },
    { Kode: 'Fredning', VisningNavn: 'Fredning og bevaring' },
  ],
  Kort: [
    { Kode: 'Matrikelkort', VisningNavn: 'Matrikelkort' },
    { Kode: 'Lokalplaner', VisningNavn: 'Lokalplaner' },
  ],
  SagFaser: [
    { Kode: 'Ansoeg', VisningNavn: 'Ansøgning' },
    { Kode: 'Behandling', VisningNavn: 'Behandling' },
    { Kode: 'Afslutning', VisningNavn: 'Afslutning' },
  ],
  SagOmraader: [
    { Kode: 'byg', VisningNavn: 'Byggeri' },
    { Kode: 'miljoe', VisningNavn: 'Miljø' },
    { Kode: 'kultur', VisningNavn: 'Kultur' },
    { Kode: 'virkmiljoe', VisningNavn: 'Virksomheders miljø' },
  ],
  SagStatusTyper: [
    { Kode: 'Modtaget', VisningNavn: 'Modtaget' },
    { Kode: 'UnderBehandling', VisningNavn: 'Under behandling' },
    { Kode: 'AfventerAnsoeger', VisningNavn: 'Afventer ansøger' },
    { Kode: 'Afgjort', VisningNavn: 'Afgjort' },
    { Kode: 'Afsluttet', VisningNavn: 'Afsluttet' },
  ],
  SagTyper: [
    { Kode: 'enfamiliehus', VisningNavn: 'Opførelse af enfamiliehus', SagOmraadeKode: 'byg' },
    { Kode: 'tilbygning', VisningNavn: 'Tilbygning til bolig', SagOmraadeKode: 'byg' },
    { Kode: 'carport', VisningNavn: 'Carport, garage eller udhus', SagOmraadeKode: 'byg' },
    { Kode: 'jordvarme', VisningNavn: 'Jordvarmeanlæg', SagOmraadeKode: 'miljoe' },
    { Kode: 'olietank', VisningNavn: 'Sløjfning af olietank', SagOmraadeKode: 'miljoe' },
    { Kode: 'fredetbygning', VisningNavn: 'Ændring af fredet bygning', SagOmraadeKode: 'kultur' },
    { Kode: 'miljoegodkendelse', VisningNavn: 'Miljøgodkendelse af virksomhed', SagOmraadeKode: 'virkmiljoe' },
  ],
};

/** Decisions (AfgoerelseKode) a reply may carry (modelled). */
export const AFGOERELSE_KODER = ['Tilladelse', 'Afslag', 'Dispensation', 'Henlagt'] as const;

/** Initiative duty: who must act next on the case. */
export type InitiativPligt = 'Myndighed' | 'Ansoeger';

/** Status codes after which the authority has no deadline running. */
export const CLOSED_STATUSES = new Set(['Afgjort', 'Afsluttet']);
/** Status codes that put the initiative with the applicant. */
export const APPLICANT_STATUSES = new Set(['AfventerAnsoeger']);

export const hasCode = (list: KodeVaerdi[], code: string | undefined): boolean => !!code && list.some((k) => k.Kode === code);
