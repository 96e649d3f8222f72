/** Writes a Cpa model as CPPA 2.0 XML (tns = cpp-cpa-2_0.xsd; attributes qualified as in CPA Register output). */
import { CPPA_NS, XLINK_NS, XMLDSIG_NS, type Cpa, type CpaAction, type CpaParty } from './cpa-model.ts';
import { xmlAttr as a, xmlText as t } from './xml-text.ts';

/** BusinessTransactionCharacteristics as the CPA Register writes them; only timeToPerform varies. */
const BTC = '<tns:BusinessTransactionCharacteristics tns:isAuthenticated="transient" tns:isAuthorizationRequired="true" tns:isConfidential="transient" tns:isIntelligibleCheckRequired="false" tns:isNonRepudiationReceiptRequired="false" tns:isNonRepudiationRequired="false" tns:isTamperProof="transient" tns:timeToPerform="P2D"/>';

function binding(kind: 'CanSend' | 'CanReceive', b: CpaAction, i: string): string {
  return `${i}<tns:${kind}>\n${i}  <tns:ThisPartyActionBinding tns:id="${a(b.bindingId)}" tns:action="${a(b.action)}" tns:packageId="${a(b.packageId)}">\n${i}    ${BTC}\n${i}    <tns:ChannelId>${t(b.channelId)}</tns:ChannelId>\n${i}  </tns:ThisPartyActionBinding>\n${i}</tns:${kind}>\n`;
}

function party(p: CpaParty): string {
  const dc = p.deliveryChannel;
  const dx = p.docExchange;
  const tr = p.transport;
  let x = `  <tns:PartyInfo tns:partyName="${a(p.partyName)}" tns:defaultMshChannelId="${a(dc.channelId)}" tns:defaultMshPackageId="package_signal">\n`;
  x += `    <tns:PartyId tns:type="${a(p.partyIdType)}">${t(p.partyId)}</tns:PartyId>\n`;
  x += `    <tns:PartyRef xlink:type="simple" xlink:href="${a(p.partyRef ?? '')}"/>\n`;
  for (const r of p.collaborationRoles) {
    x += '    <tns:CollaborationRole>\n';
    x += `      <tns:ProcessSpecification tns:name="${a(r.service)}" tns:version="1.0" xlink:type="simple" xlink:href="${a(`urn:govsim:process:${r.service}`)}"/>\n`;
    x += `      <tns:Role tns:name="${a(r.role)}" xlink:type="simple" xlink:href="${a(`urn:govsim:role:${r.role}`)}"/>\n`;
    x += '      <tns:ServiceBinding>\n';
    x += `        <tns:Service${r.serviceType !== undefined ? ` tns:type="${a(r.serviceType)}"` : ''}>${t(r.service)}</tns:Service>\n`;
    for (const b of r.canSend) x += binding('CanSend', b, '        ');
    for (const b of r.canReceive) x += binding('CanReceive', b, '        ');
    x += '      </tns:ServiceBinding>\n    </tns:CollaborationRole>\n';
  }
  for (const c of p.certificates) {
    x += `    <tns:Certificate tns:certId="${a(c.certId)}">\n      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>${t(c.derBase64)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>\n    </tns:Certificate>\n`;
  }
  x += `    <tns:DeliveryChannel tns:channelId="${a(dc.channelId)}" tns:transportId="${a(dc.transportId)}" tns:docExchangeId="${a(dc.docExchangeId)}">\n`;
  x += `      <tns:MessagingCharacteristics tns:syncReplyMode="${a(dc.syncReplyMode)}" tns:ackRequested="${a(dc.ackRequested)}" tns:ackSignatureRequested="${a(dc.ackSignatureRequested)}" tns:duplicateElimination="${a(dc.duplicateElimination)}"${dc.actor !== undefined ? ` tns:actor="${a(dc.actor)}"` : ''}/>\n`;
  x += '    </tns:DeliveryChannel>\n';
  x += `    <tns:Transport tns:transportId="${a(tr.transportId)}">\n`;
  x += '      <tns:TransportSender>\n        <tns:TransportProtocol tns:version="1.1">HTTP</tns:TransportProtocol>\n';
  x += `        <tns:TransportClientSecurity>\n          <tns:TransportSecurityProtocol tns:version="1.2">TLS</tns:TransportSecurityProtocol>\n          <tns:ClientCertificateRef tns:certId="${a(tr.clientCertificateId)}"/>\n        </tns:TransportClientSecurity>\n`;
  x += '      </tns:TransportSender>\n';
  x += '      <tns:TransportReceiver>\n        <tns:TransportProtocol tns:version="1.1">HTTP</tns:TransportProtocol>\n';
  x += `        <tns:Endpoint tns:uri="${a(tr.endpoint)}" tns:type="allPurpose"/>\n`;
  x += `        <tns:TransportServerSecurity>\n          <tns:TransportSecurityProtocol tns:version="1.2">TLS</tns:TransportSecurityProtocol>\n          <tns:ServerCertificateRef tns:certId="${a(tr.serverCertificateId)}"/>\n        </tns:TransportServerSecurity>\n`;
  x += '      </tns:TransportReceiver>\n    </tns:Transport>\n';
  x += `    <tns:DocExchange tns:docExchangeId="${a(dx.docExchangeId)}">\n`;
  for (const side of ['Sender', 'Receiver'] as const) {
    x += `      <tns:ebXML${side}Binding tns:version="2.0">\n`;
    const rm = dx.reliableMessaging;
    if (rm) x += `        <tns:ReliableMessaging>\n          <tns:Retries>${rm.retries}</tns:Retries>\n          <tns:RetryInterval>${t(rm.retryInterval)}</tns:RetryInterval>\n          <tns:MessageOrderSemantics>${rm.messageOrderSemantics}</tns:MessageOrderSemantics>\n        </tns:ReliableMessaging>\n`;
    if (dx.persistDuration !== undefined) x += `        <tns:PersistDuration>${t(dx.persistDuration)}</tns:PersistDuration>\n`;
    const nr = dx.nonRepudiation;
    if (nr) {
      x += `        <tns:${side}NonRepudiation>\n          <tns:NonRepudiationProtocol tns:version="2.0">http://www.w3.org/2000/09/xmldsig#</tns:NonRepudiationProtocol>\n          <tns:HashFunction>${t(nr.hashFunction)}</tns:HashFunction>\n          <tns:SignatureAlgorithm>${t(nr.signatureAlgorithm)}</tns:SignatureAlgorithm>\n`;
      if (side === 'Sender') x += `          <tns:SigningCertificateRef tns:certId="${a(nr.signingCertificateId)}"/>\n`;
      x += `        </tns:${side}NonRepudiation>\n`;
    }
    const de = dx.digitalEnvelope;
    if (de) {
      x += `        <tns:${side}DigitalEnvelope>\n          <tns:DigitalEnvelopeProtocol tns:version="2.0">XMLENC</tns:DigitalEnvelopeProtocol>\n          <tns:EncryptionAlgorithm>${t(de.encryptionAlgorithm)}</tns:EncryptionAlgorithm>\n`;
      if (side === 'Receiver') x += `          <tns:EncryptionCertificateRef tns:certId="${a(de.encryptionCertificateId)}"/>\n`;
      x += `        </tns:${side}DigitalEnvelope>\n`;
    }
    x += `      </tns:ebXML${side}Binding>\n`;
  }
  x += '    </tns:DocExchange>\n  </tns:PartyInfo>\n';
  return x;
}

