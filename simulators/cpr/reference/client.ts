/**
 * The reference self-service server's connection to CPR: logon with personkode and
 * kendeord (rotating an expired kendeord), session token kept between actions, one new
 * logon after a timeout (07), and the four event steps. Each broken variant changes
 * exactly one of these behaviours.
 */
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { alpha, numeric, parseAnswer, type Answer } from './codec.ts';

export interface ConnectionParams {
  /** Protocol endpoint, e.g. https://127.0.0.1:8470/cpr/sbs/v1. */
  url: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  personkode: string;
  /** File with the kendeord the CPR office issued; the state file's (rotated) one wins. */
  kendeordFile: string;
  /** Where the provider keeps its current kendeord and session token between actions. */
  stateFile: string;
}

interface ProviderState {
  kendeord: string;
  token?: string;
}

export class ClientFailure extends Error {
  constructor(readonly step: string, readonly answer: Answer) {
    super(`${step}: CPR answered ${answer.fejlkode} ${answer.records.map((r) => r.FEJLTEKST).filter(Boolean).join('; ')}`);
  }
}

const SPECIALS = '!#%+-=.,:;*@$/_';
const pick = (s: string) => s[randomInt(s.length)];

/** A random kendeord that satisfies CPR's rules (8 characters, all four classes, no forbidden characters). */
export function newKendeord(): string {
  const chars = [pick('abcdefghijkmnpqrstuvwxyz'), pick('ABCDEFGHJKLMNPQRSTUVWXYZ'), pick('23456789'), pick(SPECIALS)];
  const all = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789' + SPECIALS;
  while (chars.length < 8) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

export class SbsClient {
  private state: ProviderState;
  /** Every answer in order, for the action's result. */
  readonly log: Array<{ transkode: string; fejlkode: string }> = [];

  constructor(readonly p: ConnectionParams, readonly variant?: string) {
    this.state = existsSync(p.stateFile) ? JSON.parse(readFileSync(p.stateFile, 'utf8')) as ProviderState
      : { kendeord: readFileSync(p.kendeordFile, 'utf8').trim() };
  }

  private save(): void {
    writeFileSync(this.p.stateFile, JSON.stringify(this.state), { mode: 0o600 });
  }

  /** True when the answer is an error the caller must act on (the broken variant never looks). */
  failed(a: Answer): boolean {
    return this.variant === 'ignores-error-codes' ? false : a.fejlkode !== '00';
  }

  num(value: string | undefined, width: number): string {
    return numeric(value, width, this.variant === 'space-padded-numbers');
  }

  private header(transkode: string, token: string): string {
    return alpha(transkode, 4) + '01' + alpha(token, 8) + alpha(this.p.personkode, 8);
  }

  async send(transkode: string, body: string, token = this.state.token ?? ''): Promise<Answer> {
    const text = await post(this.p, this.header(transkode, token) + body);
    const a = parseAnswer(text);
    this.log.push({ transkode, fejlkode: a.fejlkode });
    return a;
  }

  /** LOGN; on 02 a new kendeord through KEND; on 01 and 12 it stops (retrying would lock the personkode). */
  async logon(): Promise<Answer> {
    let a = await this.send('LOGN', alpha(this.state.kendeord, 8), '');
    if (this.variant === 'retries-wrong-kendeord') {
      for (let i = 0; i < 5 && a.fejlkode === '01'; i++) a = await this.send('LOGN', alpha(this.state.kendeord, 8), '');
    }
    if (a.fejlkode === '02' && this.variant !== 'no-kendeord-rotation') {
      const next = newKendeord();
      a = await this.send('KEND', alpha(this.state.kendeord, 8) + alpha(next, 8), '');
      if (a.fejlkode === '00') this.state.kendeord = next;
    }
    if (!this.failed(a)) {
      this.state.token = a.token;
      this.save();
    }
    return a;
  }

  /** Sends a request in the current session; logs on first when there is none, and once more after a timeout (07). */
  async request(transkode: string, body: string): Promise<Answer> {
    if (!this.state.token) {
      const l = await this.logon();
      if (this.failed(l)) throw new ClientFailure('logon', l);
    }
    let a = await this.send(transkode, body);
    if (a.fejlkode === '07' && this.variant !== 'no-session-renewal') {
      this.state.token = undefined;
      const l = await this.logon();
      if (this.failed(l)) throw new ClientFailure('logon', l);
      a = await this.send(transkode, body);
    }
    return a;
  }
}

function post(p: ConnectionParams, record: string): Promise<string> {
  const body = Buffer.from(record, 'latin1');
  return new Promise((resolve, reject) => {
    const req = request(p.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=ISO-8859-1', 'content-length': body.length },
      ca: readFileSync(p.caFile), cert: readFileSync(p.certFile), key: readFileSync(p.keyFile),
      agent: false, timeout: 10_000,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('latin1');
        if (res.statusCode !== 200 && !/^.{22}\d\d/.test(text)) reject(new Error(`CPR answered HTTP ${res.statusCode}`));
        else resolve(text);
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('CPR did not answer within 10 s')));
    req.on('error', reject);
    req.end(body);
  });
}
