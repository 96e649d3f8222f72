import { describe, expect, it } from 'vitest';
import { RouteTable, RoutePatternError, type Route } from './routes.ts';

const r = (method: string, path: string, name?: string): Route => ({ method, path, name, handle: () => undefined });

describe('RouteTable', () => {
  const table = new RouteTable([
    r('GET', '/v1/destinations/:id', 'get-destination'),
    r('PUT', '/v1/destinations/:id'),
    r('POST', '/v1/submissions/:sid/attachments/:aid'),
    r('*', '/static/*', 'static'),
    r('GET', '/'),
  ]);

  it('extracts decoded :params', () => {
    const m = table.match('get', '/v1/destinations/a%20b');
    expect(m).toMatchObject({ kind: 'found', params: { id: 'a b' } });
    expect(m.kind === 'found' && m.route.name).toBe('get-destination');
    expect(table.match('POST', '/v1/submissions/s1/attachments/a2')).toMatchObject({ params: { sid: 's1', aid: 'a2' } });
  });

  it('does not match an empty segment, extra segments or a different literal', () => {
    expect(table.match('GET', '/v1/destinations/').kind).toBe('not-found');
    expect(table.match('GET', '/v1/destinations/x/y').kind).toBe('not-found');
    expect(table.match('GET', '/v2/destinations/x').kind).toBe('not-found');
  });

  it('reports 405 with the allowed methods when only the method differs', () => {
    expect(table.match('DELETE', '/v1/destinations/x')).toEqual({ kind: 'method-not-allowed', allow: ['GET', 'PUT'] });
  });

  it('answers HEAD with a GET route', () => {
    expect(table.match('HEAD', '/').kind).toBe('found');
  });

  it('wildcard suffix keeps the rest of the path for any method', () => {
    expect(table.match('DELETE', '/static/css/site.css')).toMatchObject({ kind: 'found', params: { '*': 'css/site.css' } });
  });

  it('first route in table order wins', () => {
    const t = new RouteTable([r('GET', '/a/:x', 'param'), r('GET', '/a/b', 'literal')]);
    const m = t.match('GET', '/a/b');
    expect(m.kind === 'found' && m.route.name).toBe('param');
  });

  it('rejects malformed patterns and malformed percent-encoding', () => {
    expect(() => new RouteTable([r('GET', 'no-slash')])).toThrow(RoutePatternError);
    expect(() => new RouteTable([r('GET', '/a/*/b')])).toThrow(RoutePatternError);
    expect(() => new RouteTable([r('GET', '/a/:1x')])).toThrow(RoutePatternError);
    expect(() => table.match('GET', '/v1/destinations/%E0%A4%A')).toThrow(/percent-encoding/);
  });
});
