import { X509Certificate } from 'node:crypto';
import { oneLineDn } from './pem.ts';

const MAX_DEPTH = 8;

/**
 * Verifies that `chain[0]` (the signer) chains up to `root` through certificates of
 * `chain`, each signature checked, every CA in the path marked as CA, and every
 * certificate valid at `at` (the manifest's creation time). Returns a problem text or
 * undefined when trusted.
 */
export function verifyChainToRoot(chain: readonly X509Certificate[], root: X509Certificate, at: Date): string | undefined {
  if (chain.length === 0) return 'signer.pem holds no certificate';
  const used = new Set<string>();
  let current = chain[0];
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    const validity = outsideValidity(current, at);
    if (validity) return validity;
    used.add(current.fingerprint256);
    if (current.fingerprint256 === root.fingerprint256) return undefined;
    if (current.checkIssued(root) && current.verify(root.publicKey)) {
      if (!root.ca) return `trusted root ${oneLineDn(root.subject)} is not a CA certificate`;
      return outsideValidity(root, at);
    }
    const issuer = chain.find((c) => !used.has(c.fingerprint256) && c.ca && current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer) return `no path from ${oneLineDn(current.subject)} (issuer ${oneLineDn(current.issuer)}) to the trusted root ${oneLineDn(root.subject)}`;
    current = issuer;
  }
  return `certificate chain longer than ${MAX_DEPTH}`;
}

function outsideValidity(cert: X509Certificate, at: Date): string | undefined {
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  if (at < from || at > to) {
    return `${oneLineDn(cert.subject)} is not valid at ${at.toISOString()} (valid ${from.toISOString()} to ${to.toISOString()})`;
  }
  return undefined;
}
