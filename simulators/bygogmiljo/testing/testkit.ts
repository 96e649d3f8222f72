/** Test-only: a started Byg og Miljø simulator with an ephemeral PKI and FOCES client certificates on disk. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRecorder, type Recorder } from '../../kernel/evidence/index.ts';
import { FaultStore } from '../../kernel/faults/rules.ts';
import { createEphemeralPki, type IssuedCertificate, type Pki } from '../../kernel/pki/index.ts';
import { systemClock, type Clock } from '../../kernel/types.ts';
import { createBygOgMiljoSimulator, type BygOgMiljoSettings, type BygOgMiljoSimulator } from '../index.ts';
import type { Connection } from '../reference/bom-client.ts';

export interface TestCert { certFile: string; keyFile: string; issued: IssuedCertificate }

export interface BomTestkit {
  sim: BygOgMiljoSimulator;
  recorder: Recorder;
  pki: Pki;
  dir: string;
  caFile: string;
  /** Issues a FOCES certificate for CVR + FID and writes it to the temp dir. */
  foces(cvr: string, fid: string, commonName?: string, organization?: string): Promise<TestCert>;
  connection(certs: Array<{ myndighedCvr: string; cert: TestCert }>): Connection;
  close(): Promise<void>;
}

let sharedPki: Promise<Pki> | undefined;

export async function startBom(options: { settings?: Partial<BygOgMiljoSettings>; clock?: Clock } = {}): Promise<BomTestkit> {
  const pki = await (sharedPki ??= createEphemeralPki({ keyAlgorithm: 'ec-p256' }));
  const recorder = createRecorder();
  const sim = createBygOgMiljoSimulator({ recorder, faults: new FaultStore(), pki, clock: options.clock ?? systemClock, host: '127.0.0.1' }, options.settings);
  await sim.start();
  const dir = mkdtempSync(join(tmpdir(), 'govsim-bom-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, pki.trustedCaPem().join('\n'));
  return {
    sim, recorder, pki, dir, caFile,
    async foces(cvr, fid, commonName = `Test FOCES ${fid} (funktionscertifikat)`, organization = `Fiktiv organisation ${cvr}`) {
      const issued = await pki.issue({ profile: 'foces', cvr, fid, commonName, organization, keyAlgorithm: 'ec-p256' });
      const certFile = join(dir, `${cvr}-${fid}.crt.pem`);
      const keyFile = join(dir, `${cvr}-${fid}.key.pem`);
      writeFileSync(certFile, issued.certPem + issued.chainPem);
      writeFileSync(keyFile, issued.keyPem, { mode: 0o600 });
      return { certFile, keyFile, issued };
    },
    connection(certs) {
      return { baseUrl: sim.urls().https, caFile, certificates: certs.map((c) => ({ myndighedCvr: c.myndighedCvr, certFile: c.cert.certFile, keyFile: c.cert.keyFile })) };
    },
    async close() {
      await sim.stop();
      recorder.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
