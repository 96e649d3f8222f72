import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAdminOpenApi } from './openapi.ts';
import { compareWithRoutes, compileAllSchemas, createResponseValidator } from './openapi-conformance.ts';
import { ADMIN_ROUTES, type AdminRoute } from './routes.ts';
import { startTestAdmin, type TestAdmin } from './testkit.ts';

const doc = loadAdminOpenApi();

describe('OpenAPI document vs route table', () => {
  it('documents exactly the implemented (method, path) pairs, with matching ids, auth and query parameters', () => {
    expect(compareWithRoutes(doc, ADMIN_ROUTES)).toEqual([]);
  });

  it('is OpenAPI 3.1 and every component schema compiles', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(compileAllSchemas(doc)).toEqual([]);
  });

  it('catches an undocumented route, a missing route and drifting details (negative control)', () => {
    const extra: AdminRoute = { method: 'GET', path: '/admin/secret', operationId: 'secret', auth: 'bearer', query: [] };
    const drifted = ADMIN_ROUTES.map((r) => (r.operationId === 'listExchanges' ? { ...r, query: [...r.query, 'order'] } : r))
      .map((r) => (r.operationId === 'getHealth' ? { ...r, auth: 'bearer' as const } : r))
      .filter((r) => r.operationId !== 'deleteFault');
    expect(compareWithRoutes(doc, [...drifted, extra])).toEqual([
      'implemented but not documented: GET /admin/secret',
      'documented but not implemented: DELETE /admin/faults/{id}',
      'GET /admin/health: security none in the document, bearer in the code',
      'GET /admin/exchanges: query parameters [kind,limit,platform,q,scenario,since] in the document, [kind,limit,order,platform,q,scenario,since] in the code',
    ]);
    const broken = loadAdminOpenApi();
    (broken.components!.schemas as Record<string, unknown>).Health = { $ref: '#/components/schemas/Nope' };
    expect(compileAllSchemas(broken)).not.toEqual([]);
  });
});

describe('responses conform to their documented schemas', () => {
  let t: TestAdmin;
  const validator = createResponseValidator(doc);
  beforeAll(async () => { t = await startTestAdmin({ extraInfo: () => ({ environment: 'test' }) }); });
  afterAll(async () => { await t.server.close(); });

  async function check(method: string, template: string, actualPath: string, init: RequestInit = {}, auth = true): Promise<number> {
    const res = auth ? await t.call(actualPath, { ...init, method }) : await fetch(t.url + actualPath, { ...init, method });
    const text = await res.text();
    const type = res.headers.get('content-type');
    const body = type?.includes('json') ? JSON.parse(text) : text;
    expect(validator.check(method, template, res.status, type, body), `${method} ${actualPath} → ${res.status}`).toEqual([]);
    return res.status;
  }
  const post = (body: string): RequestInit => ({ headers: { 'content-type': 'application/json' }, body });

  it('for success and error responses of every JSON endpoint', async () => {
    t.recorder.record({
      kind: 'exchange', platform: 'fitconnect', direction: 'inbound', durationMs: 12,
      identity: { authorized: true, subjectDN: 'CN=Test Sender', issuerDN: 'CN=govsim Test CA', oin: '00000099000000000001', fingerprint256: 'A'.repeat(64), certSerial: '01', validFrom: '2025-01-01', validTo: '2026-01-01' },
      request: { method: 'POST', url: '/submissions', headers: { 'content-type': 'application/json' }, body: '{}', bodyEncoding: 'utf8', bodyBytes: 2 },
      response: { status: 201 },
      verdicts: [{ check: 'TLS_CLIENT_CERT', ok: true }, { check: 'FC_JWE_MISSING_CTY', ok: false, message: 'cty missing' }],
    });
    const seq = t.recorder.lastSeq;
    expect(await check('GET', '/admin/health', '/admin/health', {}, false)).toBe(200);
    expect(await check('GET', '/', '/', {}, false)).toBe(200);
    expect(await check('GET', '/admin/openapi.json', '/admin/openapi.json')).toBe(200);
    expect(await check('GET', '/admin/simulators', '/admin/simulators')).toBe(200);
    expect(await check('GET', '/admin/simulators', '/admin/simulators', {}, false)).toBe(401);
    expect(await check('POST', '/admin/simulators/{platform}/seed', '/admin/simulators/cpr/seed', post('{"person":"0101019999"}'))).toBe(200);
    expect(await check('POST', '/admin/simulators/{platform}/seed', '/admin/simulators/cpr/seed', post('{"reject":true}'))).toBe(422);
    expect(await check('POST', '/admin/simulators/{platform}/seed', '/admin/simulators/nope/seed', post('{}'))).toBe(404);
    expect(await check('POST', '/admin/simulators/{platform}/seed', '/admin/simulators/cpr/seed', post('{"a":'))).toBe(400);
    expect(await check('POST', '/admin/simulators/{platform}/seed', '/admin/simulators/cpr/seed', { body: '{}' })).toBe(415);
    expect(await check('GET', '/admin/exchanges', '/admin/exchanges')).toBe(200);
    expect(await check('GET', '/admin/exchanges', '/admin/exchanges?limit=abc')).toBe(400);
    expect(await check('GET', '/admin/exchanges/{seq}', `/admin/exchanges/${seq}`)).toBe(200);
    expect(await check('GET', '/admin/exchanges/{seq}', '/admin/exchanges/999999')).toBe(404);
    expect(await check('POST', '/admin/faults', '/admin/faults', post('{"platform":"cpr","times":2,"action":{"type":"latency","ms":100}}'))).toBe(201);
    expect(await check('POST', '/admin/faults', '/admin/faults', post('{"action":{"type":"status","status":99}}'))).toBe(400);
    expect(await check('GET', '/admin/faults', '/admin/faults')).toBe(200);
    expect(await check('DELETE', '/admin/faults/{id}', '/admin/faults/fault-1')).toBe(204);
    expect(await check('DELETE', '/admin/faults/{id}', '/admin/faults/fault-1')).toBe(404);
    expect(await check('DELETE', '/admin/faults', '/admin/faults')).toBe(200);
    expect(await check('POST', '/admin/reset', '/admin/reset?platform=cpr')).toBe(200);
    expect(await check('POST', '/admin/reset', '/admin/reset?platform=nope')).toBe(404);
    // admin notes written by the calls above are records too
    expect(await check('GET', '/admin/exchanges', '/admin/exchanges?platform=admin')).toBe(200);
  });

  it('rejects responses that drift from the document (negative control)', () => {
    expect(validator.check('GET', '/admin/health', 200, 'application/json', { status: 'ok', version: '1' })).toEqual([
      "GET /admin/health 200: (body) must have required property 'runId' {\"missingProperty\":\"runId\"}",
    ]);
    expect(validator.check('GET', '/admin/faults', 200, 'application/json', [{ id: 'fault-1', hits: 0, action: { type: 'latency' } }])).not.toEqual([]);
    expect(validator.check('GET', '/admin/health', 418, 'application/json', {})[0]).toMatch(/status 418 is not documented/);
    expect(validator.check('GET', '/admin/simulators', 401, 'application/json', {})[0]).toMatch(/content type application\/json not documented/);
  });
});
