/**
 * Internet messages (RFC 5322 + MIME) for the certificate and Kundennummer mails: a
 * builder (UTF-8 text part, base64 attachments, encoded-word subject) and a reader good
 * for what the builder and common mail clients produce.
 */

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingMail {
  from: string;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  attachments?: MailAttachment[];
  messageId: string;
  date: Date;
  /** Extra headers, e.g. X-Govsim-Kind. */
  headers?: Record<string, string>;
}

export interface ParsedMail {
  headers: Record<string, string>;
  subject: string;
  from: string;
  to: string[];
  messageId: string;
  text: string;
  attachments: MailAttachment[];
}

const CRLF = '\r\n';

function encodedWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

function base64Lines(buf: Buffer): string {
  return (buf.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

function headerSafe(v: string): string {
  if (/[\r\n]/.test(v)) throw new Error('mail header values must not contain line breaks');
  return v;
}

export function buildMail(m: OutgoingMail, boundarySeed: string): string {
  const boundary = `=_govsim_${boundarySeed.replace(/[^A-Za-z0-9]/g, '').slice(0, 40)}`;
  const head = [
    `From: ${headerSafe(m.from)}`,
    `To: ${m.to.map(headerSafe).join(', ')}`,
    ...(m.cc?.length ? [`Cc: ${m.cc.map(headerSafe).join(', ')}`] : []),
    `Subject: ${encodedWord(headerSafe(m.subject))}`,
    `Date: ${m.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${headerSafe(m.messageId)}>`,
    'MIME-Version: 1.0',
    ...Object.entries(m.headers ?? {}).map(([k, v]) => `${headerSafe(k)}: ${headerSafe(v)}`),
  ];
  const textPart = ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', base64Lines(Buffer.from(m.text, 'utf8'))];
  if (!m.attachments?.length) return [...head, ...textPart].join(CRLF) + CRLF;
  const parts = [
    [`--${boundary}`, ...textPart].join(CRLF),
    ...m.attachments.map((a) => [
      `--${boundary}`,
      `Content-Type: ${headerSafe(a.contentType)}; name="${headerSafe(a.filename)}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="${headerSafe(a.filename)}"`,
      '',
      base64Lines(a.content),
    ].join(CRLF)),
  ];
  return [...head, `Content-Type: multipart/mixed; boundary="${boundary}"`, '', 'This is a multi-part message in MIME format.', ...parts, `--${boundary}--`, ''].join(CRLF);
}

function splitHead(raw: string): { head: Record<string, string>; body: string } {
  const idx = raw.search(/\r?\n\r?\n/);
  const headText = idx < 0 ? raw : raw.slice(0, idx);
  const body = idx < 0 ? '' : raw.slice(idx).replace(/^\r?\n\r?\n/, '');
  const head: Record<string, string> = {};
  for (const line of headText.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const c = line.indexOf(':');
    if (c > 0) head[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  return { head, body };
}

function decodeWords(v: string): string {
  return v.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _cs: string, enc: string, data: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

function param(header: string | undefined, name: string): string | undefined {
  const m = new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(header ?? '');
  return m ? (m[1] ?? m[2]) : undefined;
}

function decodeBody(body: string, encoding: string | undefined): Buffer {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64': return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    case 'quoted-printable':
      return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    default: return Buffer.from(body, 'utf8');
  }
}

export function parseMail(raw: string): ParsedMail {
  const { head, body } = splitHead(raw);
  const out: ParsedMail = {
    headers: head,
    subject: decodeWords(head.subject ?? ''),
    from: head.from ?? '',
    to: (head.to ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    messageId: (head['message-id'] ?? '').replace(/^<|>$/g, ''),
    text: '',
    attachments: [],
  };
  const walk = (h: Record<string, string>, b: string, depth: number): void => {
    const type = h['content-type'] ?? 'text/plain';
    if (/^multipart\//i.test(type) && depth < 5) {
      const boundary = param(type, 'boundary');
      if (!boundary) return;
      const sections = b.split(`--${boundary}`).slice(1);
      for (const s of sections) {
        if (s.startsWith('--')) break;
        const part = splitHead(s.replace(/^\r?\n/, ''));
        walk(part.head, part.body.replace(/\r?\n$/, ''), depth + 1);
      }
      return;
    }
    const data = decodeBody(b, h['content-transfer-encoding']);
    const filename = param(h['content-disposition'], 'filename') ?? param(type, 'name');
    if (filename) out.attachments.push({ filename: decodeWords(filename), contentType: type.split(';')[0].trim(), content: data });
    else if (/^text\/plain/i.test(type) && out.text === '') out.text = data.toString('utf8');
  };
  walk(head, body, 0);
  return out;
}
