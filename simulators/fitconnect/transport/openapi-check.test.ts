/**
 * The transport's own OpenAPI check (verdict FC_OPENAPI_RESPONSE): conforming responses
 * pass; a wrong body, an undocumented status or a wrong media type each fail (negative
 * controls), and wrapped routes record the verdict on the exchange.
 */
import { describe, expect, it } from 'vitest';
import type { ExchangeContext, Route } from '../../kernel/http/index.ts';
import { createOpenApiChecker, OPENAPI_CHECK, openApiTemplate } from './openapi-check.ts';

const checker = createOpenApiChecker();
const ID = '6c89c356-c354-4459-b2fd-8d1260ea835c';

describe('FC_OPENAPI_RESPONSE', () => {
  it('maps route patterns to OpenAPI path templates', () => {
    expect(openApiTemplate('/v1/destinations/:destinationId/keys/:keyId')).toBe('/v1/destinations/{destinationId}/keys/{keyId}');
  });

  it('passes conforming responses of both documents', () => {
    expect(checker.verdict('GET', '/v1/info', 200, 'application/json', JSON.stringify({ version: { major: 1, minor: 1, patch: 3 } }))?.ok).toBe(true);
    expect(checker.verdict('PUT', '/v1/submissions/:submissionId/attachments/:attachmentId', 204, '', undefined)?.ok).toBe(true);
    expect(checker.verdict('GET', '/routes', 400, 'application/problem+json', JSON.stringify({ type: 'about:blank', title: 'Bad Request', status: 400 }))?.ok).toBe(true);
  });

  it('fails a wrong body, an undocumented status and a wrong media type', () => {
    const wrongBody = checker.verdict('POST', '/v1/submissions', 201, 'application/json', JSON.stringify({ submissionId: 'x' }));
    expect(wrongBody).toMatchObject({ check: OPENAPI_CHECK, ok: false });
    expect(checker.verdict('GET', '/v1/destinations/:destinationId', 418, 'application/problem+json', '{}')?.message).toMatch(/no documented 418/);
    expect(checker.verdict('GET', '/v1/destinations/:destinationId', 404, 'text/plain', 'nope')?.message).toMatch(/documented as application\/problem\+json/);
    expect(checker.verdict('POST', '/v1/submissions', 201, 'application/json', '{not json')?.message).toMatch(/not JSON/);
  });

  it('has no opinion on routes outside the documents (token endpoint, portal)', () => {
    expect(checker.verdict('POST', '/token', 200, 'application/json', '{}')).toBeUndefined();
  });

  it('records the verdict on the exchange of a wrapped route, also for streamed bodies', async () => {
    const fake = (method: string): ExchangeContext & { sent: number[] } => {
      const verdicts: { check: string; ok: boolean; message?: string }[] = [];
      let status = 0;
      let contentType = '';
      const sent: number[] = [];
      const ctx = {
        req: { method }, verdicts, sent,
        get responded() { return status !== 0; },
        res: { get statusCode() { return status; }, getHeader: () => contentType, writeHead(s: number, h: Record<string, string>) { status = s; contentType = h['content-type']; } },
        send(s: number) { status = s; sent.push(s); },
        sendJson(s: number, v: unknown) { (ctx as unknown as ExchangeContext).send(s, JSON.stringify(v), { 'content-type': 'application/json' }); },
      };
      return ctx as unknown as ExchangeContext & { sent: number[] };
    };
    const routes: Route[] = [
      { method: 'POST', path: '/v1/submissions', handle: (c) => c.sendJson(201, { destinationId: ID, submissionId: 'not-a-uuid', caseId: ID }) },
      { method: 'GET', path: '/v1/submissions/:submissionId/attachments/:attachmentId', handle: (c) => { c.res.writeHead(200, { 'content-type': 'application/jose' }); } },
      { method: 'GET', path: '/portal', handle: (c) => c.send(200, 'x') },
    ];
    const [create, download, portal] = checker.wrap(routes);
    const c1 = fake('POST');
    await create.handle(c1);
    expect(c1.sent).toEqual([201]);
    expect(c1.verdicts).toEqual([expect.objectContaining({ check: OPENAPI_CHECK, ok: false })]);
    const c2 = fake('GET');
    await download.handle(c2);
    expect(c2.verdicts).toEqual([expect.objectContaining({ check: OPENAPI_CHECK, ok: true })]);
    expect(portal).toBe(routes[2]);
  });
});
