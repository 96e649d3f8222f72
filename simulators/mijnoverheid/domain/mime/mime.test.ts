import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { parseMultipartRelated, readRelatedContentType, type MultipartRelated } from './parser.ts';
import { writeMultipartRelated } from './writer.ts';
import { parseContentType, normaliseContentId } from './content-type.ts';
import { MimeError } from './errors.ts';

const CT = 'multipart/related; type="text/xml"; boundary="b0und"; start="<soap@govsim>"';
const SOAP = '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body/></soap:Envelope>';
const PAYLOAD = '<zakLk01>0123</zakLk01>';

function message(eol = '\r\n', preamble = '', epilogue = ''): Buffer {
  return Buffer.from(
    `${preamble}--b0und${eol}Content-ID: <soap@govsim>${eol}Content-Type: text/xml; charset=UTF-8${eol}${eol}${SOAP}${eol}` +
    `--b0und${eol}Content-ID: <payload-1@govsim>${eol}Content-Type: application/xml${eol}${eol}${PAYLOAD}${eol}--b0und--${eol}${epilogue}`,
  );
}

async function parse(body: Buffer | Buffer[], ct = CT, options = {}): Promise<MultipartRelated> {
  return parseMultipartRelated(ct, Array.isArray(body) ? body : [body], options);
}

async function code(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (e) { if (e instanceof MimeError) return e.code; throw e; }
  return 'NO_ERROR';
}

function summary(m: MultipartRelated) {
  return [m.root, ...m.attachments].map((p) => ({ id: p.contentId, ct: p.contentType, size: p.size, sha: p.sha256, body: p.body?.toString('latin1') }));
}

describe('Content-Type', () => {
  it('parses quoted and token parameters case-insensitively', () => {
    expect(parseContentType('Multipart/Related; BOUNDARY="a b;c"; type=text/xml')).toEqual({ mediaType: 'multipart/related', params: { boundary: 'a b;c', type: 'text/xml' } });
    expect(readRelatedContentType(CT)).toEqual({ boundary: 'b0und', type: 'text/xml', start: 'soap@govsim' });
    expect(normaliseContentId('cid:payload-1%40govsim')).toBe('payload-1@govsim');
  });
  it('reports missing/bad boundaries and wrong media types with stable codes', async () => {
    expect(await code(parse(message(), 'multipart/related; type="text/xml"'))).toBe('MIME_NO_BOUNDARY');
    expect(await code(parse(message(), 'multipart/related; boundary="bad boundary "'))).toBe('MIME_BAD_BOUNDARY');
    expect(await code(parse(message(), `multipart/related; boundary="${'x'.repeat(71)}"`))).toBe('MIME_BAD_BOUNDARY');
    expect(await code(parse(message(), 'text/xml; charset=UTF-8'))).toBe('MIME_NOT_MULTIPART_RELATED');
    expect(await code(parse(message(), 'multipart/related; boundary="unterminated'))).toBe('MIME_BAD_CONTENT_TYPE');
  });
});

