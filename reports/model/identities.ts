import type { EvidenceRecord } from '../../simulators/kernel/evidence/index.ts';
import type { SutIdentity } from './types.ts';

/** Client certificates seen in the evidence, one entry per certificate fingerprint. */
export function identitiesFromEvidence(records: readonly EvidenceRecord[]): SutIdentity[] {
  const byFp = new Map<string, SutIdentity>();
  for (const r of records) {
    const id = r.identity;
    if (!id || typeof id.fingerprint256 !== 'string' || id.fingerprint256 === '') continue;
    const fp = id.fingerprint256.toUpperCase();
    let entry = byFp.get(fp);
    if (!entry) {
      entry = {
        fingerprint256: fp,
        subjectDN: id.subjectDN,
        issuerDN: id.issuerDN,
        commonName: id.commonName,
        organization: id.organization,
        oin: id.oin,
        cvr: id.cvr,
        fid: id.fid,
        customer: id.customer,
        certSerial: id.certSerial,
        validFrom: id.validFrom,
        validTo: id.validTo,
        authorized: true,
        authorizationErrors: [],
        platforms: [],
        records: 0,
        firstSeen: r.time,
        lastSeen: r.time,
      };
      byFp.set(fp, entry);
    }
    entry.records++;
    if (!id.authorized) entry.authorized = false;
    if (id.authorizationError && !entry.authorizationErrors.includes(id.authorizationError)) {
      entry.authorizationErrors.push(id.authorizationError);
    }
    if (!entry.platforms.includes(r.platform)) entry.platforms.push(r.platform);
    if (r.time < entry.firstSeen) entry.firstSeen = r.time;
    if (r.time > entry.lastSeen) entry.lastSeen = r.time;
  }
  for (const e of byFp.values()) {
    e.platforms.sort();
    e.authorizationErrors.sort();
  }
  return [...byFp.values()].sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.fingerprint256.localeCompare(b.fingerprint256));
}
