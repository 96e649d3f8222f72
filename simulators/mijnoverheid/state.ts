/** Everything the simulated MijnOverheid remembers during a run (plain data, reset per scenario). */
import type { Clock } from '../kernel/types.ts';
import { AfzenderRegister, ZaakStore } from './domain/lopendezaken/index.ts';
import { DuplicateStore } from './domain/ebms/index.ts';
import { ReliableOutbox, TestPersonRegistry, type Cpa } from './domain/index.ts';
import type { Foutbericht } from './domain/lopendezaken/index.ts';

/** What the MSH knows about a received message (for StatusRequest and RefToMessageId checks). */
export interface ReceivedMessage {
  messageId: string;
  cpaId: string;
  conversationId: string;
  action: string;
  receivedAt: string;
  status: 'Received' | 'Processed';
}

/** A message MijnOverheid sent (or will send) to the SUT, with what came back. */
export interface SentMessage {
  messageId: string;
  cpaId: string;
  conversationId: string;
  action: string;
  url: string;
  sentAt?: string;
  /** Acknowledgment received from the SUT (RefToMessageId = messageId). */
  acknowledgedAt?: string;
  /** Pong for a Ping. */
  pongAt?: string;
  /** MessageError the SUT returned for it. */
  messageErrorCodes?: string[];
  foutbericht?: Foutbericht;
}

export interface OutboxPayload {
  url: string;
  contentType: string;
  body: Buffer;
  action: string;
  /** The message expects a synchronous signal (CPA syncReplyMode mshSignalsOnly). */
  syncSignals: boolean;
}

export class MijnOverheidState {
  cpas = new Map<string, { cpa: Cpa; xml: string; loadedAt: string }>();
  persons = new TestPersonRegistry();
  afzenders = new AfzenderRegister();
  zaken = new ZaakStore();
  duplicates = new DuplicateStore();
  received = new Map<string, ReceivedMessage>();
  sent = new Map<string, SentMessage>();
  outbox: ReliableOutbox<OutboxPayload>;
  /** Scenario setting: this many upcoming acknowledgments are "lost" (not pushed) to provoke a resend. */
  acknowledgmentsToLose = 0;

  constructor(readonly clock: Clock) {
    this.outbox = new ReliableOutbox<OutboxPayload>(clock);
  }

  findCpa(cpaId: string): Cpa | undefined {
    return this.cpas.get(cpaId)?.cpa;
  }

  snapshot(): unknown {
    return {
      cpas: [...this.cpas.values()].map((c) => ({ cpaId: c.cpa.cpaId, profile: c.cpa.profile, loadedAt: c.loadedAt, parties: c.cpa.parties.map((p) => ({ partyName: p.partyName, partyId: p.partyId, endpoint: p.transport.endpoint })) })),
      persons: this.persons.snapshot().accounts,
      afzenders: this.afzenders.snapshot(),
      zaken: this.zaken.list(),
      received: [...this.received.values()],
      sent: [...this.sent.values()].map((s) => ({ ...s })),
      outbox: this.outbox.list().map((e) => ({ messageId: e.messageId, state: e.state, attempts: e.attempts, nextAt: e.nextAt, failureReason: e.failureReason, lastError: e.lastError })),
      acknowledgmentsToLose: this.acknowledgmentsToLose,
    };
  }
}
