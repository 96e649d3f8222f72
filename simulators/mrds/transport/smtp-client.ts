/** A minimal SMTP submission client (no TLS, no AUTH): enough for the embedded server or a local relay. */
import { connect } from 'node:net';

export class SmtpError extends Error {
  constructor(readonly code: 'SMTP_CONNECT_FAILED' | 'SMTP_REJECTED' | 'SMTP_TIMEOUT' | 'SMTP_PROTOCOL', message: string) {
    super(message);
  }
}

export interface SmtpTarget { host: string; port: number; heloName?: string; timeoutMs?: number }

/** Sends one message; resolves to the server's final reply (e.g. `250 2.0.0 OK queued as …`). */
export function sendSmtp(target: SmtpTarget, envelope: { from: string; to: string[] }, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(target.port, target.host);
    socket.setTimeout(target.timeoutMs ?? 10_000, () => fail(new SmtpError('SMTP_TIMEOUT', `no reply from ${target.host}:${target.port}`)));
    let buffer = '';
    let lines: string[] = [];
    const steps: Array<{ send?: string; expect: number }> = [
      { expect: 220 },
      { send: `EHLO ${target.heloName ?? 'govsim-mrds'}`, expect: 250 },
      { send: `MAIL FROM:<${envelope.from}>`, expect: 250 },
      ...envelope.to.map((t) => ({ send: `RCPT TO:<${t}>`, expect: 250 })),
      { send: 'DATA', expect: 354 },
      { send: `${raw.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..').replace(/\r\n$/, '')}\r\n.`, expect: 250 },
      { send: 'QUIT', expect: 221 },
    ];
    let i = 0;
    let accepted = '';
    let done = false;
    const fail = (err: Error) => { if (!done) { done = true; socket.destroy(); reject(err); } };
    socket.on('error', (err) => fail(new SmtpError('SMTP_CONNECT_FAILED', `${target.host}:${target.port}: ${err.message}`)));
    socket.on('close', () => { if (!done) { if (accepted) { done = true; resolve(accepted); } else fail(new SmtpError('SMTP_PROTOCOL', 'connection closed before the message was accepted')); } });
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        if (line[3] === '-') continue; // multi-line reply continues
        const code = Number(line.slice(0, 3));
        const step = steps[i];
        if (!step) continue;
        if (code !== step.expect) { fail(new SmtpError('SMTP_REJECTED', `server answered "${lines.join(' / ')}" to ${steps[i].send?.split(' ')[0] ?? 'greeting'}`)); return; }
        if (step.send?.endsWith('\r\n.')) accepted = line;
        lines = [];
        i += 1;
        const next = steps[i];
        if (!next) { done = true; socket.end(); resolve(accepted); return; }
        socket.write(`${next.send}\r\n`);
      }
    });
  });
}
