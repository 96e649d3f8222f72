/**
 * The MijnOverheid ebMS endpoint (receiving MSH): SOAPAction, packaging, header rules against the
 * loaded CPA, then per message kind: Ping → Pong, StatusRequest → StatusResponse, signals from the
 * SUT (Acknowledgment, MessageError, Pong), and zaakberichten (duplicate elimination, ack, Lopende
 * Zaken processing, foutbericht back over ebMS). Answers follow the brief's error table.
 */
import type { ExchangeContext } from '../../kernel/http/index.ts';
import type { Recorder, Verdict } from '../../kernel/evidence/index.ts';
import type { Clock } from '../../kernel/types.ts';
import { ebms, lopendeZaken, mime, parseDurationMs, xmldsig, type Cpa, type CpaParty } from '../domain/index.ts';
import type { MijnOverheidSettings } from '../config.ts';
import type { MijnOverheidState } from '../state.ts';
import type { EbmsOutbound } from './outbound.ts';
import { readEbmsRequest, type EbmsRequest } from './read-request.ts';
import { TEXT_XML, soapFault } from './soap.ts';

export interface MshDeps {
  state: MijnOverheidState;
  settings: MijnOverheidSettings;
  outbound: EbmsOutbound;
  clock: Clock;
  recorder: Recorder;
  platform: string;
  environment?: string;
  newMessageId: () => string;
  /** Harness negative-control defects (empty in normal runs). */
  defects: readonly string[];
  /** Signs an outgoing envelope with MijnOverheid's key when the CPA's profile is signed; returns it unchanged otherwise. */
  sign: (xml: string, cpa: Cpa, attachments?: { contentId: string; body: Buffer | string }[]) => string;
}

/** What the MSH records about each inbound ebMS message (evidence `data.ebms`). */
export interface InboundData {
  direction: 'inbound';
  soapAction?: string;
  contentType?: string;
  verdict?: 'accepted' | 'messageError' | 'soapFault' | 'duplicate';
  action?: string;
  service?: string;
  messageId?: string;
  conversationId?: string;
  refToMessageId?: string;
  cpaId?: string;
  fromPartyId?: string;
  fromPartyIdType?: string | null;
  toPartyId?: string;
  certificateOin?: string;
  certificateFingerprint?: string;
  errors?: { errorCode: string; rule: string; location?: string; description?: string }[];
  fault?: { code: string; faultString: string };
  duplicate?: { sameContent: boolean };
  parts?: { contentId?: string; contentType: string; size: number; sha256: string }[];
  contentHash?: string;
  reply?: { action: string; messageId: string; mode: 'sync' | 'async' | 'withheld' };
  lz?: { event?: string; identificatie?: string; bsn?: string; foutcode?: string; foutberichtMessageId?: string };
  signal?: { refToMessageId: string; known: boolean; conversationMatches?: boolean; accepted?: boolean };
  signature?: { required: boolean; present: boolean; ok: boolean; signatureMethod?: string; rules: string[] };
}

export class Msh {
  constructor(private readonly d: MshDeps) {}

  private buildDeps(): ebms.BuildDeps {
    return { clock: this.d.clock, newMessageId: this.d.newMessageId };
  }

