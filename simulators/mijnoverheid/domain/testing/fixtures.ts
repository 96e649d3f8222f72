/** Test-only fixtures: a fictitious consumer (test OIN) and the simulated MijnOverheid side. */
import { testCertificate } from './certs.ts';
import { readCertificate, type CertificateInfo } from '../certificate.ts';
import { DEFAULT_SERVICE_SETTINGS, type MijnOverheidServiceConfig } from '../cpa-build.ts';

export const CONSUMER_OIN = '00000099000000042000';
export const NOT_BEFORE = new Date('2026-01-01T00:00:00Z');
export const NOT_AFTER = new Date('2028-01-01T00:00:00Z');

export async function certInfo(oin: string, cn: string, from = NOT_BEFORE, to = NOT_AFTER): Promise<CertificateInfo> {
  const c = await testCertificate(oin, cn, from, to);
  return readCertificate(c.pem, cn).cert!;
}

export function consumerSpecXml(o: { partyName?: string; partyId?: string; partyRef?: string; endpointUri?: string; clientCert?: string; serverCert?: string; extra?: string }): string {
  const p = (name: string, v: string | undefined) => (v === undefined ? '' : `    <parameter name="${name}">${v}</parameter>\n`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<osb-ebms-service-specificatie>
  <parameters name="SR">
${p('PartyName', o.partyName)}${p('PartyId', o.partyId)}${o.partyRef === undefined ? '    <parameter name="PartyRef"/>\n' : p('PartyRef', o.partyRef)}${p('EndpointUri', o.endpointUri)}${p('ClientCert', o.clientCert)}${p('ServerCert', o.serverCert)}${o.extra ?? ''}  </parameters>
</osb-ebms-service-specificatie>
`;
}

export function keyInfo(derBase64: string): string {
  return `<KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>\n${derBase64.replace(/(.{64})/g, '$1\n')}\n</X509Certificate></X509Data></KeyInfo>`;
}

export async function serviceConfig(): Promise<MijnOverheidServiceConfig> {
  return {
    ...DEFAULT_SERVICE_SETTINGS,
    consumerSends: [...DEFAULT_SERVICE_SETTINGS.consumerSends],
    providerSends: [...DEFAULT_SERVICE_SETTINGS.providerSends],
    endpointUri: 'https://127.0.0.1:8443/ebms',
    clientCert: await certInfo(DEFAULT_SERVICE_SETTINGS.oin, 'mijnoverheid-client.govsim.test'),
    serverCert: await certInfo(DEFAULT_SERVICE_SETTINGS.oin, 'mijnoverheid.govsim.test'),
  };
}

export async function validSpecXml(): Promise<string> {
  const client = await testCertificate(CONSUMER_OIN, 'sut-client.example.test', NOT_BEFORE, NOT_AFTER);
  const server = await testCertificate(CONSUMER_OIN, 'sut.example.test', NOT_BEFORE, NOT_AFTER);
  return consumerSpecXml({
    partyName: 'Gemeente Proefstad', partyId: `${CONSUMER_OIN}_OTA`, endpointUri: 'https://sut.example.test/ebms',
    clientCert: keyInfo(client.derBase64), serverCert: server.pem,
  });
}
