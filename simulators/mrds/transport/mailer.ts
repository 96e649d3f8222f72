/**
 * Sends the platform's mails over SMTP (to the embedded server, or to a configured relay)
 * and records each delivery as evidence: addresses, subject, attachment names, sizes and
 * hashes, never the content (the ZIP holds key material).
 */
import { createHash } from 'node:crypto';
import type { Recorder } from '../../kernel/evidence/index.ts';
import { buildMail, type OutgoingMail } from './mime.ts';
import { sendSmtp, SmtpError, type SmtpTarget } from './smtp-client.ts';

export type MailKind = 'zertifikat' | 'kundennummer';

export interface MailerDeps {
  recorder: Recorder;
  platform: string;
  environment?: string;
  target(): SmtpTarget & { relay: boolean };
}

export async function sendMail(d: MailerDeps, kind: MailKind, mail: OutgoingMail): Promise<{ ok: boolean; reply?: string; error?: string }> {
  const raw = buildMail(mail, mail.messageId);
  const target = d.target();
  const smtp = {
    kind, messageId: mail.messageId, from: mail.from, to: mail.to, subject: mail.subject, relay: target.relay,
    server: `${target.host}:${target.port}`,
    attachments: (mail.attachments ?? []).map((a) => ({ filename: a.filename, bytes: a.content.length, sha256: createHash('sha256').update(a.content).digest('hex') })),
    messageBytes: Buffer.byteLength(raw),
  };
  try {
    const reply = await sendSmtp(target, { from: mail.from, to: mail.to }, raw);
    d.recorder.record({
      kind: 'exchange', platform: d.platform, environment: d.environment, direction: 'outbound',
      summary: `SMTP ${kind} mail to ${mail.to.join(', ')}: ${mail.subject}`,
      verdicts: [{ check: 'SMTP_DELIVERY', ok: true, message: reply }],
      data: { smtp: { ...smtp, reply } },
    });
    return { ok: true, reply };
  } catch (err) {
    const message = err instanceof SmtpError ? `${err.code}: ${err.message}` : (err as Error).message;
    d.recorder.record({
      kind: 'exchange', platform: d.platform, environment: d.environment, direction: 'outbound',
      summary: `SMTP ${kind} mail to ${mail.to.join(', ')} failed: ${message}`,
      verdicts: [{ check: 'SMTP_DELIVERY', ok: false, message }],
      data: { smtp: { ...smtp, error: message } },
    });
    return { ok: false, error: message };
  }
}
