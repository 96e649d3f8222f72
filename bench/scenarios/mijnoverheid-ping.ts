import { randomUUID } from 'node:crypto';
import { X509Certificate } from 'node:crypto';
import type { MijnOverheidSimulator } from '../../simulators/mijnoverheid/index.ts';
import { BENCH_CLIENT_OIN, type BenchScenario } from './types.ts';

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const EB = 'http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd';
const MSH_SERVICE = 'urn:oasis:names:tc:ebxml-msg:service';
const PARTY_ID = `${BENCH_CLIENT_OIN}_OTA`;

/** A Consumerspecificatie for the bench client, registered through the CPA Register step in-process. */
function consumerSpec(clientCertPem: string): string {
  const der = new X509Certificate(clientCertPem).raw.toString('base64');
  const keyInfo = `<KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${der}</X509Certificate></X509Data></KeyInfo>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<osb-ebms-service-specificatie><parameters name="SR">
<parameter name="PartyName">Bench Gemeente (fictief)</parameter>
<parameter name="PartyId">${PARTY_ID}</parameter>
<parameter name="PartyRef"/>
<parameter name="EndpointUri">https://127.0.0.1:9/ebms</parameter>
<parameter name="ClientCert">${keyInfo}</parameter>
<parameter name="ServerCert">${keyInfo}</parameter>
</parameters></osb-ebms-service-specificatie>`;
}

function pingEnvelope(i: { cpaId: string; from: { id: string; type?: string; role: string }; to: { id: string; type?: string; role: string } }): string {
  const party = (tag: string, p: { id: string; type?: string; role: string }) =>
    `<eb:${tag}><eb:PartyId${p.type ? ` eb:type="${p.type}"` : ''}>${p.id}</eb:PartyId><eb:Role>${p.role}</eb:Role></eb:${tag}>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="${SOAP}" xmlns:eb="${EB}"><soap:Header><eb:MessageHeader eb:version="2.0" soap:mustUnderstand="1">${party('From', i.from)}${party('To', i.to)}<eb:CPAId>${i.cpaId}</eb:CPAId><eb:ConversationId>${randomUUID()}</eb:ConversationId><eb:Service>${MSH_SERVICE}</eb:Service><eb:Action>Ping</eb:Action><eb:MessageData><eb:MessageId>${randomUUID()}@bench.example.test</eb:MessageId><eb:Timestamp>${new Date().toISOString()}</eb:Timestamp></eb:MessageData></eb:MessageHeader></soap:Header><soap:Body/></soap:Envelope>
`;
}

/** ebMS MSH Ping → Pong (synchronous, unsigned osb-rm CPA) over mTLS with a PKIoverheid client certificate. */
export const scenario: BenchScenario = {
  name: 'MijnOverheid ebMS Ping → Pong (mTLS)',
  platform: 'mijnoverheid',
  mtls: true,
  async setup(sim, ctx) {
    const mo = (sim as MijnOverheidSimulator).mijnoverheid;
    const r = await mo.registerConsumerSpec(consumerSpec(ctx.clientCertPem), { profile: 'osb-rm' });
    if (!r.ok) throw new Error(`bench CPA not registered: ${JSON.stringify(r)}`);
    const me = r.cpa.parties.find((p) => p.partyId === PARTY_ID)!;
    const other = r.cpa.parties.find((p) => p !== me)!;
    const body = pingEnvelope({
      cpaId: r.cpa.cpaId,
      from: { id: me.partyId, type: me.partyIdType, role: me.collaborationRoles[0]?.role ?? '' },
      to: { id: other.partyId, type: other.partyIdType, role: other.collaborationRoles[0]?.role ?? '' },
    });
    return { body };
  },
  request: (urls, info) => ({
    url: urls.ebms, method: 'POST', status: 200, body: String(info.body),
    headers: { 'content-type': 'text/xml; charset=UTF-8', soapaction: '"ebXML"' },
  }),
};
