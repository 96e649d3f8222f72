/**
 * Reference client for the CPR suite: a self-service server that takes the citizen's
 * report and runs the dialogue with CPR (logon, initiate, validate, save or abort,
 * receipt status) over HTTPS with its FOCES certificate. Each variant has one defect.
 *
 * Action results (the contract a trigger-mode SUT prints as JSON too):
 *   { ok, step, fejlkode, fejltekst, fieldErrors[], stamoplysninger, aktuelleData[], translated[], kvittering, aborted }
 */
import type { ReferenceClient } from '../../kernel/sut/drivers.ts';
import { ClientFailure, SbsClient, type ConnectionParams } from './client.ts';
import { alpha, EVENT_FIELDS, type Answer } from './codec.ts';

export interface ReportParams extends ConnectionParams {
  haendelseskode: string;
  pnr: string;
  kommunekode: string;
  /** YYYYMMDD. */
  haendelsesdato: string;
  /** The citizen's data for the event, by field name of the VALI layout. */
  data?: Record<string, string>;
  /** The citizen leaves the dialogue: after seeing the current data, or after seeing the validated data. */
  citizenCancels?: 'after-initiate' | 'after-validation';
}

export interface StepResult {
  ok: boolean;
  step: string;
  fejlkode: string;
  fejltekst?: string;
  fieldErrors?: Array<{ felt: string; fejlkode: string; tekst: string }>;
  stamoplysninger?: Record<string, string>;
  aktuelleData?: Array<{ felt: string; vaerdi: string; klartekst: string }>;
  translated?: Array<{ felt: string; vaerdi: string; klartekst: string }>;
  kvittering?: Record<string, string>;
  aborted?: boolean;
  status?: string;
  statusText?: string;
  begrundelse?: string;
  logon?: Record<string, string>;
}

const values = (a: Answer, type: string) => a.records.filter((r) => r.RECORDTYPE === type).map((r) => ({ felt: r.FELTNAVN, vaerdi: r.VAERDI, klartekst: r.KLARTEKST }));
const errorsOf = (a: Answer) => a.records.filter((r) => r.RECORDTYPE === '900');

function failure(step: string, a: Answer, extra: Partial<StepResult> = {}): StepResult {
  const errs = errorsOf(a);
  return {
    ok: false, step, fejlkode: a.fejlkode, fejltekst: errs.map((r) => r.FEJLTEKST).join('; '),
    fieldErrors: errs.filter((r) => r.FELTNAVN).map((r) => ({ felt: r.FELTNAVN, fejlkode: r.FEJLKODE, tekst: r.FEJLTEKST })),
    ...extra,
  };
}

async function guarded(fn: () => Promise<StepResult>): Promise<StepResult> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ClientFailure) return failure(err.step, err.answer);
    throw err;
  }
}

function initRecord(c: SbsClient, p: ReportParams): string {
  const date = c.variant === 'wrong-field-width' ? p.haendelsesdato.slice(2) : c.num(p.haendelsesdato, 8);
  return alpha(p.haendelseskode, 4) + c.num(p.pnr, 10) + date + c.num(p.kommunekode, 4);
}

function eventData(c: SbsClient, kode: string, data: Record<string, string>): string {
  const spec = EVENT_FIELDS[kode];
  if (!spec) throw new Error(`the reference client has no data layout for event ${kode}`);
  return spec.map(([name, width, isNumeric]) => (isNumeric ? c.num(data[name], width) : alpha(data[name], width))).join('');
}