  async handle(ctx: ExchangeContext): Promise<void> {
    const soapActionHeader = ctx.req.headers.soapaction;
    const soapAction = Array.isArray(soapActionHeader) ? soapActionHeader.join(',') : soapActionHeader;
    const data: InboundData = { direction: 'inbound', soapAction, contentType: ctx.req.headers['content-type'] };
    ctx.data = { ebms: data };
    const fault = (code: string, faultString: string, emptyBody = false, faultCode: 'Client' | 'Server' = 'Client') => {
      data.verdict = 'soapFault';
      data.fault = { code, faultString };
      ctx.verdicts.push({ check: code, ok: false, message: faultString });
      ctx.summary = `ebMS refused with SOAP Fault: ${code}`;
      if (emptyBody) ctx.send(500);
      else ctx.send(500, soapFault(faultCode, faultString, code), { 'content-type': TEXT_XML });
    };

    const badAction = ebms.checkSoapAction(soapAction);
    if (badAction) return fault(badAction.code, badAction.faultString);
    const read = await readEbmsRequest(ctx);
    if (!read.ok) return fault(read.code, read.message);
    const req = read.request;
    if (req.related) data.parts = [req.related.root, ...req.related.attachments].map((p) => ({ contentId: p.contentId, contentType: p.contentType, size: p.size, sha256: p.sha256 }));

    const parsed = ebms.parseEnvelope(req.soap);
    if ('fault' in parsed) return fault(parsed.fault.code, parsed.fault.faultString, parsed.fault.emptyBody, parsed.fault.faultCode);
    const m = parsed.message;
    Object.assign(data, {
      action: m.header.action, service: m.header.service.value, messageId: m.header.messageData.messageId,
      conversationId: m.header.conversationId, refToMessageId: m.header.messageData.refToMessageId, cpaId: m.header.cpaId,
      fromPartyId: m.header.from.partyIds[0]?.value, fromPartyIdType: m.header.from.partyIds[0]?.type ?? null,
      toPartyId: m.header.to.partyIds[0]?.value, certificateOin: ctx.identity?.oin, certificateFingerprint: ctx.identity?.fingerprint256,
    });

    const { state } = this.d;
    const identityOin = ctx.identity?.oin;
    const verdict = ebms.validateInbound(m, {
      findCpa: (id) => state.findCpa(id),
      identity: identityOin === undefined ? {} : { oin: identityOin },
      now: this.d.clock.now(),
      resolveContentId: req.related ? (cid) => req.related!.byContentId(cid) !== undefined : undefined,
      knownMessageId: (id) => state.sent.has(id) || state.received.has(id),
    });
    if (verdict.kind === 'soapFault') return fault(verdict.fault.code, verdict.fault.faultString, verdict.fault.emptyBody, verdict.fault.faultCode);
    if (verdict.kind === 'messageError') {
      data.verdict = 'messageError';
      data.errors = verdict.errors.map((e) => ({ errorCode: e.errorCode, rule: e.rule, location: e.location, description: e.description }));
      for (const e of verdict.errors) ctx.verdicts.push({ check: e.rule, ok: false, message: `${e.errorCode} at ${e.location}: ${e.description}` });
      ctx.summary = `ebMS ${m.header.action} refused with MessageError: ${verdict.errors.map((e) => e.rule).join(', ')}`;
      const reply = this.secured(ebms.buildMessageError(m, verdict.errors, this.buildDeps()), verdict.cpa);
      return this.answerSignal(ctx, data, verdict.sender, 'MessageError', reply);
    }

    const sec = ebms.checkSignature(req.soap, m, verdict.cpa, verdict.sender, (href) => req.related?.byContentId(href)?.body);
    if (sec.required || sec.present) {
      data.signature = { required: sec.required, present: sec.present, ok: sec.ok, rules: sec.errors.map((e) => e.rule) };
      if (sec.report?.signatureMethod) data.signature.signatureMethod = sec.report.signatureMethod;
      ctx.verdicts.push({ check: 'EBMS_SIGNATURE', ok: sec.ok, message: sec.ok ? `ds:Signature verified (${sec.report?.signatureMethod}, exclusive C14N) with the signing certificate of CPA ${verdict.cpa.cpaId}` : sec.errors.map((e) => `${e.rule}: ${e.description}`).join('; ') });
    }
    if (!sec.ok) {
      for (const e of sec.errors) ctx.verdicts.push({ check: e.rule, ok: false, message: `${e.errorCode} at ${e.location}: ${e.description}` });
      if (ebms.isMshService(m) && m.header.action !== 'Ping' && m.header.action !== 'StatusRequest') {
        // A signal (Acknowledgment, MessageError, Pong) is never answered with an error; it is simply not accepted.
        data.verdict = 'messageError';
        data.errors = sec.errors.map((e) => ({ errorCode: e.errorCode, rule: e.rule, location: e.location, description: e.description }));
        data.signal = { refToMessageId: m.acknowledgment?.refToMessageId ?? m.header.messageData.refToMessageId ?? '', known: false, accepted: false };
        ctx.summary = `ebMS ${m.header.action} from ${verdict.sender.partyId} not accepted: ${sec.errors.map((e) => e.rule).join(', ')}`;
        return ctx.send(204);
      }
      data.verdict = 'messageError';
      data.errors = sec.errors.map((e) => ({ errorCode: e.errorCode, rule: e.rule, location: e.location, description: e.description }));
      ctx.summary = `ebMS ${m.header.action} refused with MessageError: ${sec.errors.map((e) => e.rule).join(', ')}`;
      return this.answerSignal(ctx, data, verdict.sender, 'MessageError', this.secured(ebms.buildMessageError(m, sec.errors, this.buildDeps()), verdict.cpa));
    }

    data.verdict = 'accepted';
    ctx.verdicts.push({ check: 'EBMS_HEADER', ok: true, message: `${m.header.action} conforms to CPA ${verdict.cpa.cpaId}` });
    if (ebms.isMshService(m)) return this.handleMshService(ctx, data, m, verdict.cpa, verdict.sender);
    return this.handleBusiness(ctx, data, req, m, verdict.cpa, verdict.sender, verdict.receiver);
  }