export function renderCpa(cpa: Cpa): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<tns:CollaborationProtocolAgreement xmlns:tns="${CPPA_NS}" xmlns:ds="${XMLDSIG_NS}" xmlns:xlink="${XLINK_NS}" tns:cpaid="${a(cpa.cpaId)}" tns:version="${a(cpa.version)}">
  <tns:Status tns:value="${a(cpa.status)}"/>
  <tns:Start>${t(cpa.start)}</tns:Start>
  <tns:End>${t(cpa.end)}</tns:End>
${party(cpa.parties[0])}${party(cpa.parties[1])}  <tns:SimplePart tns:id="part_soap" tns:mimetype="text/xml"/>
  <tns:SimplePart tns:id="part_payload" tns:mimetype="application/xml"/>
  <tns:Packaging tns:id="package_signal">
    <tns:ProcessingCapabilities tns:parse="true" tns:generate="true"/>
    <tns:CompositeList>
      <tns:Composite tns:id="MshSignalPackage" tns:mimetype="multipart/related" tns:mimeparameters="type=text/xml">
        <tns:Constituent tns:idref="part_soap"/>
      </tns:Composite>
    </tns:CompositeList>
  </tns:Packaging>
  <tns:Packaging tns:id="package_xml">
    <tns:ProcessingCapabilities tns:parse="true" tns:generate="true"/>
    <tns:CompositeList>
      <tns:Composite tns:id="XMLMessagePackage" tns:mimetype="multipart/related" tns:mimeparameters="type=text/xml">
        <tns:Constituent tns:idref="part_soap"/>
        <tns:Constituent tns:idref="part_payload"/>
      </tns:Composite>
    </tns:CompositeList>
  </tns:Packaging>
</tns:CollaborationProtocolAgreement>
`;
}
