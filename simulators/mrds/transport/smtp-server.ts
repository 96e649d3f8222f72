/**
 * govsim's embedded SMTP server (RFC 5321 subset: HELO/EHLO, MAIL, RCPT, DATA, RSET,
 * NOOP, QUIT) on node:net. It accepts mail for any recipient into the simulator's
 * mailbox; limits keep a misbehaving client from exhausting memory.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface ReceivedMail {
  id: string;
  from: string;
  to: string[];
  raw: string;
  receivedAt: string;
}

export interface SmtpServerOptions {
  hostname?: string;
  maxMessageBytes?: number;
  maxRecipients?: number;
  idleTimeoutMs?: number;
  onMail(mail: Omit<ReceivedMail, 'id' | 'receivedAt'>): string;
}

export interface SmtpServer {
  listen(port?: number, host?: string): Promise<{ host: string; port: number }>;
  close(): Promise<void>;
}

const ADDRESS = /^<([^<>\s]*)>/;

export function createSmtpServer(o: SmtpServerOptions): SmtpServer {
  const hostname = o.hostname ?? 'mrds.govsim.test';
  const maxBytes = o.maxMessageBytes ?? 10 * 1024 * 1024;
  const maxRcpt = o.maxRecipients ?? 100;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setTimeout(o.idleTimeoutMs ?? 30_000, () => { socket.end('421 4.4.2 idle timeout\r\n'); });
    socket.on('error', () => socket.destroy());
    let buffer = Buffer.alloc(0);
    let from: string | undefined;
    let to: string[] = [];
    let data: Buffer[] | undefined;
    let dataBytes = 0;
    let tooBig = false;
    const reply = (line: string) => { if (socket.writable) socket.write(`${line}\r\n`); };
    reply(`220 ${hostname} ESMTP govsim`);

    const command = (line: string): void => {
      const verb = line.slice(0, 4).toUpperCase();
      const arg = line.slice(4).trim();
      switch (verb) {
        case 'EHLO': reply(`250-${hostname}`); reply(`250-SIZE ${maxBytes}`); reply('250-8BITMIME'); reply('250 SMTPUTF8'); return;
        case 'HELO': reply(`250 ${hostname}`); return;
        case 'MAIL': {
          const m = /^FROM:\s*(<[^>]*>)/i.exec(arg);
          const addr = m && ADDRESS.exec(m[1]);
          if (!addr) { reply('501 5.5.4 syntax: MAIL FROM:<address>'); return; }
          from = addr[1]; to = []; reply('250 2.1.0 OK'); return;
        }
        case 'RCPT': {
          if (from === undefined) { reply('503 5.5.1 MAIL first'); return; }
          const m = /^TO:\s*(<[^>]*>)/i.exec(arg);
          const addr = m && ADDRESS.exec(m[1]);
          if (!addr || addr[1] === '') { reply('501 5.5.4 syntax: RCPT TO:<address>'); return; }
          if (to.length >= maxRcpt) { reply('452 4.5.3 too many recipients'); return; }
          to.push(addr[1]); reply('250 2.1.5 OK'); return;
        }
        case 'DATA':
          if (from === undefined || to.length === 0) { reply('503 5.5.1 RCPT first'); return; }
          data = []; dataBytes = 0; tooBig = false; reply('354 end data with <CR><LF>.<CR><LF>'); return;
        case 'RSET': from = undefined; to = []; reply('250 2.0.0 OK'); return;
        case 'NOOP': reply('250 2.0.0 OK'); return;
        case 'QUIT': reply(`221 2.0.0 ${hostname} closing`); socket.end(); return;
        default: reply('502 5.5.2 command not implemented');
      }
    };

    const dataLine = (line: Buffer): void => {
      if (line.length === 1 && line[0] === 0x2e) {
        const raw = Buffer.concat(data!).toString('utf8');
        data = undefined;
        if (tooBig) { reply('552 5.3.4 message too big'); }
        else {
          const id = o.onMail({ from: from!, to: [...to], raw });
          reply(`250 2.0.0 OK queued as ${id}`);
        }
        from = undefined; to = [];
        return;
      }
      const unstuffed = line[0] === 0x2e ? line.subarray(1) : line;
      dataBytes += unstuffed.length + 2;
      if (dataBytes > maxBytes) { tooBig = true; return; }
      data!.push(unstuffed, Buffer.from('\r\n'));
    };

    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.subarray(0, nl > 0 && buffer[nl - 1] === 0x0d ? nl - 1 : nl);
        buffer = buffer.subarray(nl + 1);
        if (data) dataLine(line);
        else command(line.toString('utf8'));
      }
      if (!data && buffer.length > 4096) { reply('500 5.5.6 line too long'); socket.end(); }
      if (data && buffer.length > 1024 * 1024) { tooBig = true; buffer = Buffer.alloc(0); }
    });
  });

  return {
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const a = server.address();
          if (!a || typeof a === 'string') { reject(new Error('SMTP server has no address')); return; }
          resolve({ host, port: a.port });
        });
      });
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
