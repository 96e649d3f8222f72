/**
 * The admin API's route table, kept as data so the OpenAPI consistency test can
 * compare it with schemas/admin/openapi.json.
 */

export type AdminAuth =
  | 'none'
  /** `Authorization: Bearer <token>`. */
  | 'bearer'
  /** Bearer header, or `?token=` because EventSource cannot send headers. */
  | 'bearer-or-query';

export interface AdminRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** OpenAPI-style template, e.g. `/admin/exchanges/{seq}`. */
  path: string;
  operationId: string;
  auth: AdminAuth;
  /** Query parameters the route accepts; anything else is a 400 (catches typos like `platfrom`). */
  query: readonly string[];
  /** True when the route reads a JSON request body. */
  body?: boolean;
}

export const ADMIN_ROUTES: readonly AdminRoute[] = [
  { method: 'GET', path: '/', operationId: 'getDashboard', auth: 'none', query: [] },
  { method: 'GET', path: '/admin/health', operationId: 'getHealth', auth: 'none', query: [] },
  { method: 'GET', path: '/admin/openapi.json', operationId: 'getOpenApi', auth: 'bearer', query: [] },
  { method: 'GET', path: '/admin/simulators', operationId: 'listSimulators', auth: 'bearer', query: [] },
  { method: 'POST', path: '/admin/simulators/{platform}/seed', operationId: 'seedSimulator', auth: 'bearer', query: [], body: true },
  { method: 'POST', path: '/admin/reset', operationId: 'reset', auth: 'bearer', query: ['platform'] },
  { method: 'GET', path: '/admin/exchanges', operationId: 'listExchanges', auth: 'bearer', query: ['platform', 'kind', 'scenario', 'since', 'q', 'limit'] },
  { method: 'GET', path: '/admin/exchanges/{seq}', operationId: 'getExchange', auth: 'bearer', query: [] },
  { method: 'GET', path: '/admin/events', operationId: 'streamEvents', auth: 'bearer-or-query', query: ['platform', 'kind', 'since', 'token'] },
  { method: 'GET', path: '/admin/faults', operationId: 'listFaults', auth: 'bearer', query: [] },
  { method: 'POST', path: '/admin/faults', operationId: 'addFault', auth: 'bearer', query: [], body: true },
  { method: 'DELETE', path: '/admin/faults', operationId: 'clearFaults', auth: 'bearer', query: ['platform'] },
  { method: 'DELETE', path: '/admin/faults/{id}', operationId: 'deleteFault', auth: 'bearer', query: [] },
];

export type RouteMatch =
  | { kind: 'found'; route: AdminRoute; params: Record<string, string> }
  | { kind: 'wrong-method'; allow: string[] }
  | { kind: 'none' };

interface Compiled { route: AdminRoute; re: RegExp; names: string[] }

function compile(route: AdminRoute): Compiled {
  const names: string[] = [];
  const source = route.path.split('/').map((seg) => {
    const m = /^\{(\w+)\}$/.exec(seg);
    if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    names.push(m[1]);
    return '([^/]+)';
  }).join('/');
  return { route, re: new RegExp(`^${source}$`), names };
}

/** Matches a method and a path (no query) against a route table. */
export function createRouter(routes: readonly AdminRoute[] = ADMIN_ROUTES): (method: string, path: string) => RouteMatch {
  const compiled = routes.map(compile);
  return (method, path) => {
    const allow: string[] = [];
    for (const c of compiled) {
      const m = c.re.exec(path);
      if (!m) continue;
      if (c.route.method !== method) { allow.push(c.route.method); continue; }
      const params: Record<string, string> = {};
      let malformed = false;
      c.names.forEach((name, k) => {
        try {
          params[name] = decodeURIComponent(m[k + 1]);
        } catch {
          malformed = true;
        }
      });
      if (malformed) return { kind: 'none' };
      return { kind: 'found', route: c.route, params };
    }
    return allow.length > 0 ? { kind: 'wrong-method', allow } : { kind: 'none' };
  };
}
