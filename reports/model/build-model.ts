import type { EvidenceReadResult, EvidenceRecord } from '../../simulators/kernel/evidence/index.ts';
import { canonicalJson, sha256Hex } from '../canonical-json.ts';
import { buildChecklist, countVerdicts } from './checklist.ts';
import type { Envelope } from './envelopes.ts';
import { identitiesFromEvidence } from './identities.ts';
import { scenariosFromEnvelopes } from './scenarios.ts';
import type { ReportModel, RunInfo } from './types.ts';

export interface ModelInputs {
  envelopes: readonly Envelope[];
  /** Omitted when the run wrote no evidence.jsonl. */
  evidence?: EvidenceReadResult;
  /** Parsed run.json, when present. */
  run?: unknown;
  /** Problems found while reading the inputs (torn lines, missing files). */
  inputWarnings?: readonly string[];
}

/** Pure: the report model from parsed inputs. The builder and the verifier both call this. */
export function buildReportModel(inputs: ModelInputs): ReportModel {
  const parsed = scenariosFromEnvelopes(inputs.envelopes);
  const records: readonly EvidenceRecord[] = inputs.evidence?.records ?? [];
  const warnings = [...(inputs.inputWarnings ?? []), ...parsed.warnings];

  const byPickle = new Map(parsed.scenarios.map((s) => [s.pickleId, s]));
  let unlinked = 0;
  const unknownIds = new Set<string>();
  for (const r of records) {
    const s = r.scenarioId !== undefined ? byPickle.get(r.scenarioId) : undefined;
    if (s) s.evidenceSeqs.push(r.seq);
    else {
      unlinked++;
      if (r.scenarioId !== undefined) unknownIds.add(r.scenarioId);
    }
  }
  if (unknownIds.size > 0) {
    warnings.push(`${unknownIds.size} scenario id(s) in the evidence name no scenario of this run: ${[...unknownIds].sort().join(', ')}`);
  }
  const ev = inputs.evidence;
  if (ev?.truncatedTail) warnings.push('evidence.jsonl ends in a torn line (the run was interrupted while writing)');
  for (const g of ev?.gaps ?? []) warnings.push(`evidence of run ${g.runId} misses seq ${g.afterSeq + 1}..${g.nextSeq - 1}: records were lost`);

  const run = runInfo(inputs.run);
  const runIds = [...new Set(records.map((r) => r.runId))].sort();
  if (run.runId && runIds.some((id) => id !== run.runId)) {
    warnings.push(`evidence records carry run id(s) ${runIds.join(', ')}, run.json says ${run.runId}`);
  }
  const platforms = buildChecklist(parsed.scenarios);
  return {
    run,
    cucumber: parsed.cucumber,
    summary: {
      checklist: countVerdicts(platforms.flatMap((p) => p.items.map((i) => i.verdict))),
      scenarios: countVerdicts(parsed.scenarios.map((s) => s.verdict)),
    },
    platforms,
    scenarios: parsed.scenarios,
    sutIdentities: identitiesFromEvidence(records),
    evidence: {
      records: records.length,
      unlinked,
      truncatedTail: ev?.truncatedTail ?? false,
      gaps: ev?.gaps ?? [],
      runIds,
    },
    warnings,
  };
}

/** The run section of the report from run.json; unknown shapes yield only what is readable. */
export function runInfo(raw: unknown): RunInfo {
  if (!raw || typeof raw !== 'object') return {};
  const r = raw as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof r[k] === 'string' ? (r[k] as string) : undefined);
  const tags = typeof r.tags === 'string' ? r.tags
    : Array.isArray(r.tags) ? r.tags.filter((t): t is string => typeof t === 'string') : undefined;
  return {
    runId: str('runId'),
    harnessVersion: str('harnessVersion'),
    gitCommit: str('gitCommit'),
    startedAt: str('startedAt'),
    finishedAt: str('finishedAt'),
    environment: str('environment'),
    sutMode: str('sutMode'),
    platforms: Array.isArray(r.platforms) ? r.platforms.filter((p): p is string => typeof p === 'string') : undefined,
    tags,
    configHash: 'config' in r ? configHash(r.config) : undefined,
  };
}

/** SHA-256 (hex) of the canonical JSON of a run's config. */
export function configHash(config: unknown): string {
  return sha256Hex(canonicalJson(config ?? null));
}
