/** Reads an ebMS HTTP request: plain text/xml, or multipart/related streamed through the domain's MIME parser under caps. */
import type { ExchangeContext } from '../../kernel/http/index.ts';
import { isKernelHttpError } from '../../kernel/http/index.ts';
import { mime } from '../domain/index.ts';
import { LIMITS } from '../config.ts';

export interface EbmsRequest {
  soap: Buffer;
  contentType: string;
  /** Present for multipart/related. */
  related?: mime.MultipartRelated;
}

export type ReadResult = { ok: true; request: EbmsRequest } | { ok: false; code: string; message: string };

export async function readEbmsRequest(ctx: ExchangeContext): Promise<ReadResult> {
  const header = ctx.req.headers['content-type'] ?? '';
  let mediaType: string;
  try {
    mediaType = mime.parseContentType(header).mediaType;
  } catch (err) {
    return { ok: false, code: 'MIME_BAD_CONTENT_TYPE', message: (err as Error).message };
  }
  try {
    if (mediaType === 'multipart/related') {
      const related = await mime.parseMultipartRelated(header, ctx.bodyStream(LIMITS.maxBodyBytes), {
        limits: { maxTotalBytes: LIMITS.maxBodyBytes, maxRootBytes: LIMITS.maxSoapBytes, maxPartBytes: LIMITS.maxPayloadBytes, keepBodyUpTo: LIMITS.maxPayloadBytes, maxParts: LIMITS.maxParts },
      });
      const rootType = mime.parseContentType(related.root.contentType).mediaType;
      if (rootType !== 'text/xml') return { ok: false, code: 'EBMS_ROOT_NOT_TEXT_XML', message: `the root part must be text/xml (SOAP 1.1), got ${rootType}` };
      return { ok: true, request: { soap: related.root.body, contentType: header, related } };
    }
    if (mediaType === 'text/xml') return { ok: true, request: { soap: await ctx.readBody(LIMITS.maxSoapBytes), contentType: header } };
    return { ok: false, code: 'EBMS_CONTENT_TYPE', message: `Content-Type must be text/xml or multipart/related; type="text/xml", got ${mediaType}` };
  } catch (err) {
    if (err instanceof mime.MimeError) return { ok: false, code: err.code, message: err.message };
    if (isKernelHttpError(err)) throw err;
    throw err;
  }
}
