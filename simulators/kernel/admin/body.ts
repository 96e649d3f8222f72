import type { IncomingMessage } from 'node:http';
import { AdminError } from './problem.ts';
import { findJsonSyntaxError } from './json-syntax.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads and parses a JSON request body. Refuses a declared or actual size above
 * `maxBytes` (ADMIN_BODY_TOO_LARGE), a non-JSON media type (ADMIN_UNSUPPORTED_MEDIA_TYPE),
 * an empty body (ADMIN_BAD_REQUEST) and malformed JSON with its position (ADMIN_BAD_JSON).
 */
export async function readJsonBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    throw tooLarge(maxBytes, Number(declared));
  }
  const type = req.headers['content-type'];
  if (type === undefined || !isJsonMediaType(type)) {
    throw new AdminError('ADMIN_UNSUPPORTED_MEDIA_TYPE',
      `request body must be sent as Content-Type: application/json (got ${type === undefined ? 'no Content-Type' : JSON.stringify(type)})`);
  }
  const bytes = await readCapped(req, maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AdminError('ADMIN_BAD_JSON', 'request body is not valid UTF-8');
  }
  if (text.trim() === '') throw new AdminError('ADMIN_BAD_REQUEST', 'request body is empty; a JSON document is required');
  return parseJson(text);
}

/**
 * Collects the body without async iteration: leaving a `for await` early would destroy
 * the socket before the 413 could be sent.
 */
function readCapped(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.off('end', onEnd);
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => resolve(Buffer.concat(chunks));
    req.on('data', onData);
    req.on('end', onEnd);
    req.once('error', reject);
  });
}

/** JSON.parse, with a failure located as line and column (1-based) and never echoing the input. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const located = findJsonSyntaxError(text);
    if (!located) throw new AdminError('ADMIN_BAD_JSON', `request body is not valid JSON: ${(err as Error).message}`);
    throw new AdminError('ADMIN_BAD_JSON',
      `request body is not valid JSON: ${located.reason} at line ${located.line} column ${located.column}`,
      { line: located.line, column: located.column, position: located.offset });
  }
}

function isJsonMediaType(value: string): boolean {
  const essence = value.split(';')[0].trim().toLowerCase();
  return essence === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(essence);
}

function tooLarge(maxBytes: number, declared?: number): AdminError {
  const got = declared !== undefined ? ` (Content-Length ${declared})` : '';
  return new AdminError('ADMIN_BODY_TOO_LARGE', `request body exceeds ${maxBytes} bytes${got}`, { maxBytes },
    { connection: 'close' });
}