  /** The reply signed when the CPA's profile is signed (Acknowledgment, MessageError, Pong, StatusResponse). */
  private secured(reply: ebms.BuiltMessage, cpa: Cpa): ebms.BuiltMessage {
    return { ...reply, xml: this.d.sign(reply.xml, cpa) };
  }

  /** Sends a signal: in the HTTP response when the CPA says mshSignalsOnly (or the sender is unknown), else pushed to the sender's endpoint. */
  private answerSignal(ctx: ExchangeContext, data: InboundData, sender: CpaParty | undefined, action: string, reply: ebms.BuiltMessage, withhold = false): void {
    const sync = !sender || sender.deliveryChannel.syncReplyMode === 'mshSignalsOnly';
    data.reply = { action, messageId: reply.messageId, mode: withhold ? 'withheld' : sync ? 'sync' : 'async' };
    if (withhold) {
      ctx.send(204);
      this.d.recorder.record({ kind: 'note', platform: this.d.platform, environment: this.d.environment, summary: `scenario setting: ${action} ${reply.messageId} for ${reply.refToMessageId} is lost (not sent)`, data: { ebms: { direction: 'outbound', event: 'withheld', action, messageId: reply.messageId, refToMessageId: reply.refToMessageId } } });
      return;
    }
    if (sync) {
      ctx.send(200, reply.xml, { 'content-type': TEXT_XML });
      return;
    }
    ctx.send(204);
    this.pushSignal(sender!, action, reply);
  }

  /** Pushes a signal once (signals are not retried) to the party's endpoint, after the current response. */
  pushSignal(to: CpaParty, action: string, reply: ebms.BuiltMessage | { xml: string; messageId: string; refToMessageId?: string }): void {
    const { outbound, recorder, platform, environment } = this.d;
    outbound.track((async () => {
      await new Promise((r) => setImmediate(r));
      const r = await outbound.post(to.transport.endpoint, TEXT_XML, Buffer.from(reply.xml, 'utf8'), `ebMS ${action} ${reply.messageId} → SUT`, to);
      recorder.record({
        kind: 'note', platform, environment,
        summary: `ebMS ${action} for ${reply.refToMessageId ?? '-'} pushed to the SUT: ${r.ok ? `HTTP ${r.response.status}` : r.error.code}`,
        verdicts: r.ok ? r.verdicts : [{ check: 'EBMS_SIGNAL_DELIVERY', ok: false, message: `${r.error.code}: ${r.error.message}` }],
        data: { ebms: { direction: 'outbound', event: 'signal', action, messageId: reply.messageId, refToMessageId: reply.refToMessageId, status: r.ok ? r.response.status : undefined, error: r.ok ? undefined : r.error.code } },
      });
    })());
  }

