/** Contracts shared by the kernel and every simulator. Kept free of I/O. */

/** Who is on the other end of a connection, read from the client certificate. */
export interface Identity {
  /** True when the certificate chains to a trusted CA, is in its validity window and not revoked. */
  authorized: boolean;
  /** Node/OpenSSL verification code when not authorized, e.g. CERT_HAS_EXPIRED, CERT_REVOKED. */
  authorizationError?: string;
  subjectDN: string;
  issuerDN: string;
  commonName?: string;
  organization?: string;
  organizationalUnit?: string;
  /** Raw subject serialNumber attribute (2.5.4.5). */
  serialNumber?: string;
  /** 20-digit OIN or HRN (PKIoverheid shape): subject serialNumber of exactly 20 digits. */
  oin?: string;
  /** FOCES shape: subject serialNumber `CVR:<8 digits>-FID:<digits>`. */
  cvr?: string;
  fid?: string;
  /** MRDS client-SSL: the customer (Mandant/Kundennummer) the certificate is bound to. */
  customer?: string;
  /** Upper-case hex SHA-256 of the DER certificate, colon-free. */
  fingerprint256: string;
  certSerial: string;
  validFrom: string;
  validTo: string;
}

/** Injectable time source so validity windows, retries and deadlines are testable. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock a test can move. */
export function fixedClock(start: Date | string): Clock & { advance(ms: number): void; set(d: Date | string): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance: (ms) => { t += ms; },
    set: (d) => { t = new Date(d).getTime(); },
  };
}

/** What every simulator factory returns: the CLI, the Cucumber world and vitest use the same thing. */
export interface Simulator {
  /** Platform key, e.g. `kernel`, `mijnoverheid`, `fitconnect`. */
  readonly platform: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Base URLs by name once started, e.g. `{ https: 'https://127.0.0.1:8443', portal: 'http://…' }`. */
  urls(): Record<string, string>;
  /** Data-only admin operations exposed through the admin API. */
  admin: SimulatorAdmin;
}

export interface SimulatorAdmin {
  /** Back to the seeded start state. */
  reset(): Promise<void> | void;
  /** Add seed data (platform-specific JSON). Returns what was added, for the caller's evidence. */
  seed(data: unknown): Promise<unknown> | unknown;
  /** A JSON snapshot of domain state for the dashboard and debugging. */
  state(): unknown;
}