describe('multipart/related parser', () => {
  it('finds root by start, resolves cid: references, keeps headers, hashes bodies', async () => {
    const m = await parse(message());
    expect(m.root.body.toString()).toBe(SOAP);
    expect(m.root.headers['content-type']).toBe('text/xml; charset=UTF-8');
    expect(m.attachments).toHaveLength(1);
    const att = m.byContentId('cid:payload-1@govsim')!;
    expect(att.body?.toString()).toBe(PAYLOAD);
    expect(att.sha256).toBe(createHash('sha256').update(PAYLOAD).digest('hex'));
    expect(att.size).toBe(Buffer.byteLength(PAYLOAD));
    expect(m.byContentId('cid:nope@govsim')).toBeUndefined();
  });
  it('treats LF-only line ends like CRLF and ignores preamble and epilogue', async () => {
    const a = summary(await parse(message()));
    expect(summary(await parse(message('\n')))).toEqual(a);
    expect(summary(await parse(message('\r\n', 'This is a preamble\r\n--b0und-not-a-boundary\r\n', 'epilogue text\r\n--b0und\r\n')))).toEqual(a);
  });
  it('takes the first part as root when there is no start parameter', async () => {
    const m = await parse(message(), 'multipart/related; type="text/xml"; boundary=b0und');
    expect(m.root.contentId).toBe('soap@govsim');
  });
  it('MIME_MISSING_START when no part has the start Content-ID', async () => {
    expect(await code(parse(message(), 'multipart/related; boundary=b0und; start="<other@govsim>"'))).toBe('MIME_MISSING_START');
  });
  it('MIME_TRUNCATED when the closing boundary or a header end is missing', async () => {
    const full = message();
    const cut = full.subarray(0, full.indexOf('--b0und--'));
    expect(await code(parse(cut))).toBe('MIME_TRUNCATED');
    expect(await code(parse(full.subarray(0, 30)))).toBe('MIME_TRUNCATED');
    expect(await code(parse(Buffer.from('--b0und')))).toBe('MIME_TRUNCATED');
  });
  it('MIME_NO_PARTS when the boundary never appears', async () => {
    expect(await code(parse(Buffer.from('just text, no parts\r\n')))).toBe('MIME_NO_PARTS');
  });
  it('enforces total, per-part, root, header and part-count caps', async () => {
    const big = writeMultipartRelated({ boundary: 'b0und', root: { contentId: 'soap@govsim', contentType: 'text/xml', body: SOAP }, attachments: [{ contentId: 'a@govsim', contentType: 'application/octet-stream', body: Buffer.alloc(5000, 7) }] });
    expect(await code(parse(big.body, big.contentType, { limits: { maxTotalBytes: 4000 } }))).toBe('MIME_TOO_LARGE');
    expect(await code(parse(big.body, big.contentType, { limits: { maxPartBytes: 4999 } }))).toBe('MIME_TOO_LARGE');
    expect(await code(parse(big.body, big.contentType, { limits: { maxPartBytes: 5000 } }))).toBe('NO_ERROR');
    expect(await code(parse(big.body, big.contentType, { limits: { maxRootBytes: 20 } }))).toBe('MIME_TOO_LARGE');
    expect(await code(parse(big.body, big.contentType, { limits: { maxParts: 1 } }))).toBe('MIME_TOO_MANY_PARTS');
    const longHeader = Buffer.from(`--b0und\r\nX-Long: ${'y'.repeat(200)}\r\n\r\nbody\r\n--b0und--`);
    expect(await code(parse(longHeader, 'multipart/related; boundary=b0und', { limits: { maxHeaderBytes: 100 } }))).toBe('MIME_HEADER_TOO_LARGE');
  });
  it('does not buffer parts above keepBodyUpTo but still hashes them and keeps the head', async () => {
    const data = Buffer.alloc(3000, 1);
    const msg = writeMultipartRelated({ boundary: 'b0und', root: { contentId: 'soap@govsim', contentType: 'text/xml', body: SOAP }, attachments: [{ contentId: 'img@govsim', contentType: 'image/jpeg', body: data }] });
    const m = await parse(msg.body, msg.contentType, { limits: { keepBodyUpTo: 1000, headBytes: 16 } });
    const att = m.byContentId('img@govsim')!;
    expect(att.body).toBeUndefined();
    expect(att.size).toBe(3000);
    expect(att.head).toEqual(data.subarray(0, 16));
    expect(att.sha256).toBe(createHash('sha256').update(data).digest('hex'));
  });
  it('streams attachments to a sink chunk by chunk', async () => {
    const data = Buffer.from('0123456789'.repeat(500));
    const msg = writeMultipartRelated({ boundary: 'b0und', root: { contentId: 'soap@govsim', contentType: 'text/xml', body: SOAP }, attachments: [{ contentId: 'big@govsim', contentType: 'application/pdf', body: data }] });
    const received: Buffer[] = [];
    let ended = false;
    const chunks = Array.from({ length: Math.ceil(msg.body.length / 100) }, (_, i) => msg.body.subarray(i * 100, i * 100 + 100));
    const m = await parse(chunks, msg.contentType, { onAttachment: (info: { contentId?: string }) => info.contentId === 'big@govsim' ? { write: (c: Buffer) => { received.push(Buffer.from(c)); }, end: () => { ended = true; } } : undefined });
    expect(received.length).toBeGreaterThan(10);
    expect(Buffer.concat(received)).toEqual(data);
    expect(ended).toBe(true);
    expect(m.byContentId('big@govsim')!.body).toBeUndefined();
  });
  it('decodes base64 parts and refuses quoted-printable', async () => {
    const b64 = Buffer.from(`--b0und\r\nContent-Type: text/xml\r\n\r\n${SOAP}\r\n--b0und\r\nContent-ID: <x@y>\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from('hello world!').toString('base64').replace(/(.{4})/g, '$1\r\n')}\r\n--b0und--`);
    const m = await parse(b64, 'multipart/related; boundary=b0und');
    expect(m.byContentId('x@y')!.body?.toString()).toBe('hello world!');
    const qp = Buffer.from(b64.toString().replace('base64', 'quoted-printable'));
    expect(await code(parse(qp, 'multipart/related; boundary=b0und'))).toBe('MIME_UNSUPPORTED_ENCODING');
  });
  it('rejects duplicate Content-IDs and malformed headers', async () => {
    const dup = Buffer.from(message().toString().replace('payload-1@govsim', 'soap@govsim'));
    expect(await code(parse(dup))).toBe('MIME_DUPLICATE_CONTENT_ID');
    const bad = Buffer.from(message().toString().replace('Content-Type: application/xml', 'no colon here'));
    expect(await code(parse(bad))).toBe('MIME_BAD_HEADER');
  });
  it('keeps body text that merely starts like the boundary', async () => {
    const body = 'line\r\n--b0undary is not the boundary\r\nend';
    const raw = Buffer.from(`--b0und\r\nContent-ID: <soap@govsim>\r\n\r\n${SOAP}\r\n--b0und\r\nContent-ID: <a@b>\r\n\r\n${body}\r\n--b0und--\r\n`);
    const m = await parse(raw);
    expect(m.byContentId('a@b')!.body?.toString()).toBe(body);
  });
  it('property: any chunking of a valid message parses identically', async () => {
    const binary = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37 + 13) & 0xff));
    const msg = writeMultipartRelated({ boundary: 'MIMEBoundary_x', root: { contentId: 'soap@govsim', contentType: 'text/xml', body: `${SOAP}\r\n` }, attachments: [
      { contentId: 'p1@govsim', contentType: 'application/xml', body: `${PAYLOAD}\r\n\r\n--MIMEBoundary_` },
      { contentId: 'p2@govsim', contentType: 'image/jpeg', body: binary },
      { contentId: 'p3@govsim', contentType: 'text/plain', body: '' },
    ] });
    const expected = summary(await parse(msg.body, msg.contentType));
    expect(expected.map((p) => p.size)).toEqual([Buffer.byteLength(SOAP) + 2, Buffer.byteLength(PAYLOAD) + 19, 600, 0]);
    await fc.assert(fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: msg.body.length - 1 }), { maxLength: 40 }), async (cuts) => {
      const points = [0, ...cuts.sort((x, y) => x - y), msg.body.length];
      const chunks = points.slice(1).map((end, i) => msg.body.subarray(points[i], end));
      expect(summary(await parse(chunks, msg.contentType))).toEqual(expected);
    }), { numRuns: 150 });
  });
  it('a boundary-like string at the start of a trimmed preamble tail is not taken for the first boundary', async () => {
    const pre = `${'p'.repeat(50)}x--b0und\r\n`;
    const m = await parse([Buffer.from(pre.slice(0, 40)), Buffer.from(pre.slice(40)), message()]);
    expect(m.root.body.toString()).toBe(SOAP);
  });
  it('property: one-byte chunks parse identically', async () => {
    const m1 = summary(await parse(message()));
    const bytes = [...message()].map((b) => Buffer.from([b]));
    expect(summary(await parse(bytes))).toEqual(m1);
  });
});

