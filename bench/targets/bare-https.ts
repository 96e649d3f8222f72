// Bench baseline: a bare node:https server with the same TLS setup as the simulator
// (client certificate required when the scenario is mTLS, same CA and CRLs) that returns
// fixed bytes. Prints {"url": …} when listening.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';

const [tlsFile, responseFile, mtls] = process.argv.slice(2);
const tls = JSON.parse(readFileSync(tlsFile, 'utf8')) as { cert: string; key: string; ca: string[]; crl: string[] };
const response = JSON.parse(readFileSync(responseFile, 'utf8')) as { status: number; contentType: string; bodyBase64: string };
const body = Buffer.from(response.bodyBase64, 'base64');
const clientCerts = mtls !== 'no-mtls';
const server = createServer({ ...tls, requestCert: clientCerts, rejectUnauthorized: clientCerts, minVersion: 'TLSv1.2' }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(response.status, { 'content-type': response.contentType, 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ url: `https://127.0.0.1:${(server.address() as AddressInfo).port}` }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
