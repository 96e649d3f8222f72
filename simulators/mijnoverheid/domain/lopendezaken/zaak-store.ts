/** The Lopende Zaken store: one zaak history per (sender OIN, identificatie). Plain data, snapshot/restore. */
import type { ZaakStatus } from './zaklk01.ts';

export interface ZaakStatusEntry extends ZaakStatus {
  /** When MijnOverheid received the zaakbericht that carried this status (ISO). */
  ontvangenOp: string;
  referentienummer: string;
}

export interface Zaak {
  senderOin: string;
  identificatie: string;
  bsn: string;
  omschrijving?: string;
  toelichting?: string;
  startdatum: string;
  einddatum?: string;
  einddatumGepland?: string;
  resultaat?: string;
  verwijzing?: string;
  /** Status history in arrival order; a resent identical status is not appended twice. */
  statussen: ZaakStatusEntry[];
  berichten: number;
  /** einddatum and resultaat are both filled. */
  gesloten: boolean;
  aangemaaktOp: string;
  bijgewerktOp: string;
}

export class ZaakStore {
  private zaken = new Map<string, Zaak>();

  private static key(senderOin: string, identificatie: string): string {
    return `${senderOin}\u0000${identificatie}`;
  }

  get(senderOin: string, identificatie: string): Zaak | undefined {
    const z = this.zaken.get(ZaakStore.key(senderOin, identificatie));
    return z ? structuredClone(z) : undefined;
  }

  /** Every zaak of a citizen, newest activity first (what the portal shows). */
  forBsn(bsn: string): Zaak[] {
    return [...this.zaken.values()].filter((z) => z.bsn === bsn).sort((a, b) => b.bijgewerktOp.localeCompare(a.bijgewerktOp)).map((z) => structuredClone(z));
  }

  list(): Zaak[] {
    return [...this.zaken.values()].map((z) => structuredClone(z));
  }

  /** Inserts or replaces a zaak (the processor decides what changes). */
  put(zaak: Zaak): void {
    this.zaken.set(ZaakStore.key(zaak.senderOin, zaak.identificatie), structuredClone(zaak));
  }

  snapshot(): Zaak[] {
    return this.list();
  }

  static restore(zaken: Zaak[]): ZaakStore {
    const s = new ZaakStore();
    for (const z of zaken) s.put(z);
    return s;
  }
}
