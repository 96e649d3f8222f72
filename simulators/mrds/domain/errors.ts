/**
 * Stable error codes of the simulated MRDS (Melderegisterdatenspiegel Niedersachsen).
 * Created here, rendered by the transport as SOAP faults (web service) or as entries of
 * the order form's Protokoll (portal).
 */

export type MrdsFaultCode =
  | 'MRDS_SOAP_INVALID'
  | 'MRDS_PARAMETER_NOT_BASE64'
  | 'MRDS_PARAMETER_NOT_XML'
  | 'MRDS_XMELD_MALFORMED'
  | 'MRDS_XMELD_UNSUPPORTED_MESSAGE'
  | 'MRDS_XMELD_HEADER_INVALID'
  | 'MRDS_CALLER_DATA_MISSING'
  | 'MRDS_XMELD_INVALID'
  | 'MRDS_SEARCH_CRITERIA_INSUFFICIENT'
  | 'MRDS_SUCHBEREICH_NICHT_NIEDERSACHSEN'
  | 'MRDS_CLIENT_CERTIFICATE_MISSING'
  | 'MRDS_CERT_NOT_REGISTERED'
  | 'MRDS_KOPPLUNG_REVOKED'
  | 'MRDS_KUNDENNUMMER_MISMATCH'
  | 'MRDS_NOT_SECURITY_AUTHORITY'
  | 'MRDS_INTERNAL';

/** A refusal of the web service: code, German-free English message, SOAP fault side. */
export interface MrdsFault {
  code: MrdsFaultCode;
  message: string;
  /** SOAP 1.1 faultcode: the caller's fault (Client) or ours (Server). */
  side: 'Client' | 'Server';
}

export const fault = (code: MrdsFaultCode, message: string, side: 'Client' | 'Server' = 'Client'): MrdsFault => ({ code, message, side });

export type OrderProblemCode =
  | 'ORD_MANDANT_UNKNOWN'
  | 'ORD_EMAIL_MISSING'
  | 'ORD_EMAIL_MISMATCH'
  | 'ORD_PASSPHRASE_TOO_SHORT'
  | 'ORD_PASSPHRASE_TOO_LONG'
  | 'ORD_CONSENT_MISSING'
  | 'ORD_RECHNUNGSEMPFAENGER_INVALID'
  | 'ORD_MANDANT_REVOKED'
  | 'ORD_FORM_EXPIRED';

/** One line of the order form's Protokoll: what went wrong, in the form's language (German). */
export interface OrderProblem {
  code: OrderProblemCode;
  /** Form field the problem belongs to, for the page's aria-describedby. */
  field: 'mandant' | 'email' | 'passphrase' | 'consent' | 'rechnungsempfaenger' | 'form';
  text: string;
}
