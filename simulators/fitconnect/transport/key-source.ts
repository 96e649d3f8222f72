/**
 * RSA-4096 keys with an x5c chain from the govsim test PKI, for the platform's signing key
 * and destination keys. Generating one costs about a second of CPU, so issued keys are
 * kept per PKI instance and label and handed out again to later simulator instances of the
 * same run (each instance still gets distinct keys for distinct slots).
 */
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import type { Pki } from '../../kernel/pki/index.ts';
import type { KeyInput } from '../domain/index.ts';

/** `valid`: chains to the govsim trust root; `foreign-ca`: chains to the foreign test root. */
export type KeyCertificate = 'valid' | 'foreign-ca';

const pools = new WeakMap<Pki, Map<string, Promise<KeyInput>[]>>();

function pemToB64Der(pem: string): string {
  return Buffer.from(new X509Certificate(pem).raw).toString('base64');
}

function splitPem(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

async function issue(pki: Pki, label: string, certificate: KeyCertificate, slot: number): Promise<KeyInput> {
  const issued = await pki.issue({
    profile: 'server', purpose: 'server', keyAlgorithm: 'rsa4096', variant: certificate,
    // A persistent PKI keeps these slow keys across runs; each run still gets fresh certificates.
    keyLabel: `fitconnect/${label}/${certificate}/${slot}`,
    commonName: `FIT-Connect ${label} key (govsim, fictitious)`, organization: 'govsim FIT-Connect test platform',
    dnsNames: ['fit-connect-keys.govsim.invalid'], ipAddresses: [],
  });
  const privateKey = createPrivateKey(issued.keyPem);
  // x5c: leaf, issuing CA, root (as in the API example); receivers anchor on their own trust root.
  const x5c = [pemToB64Der(issued.certPem), ...splitPem(issued.chainPem).map(pemToB64Der)];
  return { privateKey, publicKey: createPublicKey(privateKey), x5c };
}

/** One simulator instance's view of the shared pool: slot n of a label is always the same key. */
export class PkiKeySource {
  readonly #next = new Map<string, number>();

  constructor(private readonly pki: Pki) {}

  /** The next unused key of `label` for this instance (issued on first use in this run). */
  take(label: string, certificate: KeyCertificate = 'valid'): Promise<KeyInput> {
    const key = `${label}/${certificate}`;
    const n = this.#next.get(key) ?? 0;
    this.#next.set(key, n + 1);
    return this.#slot(key, label, certificate, n);
  }

  /** Starts issuing slots 0..count-1 of `label` in the background (errors surface on take). */
  prewarm(label: string, count: number, certificate: KeyCertificate = 'valid'): void {
    const key = `${label}/${certificate}`;
    for (let i = 0; i < count; i++) this.#slot(key, label, certificate, i).catch(() => undefined);
  }

  #slot(key: string, label: string, certificate: KeyCertificate, n: number): Promise<KeyInput> {
    let byLabel = pools.get(this.pki);
    if (!byLabel) pools.set(this.pki, (byLabel = new Map()));
    const list = byLabel.get(key) ?? [];
    byLabel.set(key, list);
    while (list.length <= n) {
      const previous = list.at(-1) ?? Promise.resolve(undefined);
      // One at a time per label keeps the 2-core machine responsive.
      const slot = list.length;
      const p = previous.catch(() => undefined).then(() => issue(this.pki, label, certificate, slot));
      list.push(p);
    }
    return list[n];
  }
}
