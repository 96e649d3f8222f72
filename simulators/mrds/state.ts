/** Everything the MRDS simulator remembers; a fresh instance is the seeded start state. */
import { Mandantentabelle, Melderegister, OrderBook, generatePopulation, seedMandanten, type Person } from './domain/index.ts';
import type { ParsedMail } from './transport/mime.ts';

export interface StoredMail {
  id: string;
  from: string;
  to: string[];
  receivedAt: string;
  raw: string;
  parsed: ParsedMail;
}

export interface Rechnung {
  id: string;
  mandant: string;
  orderId: string;
  /** Who the invoice goes to: the Rechnungsempfänger from the form, else the Ansprechpartner. */
  empfaenger: string;
  quelle: 'rechnungsempfaenger' | 'ansprechpartner';
  leistung: string;
  at: string;
}

export interface PendingOperatorStep {
  orderId: string;
  email: string;
  rechnungsempfaenger?: string;
  /** Epoch ms (injected clock) from which AG MiN's step is due. */
  dueAt: number;
}

export const MAILBOX_LIMIT = 500;

let population: Person[] | undefined;

export class MrdsState {
  readonly mandanten = new Mandantentabelle(seedMandanten());
  readonly register: Melderegister;
  readonly orders = new OrderBook();
  readonly mailbox: StoredMail[] = [];
  readonly rechnungen: Rechnung[] = [];
  /** Whether the certificate mail of an order was accepted by the SMTP server. */
  readonly mailDelivered = new Map<string, boolean>();
  /** Orders whose certificate waits for AG MiN, by Mandant AGS; due when the injected clock reaches `dueAt`. */
  readonly pendingOperator = new Map<string, PendingOperatorStep>();
  /** AG MiN steps running now, so a second trigger (admin API, housekeeping) joins instead of repeating them. */
  readonly operatorRuns = new Map<string, Promise<string | undefined>>();

  constructor() {
    // The population is deterministic and read-only: build it once per process.
    population ??= generatePopulation();
    this.register = new Melderegister(population);
  }

  storeMail(mail: StoredMail): void {
    this.mailbox.push(mail);
    if (this.mailbox.length > MAILBOX_LIMIT) this.mailbox.shift();
  }
}
