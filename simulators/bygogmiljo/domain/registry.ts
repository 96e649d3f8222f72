/**
 * Authorities (myndigheder), function-certificate registrations and service agreements
 * (serviceaftaler). Registration takes a CVR and a certificate subject, never a key.
 */
import { BomFault } from './errors.ts';
import { requireCvr } from './cvr.ts';
import { subjectKey } from './subject.ts';
import type { BasisKonfiguration } from './konfiguration.ts';

/** A municipality or other authority that receives applications. */
export interface Authority { cvr: string; name: string; kommunekode?: string }

/** A function certificate's subject registered on an authority (one per municipality). */
export interface CertificateRegistration { id: string; cvr: string; subject: string; key: string; registeredAt: string }

/** An integrator (its own FOCES certificate, identified by CVR) × authority × covered areas/types. */
export interface ServiceAgreement {
  id: string;
  integratorCvr: string;
  integratorName: string;
  authorityCvr: string;
  /** Covered case areas (SagOmraader), at least one. */
  sagOmraader: string[];
  /** Covered case types; empty = every type of the covered areas. */
  sagTyper: string[];
  createdAt: string;
  revokedAt?: string;
}

export interface AgreementInput { integratorCvr: string; integratorName?: string; authorityCvr: string; sagOmraader: string[]; sagTyper?: string[] }

export const agreementCovers = (a: ServiceAgreement, area: string, type: string): boolean =>
  a.sagOmraader.includes(area) && (a.sagTyper.length === 0 || a.sagTyper.includes(type));

export class BomRegistry {
  readonly authorities = new Map<string, Authority>();
  readonly registrations: CertificateRegistration[] = [];
  readonly agreements: ServiceAgreement[] = [];

  constructor(private readonly konfiguration: BasisKonfiguration, private readonly newId: () => string) {}

  addAuthority(a: Authority): Authority {
    const cvr = requireCvr(a.cvr, 'authority CVR');
    const name = (a.name ?? '').trim();
    if (!name) throw new BomFault('BOM_REGISTRERING_UGYLDIG', 'an authority needs a name');
    const out: Authority = { cvr, name, ...(a.kommunekode ? { kommunekode: a.kommunekode } : {}) };
    this.authorities.set(cvr, out);
    return out;
  }

  authority(cvr: string): Authority {
    const a = this.authorities.get(cvr);
    if (!a) throw new BomFault('BOM_MYNDIGHED_UKENDT', `no authority with CVR ${cvr} is known to Byg og Miljø`);
    return a;
  }

  registerCertificate(input: { cvr: string; subject: string }, now: Date): CertificateRegistration {
    const subject = (input.subject ?? '').trim();
    if (/PRIVATE KEY|BEGIN CERTIFICATE/.test(subject)) {
      throw new BomFault('BOM_PRIVAT_NOEGLE_AFVIST', 'send only the certificate subject; private keys and certificates are never accepted');
    }
    const cvr = requireCvr(input.cvr, 'authority CVR');
    this.authority(cvr);
    const key = subjectKey(subject);
    if (!/^serialnumber=/m.test(key) && !/^cn=/m.test(key)) {
      throw new BomFault('BOM_REGISTRERING_UGYLDIG', 'a certificate subject needs at least CN or SERIALNUMBER');
    }
    const existing = this.registrations.find((r) => r.key === key);
    if (existing) {
      if (existing.cvr === cvr) return existing;
      throw new BomFault('BOM_REGISTRERING_UGYLDIG', `this certificate subject is already registered for CVR ${existing.cvr}; a function certificate belongs to one authority`);
    }
    const reg: CertificateRegistration = { id: this.newId(), cvr, subject, key, registeredAt: now.toISOString() };
    this.registrations.push(reg);
    return reg;
  }

  unregisterCertificate(id: string): boolean {
    const i = this.registrations.findIndex((r) => r.id === id);
    if (i < 0) return false;
    this.registrations.splice(i, 1);
    return true;
  }

  registrationFor(subjectDN: string): CertificateRegistration | undefined {
    let key: string;
    try { key = subjectKey(subjectDN); } catch { return undefined; }
    return this.registrations.find((r) => r.key === key);
  }

  createAgreement(input: AgreementInput, now: Date): ServiceAgreement {
    const integratorCvr = requireCvr(input.integratorCvr, 'integrator CVR');
    const authorityCvr = requireCvr(input.authorityCvr, 'authority CVR');
    this.authority(authorityCvr);
    const areas = [...new Set((input.sagOmraader ?? []).map((s) => s.trim()).filter(Boolean))];
    if (areas.length === 0) throw new BomFault('BOM_REGISTRERING_UGYLDIG', 'a service agreement covers at least one case area (sagsområde)');
    for (const a of areas) {
      if (!this.konfiguration.SagOmraader.some((k) => k.Kode === a)) throw new BomFault('BOM_SAGOMRAADE_UKENDT', `case area "${a}" is not in the configuration`);
    }
    const types = [...new Set((input.sagTyper ?? []).map((s) => s.trim()).filter(Boolean))];
    for (const t of types) {
      const known = this.konfiguration.SagTyper.find((k) => k.Kode === t);
      if (!known) throw new BomFault('BOM_SAGTYPE_UKENDT', `case type "${t}" is not in the configuration`);
      if (!areas.includes(known.SagOmraadeKode)) throw new BomFault('BOM_REGISTRERING_UGYLDIG', `case type "${t}" belongs to area "${known.SagOmraadeKode}", which the agreement does not cover`);
    }
    const agreement: ServiceAgreement = {
      id: this.newId(), integratorCvr, integratorName: (input.integratorName ?? '').trim() || `Integrator CVR ${integratorCvr}`,
      authorityCvr, sagOmraader: areas, sagTyper: types, createdAt: now.toISOString(),
    };
    this.agreements.push(agreement);
    return agreement;
  }

  revokeAgreement(id: string, now: Date): ServiceAgreement {
    const a = this.agreements.find((x) => x.id === id);
    if (!a) throw new BomFault('BOM_REGISTRERING_UGYLDIG', `no service agreement ${id}`);
    a.revokedAt ??= now.toISOString();
    return a;
  }

  agreementsBetween(integratorCvr: string, authorityCvr: string): ServiceAgreement[] {
    return this.agreements.filter((a) => a.integratorCvr === integratorCvr && a.authorityCvr === authorityCvr);
  }
}
