/**
 * Pure rules of the kernel self-test endpoint: which identity shape a caller must
 * present, and deterministic payloads for fault tests. No I/O.
 */
import type { Identity } from '../kernel/types.ts';

export type RequiredShape = 'oin' | 'foces' | 'customer';

export interface IdentityCheck {
  ok: boolean;
  code?: 'IDENTITY_NO_OIN' | 'IDENTITY_NO_CVR_FID' | 'IDENTITY_NO_CUSTOMER' | 'IDENTITY_UNKNOWN_SHAPE';
  message?: string;
}

export function checkIdentityShape(identity: Identity, required: string | undefined): IdentityCheck {
  switch (required) {
    case undefined:
    case '':
      return { ok: true };
    case 'oin':
      return identity.oin
        ? { ok: true }
        : { ok: false, code: 'IDENTITY_NO_OIN', message: `certificate subject serialNumber "${identity.serialNumber ?? ''}" is not a 20-digit OIN/HRN` };
    case 'foces':
      return identity.cvr && identity.fid
        ? { ok: true }
        : { ok: false, code: 'IDENTITY_NO_CVR_FID', message: `certificate subject serialNumber "${identity.serialNumber ?? ''}" is not CVR:<8 digits>-FID:<digits>` };
    case 'customer':
      return identity.customer
        ? { ok: true }
        : { ok: false, code: 'IDENTITY_NO_CUSTOMER', message: `certificate subject serialNumber "${identity.serialNumber ?? ''}" names no customer (KDNR:<number>)` };
    default:
      return { ok: false, code: 'IDENTITY_UNKNOWN_SHAPE', message: `unknown identity shape "${required}" (use oin, foces or customer)` };
  }
}

/** `bytes` of printable, position-dependent text, so truncation and corruption are visible. */
export function echoPayload(bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) out[i] = 0x41 + (i % 26);
  return out;
}

export const MAX_ECHO_BYTES = 16 * 1024 * 1024;
