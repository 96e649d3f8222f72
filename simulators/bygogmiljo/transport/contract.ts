/**
 * The modelled service contract: namespace, services, operations and SOAP actions. The
 * WSDL generator, the SOAP dispatcher and the docs all read this table.
 */
export const BOM_NS = 'urn:govsim:bygogmiljoe:modelled:1';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const WSA_NS = 'http://www.w3.org/2005/08/addressing';
export const SOAP12_CONTENT_TYPE = 'application/soap+xml; charset=utf-8';

export const SERVICES = {
  SagsbehandlingV5: ['LaesAnsoegningOversigt', 'LaesAnsoegning', 'BesvarAnsoegning', 'OpdaterSagServiceMaal', 'GetSecurityToken'],
  SagStatusV2: ['LaesSagStatus'],
  BeskedfordelerV2: ['HentBeskeder'],
  KonfigurationV6: ['GetBasisKonfiguration'],
} as const;

export type ServiceName = keyof typeof SERVICES;
export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];

export const servicePath = (s: ServiceName): string => `/${s}.svc`;
/** WCF's default action shape: `<namespace>/I<Contract>/<Operation>`. */
export const soapAction = (s: ServiceName, op: string): string => `${BOM_NS}/I${s}/${op}`;
export const replyAction = (s: ServiceName, op: string): string => `${soapAction(s, op)}Response`;
export const faultAction = (s: ServiceName, op: string): string => `${soapAction(s, op)}TransaktionFaultTypeFault`;

export const DOCUMENT_PATH_PREFIX = '/Dokumenter/';
export const XSD_PATH = '/xsd/bygogmiljoe.xsd';
