/**
 * Platform misbehaviour a scenario can switch on to see how the system under test reacts:
 * a forged event in the event log, a callback with a wrong HMAC or a stale timestamp.
 * This is the simulator misbehaving, never the SUT being told to. Pure functions.
 */
import { callbackHmac, type CallbackRequest } from '../domain/index.ts';

export type EventLogTampering = 'none' | 'forged-accept';
export type CallbackTampering = 'none' | 'bad-hmac' | 'stale-timestamp';
/** `wrong-key-ops`: destination encryption keys are served with key_ops ["verify"] instead of ["wrapKey"]. */
export type KeyTampering = 'none' | 'wrong-key-ops';

export interface PlatformBehaviour {
  eventLog: EventLogTampering;
  /** Applies to the first attempt of each callback delivery; retries are signed correctly. */
  callbacks: CallbackTampering;
  destinationKeys: KeyTampering;
}

export const HONEST: PlatformBehaviour = { eventLog: 'none', callbacks: 'none', destinationKeys: 'none' };
export const STALE_CALLBACK_AGE_S = 600;

/**
 * A SET that claims the submission was accepted, carrying the header and signature of a
 * genuine SET of the same case: its signature cannot verify.
 */
export function forgeAcceptEvent(genuine: string, ids: { submissionId: string; caseId: string; destinationId: string; jti: string; iat: number }): string {
  const [h, , s] = genuine.split('.');
  const claims = {
    $schema: 'https://schema.fitko.de/fit-connect/set-payload/1.0.0/set-payload.schema.json',
    iss: ids.destinationId, iat: ids.iat, jti: ids.jti,
    sub: `submission:${ids.submissionId}`, txn: `case:${ids.caseId}`,
    events: { 'https://schema.fitko.de/fit-connect/events/accept-submission': {} },
  };
  return `${h}.${Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url')}.${s}`;
}

/** A callback whose HMAC was made with another secret (same format, wrong value). */
export function withWrongHmac(req: CallbackRequest, wrongSecret: string): CallbackRequest {
  const ts = req.headers['callback-timestamp'];
  return { ...req, headers: { ...req.headers, 'callback-authentication': callbackHmac(wrongSecret, ts, req.body) } };
}
