/** Portal routes: the order form, the mailbox and the platform's admin API (JSON). */
import type { ExchangeContext, Route } from '../../kernel/http/index.ts';
import { KOPPLUNG_STATES, type MandantInput } from '../domain/index.ts';
import { PATHS } from '../config.ts';
import type { MrdsState } from '../state.ts';
import type { OrderingDeps } from '../transport/ordering.ts';
import { runOperatorStep, submitOrder } from '../transport/ordering.ts';
import { mailboxPage, mailPage } from './mailbox.ts';
import { orderFormPage } from './order-form.ts';

export interface PortalDeps {
  state(): MrdsState;
  ordering: OrderingDeps;
  newToken(): string;
  revoke(ags: string): Promise<unknown>;
}

const HTML = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'" };
const FORM_LIMIT = 16 * 1024;

function mailView(m: MrdsState['mailbox'][number]) {
  return { id: m.id, from: m.from, to: m.to, receivedAt: m.receivedAt, subject: m.parsed.subject, text: m.parsed.text, headers: m.parsed.headers, attachments: m.parsed.attachments.map((a, i) => ({ index: i, filename: a.filename, contentType: a.contentType, bytes: a.content.length })) };
}

export function portalRoutes(d: PortalDeps): Route[] {
  const problem = (ctx: ExchangeContext, status: number, code: string, detail: string) =>
    ctx.sendJson(status, { type: `urn:govsim:mrds:problem:${code}`, title: code, status, code, detail }, { 'content-type': 'application/problem+json' });
  return [
    { method: 'GET', path: '/', name: 'portal start', handle: (ctx) => ctx.send(302, '', { location: PATHS.order }) },
    {
      method: 'GET', path: PATHS.order, name: 'order form',
      handle(ctx) {
        const token = d.state().orders.issueToken(d.newToken());
        ctx.send(200, orderFormPage({ token, values: { mandant: ctx.query.mandant } }), HTML);
      },
    },
    {
      method: 'POST', path: PATHS.orderSubmit, name: 'order submission',
      async handle(ctx) {
        const form = new URLSearchParams(await ctx.text(FORM_LIMIT));
        const input = {
          mandant: form.get('mandant') ?? '', email: form.get('email') ?? '', passphrase: form.get('passphrase') ?? '',
          consent: form.get('consent') !== null, rechnungsempfaenger: form.get('rechnungsempfaenger') ?? undefined,
        };
        const token = form.get('formToken') ?? '';
        const outcome = await submitOrder(d.ordering, token, input);
        const values = { mandant: input.mandant, email: input.email, rechnungsempfaenger: input.rechnungsempfaenger, consent: input.consent };
        if (outcome.result === 'refused') {
          for (const p of outcome.problems) ctx.verdicts.push({ check: p.code, ok: false, message: p.text });
          ctx.data = { order: { result: 'refused', mandant: input.mandant, problems: outcome.problems.map((p) => p.code) } };
          ctx.summary = `order refused: ${outcome.problems.map((p) => p.code).join(', ')}`;
          const fresh = d.state().orders.issueToken(d.newToken());
          ctx.send(422, orderFormPage({ token: fresh, values, problems: outcome.problems }), HTML);
          return;
        }
        ctx.verdicts.push({ check: 'ORD_ACCEPTED', ok: true, message: `${outcome.result} ${outcome.order.orderId}` });
        ctx.data = { order: { result: outcome.result, orderId: outcome.order.orderId, mandant: outcome.mandant.ags, mailDelivered: outcome.mailDelivered } };
        ctx.summary = `order ${outcome.result}: ${outcome.order.orderId} for Mandant ${outcome.mandant.ags}`;
        ctx.send(200, orderFormPage({ token, values, success: { orderId: outcome.order.orderId, email: outcome.order.email, mailDelivered: outcome.mailDelivered, duplicate: outcome.result === 'duplicate' } }), HTML);
      },
    },
    { method: 'GET', path: PATHS.mailbox, name: 'mailbox', handle: (ctx) => ctx.send(200, mailboxPage(d.state().mailbox), HTML) },
    {
      method: 'GET', path: `${PATHS.mailbox}:id`, name: 'mailbox message',
      handle(ctx) {
        const m = d.state().mailbox.find((x) => x.id === ctx.params.id);
        if (!m) return problem(ctx, 404, 'MRDS_MAIL_NOT_FOUND', `no message ${ctx.params.id}`);
        ctx.send(200, mailPage(m), HTML);
      },
    },
    {
      method: 'GET', path: `${PATHS.mailbox}:id/anhang/:n`, name: 'mailbox attachment',
      handle(ctx) {
        const a = d.state().mailbox.find((x) => x.id === ctx.params.id)?.parsed.attachments[Number(ctx.params.n)];
        if (!a) return problem(ctx, 404, 'MRDS_MAIL_NOT_FOUND', 'no such attachment');
        ctx.send(200, a.content, { 'content-type': a.contentType, 'content-disposition': `attachment; filename="${a.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"` });
      },
    },
    // Admin API (JSON) of the platform: Mandanten, mailbox, invoices, AG MiN step.
    { method: 'GET', path: `${PATHS.api}/mandanten`, name: 'admin: Mandanten', handle: (ctx) => ctx.sendJson(200, { mandanten: d.state().mandanten.list(), states: KOPPLUNG_STATES }) },
    {
      method: 'POST', path: `${PATHS.api}/mandanten`, name: 'admin: add Mandant',
      async handle(ctx) {
        const problems = d.state().mandanten.add(await ctx.json<MandantInput>(64 * 1024));
        if (problems.length) return problem(ctx, 422, 'MRDS_MANDANT_INVALID', problems.join('; '));
        ctx.sendJson(201, { ok: true });
      },
    },
    {
      method: 'POST', path: `${PATHS.api}/mandanten/:ags/widerruf`, name: 'admin: revoke Applikationskopplung',
      async handle(ctx) {
        if (!d.state().mandanten.get(ctx.params.ags)) return problem(ctx, 404, 'MRDS_MANDANT_UNKNOWN', `no Mandant ${ctx.params.ags}`);
        ctx.sendJson(200, await d.revoke(ctx.params.ags));
      },
    },
    {
      method: 'POST', path: `${PATHS.api}/ag-min/:ags`, name: 'admin: run AG MiN step now',
      async handle(ctx) {
        const k = await runOperatorStep(d.ordering, ctx.params.ags);
        if (!k) return problem(ctx, 409, 'MRDS_NOTHING_PENDING', `no order of Mandant ${ctx.params.ags} waits for AG MiN`);
        ctx.sendJson(200, { kundennummer: k });
      },
    },
    { method: 'GET', path: `${PATHS.api}/postfach`, name: 'admin: mailbox', handle: (ctx) => ctx.sendJson(200, { mails: d.state().mailbox.map(mailView) }) },
    { method: 'GET', path: `${PATHS.api}/rechnungen`, name: 'admin: invoices', handle: (ctx) => ctx.sendJson(200, { rechnungen: d.state().rechnungen }) },
  ];
}