/** The whole dialogue for one citizen report. */
export async function reportEvent(p: ReportParams, variant?: string): Promise<StepResult> {
  const c = new SbsClient(p, variant);
  return guarded(async () => {
    const init = await c.request('INIT', initRecord(c, p));
    if (c.failed(init)) return failure('initiate', init);
    const stam = init.records.find((r) => r.RECORDTYPE === '101');
    const id = stam?.HAENDELSESID ?? '';
    const seen = { stamoplysninger: stam, aktuelleData: values(init, '102') };
    const abort = async (step: string): Promise<StepResult> => {
      if (variant === 'never-aborts') return { ok: true, step, fejlkode: '00', aborted: false, ...seen };
      const a = await c.request('AFBR', alpha(id, 10));
      return c.failed(a) ? failure('abort', a, seen) : { ok: true, step: 'abort', fejlkode: '00', aborted: true, ...seen };
    };
    if (p.citizenCancels === 'after-initiate') return abort('initiate');

    let translated: StepResult['translated'];
    if (variant !== 'saves-without-validating') {
      const vali = await c.request('VALI', alpha(id, 10) + alpha(p.haendelseskode, 4) + eventData(c, p.haendelseskode, p.data ?? {}));
      if (c.failed(vali)) return failure('validate', vali, seen);
      translated = values(vali, '201');
      if (p.citizenCancels === 'after-validation') return { ...(await abort('validate')), translated };
    }
    const gem = await c.request('GEMH', alpha(id, 10));
    if (c.failed(gem)) return failure('save', gem, { ...seen, translated });
    return { ok: true, step: 'save', fejlkode: gem.fejlkode, ...seen, translated, kvittering: gem.records.find((r) => r.RECORDTYPE === '301') };
  });
}

/** Shows the citizen their current data: initiate, then abort. */
export async function showPerson(p: ReportParams, variant?: string): Promise<StepResult> {
  return reportEvent({ ...p, citizenCancels: 'after-initiate' }, variant);
}

const RECEIPT_STATUS: Record<string, string> = { V: 'venter på kommunens godkendelse', G: 'godkendt af kommunen', A: 'afvist af kommunen' };

export async function queryReceipt(p: ConnectionParams & { kvitteringsnr: string }, variant?: string): Promise<StepResult> {
  const c = new SbsClient(p, variant);
  return guarded(async () => {
    const a = await c.request('KVIT', alpha(p.kvitteringsnr, 12));
    if (c.failed(a)) return failure('receipt', a);
    const r = a.records.find((x) => x.RECORDTYPE === '302') ?? {};
    return { ok: true, step: 'receipt', fejlkode: a.fejlkode, status: r.STATUS, statusText: RECEIPT_STATUS[r.STATUS ?? ''] ?? '', begrundelse: r.BEGRUNDELSE };
  });
}

export async function logon(p: ConnectionParams, variant?: string): Promise<StepResult> {
  const c = new SbsClient(p, variant);
  const a = await c.logon();
  if (c.failed(a)) return failure('logon', a);
  return { ok: true, step: 'logon', fejlkode: a.fejlkode, logon: a.records.find((r) => r.RECORDTYPE === '110') };
}

export const cprReferenceClient: ReferenceClient = {
  variants: {
    'no-kendeord-rotation': 'does not change an expired kendeord (gives up on error 02)',
    'retries-wrong-kendeord': 'keeps retrying the logon after error 01 (locks the personkode)',
    'ignores-error-codes': 'never looks at FEJLKODE and carries on as if CPR had answered OK',
    'saves-without-validating': 'saves the event in the venteregister without validating it first',
    'space-padded-numbers': 'writes numeric fields as integers with trailing spaces (KOMMUNEKODE 0101 as "101 ") instead of leading zeros',
    'wrong-field-width': 'writes HAENDELSESDATO as YYMMDD (6 characters instead of 8)',
    'no-session-renewal': 'does not log on again after a session timeout (error 07)',
    'never-aborts': 'leaves a cancelled event in CPR instead of aborting it',
  },
  actions: {
    logon: (params, variant) => logon(params as unknown as ConnectionParams, variant),
    'report-event': (params, variant) => reportEvent(params as unknown as ReportParams, variant),
    'show-person': (params, variant) => showPerson(params as unknown as ReportParams, variant),
    'query-receipt': (params, variant) => queryReceipt(params as unknown as ConnectionParams & { kvitteringsnr: string }, variant),
  },
};
