/**
 * Client-certificate gate for mTLS servers. The TLS layer accepts every certificate
 * (rejectUnauthorized: false) so the gate can see why one failed, record it as evidence,
 * and then close the connection before any HTTP is read — as a real platform would.
 */
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { Identity } from '../types.ts';
import type { Recorder } from '../evidence/index.ts';

export type IdentifyCertificate = (
  cert: X509Certificate,
  verification: { authorized: boolean; authorizationError?: string },
) => Identity;

export interface TlsGateOptions {
  platform: string;
  environment?: string;
  recorder: Recorder;
  identify: IdentifyCertificate;
  /** Let unauthorized clients through; handlers then see identity.authorized === false. */
  acceptUnauthorized: boolean;
  /** The server's trusted CAs, to name the real reason behind an OpenSSL CRL error. */
  trustedCas?: readonly X509Certificate[];
}

/** Parses the PEM CA list a TLS server is configured with (each entry may hold several). */
export function parseTrustedCas(pems: readonly string[] | undefined): X509Certificate[] {
  const blocks = (pems ?? []).join('\n').match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new X509Certificate(b));
}

/**
 * With CRL checking on, OpenSSL reports a client that sends the chain of an unknown CA as
 * UNABLE_TO_GET_CRL (it has no CRL for that CA), which would mislead a tester. When the
 * leaf was not issued by any trusted CA, name the real problem: an untrusted issuer.
 */
export function refineReason(reason: string, cert: X509Certificate, trustedCas: readonly X509Certificate[]): string {
  if (reason !== 'UNABLE_TO_GET_CRL' || trustedCas.length === 0) return reason;
  const issuedByTrusted = trustedCas.some((ca) => cert.checkIssued(ca) && cert.verify(ca.publicKey));
  return issuedByTrusted ? reason : 'UNABLE_TO_VERIFY_LEAF_SIGNATURE';
}

export interface ClientCertificateCheck {
  identity?: Identity;
  /** Undefined when the certificate is authorized. */
  reason?: string;
}

/** Reads the peer certificate and Node's verification result of one TLS connection. */
export function checkClientCertificate(socket: TLSSocket, identify: IdentifyCertificate, trustedCas: readonly X509Certificate[] = []): ClientCertificateCheck & { identifyError?: string } {
  const cert = socket.getPeerX509Certificate();
  if (!cert) return { reason: 'NO_CLIENT_CERTIFICATE' };
  const authorized = socket.authorized;
  const reason = authorized ? undefined : refineReason(String(socket.authorizationError ?? 'UNKNOWN_VERIFICATION_ERROR'), cert, trustedCas);
  try {
    return { identity: identify(cert, { authorized, authorizationError: reason }), reason };
  } catch (err) {
    // A certificate the identity reader cannot parse is never authorized.
    return { reason: reason ?? 'CERTIFICATE_UNREADABLE', identifyError: (err as Error).message };
  }
}

/** Handles one established TLS connection; returns the identity to attach to its requests. */
export function gateConnection(socket: TLSSocket, o: TlsGateOptions): Identity | undefined {
  const remoteAddress = socket.remoteAddress;
  const check = checkClientCertificate(socket, o.identify, o.trustedCas);
  if (check.reason === undefined) return check.identity;
  const accepted = o.acceptUnauthorized;
  o.recorder.record({
    kind: 'tls-handshake',
    platform: o.platform,
    environment: o.environment,
    direction: 'inbound',
    identity: check.identity,
    verdicts: [{ check: 'TLS_CLIENT_CERT', ok: false, message: describeReason(check.reason, check.identity) }],
    summary: `client certificate ${accepted ? 'not authorized (accepted by configuration)' : 'refused'}: ${check.reason}`,
    data: {
      reason: check.reason,
      remoteAddress,
      accepted,
      ...(check.identifyError ? { identifyError: check.identifyError } : {}),
      protocol: socket.getProtocol() ?? undefined,
    },
  });
  if (!accepted) socket.destroy();
  return check.identity;
}

function describeReason(reason: string, identity?: Identity): string {
  const who = identity ? ` (subject ${identity.subjectDN}, issuer ${identity.issuerDN})` : '';
  switch (reason) {
    case 'NO_CLIENT_CERTIFICATE': return 'the client sent no certificate';
    case 'CERT_HAS_EXPIRED': return `the client certificate has expired${identity ? ` (notAfter ${identity.validTo})` : ''}${who}`;
    case 'CERT_NOT_YET_VALID': return `the client certificate is not yet valid${identity ? ` (notBefore ${identity.validFrom})` : ''}${who}`;
    case 'CERT_REVOKED': return `the client certificate is revoked${who}`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return `the client certificate does not chain to a trusted CA (${reason})${who}`;
    default: return `the client certificate failed verification: ${reason}${who}`;
  }
}

/** Records a failed TLS handshake (protocol version, garbage, timeout) from `tlsClientError`. */
export function recordTlsClientError(err: Error & { code?: string }, socket: TLSSocket | undefined, o: Omit<TlsGateOptions, 'identify' | 'acceptUnauthorized'>): void {
  const reason = err.code ?? 'TLS_HANDSHAKE_FAILED';
  o.recorder.record({
    kind: 'tls-handshake',
    platform: o.platform,
    environment: o.environment,
    direction: 'inbound',
    verdicts: [{ check: 'TLS_HANDSHAKE', ok: false, message: `TLS handshake failed: ${err.message}` }],
    summary: `TLS handshake failed: ${reason}`,
    data: { reason, remoteAddress: socket?.remoteAddress },
  });
}
