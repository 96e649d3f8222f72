/** The published WSDL 1.1 (document/literal, SOAP 1.1) of the simulated XMeld web service. */
import { escapeXml } from '../../kernel/xml/index.ts';
import { SERVICE_NS } from './soap.ts';

export function wsdl(endpoint: string, encoding: 'base64' | 'xml'): string {
  const paramType = encoding === 'base64' ? 'type="xs:base64Binary"' : '><xs:complexType><xs:sequence><xs:any processContents="lax"/></xs:sequence></xs:complexType></xs:element';
  const param = encoding === 'base64' ? `<xs:element name="xmlParameter" ${paramType}/>` : `<xs:element name="xmlParameter"${paramType}>`;
  const ret = encoding === 'base64' ? '<xs:element name="callApplicationByteReturn" type="xs:base64Binary"/>' : '<xs:element name="callApplicationByteReturn"><xs:complexType><xs:sequence><xs:any processContents="lax"/></xs:sequence></xs:complexType></xs:element>';
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- govsim MRDS simulator: modelled on the AKDB OK.KOMM XoevService (callApplicationByte). Not an official WSDL. -->
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="${SERVICE_NS}" targetNamespace="${SERVICE_NS}" name="XoevService">
  <wsdl:types>
    <xs:schema targetNamespace="${SERVICE_NS}" elementFormDefault="qualified">
      <xs:element name="callApplicationByte"><xs:complexType><xs:sequence>${param}</xs:sequence></xs:complexType></xs:element>
      <xs:element name="callApplicationByteResponse"><xs:complexType><xs:sequence>${ret}</xs:sequence></xs:complexType></xs:element>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="callApplicationByteRequest"><wsdl:part name="parameters" element="tns:callApplicationByte"/></wsdl:message>
  <wsdl:message name="callApplicationByteResponse"><wsdl:part name="parameters" element="tns:callApplicationByteResponse"/></wsdl:message>
  <wsdl:portType name="XoevService">
    <wsdl:operation name="callApplicationByte">
      <wsdl:input message="tns:callApplicationByteRequest"/>
      <wsdl:output message="tns:callApplicationByteResponse"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="XoevServiceSoapBinding" type="tns:XoevService">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="callApplicationByte">
      <soap:operation soapAction=""/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="XoevService">
    <wsdl:port name="XoevService" binding="tns:XoevServiceSoapBinding"><soap:address location="${escapeXml(endpoint)}"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;
}
