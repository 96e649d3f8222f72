/**
 * The CPA Register as a web form on the portal: upload a Consumerspecificatie, choose the profile
 * and reliability settings, get the CPA (loaded into the simulator) to download. Same domain step
 * as the mTLS endpoint and the admin seed call.
 */
import type { Route } from '../../kernel/http/index.ts';
import type { CpaOptions, Issue } from '../domain/index.ts';
import { issue } from '../domain/index.ts';
import { cpaOptionsFrom, type RegisterResult } from '../transport/cpa-register.ts';
import type { MijnOverheidState } from '../state.ts';
import { cpaCreatedPage, cpaRegisterForm, type FormValues } from './cpa-register-page.ts';

const HTML = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" };
const MAX_FORM_BYTES = 1024 * 1024;

export interface CpaRegisterPageDeps {
  readonly state: MijnOverheidState;
  register(specXml: string, options: CpaOptions): Promise<RegisterResult>;
}

export function cpaRegisterPageRoutes(d: CpaRegisterPageDeps, base = '/cpa-register'): Route[] {
  return [
    { method: 'GET', path: base, name: 'portal: CPA Register form', handle: (ctx) => ctx.send(200, cpaRegisterForm(), HTML) },
    {
      method: 'POST', path: base, name: 'portal: CPA Register upload',
      async handle(ctx) {
        const contentType = String(ctx.req.headers['content-type'] ?? '');
        const body = await ctx.readBody(MAX_FORM_BYTES);
        let form: FormData | undefined;
        try {
          form = contentType.startsWith('multipart/form-data') ? await new Request('http://form.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) }).formData() : undefined;
        } catch {
          form = undefined;
        }
        const values: FormValues = {};
        for (const k of ['profile', 'syncReplyMode', 'retries', 'retryInterval', 'persistDuration'] as const) {
          const v = form?.get(k);
          if (typeof v === 'string' && v.trim() !== '') values[k] = v.trim();
        }
        const file = form?.get('spec');
        const spec = file && typeof file !== 'string' ? await file.text() : '';
        const issues: Issue[] = [];
        if (!form) issues.push(issue('FORM_NOT_MULTIPART', 'the form must be sent as multipart/form-data'));
        else if (!spec.trim()) issues.push(issue('SPEC_MISSING_FILE', 'choose the Consumerspecificatie XML file to upload', 'spec'));
        const opts = cpaOptionsFrom(values as Record<string, unknown>);
        issues.push(...opts.issues);
        const r: RegisterResult = issues.length ? { ok: false, issues } : await d.register(spec, opts.options);
        ctx.data = { cpaRegister: r.ok ? { via: 'portal', cpaId: r.cpa.cpaId, profile: r.cpa.profile, consumer: r.cpa.parties[0].partyId } : { via: 'portal', issues: r.issues } };
        if (!r.ok) {
          for (const i of r.issues) ctx.verdicts.push({ check: i.code, ok: false, message: i.message });
          ctx.summary = `CPA Register form refused the Consumerspecificatie: ${r.issues.map((i) => i.code).join(', ')}`;
          return ctx.send(422, cpaRegisterForm(values, r.issues), HTML);
        }
        ctx.summary = `CPA Register form: CPA ${r.cpa.cpaId} created for ${r.cpa.parties[0].partyId}`;
        ctx.send(201, cpaCreatedPage(r.cpa, `${base}/${encodeURIComponent(r.cpa.cpaId)}`), HTML);
      },
    },
    {
      method: 'GET', path: `${base}/:cpaId`, name: 'portal: CPA download',
      handle(ctx) {
        const c = d.state.cpas.get(ctx.params.cpaId);
        if (!c) return ctx.send(404, cpaRegisterForm({}, [issue('CPA_NOT_FOUND', `no CPA ${ctx.params.cpaId}`)]), HTML);
        ctx.send(200, c.xml, { 'content-type': 'application/xml; charset=UTF-8', 'content-disposition': `attachment; filename="${c.cpa.cpaId}.xml"` });
      },
    },
  ];
}