  private handleMshService(ctx: ExchangeContext, data: InboundData, m: ebms.EbmsMessage, cpa: Cpa, sender: CpaParty): void {
    const { state } = this.d;
    const deps = this.buildDeps();
    switch (m.header.action) {
      case 'Ping': {
        // Pong goes back in the HTTP response, so a plain curl/openssl session sees it (documented).
        const pong = this.secured(ebms.buildPong(m, deps), cpa);
        data.reply = { action: 'Pong', messageId: pong.messageId, mode: 'sync' };
        ctx.summary = `ebMS Ping from ${sender.partyId} → Pong`;
        ctx.send(200, pong.xml, { 'content-type': TEXT_XML });
        return;
      }
      case 'StatusRequest': {
        const ref = m.statusRequest?.refToMessageId ?? '';
        const known = state.received.get(ref);
        const status = known && known.cpaId === cpa.cpaId ? known.status : 'NotRecognized';
        const res = this.secured(ebms.buildStatusResponse(m, status, known?.receivedAt, deps), cpa);
        data.reply = { action: 'StatusResponse', messageId: res.messageId, mode: 'sync' };
        ctx.summary = `ebMS StatusRequest for ${ref} → ${status}`;
        ctx.send(200, res.xml, { 'content-type': TEXT_XML });
        return;
      }
      default:
        this.receiveSignal(ctx.verdicts, data, m);
        ctx.summary = `ebMS ${m.header.action} from ${sender.partyId} for ${data.signal?.refToMessageId ?? '-'}`;
        ctx.send(204);
    }
  }

  /** Acknowledgment, MessageError, Pong or StatusResponse from the SUT about a message MijnOverheid sent. */
  receiveSignal(verdicts: Verdict[], data: InboundData, m: ebms.EbmsMessage): void {
    const { state } = this.d;
    const ref = m.acknowledgment?.refToMessageId ?? m.header.messageData.refToMessageId ?? '';
    const sent = state.sent.get(ref);
    data.signal = { refToMessageId: ref, known: sent !== undefined };
    if (!sent) {
      verdicts.push({ check: 'EBMS_SIGNAL_REF', ok: false, message: `${m.header.action} refers to ${ref || '(nothing)'}, which MijnOverheid did not send` });
      return;
    }
    const conversationMatches = m.header.conversationId === sent.conversationId;
    const ackFrom = m.acknowledgment?.fromPartyId;
    if (ackFrom !== undefined) {
      // ebMS 2.0 §6.3.2: Acknowledgment/From names the party that generated the ack, i.e. the SUT itself.
      const generator = m.header.from.partyIds[0]?.value;
      verdicts.push({ check: 'EBMS_ACK_FROM', ok: ackFrom === generator, message: ackFrom === generator ? 'Acknowledgment/From names the acknowledging party' : `Acknowledgment/From is ${ackFrom}, but the party that acknowledges is ${generator} (ebMS 2.0 §6.3.2)` });
    }
    data.signal.conversationMatches = conversationMatches;
    verdicts.push({ check: 'EBMS_SIGNAL_REF', ok: true, message: `${m.header.action} refers to ${sent.action} ${ref}` });
    verdicts.push({ check: 'EBMS_SIGNAL_CONVERSATION', ok: conversationMatches, message: conversationMatches ? 'same ConversationId as the original message' : `ConversationId ${m.header.conversationId} differs from the original ${sent.conversationId}` });
    const now = this.d.clock.now().toISOString();
    switch (m.header.action) {
      case 'Acknowledgment':
        if (conversationMatches) {
          sent.acknowledgedAt ??= now;
          state.outbox.acknowledge(ref);
        }
        break;
      case 'MessageError':
        sent.messageErrorCodes = (m.errorList?.errors ?? []).map((e) => e.errorCode);
        state.outbox.recordOutcome(ref, { kind: 'permanent', detail: `MessageError ${sent.messageErrorCodes.join(',')}` });
        break;
      case 'Pong':
        if (conversationMatches) sent.pongAt ??= now;
        break;
      default:
        break;
    }
  }

