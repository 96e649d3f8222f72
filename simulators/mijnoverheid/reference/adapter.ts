/**
 * The reference Digikoppeling ebMS2 adapter of a municipality: registers its Consumerspecificatie,
 * sends Pings and zaakberichten (reliable, with retries per the CPA), runs its own mTLS endpoint
 * (the CPA EndpointUri) that answers Pings, acknowledges incoming messages and hands foutberichten
 * to the zaaksysteem. `variant` names one deliberate defect (negative controls).
 */
import { randomUUID, X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { ebms, mime, parseDurationMs, readCpa, xmldsig, type Cpa, type CpaParty } from '../domain/index.ts';
import { parseXml } from '../domain/xml.ts';
import { envelope, MSH_SERVICE, type EnvelopeInput } from './envelope.ts';
import { post, type WireResult } from './wire.ts';
import { moBericht, Zaaksysteem, zakLk01, type ZaakInput } from './zaaksysteem.ts';

const STUF_NS = 'http://www.egem.nl/StUF/StUF0301';
const PROFIEL_NS = 'urn:govsim:mijnoverheid:profielservice:1';
const HOST = 'adapter.gemeente.example.test';

export interface Credentials { cert: string; key: string }

export interface AdapterConfig {
  partyName: string;
  /** The organisation's PartyId (OIN, optionally with a non-production suffix). */
  partyId: string;
  afzenderId: string;
  /** PKIoverheid client certificate with the organisation's OIN. */
  client: Credentials;
  /** Certificate of the adapter's endpoint (may be the hosting supplier's). */
  server: Credentials;
  ca: string[];
  variant?: string;
}

export interface SendResult { messageId: string; acknowledged: boolean; attempts: number; error?: string; /** The CPA asks for acknowledgments (osb-rm*). */ reliable?: boolean }

type Signal = { kind: 'ack' } | { kind: 'error'; codes: string[] };

const certOf = (c: Credentials) => c.cert;
const oinOfCert = (pem: string) => /(?:^|\n)serialNumber=(\d{20})(?:\n|$)/.exec(new X509Certificate(pem).subject)?.[1];

export class ReferenceAdapter {
  cpa?: Cpa;
  cpaXml?: string;
  url = '';
  readonly zaaksysteem = new Zaaksysteem();
  private server?: Server;
  private signals = new Map<string, Signal>();
  private waiters = new Map<string, () => void>();
  private receivedIds = new Map<string, string | undefined>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(readonly config: AdapterConfig) {}

  private get variant(): string | undefined { return this.config.variant; }

  /** The certificate this adapter presents on outgoing connections. */
  private outgoingTls() {
    const c = this.variant === 'wrong-oin-certificate' ? this.config.server : this.config.client;
    return { cert: c.cert, key: c.key, ca: this.config.ca };
  }

  async start(): Promise<string> {
    this.server = createServer({ cert: this.config.server.cert, key: this.config.server.key, ca: this.config.ca, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' }, (req, res) => {
      const p = this.onRequest(req, res).catch(() => { if (!res.headersSent) { res.writeHead(500); res.end(); } });
      this.pending.add(p);
      void p.finally(() => this.pending.delete(p));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.server.unref();
    const addr = this.server.address() as { port: number };
    this.url = `https://127.0.0.1:${addr.port}/ebms`;
    return this.url;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    await new Promise<void>((resolve) => { if (!this.server) return resolve(); this.server.close(() => resolve()); this.server.closeAllConnections(); });
  }

  consumerSpec(): string {
    const der = (pem: string) => new X509Certificate(pem).raw.toString('base64');
    const keyInfo = (pem: string) => `<KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${der(pem)}</X509Certificate></X509Data></KeyInfo>`;
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    return `<?xml version="1.0" encoding="UTF-8"?>
<osb-ebms-service-specificatie>
<parameters name="SR">
<parameter name="PartyName">${esc(this.config.partyName)}</parameter>
<parameter name="PartyId">${esc(this.config.partyId)}</parameter>
<parameter name="PartyRef"/>
<parameter name="EndpointUri">${esc(this.url)}</parameter>
<parameter name="ClientCert">${keyInfo(certOf(this.config.client))}</parameter>
<parameter name="ServerCert">${keyInfo(certOf(this.config.server))}</parameter>
</parameters>
</osb-ebms-service-specificatie>
`;
  }

  /** Submits the Consumerspecificatie to the CPA Register and loads the CPA it returns. */
  async registerCpa(registerUrl: string): Promise<Cpa> {
    const r = await post(registerUrl, this.outgoingTls(), { 'content-type': 'application/xml; charset=UTF-8' }, this.consumerSpec());
    if (r.status !== 201) throw new Error(`CPA Register answered ${r.status ?? r.error}: ${r.body.toString('utf8').slice(0, 500)}`);
    const xml = r.body.toString('utf8');
    const read = readCpa(xml);
    if (!read.cpa) throw new Error(`the CPA from the register cannot be read: ${read.issues.map((i) => i.code).join(', ')}`);
    this.cpa = read.cpa;
    this.cpaXml = xml;
    return read.cpa;
  }

  private sides(): { me: CpaParty; mo: CpaParty; cpa: Cpa } {
    const cpa = this.cpa;
    if (!cpa) throw new Error('no CPA loaded: register the Consumerspecificatie first');
    const me = cpa.parties.find((p) => p.partyId === this.config.partyId);
    if (!me) throw new Error(`the CPA has no party ${this.config.partyId}`);
    return { me, mo: cpa.parties[0] === me ? cpa.parties[1] : cpa.parties[0], cpa };
  }

  private head(me: CpaParty, mo: CpaParty, cpa: Cpa, extra: Partial<EnvelopeInput> & { action: string; service: string }): EnvelopeInput {
    const typed = this.variant !== 'partyid-type-missing';
    return {
      from: { partyId: me.partyId, type: typed ? me.partyIdType : undefined, role: me.collaborationRoles[0]?.role ?? '' },
      to: { partyId: mo.partyId, type: typed ? mo.partyIdType : undefined, role: mo.collaborationRoles[0]?.role ?? '' },
      cpaId: cpa.cpaId, conversationId: randomUUID(), messageId: `${randomUUID()}@${HOST}`, timestamp: new Date().toISOString(),
      ...extra,
    };
  }

  /** Signs per the CPA (SenderNonRepudiation present) with the organisation's signing (= client) certificate. */
  private secure(xml: string, attachments: { contentId: string; body: Buffer | string }[] = []): string {
    const me = this.cpa ? this.sides().me : undefined;
    if (!me?.docExchange.nonRepudiation || this.variant === 'unsigned-on-signed-profile') return xml;
    return xmldsig.signEnvelope(xml, { keyPem: this.config.client.key, certPem: this.config.client.cert, attachments, hash: this.variant === 'sha1-signature' ? 'sha1' : 'sha256' });
  }

  private headers(contentType: string): Record<string, string> {
    return { 'content-type': contentType, soapaction: this.variant === 'wrong-soapaction' ? 'ebXML' : '"ebXML"' };
  }

  /** ebMS Ping; the Pong comes back in the HTTP response (or pushed to our endpoint). */
  async ping(): Promise<{ pong: boolean; messageId: string; status?: number; error?: string }> {
    const { me, mo, cpa } = this.sides();
    const env = this.head(me, mo, cpa, { service: MSH_SERVICE, action: 'Ping' });
    const r = await post(mo.transport.endpoint, this.outgoingTls(), this.headers('text/xml; charset=UTF-8'), this.secure(envelope(env)));
    let pong = false;
    if (r.status === 200 && r.body.length) {
      const parsed = ebms.parseEnvelope(r.body);
      pong = 'message' in parsed && parsed.message.header.action === 'Pong' && parsed.message.header.messageData.refToMessageId === env.messageId;
    }
    if (!pong && r.status !== undefined && r.status < 300) pong = await this.waitSignal(env.messageId, 2000).then((s) => s?.kind === 'ack');
    const out: { pong: boolean; messageId: string; status?: number; error?: string } = { pong, messageId: env.messageId };
    if (r.status !== undefined) out.status = r.status;
    if (r.error) out.error = r.error;
    if (!pong) throw new Error(`no Pong for Ping ${env.messageId} (HTTP ${r.status ?? r.error}: ${r.body.toString('utf8').slice(0, 300)})`);
    return out;
  }

  /** MSH Message Status Service: asks MijnOverheid what happened to one of our messages (synchronous StatusResponse). */
  async statusRequest(refToMessageId: string): Promise<{ messageStatus: string; refToMessageId: string; timestamp?: string }> {
    const { me, mo, cpa } = this.sides();
    const env = this.head(me, mo, cpa, { service: MSH_SERVICE, action: 'StatusRequest', statusRequestFor: refToMessageId });
    const r = await post(mo.transport.endpoint, this.outgoingTls(), this.headers('text/xml; charset=UTF-8'), this.secure(envelope(env)));
    const parsed = r.status === 200 && r.body.length ? ebms.parseEnvelope(r.body) : undefined;
    const res = parsed && 'message' in parsed && parsed.message.header.action === 'StatusResponse' ? parsed.message.statusResponse : undefined;
    if (!res) throw new Error(`no StatusResponse for ${refToMessageId} (HTTP ${r.status ?? r.error}: ${r.body.toString('utf8').slice(0, 300)})`);
    return res;
  }

  /** Sends one zaakbericht reliably: retransmits after RetryInterval until acknowledged or retries run out. */
  async sendZaak(zaak: ZaakInput, mijnOverheidOin: string, format: 'zakLk01' | 'mo-bericht' = 'zakLk01'): Promise<SendResult> {
    const { me, mo, cpa } = this.sides();
    const dc = me.deliveryChannel;
    const rm = me.docExchange.reliableMessaging;
    const reliable = dc.ackRequested === 'always';
    const retries = reliable ? rm?.retries ?? 0 : 0;
    const interval = Math.min(parseDurationMs(rm?.retryInterval ?? 'PT1S') ?? 1000, 30_000);
    const env = this.head(me, mo, cpa, {
      service: me.collaborationRoles[0].service, serviceType: me.collaborationRoles[0].serviceType, action: format === 'mo-bericht' ? 'moBericht' : 'zakLk01',
      duplicateElimination: dc.duplicateElimination === 'always', ackRequested: reliable, ackSigned: dc.ackSignatureRequested === 'always', syncReply: dc.syncReplyMode === 'mshSignalsOnly',
      payloads: [`zaakbericht-${randomUUID()}@${HOST}`],
    });
    const afzender = { oin: me.partyId.slice(0, 20), afzenderId: this.config.afzenderId, mijnOverheidOin };
    const build = () => {
      const payload = format === 'mo-bericht' ? moBericht(zaak, afzender, new Date()) : zakLk01(zaak, afzender, new Date(), { bsnAsNumber: this.variant === 'bad-bsn' });
      return mime.writeMultipartRelated({
        root: { contentId: `soap-${env.messageId}`, contentType: 'text/xml; charset=UTF-8', body: this.secure(envelope({ ...env, timestamp: new Date().toISOString() }), [{ contentId: env.payloads![0], body: payload }]) },
        attachments: [{ contentId: env.payloads![0], contentType: 'application/xml; charset=UTF-8', body: payload }],
      });
    };
    let packed = build();
    this.zaaksysteem.sent(zaak.identificatie, env.messageId);
    let lastError = '';
    for (let attempt = 1; attempt <= retries + 1; attempt++) {
      if (attempt > 1 && this.variant === 'duplicate-different-content') packed = build();
      const r = await post(mo.transport.endpoint, this.outgoingTls(), this.headers(packed.contentType), packed.body);
      const sync = this.syncSignal(r, env.messageId);
      if (sync) return this.settle(env.messageId, sync, attempt);
      if (r.error || r.status === 503) {
        lastError = r.error ?? 'HTTP 503';
        if (this.variant === 'no-retry') break;
        await sleep(interval);
        continue;
      }
      if (r.status === undefined || r.status >= 300) {
        this.zaaksysteem.notDelivered(env.messageId);
        return { messageId: env.messageId, acknowledged: false, attempts: attempt, error: `refused with HTTP ${r.status}: ${r.body.toString('utf8').slice(0, 300)}` };
      }
      if (!reliable) return { messageId: env.messageId, acknowledged: false, attempts: attempt, reliable };
      const s = await this.waitSignal(env.messageId, interval);
      if (s) return this.settle(env.messageId, s, attempt);
      lastError = 'no Acknowledgment within RetryInterval';
    }
    this.zaaksysteem.notDelivered(env.messageId);
    return { messageId: env.messageId, acknowledged: false, attempts: retries + 1, error: `DeliveryFailure: ${lastError}` };
  }

  private settle(messageId: string, s: Signal, attempts: number): SendResult {
    if (s.kind === 'ack') {
      this.zaaksysteem.confirmed(messageId);
      return { messageId, acknowledged: true, attempts };
    }
    this.zaaksysteem.notDelivered(messageId);
    return { messageId, acknowledged: false, attempts, error: `MessageError ${s.codes.join(', ')}` };
  }

  private syncSignal(r: WireResult, messageId: string): Signal | undefined {
    if (r.status !== 200 || !r.body.length) return undefined;
    const parsed = ebms.parseEnvelope(r.body);
    if (!('message' in parsed)) return undefined;
    return this.signalOf(parsed.message, messageId);
  }

  private signalOf(m: ebms.EbmsMessage, messageId: string): Signal | undefined {
    const ref = m.acknowledgment?.refToMessageId ?? m.header.messageData.refToMessageId;
    if (ref !== messageId) return undefined;
    if (m.header.action === 'Acknowledgment' || m.header.action === 'Pong') return { kind: 'ack' };
    if (m.header.action === 'MessageError') return { kind: 'error', codes: (m.errorList?.errors ?? []).map((e) => e.errorCode) };
    return undefined;
  }

  private waitSignal(messageId: string, ms: number): Promise<Signal | undefined> {
    const have = this.signals.get(messageId);
    if (have) return Promise.resolve(have);
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.waiters.delete(messageId); resolve(this.signals.get(messageId)); }, ms);
      this.waiters.set(messageId, () => { clearTimeout(t); this.waiters.delete(messageId); resolve(this.signals.get(messageId)); });
    });
  }

  /** Profielservice (modelled SOAP): may this citizen receive zaakberichten? */
  async checkProfiel(url: string, bsn: string): Promise<{ heeftAccount: boolean; zaakPostbusActief: boolean }> {
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><pf:ProfielVraag xmlns:pf="${PROFIEL_NS}"><pf:bsn>${bsn.replace(/[^0-9]/g, '')}</pf:bsn></pf:ProfielVraag></soap:Body></soap:Envelope>`;
    const r = await post(url, this.outgoingTls(), { 'content-type': 'text/xml; charset=UTF-8', soapaction: `"${PROFIEL_NS}/raadpleegProfiel"` }, body);
    if (r.status !== 200) throw new Error(`Profielservice answered ${r.status ?? r.error}: ${r.body.toString('utf8').slice(0, 300)}`);
    const root = parseXml(r.body).root;
    const antwoord = root.child('Body', 'http://schemas.xmlsoap.org/soap/envelope/')?.child('ProfielAntwoord', PROFIEL_NS);
    if (!antwoord) throw new Error('Profielservice answer has no ProfielAntwoord');
    return { heeftAccount: antwoord.child('heeftAccount', PROFIEL_NS)?.text() === 'true', zaakPostbusActief: antwoord.child('zaakPostbusActief', PROFIEL_NS)?.text() === 'true' };
  }

  // ── the adapter's endpoint ────────────────────────────────────────────────────────────

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) { size += (c as Buffer).length; if (size > 8 << 20) { res.writeHead(413); res.end(); return; } chunks.push(c as Buffer); }
    const body = Buffer.concat(chunks);
    const fault = (text: string) => { res.writeHead(500, { 'content-type': 'text/xml; charset=UTF-8' }); res.end(`<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>${text.replace(/</g, '&lt;')}</faultstring></soap:Fault></soap:Body></soap:Envelope>`); };
    if (req.headers.soapaction !== '"ebXML"') return fault('SOAPAction must be "ebXML"');
    const ct = req.headers['content-type'] ?? '';
    let soap: Buffer;
    let related: mime.MultipartRelated | undefined;
    try {
      if (mime.parseContentType(ct).mediaType === 'multipart/related') {
        related = await mime.parseMultipartRelated(ct, [body]);
        soap = related.root.body;
      } else soap = body;
    } catch (e) {
      return fault(`MIME: ${(e as Error).message}`);
    }
    const parsed = ebms.parseEnvelope(soap);
    if (!('message' in parsed)) return fault(parsed.fault.faultString);
    const m = parsed.message;
    let sides: ReturnType<ReferenceAdapter['sides']>;
    try { sides = this.sides(); } catch (e) { return fault((e as Error).message); }
    const { me, mo, cpa } = sides;
    if (m.header.cpaId !== cpa.cpaId) return fault(`unknown CPAId ${m.header.cpaId}`);
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    const peerOin = peer?.raw ? oinOfCert(new X509Certificate(peer.raw).toString()) : undefined;
    if (peerOin !== mo.partyId.slice(0, 20)) return fault(`client certificate OIN ${peerOin ?? '(none)'} is not ${mo.partyId}`);

    if (m.header.service.value === MSH_SERVICE) {
      switch (m.header.action) {
        case 'Ping': {
          const pong = this.secure(envelope({ ...this.head(me, mo, cpa, { service: MSH_SERVICE, action: 'Pong' }), conversationId: m.header.conversationId, refToMessageId: m.header.messageData.messageId }));
          res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' });
          res.end(pong);
          return;
        }
        case 'Acknowledgment':
        case 'MessageError':
        case 'Pong': {
          const ref = m.acknowledgment?.refToMessageId ?? m.header.messageData.refToMessageId ?? '';
          const s = this.signalOf(m, ref);
          if (s) { this.signals.set(ref, s); this.waiters.get(ref)?.(); }
          res.writeHead(204);
          res.end();
          return;
        }
        default:
          res.writeHead(204);
          res.end();
          return;
      }
    }

    // A business message from MijnOverheid (a foutbericht): check its signature (signed CPA), acknowledge, eliminate duplicates, process.
    const moNr = mo.docExchange.nonRepudiation;
    if (moNr) {
      const cert = mo.certificates.find((c) => c.certId === moNr.signingCertificateId);
      const v = cert ? xmldsig.verifyEnvelopeSignature(soap, { certificateDer: cert.derBase64, attachment: (href) => related?.byContentId(href)?.body, requiredReferences: (m.manifest?.references ?? []).map((r) => r.href) }) : undefined;
      if (!v?.ok) return fault(`the signature of ${m.header.messageData.messageId} does not verify with MijnOverheid's signing certificate: ${v?.issues.map((i) => i.rule).join(', ') ?? 'no certificate in the CPA'}`);
    }
    const id = m.header.messageData.messageId;
    const wantsAck = m.ackRequested !== undefined;
    const sync = m.syncReply !== undefined;
    const ackXml = () => this.secure(envelope({
      ...this.head(me, mo, cpa, { service: MSH_SERVICE, action: 'Acknowledgment' }),
      conversationId: m.header.conversationId, refToMessageId: id,
      acknowledgment: { refToMessageId: id, fromPartyId: me.partyId, fromType: me.partyIdType, references: m.ackRequested?.signed === 'true' ? xmldsig.signedReferences(soap) : [] },
    }));
    const duplicate = this.receivedIds.has(id);
    const ack = duplicate ? this.receivedIds.get(id) : wantsAck && this.variant !== 'no-ack' ? ackXml() : undefined;
    if (!duplicate) this.receivedIds.set(id, ack);
    if (ack && sync) {
      res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' });
      res.end(ack);
    } else {
      res.writeHead(204);
      res.end();
      if (ack) {
        const p = post(mo.transport.endpoint, this.outgoingTls(), this.headers('text/xml; charset=UTF-8'), ack);
        this.pending.add(p);
        void p.finally(() => this.pending.delete(p));
      }
    }
    if (duplicate || this.variant === 'ignores-foutbericht') return;
    const ref = m.header.messageData.refToMessageId;
    const part = m.manifest?.references.map((r) => related?.byContentId(r.href)).find((p) => p?.body);
    if (!ref || !part?.body) return;
    try {
      const fo = parseXml(part.body).root;
      const b = fo.child('body', STUF_NS);
      this.zaaksysteem.foutbericht(ref, b?.child('code', STUF_NS)?.text().trim() ?? 'onbekend', b?.child('omschrijving', STUF_NS)?.text().trim() ?? '');
    } catch {
      this.zaaksysteem.foutbericht(ref, 'onleesbaar', 'the foutbericht could not be read');
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
