/**
 * WSDL 1.1 documents (SOAP 1.2 binding, document/literal wrapped, WCF naming) generated from
 * the contract table, so the published WSDL and the dispatcher cannot drift apart.
 * The contract is MODELLED (see docs/platforms/bygogmiljo.md).
 */
import { escapeAttr } from '../../kernel/xml/index.ts';
import { BOM_NS, SERVICES, XSD_PATH, servicePath, soapAction, type ServiceName } from './contract.ts';

export const wsdlNamespace = (s: ServiceName): string => `${BOM_NS}/${s}`;

/** `baseUrl` = the HTTPS origin the services listen on; `xsdLocation` defaults to the served XSD. */
export function renderWsdl(service: ServiceName, baseUrl: string, xsdLocation = `${baseUrl}${XSD_PATH}`): string {
  const ops = SERVICES[service] as readonly string[];
  const port = `I${service}`;
  const messages = ops.map((op) => `
  <wsdl:message name="${port}_${op}_InputMessage"><wsdl:part name="parameters" element="bom:${op}"/></wsdl:message>
  <wsdl:message name="${port}_${op}_OutputMessage"><wsdl:part name="parameters" element="bom:${op}Response"/></wsdl:message>
  <wsdl:message name="${port}_${op}_TransaktionFaultTypeFault_FaultMessage"><wsdl:part name="detail" element="bom:TransaktionFault"/></wsdl:message>`).join('');
  const portOps = ops.map((op) => `
    <wsdl:operation name="${op}">
      <wsdl:input wsaw:Action="${soapAction(service, op)}" message="tns:${port}_${op}_InputMessage"/>
      <wsdl:output wsaw:Action="${soapAction(service, op)}Response" message="tns:${port}_${op}_OutputMessage"/>
      <wsdl:fault wsaw:Action="${soapAction(service, op)}TransaktionFaultTypeFault" name="TransaktionFaultTypeFault" message="tns:${port}_${op}_TransaktionFaultTypeFault_FaultMessage"/>
    </wsdl:operation>`).join('');
  const bindingOps = ops.map((op) => `
    <wsdl:operation name="${op}">
      <soap12:operation soapAction="${soapAction(service, op)}" style="document"/>
      <wsdl:input><soap12:body use="literal"/></wsdl:input>
      <wsdl:output><soap12:body use="literal"/></wsdl:output>
      <wsdl:fault name="TransaktionFaultTypeFault"><soap12:fault name="TransaktionFaultTypeFault" use="literal"/></wsdl:fault>
    </wsdl:operation>`).join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions name="${service}"
    targetNamespace="${wsdlNamespace(service)}"
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/"
    xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl"
    xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="${wsdlNamespace(service)}"
    xmlns:bom="${BOM_NS}">
  <wsdl:documentation>Byg og Miljø ${service} as simulated by govsim. MODELLED contract: the official WSDL is not public; operation and field names follow public integration code, everything else is govsim's design. Transport: HTTPS with a FOCES client certificate (WSHttpBinding, SecurityMode.Transport).</wsdl:documentation>
  <wsdl:types>
    <xsd:schema targetNamespace="${wsdlNamespace(service)}/imports">
      <xsd:import namespace="${BOM_NS}" schemaLocation="${escapeAttr(xsdLocation)}"/>
    </xsd:schema>
  </wsdl:types>${messages}
  <wsdl:portType name="${port}">${portOps}
  </wsdl:portType>
  <wsdl:binding name="WSHttpBinding_${port}" type="tns:${port}">
    <soap12:binding transport="http://schemas.xmlsoap.org/soap/http"/>${bindingOps}
  </wsdl:binding>
  <wsdl:service name="${service}">
    <wsdl:port name="WSHttpBinding_${port}" binding="tns:WSHttpBinding_${port}">
      <soap12:address location="${escapeAttr(baseUrl + servicePath(service))}"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;
}
