/**
 * Bench comparison: WireMock standalone (the jar bundled in the `wiremock` npm package,
 * run with the machine's Java) serving the same bytes over HTTPS with a required client
 * certificate (when the scenario is mTLS), request journal and logging off to give it its best figures.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export interface WireMockStub {
  method: string;
  path: string;
  status: number;
  contentType: string;
  body: Buffer;
}

export function wiremockJar(): string {
  const pkg = createRequire(import.meta.url).resolve('wiremock/package.json');
  return join(dirname(pkg), 'build', 'wiremock-standalone-3.13.2.jar');
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startWireMock(o: { dir: string; keystoreP12: Buffer; keystorePassword: string; trustedCaPem: string[]; stub: WireMockStub; requireClientCert?: boolean }): Promise<{ url: string; stop(): Promise<void> }> {
  mkdirSync(join(o.dir, 'mappings'), { recursive: true });
  mkdirSync(join(o.dir, '__files'), { recursive: true });
  writeFileSync(join(o.dir, 'server.p12'), o.keystoreP12);
  writeFileSync(join(o.dir, '__files', 'body.bin'), o.stub.body);
  writeFileSync(join(o.dir, 'mappings', 'stub.json'), JSON.stringify({
    request: { method: o.stub.method, urlPath: o.stub.path },
    response: { status: o.stub.status, headers: { 'Content-Type': o.stub.contentType }, bodyFileName: 'body.bin' },
  }));
  const truststore = join(o.dir, 'trust.jks');
  o.trustedCaPem.forEach((pem, i) => {
    const file = join(o.dir, `ca-${i}.pem`);
    writeFileSync(file, pem);
    execFileSync('keytool', ['-importcert', '-noprompt', '-alias', `ca${i}`, '-file', file, '-keystore', truststore, '-storepass', 'changeit', '-storetype', 'JKS'], { stdio: 'ignore' });
  });
  const [httpsPort, httpPort] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn('java', ['-jar', wiremockJar(),
    '--root-dir', o.dir, '--port', String(httpPort), '--https-port', String(httpsPort), '--bind-address', '127.0.0.1',
    '--https-keystore', join(o.dir, 'server.p12'), '--keystore-type', 'PKCS12',
    '--keystore-password', o.keystorePassword, '--key-manager-password', o.keystorePassword,
    ...(o.requireClientCert === false ? [] : ['--https-require-client-cert']),
    '--https-truststore', truststore, '--truststore-password', 'changeit', '--truststore-type', 'JKS',
    '--no-request-journal', '--disable-request-logging', '--disable-banner'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => { log += d; });
  child.stderr!.on('data', (d) => { log += d; });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${httpPort}/__admin/health`);
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`WireMock did not start:\n${log.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url: `https://127.0.0.1:${httpsPort}`,
    stop: () => new Promise((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }),
  };
}
