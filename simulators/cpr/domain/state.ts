/**
 * Everything CPR's simulated server remembers: the register, personkoder, sessions,
 * events in progress and the venteregister (the side register where citizen-reported
 * events wait for the home municipality's decision). Pure data and rules, no I/O.
 */
import type { Clock } from '../../kernel/types.ts';
import { danishDay } from './dates.ts';
import { applyEvent, DEFAULT_EVENT_RULES, type EventRules, type TranslatedField } from './events.ts';
import { DEFAULT_KENDEORD_POLICY, newPersonkode, type KendeordPolicy, type Personkode } from './kendeord.ts';
import type { Haendelseskode } from './records.ts';
import { seedPersons, type Person } from './register.ts';

export interface CprRules {
  sessionTimeoutMinutes: number;
  kendeord: KendeordPolicy;
  events: EventRules;
}

export const DEFAULT_CPR_RULES: CprRules = { sessionTimeoutMinutes: 15, kendeord: DEFAULT_KENDEORD_POLICY, events: DEFAULT_EVENT_RULES };

export interface Session {
  token: string;
  personkode: string;
  lastActivity: Date;
}

export type EventState = 'INITIERET' | 'VALIDERET' | 'AFBRUDT' | 'GEMT';

export interface EventCase {
  id: string;
  personkode: string;
  kode: Haendelseskode;
  pnr: string;
  haendelsesdato: string;
  kommunekode: string;
  state: EventState;
  initiatedAt: Date;
  /** The last successfully validated data (VALIDERET/GEMT only). */
  data?: Record<string, string>;
  translated?: TranslatedField[];
  kvitteringsnr?: string;
}

export type ReceiptStatus = 'V' | 'G' | 'A';

export interface VenteregisterEntry {
  kvitteringsnr: string;
  eventId: string;
  personkode: string;
  kode: Haendelseskode;
  pnr: string;
  /** The home municipality that decides. */
  kommunekode: string;
  data: Record<string, string>;
  translated: TranslatedField[];
  status: ReceiptStatus;
  savedAt: Date;
  decidedAt?: Date;
  reason?: string;
  caseworker?: string;
}

export type DeskResult = { ok: true; entry: VenteregisterEntry } | { ok: false; code: 'DESK_UNKNOWN_RECEIPT' | 'DESK_WRONG_KOMMUNE' | 'DESK_NOT_PENDING' | 'DESK_REASON_REQUIRED' | 'DESK_REASON_INVALID' | 'DESK_PERSON_GONE'; message: string };

export class CprState {
  persons: Map<string, Person>;
  /** Seed person key → CPR number (anna, bo, ...). */
  personKeys: Map<string, string>;
  readonly personkoder = new Map<string, Personkode>();
  readonly sessions = new Map<string, Session>();
  readonly events = new Map<string, EventCase>();
  readonly venteregister = new Map<string, VenteregisterEntry>();
  closed = false;
  private eventSeq = 0;
  private receiptSeq = 0;

  /**
   * @param registerOnApproval false only for the harness's negative control (defect
   *   `desk-approval-keeps-register`): approvals then leave the register unchanged.
   */
  constructor(readonly clock: Clock, readonly rules: CprRules = DEFAULT_CPR_RULES, private readonly registerOnApproval = true) {
    const seeded = seedPersons();
    this.persons = seeded;
    this.personKeys = seeded.byKey;
  }

  today(): string {
    return danishDay(this.clock.now());
  }

  addPersonkode(init: { personkode: string; kendeord: string; providerCvr: string; group?: string; changedAt?: Date }): Personkode {
    const p = newPersonkode({ ...init, group: init.group ?? 'BORGER', changedAt: init.changedAt ?? this.clock.now() });
    this.personkoder.set(p.personkode, p);
    return p;
  }

  nextEventId(): string {
    return `H${String(++this.eventSeq).padStart(9, '0')}`;
  }

  nextReceiptNumber(): string {
    return `K${this.today()}${String(++this.receiptSeq).padStart(3, '0')}`;
  }

  pendingFor(pnr: string, kode: string): VenteregisterEntry | undefined {
    return [...this.venteregister.values()].find((e) => e.pnr === pnr && e.kode === kode && e.status === 'V');
  }

  pendingForKommune(kommunekode: string): VenteregisterEntry[] {
    return [...this.venteregister.values()].filter((e) => e.kommunekode === kommunekode && e.status === 'V');
  }

  decidedForKommune(kommunekode: string): VenteregisterEntry[] {
    return [...this.venteregister.values()].filter((e) => e.kommunekode === kommunekode && e.status !== 'V');
  }

  /** The kommune's caseworker approves: the register takes the event's data. */
  approve(kvitteringsnr: string, kommunekode: string, caseworker: string): DeskResult {
    const found = this.decidable(kvitteringsnr, kommunekode);
    if (!found.ok) return found;
    const person = this.persons.get(found.entry.pnr);
    if (!person) return { ok: false, code: 'DESK_PERSON_GONE', message: `person ${found.entry.pnr} is no longer in the register` };
    if (this.registerOnApproval) applyEvent(found.entry.kode, found.entry.data, person, this.rules.events, (pnr) => this.persons.get(pnr));
    Object.assign(found.entry, { status: 'G', decidedAt: this.clock.now(), caseworker });
    return found;
  }

  reject(kvitteringsnr: string, kommunekode: string, caseworker: string, reason: string): DeskResult {
    const found = this.decidable(kvitteringsnr, kommunekode);
    if (!found.ok) return found;
    const r = reason.trim();
    if (r === '') return { ok: false, code: 'DESK_REASON_REQUIRED', message: 'a rejection needs a reason' };
    if (r.length > 80 || !/^[\x20-\x7E\xA0-\xFF]+$/.test(r)) return { ok: false, code: 'DESK_REASON_INVALID', message: 'the reason must be at most 80 characters of Danish text (ISO-8859-1)' };
    Object.assign(found.entry, { status: 'A', decidedAt: this.clock.now(), caseworker, reason: r });
    return found;
  }

  private decidable(kvitteringsnr: string, kommunekode: string): DeskResult {
    const entry = this.venteregister.get(kvitteringsnr);
    if (!entry) return { ok: false, code: 'DESK_UNKNOWN_RECEIPT', message: `no event with receipt ${kvitteringsnr}` };
    if (entry.kommunekode !== kommunekode) return { ok: false, code: 'DESK_WRONG_KOMMUNE', message: `receipt ${kvitteringsnr} belongs to kommune ${entry.kommunekode}` };
    if (entry.status !== 'V') return { ok: false, code: 'DESK_NOT_PENDING', message: `receipt ${kvitteringsnr} was already decided (${entry.status})` };
    return { ok: true, entry };
  }

  /** A JSON snapshot without secrets (no kendeord hashes, no tokens). */
  snapshot(): unknown {
    return {
      today: this.today(),
      closed: this.closed,
      persons: this.persons.size,
      personkoder: [...this.personkoder.values()].map((p) => ({ personkode: p.personkode, providerCvr: p.providerCvr, group: p.group, changedAt: p.changedAt.toISOString(), failures: p.failures, locked: p.locked })),
      sessions: this.sessions.size,
      events: [...this.events.values()].map((e) => ({ id: e.id, kode: e.kode, pnr: e.pnr, state: e.state, kvitteringsnr: e.kvitteringsnr })),
      venteregister: [...this.venteregister.values()].map((e) => ({ kvitteringsnr: e.kvitteringsnr, kode: e.kode, pnr: e.pnr, kommunekode: e.kommunekode, status: e.status, reason: e.reason })),
    };
  }
}
