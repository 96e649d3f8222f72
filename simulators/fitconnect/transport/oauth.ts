/**
 * OAuth 2.0 token endpoint (`POST /token`, client_credentials, client_secret_post) and the
 * bearer-token gate of the Submission API.
 */
import type { ExchangeContext, Route } from '../../kernel/http/index.ts';
import { problem, type FitConnectEnvironment, type ScopeRequirement, type TokenContext, type TokenRequest } from '../domain/index.ts';
import { header, mediaType, sendProblem } from './responses.ts';

const MAX_FORM_BYTES = 16 * 1024;

/** How the client authenticated, read from the request (never from what it claims). */
export function tokenRequestFrom(form: URLSearchParams, authorization: string | undefined): TokenRequest {
  const scheme = authorization?.split(' ')[0]?.toLowerCase();
  const authMethod = scheme === 'basic' ? 'client_secret_basic'
    : form.has('client_assertion') ? 'private_key_jwt'
      : form.has('client_secret') ? 'client_secret_post' : 'none';
  const req: TokenRequest = { authMethod };
  for (const k of ['grant_type', 'client_id', 'client_secret', 'scope'] as const) {
    const v = form.get(k);
    if (v !== null) req[k] = v;
  }
  return req;
}

export function tokenRoute(env: () => FitConnectEnvironment): Route {
  return {
    method: 'POST', path: '/token', name: 'OAuth token',
    async handle(ctx) {
      const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };
      if (mediaType(ctx) !== 'application/x-www-form-urlencoded') {
        ctx.verdicts.push({ check: 'FC_TOKEN_REQUEST_MEDIA_TYPE', ok: false, message: `content-type ${mediaType(ctx) || '(none)'}` });
        ctx.sendJson(400, { error: 'invalid_request', error_description: 'the token request must be application/x-www-form-urlencoded' }, noStore);
        return;
      }
      const form = new URLSearchParams(await ctx.text(MAX_FORM_BYTES));
      const request = tokenRequestFrom(form, header(ctx, 'authorization'));
      const result = await env().tokens.issueToken(request);
      ctx.data = { authMethod: request.authMethod, clientId: request.client_id, grantType: request.grant_type };
      if (!result.ok) {
        ctx.verdicts.push({ check: 'FC_TOKEN_ISSUED', ok: false, message: `${result.error.body.error}: ${result.error.body.error_description}` });
        const h: Record<string, string> = { ...noStore };
        if (result.error.wwwAuthenticate) h['www-authenticate'] = result.error.wwwAuthenticate;
        ctx.sendJson(result.error.status, result.error.body, h);
        return;
      }
      ctx.verdicts.push({ check: 'FC_TOKEN_ISSUED', ok: true, message: `scope ${result.value.scope}` });
      ctx.data = { ...ctx.data as object, scope: result.value.scope, expiresIn: result.value.expires_in };
      ctx.sendJson(200, result.value, noStore);
    },
  };
}

/**
 * Verifies the bearer token; on failure answers 401/403 with problem+json and returns
 * undefined. `required` may be a list: any one satisfied is enough.
 */
export async function authorize(ctx: ExchangeContext, env: FitConnectEnvironment, required?: ScopeRequirement | ScopeRequirement[]): Promise<TokenContext | undefined> {
  const auth = header(ctx, 'authorization');
  const m = auth ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(auth.trim()) : null;
  if (!m) {
    sendProblem(ctx, problem('FC_TOKEN_INVALID', 'an OAuth access token is required (Authorization: Bearer <token>)'), { 'www-authenticate': 'Bearer realm="fit-connect"' });
    return undefined;
  }
  const options = required === undefined ? [undefined] : Array.isArray(required) ? required : [required];
  let lastProblem;
  for (const req of options) {
    const r = await env.tokens.verifyToken(m[1], req);
    if (r.ok) {
      ctx.verdicts.push({ check: 'FC_TOKEN_VALID', ok: true, message: `client ${r.value.clientId} (${r.value.clientType})` });
      ctx.data = { ...(ctx.data as object | undefined), clientId: r.value.clientId };
      return r.value;
    }
    lastProblem = r.error;
    if (r.error.code !== 'FC_TOKEN_INSUFFICIENT_SCOPE') break;
  }
  const p = lastProblem!;
  const wwwAuth = p.status === 403
    ? 'Bearer realm="fit-connect", error="insufficient_scope"'
    : 'Bearer realm="fit-connect", error="invalid_token"';
  sendProblem(ctx, p, { 'www-authenticate': wwwAuth });
  return undefined;
}
