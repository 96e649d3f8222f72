import { readFileSync, writeFileSync } from 'node:fs';
import { parseCliArgs } from '../args.ts';
import { CliError, type CliCommand } from '../command.ts';

const usage = `Usage: govsim mijnoverheid <subcommand> [options]

Talks to a running MijnOverheid simulator ("govsim up") through the admin API.

  cpa create --spec <consumer.xml> [--profile <p>] [--sync-reply-mode none|mshSignalsOnly]
             [--retries <n>] [--retry-interval <duration>] [--persist-duration <duration>]
             [--out <cpa.xml>]
      The CPA Register step: turns a Consumerspecificatie (osb-ebms-service-specificatie with
      PartyName, PartyId, PartyRef, EndpointUri, ClientCert, ServerCert) into a CPA with the
      simulated MijnOverheid, loads it and writes it to --out (default: stdout).
      Profiles: osb-rm (default), osb-be, osb-rm-s, osb-be-s (osb-*-e are answered NotSupported).
      Digikoppeling defaults: Retries 8, RetryInterval PT3H, PersistDuration P1D, syncReplyMode none.

  person add --bsn <bsn> --naam <name> [--username <u>] [--password <p>] [--situatie <text>] [--register]
      Adds a fictitious test person with a test DigiD account (default username test<bsn>,
      password Proef-<last 4 digits>!). --register also does the first portal login, so the
      BSN can receive zaakberichten at once.

Common options:
  --admin <url>     admin API base URL (default http://127.0.0.1:7070)
  --token <token>   admin token (default: GOVSIM_ADMIN_TOKEN)

Exit codes: 0 done, 1 refused by the simulator (issues printed), 2 usage error, 3 internal error.`;

interface SeedAnswer { platform?: string; result?: Record<string, unknown> | null; code?: string; detail?: string; title?: string }

async function seed(admin: string, token: string, body: unknown): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(`${admin.replace(/\/+$/, '')}/admin/simulators/mijnoverheid/seed`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new CliError(`cannot reach the admin API at ${admin} (is "govsim up" running?): ${(err as Error).message}`);
  }
  const answer = (await res.json().catch(() => ({}))) as SeedAnswer;
  if (!res.ok) throw new CliError(`the admin API answered ${res.status}: ${answer.code ?? ''} ${answer.detail ?? answer.title ?? ''}`.trim(), res.status === 401 ? 2 : 1);
  return answer.result ?? {};
}

function issuesText(result: Record<string, unknown>): string {
  const issues = (result.issues ?? []) as { code: string; message: string; location?: string }[];
  return issues.map((i) => `  ${i.code}${i.location ? ` (${i.location})` : ''}: ${i.message}`).join('\n');
}

export const command: CliCommand = {
  name: 'mijnoverheid',
  summary: 'MijnOverheid Lopende Zaken: CPA Register step (cpa create), test persons (person add)',
  usage,
  async run(argv) {
    const [group, verb, ...rest] = argv;
    const { values: v } = parseCliArgs(rest, {
      admin: { type: 'string' }, token: { type: 'string' },
      spec: { type: 'string' }, profile: { type: 'string' }, 'sync-reply-mode': { type: 'string' },
      retries: { type: 'string' }, 'retry-interval': { type: 'string' }, 'persist-duration': { type: 'string' }, out: { type: 'string' },
      bsn: { type: 'string' }, naam: { type: 'string' }, username: { type: 'string' }, password: { type: 'string' }, situatie: { type: 'string' }, register: { type: 'boolean' },
    });
    const admin = v.admin ?? 'http://127.0.0.1:7070';
    const token = v.token ?? process.env.GOVSIM_ADMIN_TOKEN;
    if (!token) throw new CliError('the admin token is missing: pass --token or set GOVSIM_ADMIN_TOKEN ("govsim up" prints it)');

    if (group === 'cpa' && verb === 'create') {
      if (!v.spec) throw new CliError('cpa create needs --spec <consumer.xml>');
      let spec: string;
      try { spec = readFileSync(v.spec, 'utf8'); } catch (err) { throw new CliError(`cannot read ${v.spec}: ${(err as Error).message}`); }
      const options: Record<string, unknown> = {};
      if (v.profile) options.profile = v.profile;
      if (v['sync-reply-mode']) options.syncReplyMode = v['sync-reply-mode'];
      if (v.retries !== undefined) {
        if (!/^\d+$/.test(v.retries)) throw new CliError('--retries must be a non-negative integer');
        options.retries = Number(v.retries);
      }
      if (v['retry-interval']) options.retryInterval = v['retry-interval'];
      if (v['persist-duration']) options.persistDuration = v['persist-duration'];
      const r = await seed(admin, token, { op: 'register-cpa', spec, options });
      if (r.ok !== true) {
        console.error(`govsim mijnoverheid: the CPA Register refused the Consumerspecificatie:\n${issuesText(r)}`);
        return 1;
      }
      if (v.out) {
        writeFileSync(v.out, String(r.cpa));
        console.error(`CPA ${String(r.cpaId)} created, loaded into the simulator and written to ${v.out}`);
      } else process.stdout.write(String(r.cpa));
      return 0;
    }

    if (group === 'person' && verb === 'add') {
      if (!v.bsn || !v.naam) throw new CliError('person add needs --bsn and --naam');
      const person = {
        bsn: v.bsn, naam: v.naam, situatie: v.situatie ?? 'toegevoegd testpersoon (fictief)',
        digid: { username: v.username ?? `test${v.bsn}`, password: v.password ?? `Proef-${v.bsn.slice(-4)}!` },
      };
      const added = await seed(admin, token, { op: 'add-person', person });
      if (Array.isArray(added.issues) && added.issues.length) {
        console.error(`govsim mijnoverheid: the test person was refused:\n${issuesText(added)}`);
        return 1;
      }
      if (v.register) {
        const reg = await seed(admin, token, { op: 'register-account', bsn: v.bsn });
        if (Array.isArray(reg.issues) && reg.issues.length) {
          console.error(`govsim mijnoverheid: the account could not be registered:\n${issuesText(reg)}`);
          return 1;
        }
      }
      console.log(`test person ${v.bsn} (${v.naam}) added; test DigiD ${person.digid.username}${v.register ? '; account registered' : '; log in once on the portal to register the account'}`);
      return 0;
    }
    throw new CliError(`unknown subcommand "${[group, verb].filter(Boolean).join(' ')}" (use "cpa create" or "person add"; see --help)`);
  },
};
