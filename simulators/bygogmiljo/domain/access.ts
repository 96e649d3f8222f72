/**
 * Authorisation on every call: the caller acts for `myndighedCvr` either with a function
 * certificate registered on that authority, or with its own FOCES certificate and an active
 * service agreement with that authority covering the case's area and type.
 */
import { BomFault } from './errors.ts';
import { requireCvr } from './cvr.ts';
import { agreementCovers, type BomRegistry, type ServiceAgreement } from './registry.ts';

/** What the transport knows about the caller: the client certificate's identity. */
export interface Caller { subjectDN: string; cvr?: string; fingerprint256: string }

export type Access =
  | { via: 'funktionscertifikat'; myndighedCvr: string; registrationId: string }
  | { via: 'serviceaftale'; myndighedCvr: string; agreements: ServiceAgreement[] };

export function authorise(registry: BomRegistry, caller: Caller, myndighedCvrInput: string | undefined): Access {
  const myndighedCvr = requireCvr(myndighedCvrInput, 'MyndighedCvr');
  registry.authority(myndighedCvr);
  const reg = registry.registrationFor(caller.subjectDN);
  if (reg && reg.cvr === myndighedCvr) return { via: 'funktionscertifikat', myndighedCvr, registrationId: reg.id };
  if (caller.cvr) {
    const all = registry.agreementsBetween(caller.cvr, myndighedCvr);
    const active = all.filter((a) => !a.revokedAt);
    if (active.length > 0) return { via: 'serviceaftale', myndighedCvr, agreements: active };
    if (all.length > 0) {
      throw new BomFault('BOM_SERVICEAFTALE_OPHOERT', `the service agreement between integrator CVR ${caller.cvr} and authority CVR ${myndighedCvr} was revoked`);
    }
  }
  if (reg) {
    throw new BomFault('BOM_CERTIFIKAT_ANDEN_MYNDIGHED', `the certificate is registered for authority CVR ${reg.cvr}, not for CVR ${myndighedCvr}`);
  }
  throw new BomFault('BOM_CERTIFIKAT_IKKE_REGISTRERET',
    `certificate "${caller.subjectDN}" is not registered for authority CVR ${myndighedCvr} and no service agreement covers CVR ${caller.cvr ?? '(none in certificate)'}`);
}

export function covers(access: Access, area: string, type: string): boolean {
  return access.via === 'funktionscertifikat' || access.agreements.some((a) => agreementCovers(a, area, type));
}

export function requireCovers(access: Access, area: string, type: string): void {
  if (!covers(access, area, type)) {
    throw new BomFault('BOM_SERVICEAFTALE_DAEKKER_IKKE',
      `the service agreement with authority CVR ${access.myndighedCvr} does not cover case area "${area}" / case type "${type}"`);
  }
}

/** Calls without an authority (configuration) still need a known certificate. */
export function requireKnownCaller(registry: BomRegistry, caller: Caller): void {
  if (registry.registrationFor(caller.subjectDN)) return;
  if (caller.cvr && registry.agreements.some((a) => a.integratorCvr === caller.cvr && !a.revokedAt)) return;
  throw new BomFault('BOM_CERTIFIKAT_IKKE_REGISTRERET', `certificate "${caller.subjectDN}" is not registered and holds no active service agreement`);
}