  private handleBusiness(ctx: ExchangeContext, data: InboundData, req: EbmsRequest, m: ebms.EbmsMessage, cpa: Cpa, sender: CpaParty, receiver: CpaParty): void {
    const { state, clock } = this.d;
    const deps = this.buildDeps();
    const h = m.header;
    const payloads = (m.manifest?.references ?? []).map((r) => req.related?.byContentId(r.href)).filter((p): p is mime.MimePart => p !== undefined);
    const keyFields = [h.cpaId, h.conversationId, h.service.value, h.action, h.from.partyIds[0]?.value ?? '', h.to.partyIds[0]?.value ?? '', h.messageData.refToMessageId ?? ''].join('\n');
    const hash = ebms.contentHash(keyFields, ...payloads.map((p) => p.sha256));
    data.contentHash = hash;
    const reliable = sender.deliveryChannel.ackRequested === 'always' || m.ackRequested !== undefined;

    if (h.duplicateElimination) {
      const dup = state.duplicates.check(h.messageData.messageId, hash);
      if (dup.duplicate) {
        data.verdict = 'duplicate';
        data.duplicate = { sameContent: dup.sameContent };
        ctx.verdicts.push({ check: 'EBMS_DUPLICATE_SAME_CONTENT', ok: dup.sameContent, message: dup.sameContent ? `resend of ${h.messageData.messageId} with identical content; not delivered again` : `MessageId ${h.messageData.messageId} was reused for different content; not delivered again` });
        ctx.summary = `ebMS duplicate ${h.messageData.messageId} (${dup.sameContent ? 'same' : 'different'} content): acknowledged again, not delivered`;
        const stored = dup.entry.reply;
        if (stored) {
          const mode = sender.deliveryChannel.syncReplyMode === 'mshSignalsOnly' ? 'sync' : 'async';
          const ackId = /<eb:MessageId>([^<]+)</.exec(stored)?.[1] ?? '';
          data.reply = { action: 'Acknowledgment', messageId: ackId, mode };
          if (mode === 'sync') return ctx.send(200, stored, { 'content-type': TEXT_XML });
          ctx.send(204);
          this.pushSignal(sender, 'Acknowledgment', { xml: stored, messageId: ackId, refToMessageId: h.messageData.messageId });
          return;
        }
        return ctx.send(204);
      }
      const rm = sender.docExchange.reliableMessaging;
      const keep = ebms.duplicateKeepMs(rm?.retries ?? 0, rm ? durationMs(rm.retryInterval) : 0, durationMs(sender.docExchange.persistDuration ?? 'P1D'));
      state.duplicates.remember({ messageId: h.messageData.messageId, cpaId: cpa.cpaId, contentHash: hash, now: clock.now(), keepMs: keep });
    }
    state.received.set(h.messageData.messageId, { messageId: h.messageData.messageId, cpaId: cpa.cpaId, conversationId: h.conversationId, action: h.action, receivedAt: clock.now().toISOString(), status: 'Received' });

    const payload = payloads[0];
    if (!payload || !payload.body) {
      const errors: ebms.EbmsError[] = [{ errorCode: 'ValueNotRecognized', severity: 'Error', location: '//Body/Manifest', description: 'a zaakbericht needs its payload as a MIME part referenced from the Manifest', rule: 'LZ_PAYLOAD_MISSING' }];
      data.verdict = 'messageError';
      data.errors = errors.map((e) => ({ errorCode: e.errorCode, rule: e.rule, location: e.location, description: e.description }));
      ctx.verdicts.push({ check: 'LZ_PAYLOAD_MISSING', ok: false, message: errors[0].description });
      return this.answerSignal(ctx, data, sender, 'MessageError', this.secured(ebms.buildMessageError(m, errors, deps), cpa));
    }

    let ack: ebms.BuiltMessage | undefined;
    let withhold = false;
    if (reliable) {
      const nrr = m.ackRequested?.signed === 'true' && m.hasSignature ? xmldsig.signedReferences(req.soap) : [];
      ack = this.secured(ebms.buildAcknowledgment(m, deps, nrr), cpa);
      if (h.duplicateElimination) state.duplicates.setReply(h.messageData.messageId, ack.xml);
      if (state.acknowledgmentsToLose > 0) {
        state.acknowledgmentsToLose -= 1;
        withhold = true;
      }
    }

    const lz = this.processZaakbericht(payload.body, h.action, sender, ctx.identity?.oin);
    data.lz = lz.data;
    state.received.get(h.messageData.messageId)!.status = 'Processed';
    ctx.summary = `zaakbericht ${h.action} ${h.messageData.messageId}: ${lz.data.foutcode ? `foutbericht ${lz.data.foutcode}` : `zaak ${lz.data.identificatie} ${lz.data.event}`}`;
    ctx.verdicts.push({ check: 'LZ_ZAAKBERICHT', ok: !lz.data.foutcode, message: lz.data.foutcode ? `MijnOverheid answers with foutbericht ${lz.data.foutcode}` : `zaak ${lz.data.identificatie} ${lz.data.event}` });

    if (ack) this.answerSignal(ctx, data, sender, 'Acknowledgment', ack, withhold);
    else ctx.send(204);
    if (lz.foutbericht) {
      const fb = this.enqueueFoutbericht(cpa, receiver, sender, m, lz.foutbericht);
      data.lz.foutberichtMessageId = fb;
    }
  }

