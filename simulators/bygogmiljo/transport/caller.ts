import type { Identity } from '../../kernel/types.ts';
import { BomFault, type Caller } from '../domain/index.ts';

/** The domain's view of the TLS client certificate. */
export function callerOf(identity: Identity | undefined): Caller {
  if (!identity || !identity.authorized) throw new BomFault('BOM_CERTIFIKAT_IKKE_REGISTRERET', 'the call carried no trusted client certificate');
  return { subjectDN: identity.subjectDN, cvr: identity.cvr, fingerprint256: identity.fingerprint256 };
}
