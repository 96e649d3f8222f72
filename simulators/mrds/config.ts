/** Settings of the MRDS simulator; every [NF] protocol detail that varies is a setting here. */

export interface MrdsSettings {
  /** How `xmlParameter` carries the XMeld request: base64 (as the AKDB service) or raw XML. */
  parameterEncoding: 'base64' | 'xml';
  /** Delay of AG MiN's step (register the public part, assign and mail the Kundennummer). */
  operatorDelayMs: number;
  /** Send mail through this relay instead of the embedded SMTP server and mailbox. */
  smtpRelay?: { host: string; port: number };
  /** Hit-list cap; BMeldDAV § 1 fixes it at 1,000. */
  resultCap: number;
  /** Sender of the certificate mail (order portal). */
  portalSender: string;
  /** Sender of the Kundennummer mail (AG MiN). */
  agMinSender: string;
  /** The mirror's DVDV identity as author of answers (modelled). */
  mirror: { kennung: string; name: string };
  /** Validity of the client-SSL certificate (modelled). */
  certificateValidityDays: number;
  /** Host names/IPs in the web service's server certificate. */
  hosts: string[];
}

export const DEFAULT_SETTINGS: MrdsSettings = {
  parameterEncoding: 'base64',
  operatorDelayMs: 300,
  resultCap: 1000,
  portalSender: 'noreply-applikationskopplung@it-niedersachsen.example',
  agMinSender: 'kundennummer@ag-min.example',
  mirror: { kennung: 'ags:03000000', name: 'Melderegisterdatenspiegel Niedersachsen (govsim)' },
  certificateValidityDays: 730,
  hosts: ['localhost', '127.0.0.1'],
};

export const PATHS = {
  xmeld: '/xmeld/XoevService',
  wsdl: '/xmeld/XoevService.wsdl',
  order: '/minca/',
  orderSubmit: '/minca/bestellung',
  mailbox: '/postfach/',
  api: '/api',
} as const;

/** Reads settings overrides from the environment (for `govsim up`). */
export function settingsFromEnv(env: NodeJS.ProcessEnv): Partial<MrdsSettings> {
  const out: Partial<MrdsSettings> = {};
  const relay = env.GOVSIM_MRDS_SMTP_RELAY;
  if (relay) {
    const m = /^([^:]+):(\d{1,5})$/.exec(relay);
    if (!m) throw new Error(`GOVSIM_MRDS_SMTP_RELAY must be host:port, got "${relay}"`);
    out.smtpRelay = { host: m[1], port: Number(m[2]) };
  }
  if (env.GOVSIM_MRDS_PARAMETER_ENCODING) {
    if (env.GOVSIM_MRDS_PARAMETER_ENCODING !== 'base64' && env.GOVSIM_MRDS_PARAMETER_ENCODING !== 'xml') throw new Error('GOVSIM_MRDS_PARAMETER_ENCODING must be base64 or xml');
    out.parameterEncoding = env.GOVSIM_MRDS_PARAMETER_ENCODING;
  }
  if (env.GOVSIM_MRDS_OPERATOR_DELAY_MS) out.operatorDelayMs = Math.max(0, Number(env.GOVSIM_MRDS_OPERATOR_DELAY_MS) || 0);
  return out;
}
