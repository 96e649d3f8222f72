/**
 * Stable fault codes of the simulated Byg og Miljø system interface. The domain throws
 * BomFault; the transport renders it as a SOAP TransaktionFault (or an HTTP error on the
 * document endpoints). Codes are govsim's (modelled): the real service only documents
 * `TransaktionFaultType.ErrorMessage`.
 */
export const BOM_FAULT_CODES = {
  BOM_CVR_UGYLDIG: 'a CVR number is not 8 digits passing the modulus-11 check',
  BOM_MYNDIGHED_UKENDT: 'no authority (myndighed) with this CVR is known',
  BOM_CERTIFIKAT_IKKE_REGISTRERET: 'the client certificate is neither registered for the authority nor covered by a service agreement',
  BOM_CERTIFIKAT_ANDEN_MYNDIGHED: 'the function certificate is registered for another authority',
  BOM_SERVICEAFTALE_DAEKKER_IKKE: 'the service agreement does not cover the case area/type',
  BOM_SERVICEAFTALE_OPHOERT: 'the service agreement was revoked',
  BOM_ANSOEGNING_UKENDT: 'no application with this id for this authority',
  BOM_SAG_UKENDT: 'no case with this id for this authority',
  BOM_SAGSTATUS_UKENDT: 'no status with this id on the case',
  BOM_BESVARELSE_DOKUMENT_MANGLER: 'a decision must carry at least one uploaded document',
  BOM_DOKUMENT_UKENDT: 'a referenced document was not uploaded to the case',
  BOM_STATUS_UKENDT: 'status code not in the configuration (SagStatusTyper)',
  BOM_FASE_UKENDT: 'phase code not in the configuration (SagFaser)',
  BOM_AFGOERELSE_UKENDT: 'decision code missing or unknown',
  BOM_SAG_AFSLUTTET: 'the case already has a decision',
  BOM_HIGHWATERMARK_UKENDT: 'the high-watermark is not a message id of this authority',
  BOM_PERIODE_UGYLDIG: 'fromDate/toDate missing, unreadable or reversed',
  BOM_SAGOMRAADE_UKENDT: 'case area not in the configuration (SagOmraader)',
  BOM_SAGTYPE_UKENDT: 'case type not in the configuration (SagTyper)',
  BOM_SERVICEMAAL_UGYLDIG: 'service-level update not possible in the case state',
  BOM_ANMODNING_UGYLDIG: 'the request is not valid against the service schema',
  BOM_SOAP_VERSION: 'the request is not a SOAP 1.2 envelope',
  BOM_SOAP_ACTION: 'the SOAP action does not match the body operation',
  BOM_OPERATION_UKENDT: 'the service has no such operation',
  BOM_TOKEN_MANGLER: 'a document request carried no security-token cookies',
  BOM_TOKEN_UGYLDIG: 'the security token is unknown or was issued to another certificate/authority',
  BOM_TOKEN_UDLOEBET: 'the security token has expired',
  BOM_DOKUMENT_FOR_STOR: 'an uploaded document is larger than allowed',
  BOM_DOKUMENT_FINDES: 'a document with this id already exists',
  BOM_REGISTRERING_UGYLDIG: 'a certificate registration or service agreement input is invalid',
  BOM_PRIVAT_NOEGLE_AFVIST: 'private keys are never accepted',
  BOM_ANSOEGNING_UGYLDIG: 'a submitted application is incomplete or invalid',
  BOM_PORTAL_VAERT_AFVIST: 'the operator/citizen pages refuse a request for a non-loopback host name (DNS rebinding)',
  BOM_PORTAL_FREMMED_OPRINDELSE: 'a page form was posted from another site (cross-site request forgery)',
} as const;

export type BomFaultCode = keyof typeof BOM_FAULT_CODES;

export class BomFault extends Error {
  override name = 'BomFault';
  constructor(readonly code: BomFaultCode, message: string) {
    super(message);
  }
}

export const isBomFault = (e: unknown): e is BomFault => e instanceof BomFault;
