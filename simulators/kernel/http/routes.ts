/**
 * Routes are data: a method, a path pattern and a handler. Matching is pure so it can be
 * tested without sockets and listed by the admin API.
 */
import type { ExchangeContext } from './context.ts';

export interface Route {
  /** HTTP method (case-insensitive) or `*` for any. */
  method: string;
  /**
   * `/v1/destinations/:id` (a `:name` segment matches one non-empty segment), or a
   * pattern ending in `*` that matches any rest of the path (kept in `params['*']`).
   */
  path: string;
  /** Shown in evidence summaries; defaults to `METHOD path`. */
  name?: string;
  handle(ctx: ExchangeContext): Promise<void> | void;
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

type Segment = { literal: string } | { param: string };

interface CompiledRoute {
  route: Route;
  method: string;
  segments: Segment[];
  /** Pattern ends in `*`: the literal prefix before it must match, the rest is free. */
  wildcardPrefix?: string;
}

export class RoutePatternError extends Error {
  readonly code = 'ROUTE_PATTERN_INVALID';
}

function compile(route: Route): CompiledRoute {
  const method = route.method === '*' ? '*' : route.method.toUpperCase();
  const { path } = route;
  if (path.endsWith('*')) {
    const prefix = path.slice(0, -1);
    if (prefix.includes('*') || prefix.includes(':')) {
      throw new RoutePatternError(`route path ${path}: a wildcard pattern takes no other wildcard or :param`);
    }
    return { route, method, segments: [], wildcardPrefix: prefix };
  }
  if (!path.startsWith('/')) throw new RoutePatternError(`route path ${path} must start with / or be a * pattern`);
  const segments = path.split('/').slice(1).map((s): Segment => {
    if (s.startsWith(':')) {
      const name = s.slice(1);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new RoutePatternError(`route path ${path}: bad parameter name "${s}"`);
      return { param: name };
    }
    if (s.includes('*')) throw new RoutePatternError(`route path ${path}: * is only allowed at the end`);
    return { literal: s };
  });
  return { route, method, segments };
}

/** Thrown by matching when a path segment is not valid percent-encoding. */
export class PathDecodeError extends Error {
  readonly code = 'PATH_DECODE_FAILED';
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new PathDecodeError(`path segment "${segment}" is not valid percent-encoding`);
  }
}

function matchPath(c: CompiledRoute, pathname: string): Record<string, string> | undefined {
  if (c.wildcardPrefix !== undefined) {
    return pathname.startsWith(c.wildcardPrefix) ? { '*': pathname.slice(c.wildcardPrefix.length) } : undefined;
  }
  const parts = pathname.split('/').slice(1);
  if (parts.length !== c.segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const seg = c.segments[i];
    const part = parts[i];
    if ('literal' in seg) {
      if (seg.literal !== part) return undefined;
    } else {
      if (part === '') return undefined;
      params[seg.param] = decode(part);
    }
  }
  return params;
}

/** A route table compiled once; `match` returns the first route in table order that fits. */
export class RouteTable {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map(compile);
  }

  match(method: string, pathname: string): RouteMatch {
    const m = method.toUpperCase();
    const allow = new Set<string>();
    for (const c of this.compiled) {
      const params = matchPath(c, pathname);
      if (!params) continue;
      if (c.method === '*' || c.method === m || (m === 'HEAD' && c.method === 'GET')) {
        return { kind: 'found', route: c.route, params };
      }
      allow.add(c.method);
    }
    return allow.size > 0 ? { kind: 'method-not-allowed', allow: [...allow].sort() } : { kind: 'not-found' };
  }
}

export function routeName(route: Route): string {
  return route.name ?? `${route.method.toUpperCase()} ${route.path}`;
}
