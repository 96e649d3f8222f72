/**
 * The Mandantentabelle: authorities registered with the mirror, their Hauptadministrator,
 * Ansprechpartner, security-authority flag and the state of their Applikationskopplung
 * (application coupling = the client-certificate web service access). Pure state.
 */
import { isNiedersachsen } from './ags.ts';

export type KopplungStatus = 'none' | 'ordered' | 'certificate-issued' | 'kundennummer-assigned' | 'revoked';
export const KOPPLUNG_STATES: readonly KopplungStatus[] = ['none', 'ordered', 'certificate-issued', 'kundennummer-assigned', 'revoked'];

export interface Applikationskopplung {
  status: KopplungStatus;
  orderId?: string;
  orderedAt?: string;
  /** SHA-256 (upper-case hex) of the client certificate AG MiN registered for the Mandant. */
  certificateFingerprint?: string;
  certificateSerial?: string;
  /** Fingerprint of the certificate mailed but not yet registered by AG MiN. */
  pendingFingerprint?: string;
  pendingSerial?: string;
  issuedAt?: string;
  kundennummer?: string;
  assignedAt?: string;
  revokedAt?: string;
}

export interface Mandant {
  /** Amtlicher Gemeindeschlüssel of the authority's municipality/district (8 digits, Land 03). */
  ags: string;
  name: string;
  hauptadministratorEmail: string;
  ansprechpartner: { name: string; email: string };
  /** Security authority (§ 34 Abs. 4 BMG): may receive more data items. */
  sicherheitsbehoerde: boolean;
  /** How AG MiN forms the Kundennummer: the AGS itself, or a generated number. */
  kundennummerAus: 'ags' | 'generiert';
  kopplung: Applikationskopplung;
}

export type MandantInput = Omit<Mandant, 'kopplung'> & { kopplung?: Partial<Applikationskopplung> };

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

/** Problems with a Mandant record (empty when it is fine). */
export function checkMandant(m: MandantInput): string[] {
  const out: string[] = [];
  if (!m || typeof m !== 'object') return ['a Mandant must be an object'];
  if (!isNiedersachsen(m.ags)) out.push(`ags must be an 8-digit AGS in Lower Saxony (03…), got ${JSON.stringify(m.ags)}`);
  if (typeof m.name !== 'string' || m.name.trim() === '' || m.name.length > 200) out.push('name is required (at most 200 characters)');
  if (typeof m.hauptadministratorEmail !== 'string' || !EMAIL.test(m.hauptadministratorEmail)) out.push('hauptadministratorEmail must be an e-mail address');
  if (!m.ansprechpartner || typeof m.ansprechpartner.name !== 'string' || !EMAIL.test(String(m.ansprechpartner.email))) out.push('ansprechpartner needs a name and an e-mail address');
  if (typeof m.sicherheitsbehoerde !== 'boolean') out.push('sicherheitsbehoerde must be true or false');
  if (m.kundennummerAus !== 'ags' && m.kundennummerAus !== 'generiert') out.push('kundennummerAus must be "ags" or "generiert"');
  return out;
}

