/** Writes multipart/related (SOAP with Attachments) for outgoing ebMS messages: CRLF, no transfer encoding. */
import { randomBytes } from 'node:crypto';
import { MimeError } from './errors.ts';
import { normaliseContentId, validateBoundary } from './content-type.ts';

export interface OutgoingPart {
  contentId: string;
  contentType: string;
  body: Buffer | string;
  /** Extra headers (e.g. Content-Disposition); Content-ID and Content-Type are written from the fields above. */
  headers?: Record<string, string>;
}

export interface OutgoingRelated {
  root: OutgoingPart;
  attachments?: OutgoingPart[];
  /** Media type of the root, for the `type` parameter. Default text/xml (SOAP 1.1). */
  type?: string;
  boundary?: string;
}

export function defaultBoundary(): string {
  return `MIMEBoundary_${randomBytes(16).toString('hex')}`;
}

function quote(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function writeMultipartRelated(msg: OutgoingRelated, newBoundary: () => string = defaultBoundary): { contentType: string; body: Buffer } {
  const boundary = msg.boundary ?? newBoundary();
  validateBoundary(boundary);
  const parts = [msg.root, ...(msg.attachments ?? [])];
  const ids = new Set<string>();
  const delim = Buffer.from(`\r\n--${boundary}`, 'latin1');
  const chunks: Buffer[] = [];
  parts.forEach((p, i) => {
    const id = normaliseContentId(p.contentId);
    if (!id || /[<>\r\n]/.test(id)) throw new MimeError('MIME_BAD_HEADER', `part ${i}: invalid Content-ID ${JSON.stringify(p.contentId)}`);
    if (ids.has(id)) throw new MimeError('MIME_DUPLICATE_CONTENT_ID', `Content-ID <${id}> used twice`);
    ids.add(id);
    const body = typeof p.body === 'string' ? Buffer.from(p.body, 'utf8') : p.body;
    if (body.includes(delim) || body.includes(Buffer.from(`\n--${boundary}`, 'latin1'))) {
      throw new MimeError('MIME_BOUNDARY_IN_BODY', `part <${id}> contains the boundary`);
    }
    let head = `${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${p.contentType}\r\nContent-ID: <${id}>\r\n`;
    for (const [k, v] of Object.entries(p.headers ?? {})) {
      if (/^content-(id|type)$/i.test(k)) continue;
      if (/[\r\n]/.test(k + v)) throw new MimeError('MIME_BAD_HEADER', `header ${k} contains a line break`);
      head += `${k}: ${v}\r\n`;
    }
    chunks.push(Buffer.from(`${head}\r\n`, 'utf8'), body);
  });
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'));
  const rootId = normaliseContentId(msg.root.contentId);
  const contentType = `multipart/related; type=${quote(msg.type ?? 'text/xml')}; boundary=${quote(boundary)}; start=${quote(`<${rootId}>`)}`;
  return { contentType, body: Buffer.concat(chunks) };
}