describe('multipart/related writer', () => {
  it('writes CRLF parts with start and type parameters that the parser reads back', async () => {
    const out = writeMultipartRelated({ root: { contentId: '<soap@govsim>', contentType: 'text/xml; charset=UTF-8', body: SOAP }, attachments: [{ contentId: 'p@govsim', contentType: 'application/xml', body: PAYLOAD, headers: { 'Content-Disposition': 'attachment' } }] }, () => 'fixed_boundary');
    expect(out.contentType).toBe('multipart/related; type="text/xml"; boundary="fixed_boundary"; start="<soap@govsim>"');
    expect(out.body.toString().startsWith('--fixed_boundary\r\nContent-Type: text/xml; charset=UTF-8\r\nContent-ID: <soap@govsim>\r\n\r\n')).toBe(true);
    const m = await parse(out.body, out.contentType);
    expect(m.root.body.toString()).toBe(SOAP);
    expect(m.byContentId('p@govsim')!.headers['content-disposition']).toBe('attachment');
  });
  it('refuses a body containing the boundary, duplicate ids and header injection', () => {
    expect(() => writeMultipartRelated({ boundary: 'bb', root: { contentId: 'a@b', contentType: 'text/xml', body: 'x\r\n--bb\r\n' } })).toThrow(/MIME_BOUNDARY_IN_BODY/);
    expect(() => writeMultipartRelated({ boundary: 'bb', root: { contentId: 'a@b', contentType: 'text/xml', body: '' }, attachments: [{ contentId: '<a@b>', contentType: 'x/y', body: '' }] })).toThrow(/MIME_DUPLICATE_CONTENT_ID/);
    expect(() => writeMultipartRelated({ boundary: 'bb', root: { contentId: 'a@b', contentType: 'text/xml', body: '', headers: { 'X-A': 'v\r\nX-Injected: 1' } } })).toThrow(/MIME_BAD_HEADER/);
  });
});
