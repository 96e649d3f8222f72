/**
 * Caseworker logon to the kommune desk (modelled: the real desk sits behind the
 * municipality's own login). A caseworker logs on for one kommune with their initials and
 * the desk's test kodeord; the session binds them to that kommune, so they see and decide
 * only its events. Sessions end after an idle period measured on the injected clock.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../kernel/types.ts';
import { KOMMUNER } from './geography.ts';

export const CASEWORKER_INITIALS = /^[A-Za-zÆØÅæøå]{2,8}$/;

export interface DeskSession {
  kommunekode: string;
  caseworker: string;
  lastActivity: Date;
}

export type DeskLogonResult =
  | { ok: true; sessionId: string; session: DeskSession }
  | { ok: false; code: 'DESK_UNKNOWN_KOMMUNE' | 'DESK_INITIALS_INVALID' | 'DESK_WRONG_KODEORD'; message: string };

const digest = (s: string) => createHash('sha256').update(s).digest('hex');

export class DeskSessions {
  private readonly sessions = new Map<string, DeskSession>();
  private readonly kodeordHash: string;

  constructor(private readonly clock: Clock, kodeord: string, private readonly newId: () => string, readonly idleMinutes = 30) {
    this.kodeordHash = digest(kodeord);
  }

  logon(kommunekode: string, caseworker: string, kodeord: string): DeskLogonResult {
    if (!KOMMUNER[kommunekode]) return { ok: false, code: 'DESK_UNKNOWN_KOMMUNE', message: `Kommunekode "${kommunekode}" findes ikke.` };
    if (!CASEWORKER_INITIALS.test(caseworker)) return { ok: false, code: 'DESK_INITIALS_INVALID', message: 'Angiv sagsbehandlerens initialer (2-8 bogstaver).' };
    if (digest(kodeord) !== this.kodeordHash) return { ok: false, code: 'DESK_WRONG_KODEORD', message: 'Forkerte initialer eller kodeord.' };
    const session: DeskSession = { kommunekode, caseworker: caseworker.toUpperCase(), lastActivity: this.clock.now() };
    let id = this.newId();
    while (this.sessions.has(id)) id = this.newId();
    this.sessions.set(id, session);
    return { ok: true, sessionId: id, session };
  }

  /** The live session behind an id (touching it), or undefined when unknown or idle too long. */
  get(id: string | undefined): DeskSession | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    const now = this.clock.now();
    if (now.getTime() - s.lastActivity.getTime() > this.idleMinutes * 60_000) {
      this.sessions.delete(id);
      return undefined;
    }
    s.lastActivity = now;
    return s;
  }

  logoff(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }
}
