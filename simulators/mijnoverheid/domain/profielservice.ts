/**
 * Profielservice (MODELLED: the real operation and response schema are not public; to be
 * confirmed against Logius Lopende Zaken v1.6): answers whether a BSN has an active
 * MijnOverheid account and an active zaak postbus, so a sender can check before sending.
 */
import { validateBsn, normaliseBsn } from './bsn.ts';
import type { TestPersonRegistry } from './test-persons.ts';
import type { Issue } from './issue.ts';

export interface ProfielAntwoord {
  bsn: string;
  /** The citizen logged in at least once, so MijnOverheid knows the BSN. */
  heeftAccount: boolean;
  /** Zaakberichten can be delivered to this BSN. */
  zaakPostbusActief: boolean;
}

export function queryProfiel(registry: TestPersonRegistry, bsn: string): { ok: true; antwoord: ProfielAntwoord } | { ok: false; issues: Issue[] } {
  const issues = validateBsn(bsn, 'bsn');
  if (issues.length) return { ok: false, issues };
  const n = normaliseBsn(bsn);
  const account = registry.account(n);
  const heeftAccount = account?.registeredAt !== undefined;
  return { ok: true, antwoord: { bsn: n, heeftAccount, zaakPostbusActief: heeftAccount && account!.zaakPostbusActive } };
}
