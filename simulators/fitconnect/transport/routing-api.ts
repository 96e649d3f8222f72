/** Routing API (`GET /routes`): public, no token; results signed by the platform. */
import type { Route } from '../../kernel/http/index.ts';
import type { FitConnectEnvironment, RouteQuery } from '../domain/index.ts';
import { sendProblem } from './responses.ts';

export function routingApiRoutes(env: () => FitConnectEnvironment): Route[] {
  return [{
    method: 'GET', path: '/routes', name: 'routing: find destinations',
    async handle(ctx) {
      const q: RouteQuery = {};
      for (const k of ['leikaKey', 'ars', 'ags', 'areaId'] as const) if (ctx.query[k] !== undefined) q[k] = ctx.query[k];
      for (const k of ['offset', 'limit'] as const) if (ctx.query[k] !== undefined) q[k] = Number(ctx.query[k]);
      const r = await env().routing.findRoutes(q);
      ctx.data = { query: q, ...(r.ok ? { destinationIds: r.value.routes.map((x) => x.destinationId) } : { problem: r.error.code }) };
      if (!r.ok) return sendProblem(ctx, r.error);
      ctx.sendJson(200, r.value);
    },
  }];
}