  private processZaakbericht(payload: Buffer, action: string, sender: CpaParty, certificateOin: string | undefined): { data: NonNullable<InboundData['lz']>; foutbericht?: lopendeZaken.Foutbericht } {
    const { state, settings, clock } = this.d;
    const lzCtx = {
      mijnOverheidOin: settings.oin, fromPartyId: sender.partyId, certificateOin,
      afzenders: state.afzenders, persons: state.persons, store: state.zaken, now: clock.now(),
    };
    // zakLk01 (StUF-ZKN 0310) or the MO-bericht (modelled second format), by ebMS Action.
    const r = action === 'zakLk01' ? lopendeZaken.processZakLk01(payload, lzCtx)
      : action === 'moBericht' ? lopendeZaken.processMoBericht(payload, lzCtx)
      : undefined;
    if (!r) {
      const f = lopendeZaken.foutbericht('LZ_NOT_ZAKLK01', `bericht ${action} wordt niet verwerkt; Lopende Zaken kent zakLk01 (StUF-ZKN) en moBericht`);
      return { data: { foutcode: f.code }, foutbericht: f };
    }
    if (r.ok) return { data: { event: r.event, identificatie: r.zaak.identificatie, bsn: r.zaak.bsn } };
    const out: NonNullable<InboundData['lz']> = { foutcode: r.foutbericht.code };
    if (r.foutbericht.zaakIdentificatie) out.identificatie = r.foutbericht.zaakIdentificatie;
    return { data: out, foutbericht: r.foutbericht };
  }

  /** A foutbericht is an ebMS business message from MijnOverheid to the sender, reliable per the CPA. Returns its MessageId. */
  enqueueFoutbericht(cpa: Cpa, from: CpaParty, to: CpaParty, original: ebms.EbmsMessage, f: lopendeZaken.Foutbericht): string {
    const { state, settings, clock } = this.d;
    const deps = this.buildDeps();
    const payloadId = `foutbericht-${deps.newMessageId()}`;
    const built = ebms.buildMessage({ cpa, from, action: settings.foutberichtAction, conversationId: original.header.conversationId, refToMessageId: original.header.messageData.messageId, payloadContentIds: [payloadId] }, deps);
    const senderOin = to.partyId.slice(0, 20);
    const xml = lopendeZaken.renderFoutbericht(f, {
      zender: { organisatie: settings.oin, applicatie: 'MijnOverheid', administratie: 'Lopende zaken' },
      ontvanger: { organisatie: senderOin, applicatie: 'zaaksysteem' },
      referentienummer: built.messageId, tijdstipBericht: lopendeZaken.stufTijdstip(clock.now()),
    });
    const soapId = `soap-${built.messageId}`;
    const envelope = this.d.sign(built.xml, cpa, [{ contentId: payloadId, body: xml }]);
    const packed = mime.writeMultipartRelated({ root: { contentId: soapId, contentType: TEXT_XML, body: envelope }, attachments: [{ contentId: payloadId, contentType: 'application/xml; charset=UTF-8', body: xml }] });
    const rm = from.docExchange.reliableMessaging;
    const reliable = from.deliveryChannel.ackRequested === 'always';
    state.sent.set(built.messageId, { messageId: built.messageId, cpaId: cpa.cpaId, conversationId: built.conversationId, action: settings.foutberichtAction, url: to.transport.endpoint, foutbericht: f });
    state.outbox.enqueue({
      messageId: built.messageId, conversationId: built.conversationId, cpaId: cpa.cpaId, reliable,
      retries: rm?.retries ?? 0, retryIntervalMs: Math.max(1, (rm ? durationMs(rm.retryInterval) : 1000)),
      payload: { url: to.transport.endpoint, contentType: packed.contentType, body: packed.body, action: settings.foutberichtAction, syncSignals: from.deliveryChannel.syncReplyMode === 'mshSignalsOnly' },
    });
    this.d.outbound.track((async () => { await new Promise((r) => setTimeout(r, 20)); await this.d.outbound.pump(); })());
    return built.messageId;
  }
}

function durationMs(text: string): number {
  return parseDurationMs(text) ?? 3 * 60 * 60 * 1000;
}
