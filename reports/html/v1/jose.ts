/**
 * Finds compact JWS/JWE values in evidence text and decodes what a reviewer needs: the
 * protected header of both, and the claims of a JWS whose payload is JSON (Security Event
 * Tokens carry `events`). Nothing is verified or decrypted here.
 */
const COMPACT = /eyJ[A-Za-z0-9_-]{6,}(?:\.[A-Za-z0-9_-]*){2,4}/g;
const MAX_TOKENS = 8;

export interface DecodedJose {
  kind: 'JWS' | 'JWE';
  header: Record<string, unknown>;
  /** JWS only: the payload when it is a JSON object. */
  claims?: Record<string, unknown>;
  /** The claims hold `events` (RFC 8417 Security Event Token). */
  isSet: boolean;
}

function b64urlJson(part: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function decodeCompact(token: string): DecodedJose | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 && parts.length !== 5) return undefined;
  const header = b64urlJson(parts[0]);
  if (!header || typeof header.alg !== 'string') return undefined;
  if (parts.length === 5) return { kind: 'JWE', header, isSet: false };
  const claims = b64urlJson(parts[1]);
  return { kind: 'JWS', header, ...(claims ? { claims } : {}), isSet: !!claims && typeof claims.events === 'object' && claims.events !== null };
}

/** Distinct decodable compact tokens in the texts, at most a few per record. */
export function findJose(texts: Iterable<string | undefined>): DecodedJose[] {
  const out: DecodedJose[] = [];
  const seen = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const m of text.matchAll(COMPACT)) {
      if (seen.has(m[0])) continue;
      seen.add(m[0]);
      const d = decodeCompact(m[0]);
      if (d) out.push(d);
      if (out.length >= MAX_TOKENS) return out;
    }
  }
  return out;
}
