import type { Identity } from '../types.ts';

/** One HTTP message as kept in evidence. Bodies above the cap keep only their size and hash. */
export interface HttpMessageEvidence {
  method?: string;
  url?: string;
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  /** UTF-8 text, or base64 when `bodyEncoding` is `base64`. Absent when not captured. */
  body?: string;
  bodyEncoding?: 'utf8' | 'base64';
  bodyBytes?: number;
  bodySha256?: string;
  bodyTruncated?: boolean;
}

export interface Verdict {
  /** Stable check id, e.g. `TLS_CLIENT_CERT`, `LZ_UNKNOWN_BSN`. */
  check: string;
  ok: boolean;
  message?: string;
}

export type EvidenceKind =
  | 'exchange'       // one request/response handled or sent by a simulator
  | 'tls-handshake'  // a client certificate that was refused (or accepted, when recorded)
  | 'fault'          // a fault rule applied to an exchange
  | 'step'           // a scenario step started/finished (written by the Cucumber world)
  | 'scenario'       // scenario start/end with checklist ids and verdict
  | 'artifact'       // a file produced during the run (screenshot, downloaded CPA)
  | 'note';          // anything else worth keeping

/** The fields a producer supplies; the recorder adds seq, time and run context. */
export interface EvidenceInput {
  kind: EvidenceKind;
  platform: string;
  environment?: string;
  scenarioId?: string;
  direction?: 'inbound' | 'outbound';
  identity?: Identity;
  request?: HttpMessageEvidence;
  response?: HttpMessageEvidence;
  verdicts?: Verdict[];
  /** Short human-readable line for dashboards and reports. */
  summary?: string;
  /** Kind-specific payload (JSON-serialisable). */
  data?: unknown;
  durationMs?: number;
}

export interface EvidenceRecord extends EvidenceInput {
  /** Monotonic per run, starting at 1; a gap means a record was lost. */
  seq: number;
  runId: string;
  time: string;
}
