/**
 * Real TLS handshakes (node:tls, 127.0.0.1, ephemeral ports) with certificates from the
 * test PKI: the authorizationError codes here are what the HTTP kernel relies on.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../types.ts';
import { createEphemeralPki, identityFromCertificate, type CertificateVariant, type IssuedCertificate, type Pki } from './index.ts';

let pki: Pki;
let server: IssuedCertificate;
const servers: tls.Server[] = [];

beforeAll(async () => {
  pki = await createEphemeralPki({ keyAlgorithm: 'ec-p256' });
  server = await pki.serverCertificate();
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

interface ServerOptions {
  ca?: string[];
  crl?: string[] | undefined;
}

/** Starts a server that asks for a client certificate but lets the application decide. */
async function startServer(opts: ServerOptions = {}): Promise<{ port: number; next: () => Promise<Identity | { noCert: true; error?: string }> }> {
  const results: Array<(v: Identity | { noCert: true; error?: string }) => void> = [];
  const queued: Array<Identity | { noCert: true; error?: string }> = [];
  const s = tls.createServer({
    key: server.keyPem,
    cert: server.certPem,
    ca: opts.ca ?? pki.trustedCaPem(),
    ...('crl' in opts ? (opts.crl ? { crl: opts.crl } : {}) : { crl: pki.crls() }),
    requestCert: true,
    rejectUnauthorized: false,
  });
  s.on('secureConnection', (socket) => {
    const peer = socket.getPeerX509Certificate();
    const result = peer
      ? identityFromCertificate(peer, { authorized: socket.authorized, authorizationError: socket.authorizationError })
      : { noCert: true as const, error: String(socket.authorizationError) };
    const waiter = results.shift();
    if (waiter) waiter(result);
    else queued.push(result);
    socket.end();
  });
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  servers.push(s);
  return {
    port: (s.address() as AddressInfo).port,
    next: () => (queued.length ? Promise.resolve(queued.shift()!) : new Promise((r) => results.push(r))),
  };
}

async function handshake(port: number, next: () => Promise<unknown>, client: IssuedCertificate, sendChain = false): Promise<Identity> {
  const result = next();
  const socket = tls.connect({
    host: '127.0.0.1',
    port,
    servername: 'localhost',
    ca: pki.trustedCaPem(),
    key: client.keyPem,
    cert: sendChain ? client.certPem + client.chainPem : client.certPem,
  });
  socket.on('error', () => undefined); // the server closes right after the handshake
  socket.on('data', () => undefined);
  const identity = (await result) as Identity;
  socket.destroy();
  return identity;
}

const client = (variant: CertificateVariant) =>
  pki.issue({ profile: 'pkioverheid', organization: 'Gemeente Testdorp', oin: '00000099000000000001', variant });

describe('TLS handshakes against the test PKI', () => {
  it('accepts a valid client certificate and extracts its identity', async () => {
    const { port, next } = await startServer();
    const id = await handshake(port, next, await client('valid'));
    expect(id.authorized).toBe(true);
    expect(id.authorizationError).toBeUndefined();
    expect(id.oin).toBe('00000099000000000001');
    expect(id.organization).toBe('Gemeente Testdorp');
  });

  it('reports CERT_HAS_EXPIRED for the expired variant', async () => {
    const { port, next } = await startServer();
    const id = await handshake(port, next, await client('expired'));
    expect(id.authorized).toBe(false);
    expect(id.authorizationError).toBe('CERT_HAS_EXPIRED');
    expect(id.oin).toBe('00000099000000000001');
  });

  it('reports CERT_NOT_YET_VALID for the not-yet-valid variant', async () => {
    const { port, next } = await startServer();
    const id = await handshake(port, next, await client('not-yet-valid'));
    expect(id).toMatchObject({ authorized: false, authorizationError: 'CERT_NOT_YET_VALID' });
  });

  it('reports CERT_REVOKED for the revoked variant, and only because of the CRL', async () => {
    const revoked = await client('revoked');
    const withCrl = await startServer();
    expect(await handshake(withCrl.port, withCrl.next, revoked)).toMatchObject({ authorized: false, authorizationError: 'CERT_REVOKED' });
    // negative control: the same certificate passes a server that was given no CRL
    const noCrl = await startServer({ crl: undefined });
    expect(await handshake(noCrl.port, noCrl.next, revoked)).toMatchObject({ authorized: true });
  });

  it('reports UNABLE_TO_VERIFY_LEAF_SIGNATURE for the foreign-ca variant (leaf only)', async () => {
    const foreign = await client('foreign-ca');
    const { port, next } = await startServer();
    const id = await handshake(port, next, foreign);
    expect(id).toMatchObject({ authorized: false, authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(id.issuerDN).toContain('govsim Foreign Test Issuing CA');
  });

  // OpenSSL keeps verifying after the first error under Node and the last error wins, so with
  // CRLs configured a whole foreign chain ends in a missing CRL rather than the untrusted root.
  it('reports UNABLE_TO_GET_CRL (with CRLs) or SELF_SIGNED_CERT_IN_CHAIN (without) for a whole foreign chain', async () => {
    const foreign = await client('foreign-ca');
    const withCrl = await startServer();
    expect(await handshake(withCrl.port, withCrl.next, foreign, true)).toMatchObject({ authorized: false, authorizationError: 'UNABLE_TO_GET_CRL' });
    const noCrl = await startServer({ crl: undefined });
    expect(await handshake(noCrl.port, noCrl.next, foreign, true)).toMatchObject({ authorized: false, authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN' });
  });

  it('accepts the foreign-ca certificate where the foreign CA is trusted (negative control)', async () => {
    const foreign = await client('foreign-ca');
    const { port, next } = await startServer({ ca: pki.foreignCaPem(), crl: undefined });
    expect(await handshake(port, next, foreign)).toMatchObject({ authorized: true });
  });

  it('accepts wrong-identifier at the TLS layer but yields no OIN', async () => {
    const { port, next } = await startServer();
    const id = await handshake(port, next, await client('wrong-identifier'));
    expect(id.authorized).toBe(true);
    expect(id.serialNumber).toMatch(/^\d{19}$/);
    expect(id.oin).toBeUndefined();
  });

  it('needs the root CRL as well: Node checks CRLs for the whole chain', async () => {
    const { port, next } = await startServer({ crl: [pki.crlPem()] });
    expect(await handshake(port, next, await client('valid'))).toMatchObject({ authorized: false, authorizationError: 'UNABLE_TO_GET_CRL' });
  });

  it('serves a server certificate that a strict client accepts for localhost and 127.0.0.1', async () => {
    const { port, next } = await startServer();
    const c = await client('valid');
    for (const servername of ['localhost', undefined]) {
      const result = next();
      const socket = tls.connect({ host: '127.0.0.1', port, servername, ca: pki.trustedCaPem(), key: c.keyPem, cert: c.certPem });
      socket.on('data', () => undefined);
      await once(socket, 'secureConnect');
      expect(socket.authorized).toBe(true);
      expect(await result).toMatchObject({ authorized: true });
      socket.destroy();
    }
  });
});