export const sameEmail = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export class Mandantentabelle {
  private readonly byAgs = new Map<string, Mandant>();
  private generated = 0;

  constructor(initial: readonly MandantInput[] = []) {
    for (const m of initial) {
      const problems = this.add(m);
      if (problems.length) throw new Error(`seed Mandant ${m.ags}: ${problems.join('; ')}`);
    }
  }

  /** Adds or replaces a Mandant; returns problems instead of adding a bad record. */
  add(m: MandantInput): string[] {
    const problems = checkMandant(m);
    if (problems.length) return problems;
    this.byAgs.set(m.ags, { ...structuredClone(m), kopplung: { status: 'none', ...structuredClone(m.kopplung ?? {}) } });
    return [];
  }

  list(): Mandant[] {
    return [...this.byAgs.values()];
  }

  get(ags: string): Mandant | undefined {
    return this.byAgs.get(ags);
  }

  byFingerprint(fingerprint256: string): Mandant | undefined {
    const fp = fingerprint256.toUpperCase();
    return this.list().find((m) => m.kopplung.certificateFingerprint === fp);
  }

  byKundennummer(kundennummer: string): Mandant | undefined {
    return this.list().find((m) => m.kopplung.kundennummer === kundennummer);
  }

  markOrdered(ags: string, orderId: string, at: Date): void {
    const m = this.require(ags);
    m.kopplung = { ...m.kopplung, status: m.kopplung.status === 'kundennummer-assigned' ? 'kundennummer-assigned' : 'ordered', orderId, orderedAt: at.toISOString() };
  }

  /** The certificate was generated and mailed; AG MiN has not registered it yet. */
  markCertificateIssued(ags: string, fingerprint256: string, serialHex: string, at: Date): void {
    const m = this.require(ags);
    m.kopplung = {
      ...m.kopplung,
      status: m.kopplung.status === 'kundennummer-assigned' ? 'kundennummer-assigned' : 'certificate-issued',
      pendingFingerprint: fingerprint256.toUpperCase(), pendingSerial: serialHex, issuedAt: at.toISOString(),
    };
  }

  /**
   * AG MiN's step: registers the pending public part for the Mandant and assigns the
   * Kundennummer (kept when one exists). Returns the superseded certificate serial, if any.
   */
  registerAndAssign(ags: string, at: Date): { kundennummer: string; superseded?: string } {
    const m = this.require(ags);
    if (!m.kopplung.pendingFingerprint) throw new Error(`Mandant ${ags} has no certificate waiting for registration`);
    const superseded = m.kopplung.certificateSerial;
    const kundennummer = m.kopplung.kundennummer ?? this.newKundennummer(m);
    m.kopplung = {
      ...m.kopplung,
      status: 'kundennummer-assigned',
      certificateFingerprint: m.kopplung.pendingFingerprint, certificateSerial: m.kopplung.pendingSerial,
      pendingFingerprint: undefined, pendingSerial: undefined,
      kundennummer, assignedAt: at.toISOString(), revokedAt: undefined,
    };
    return { kundennummer, superseded };
  }

  revoke(ags: string, at: Date): Mandant {
    const m = this.require(ags);
    m.kopplung = { ...m.kopplung, status: 'revoked', revokedAt: at.toISOString() };
    return m;
  }

  /** The AGS where configured and still free, else `MIN-` and a six-digit sequence. */
  private newKundennummer(m: Mandant): string {
    if (m.kundennummerAus === 'ags' && !this.byKundennummer(m.ags)) return m.ags;
    let k: string;
    do k = `MIN-${String(100001 + this.generated++)}`; while (this.byKundennummer(k));
    return k;
  }

  private require(ags: string): Mandant {
    const m = this.byAgs.get(ags);
    if (!m) throw new Error(`no Mandant with AGS ${ags}`);
    return m;
  }
}

/** The seeded Mandanten (fictitious authorities in real municipalities; .example e-mail domains). */
export function seedMandanten(): MandantInput[] {
  return [
    {
      ags: '03241001', name: 'Landeshauptstadt Hannover, Fachbereich Öffentliche Ordnung (govsim-Testmandant)',
      hauptadministratorEmail: 'hauptadmin@ordnung-hannover.example',
      ansprechpartner: { name: 'Frau Testperson Ansprech', email: 'ansprechpartner@ordnung-hannover.example' },
      sicherheitsbehoerde: false, kundennummerAus: 'ags',
    },
    {
      ags: '03101000', name: 'Polizeiinspektion Braunschweig (govsim-Testmandant)',
      hauptadministratorEmail: 'min-admin@polizei-braunschweig.example',
      ansprechpartner: { name: 'Herr Testperson Kontakt', email: 'kontakt@polizei-braunschweig.example' },
      sicherheitsbehoerde: true, kundennummerAus: 'generiert',
    },
    {
      ags: '03351006', name: 'Stadt Celle, Bürgeramt (govsim-Testmandant)',
      hauptadministratorEmail: 'it-admin@buergeramt-celle.example',
      ansprechpartner: { name: 'Frau Testperson Rechnung', email: 'rechnung@buergeramt-celle.example' },
      sicherheitsbehoerde: false, kundennummerAus: 'generiert',
    },
  ];
}
