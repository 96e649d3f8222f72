/**
 * The subset of Cucumber messages (protocol 2x–32) the report reads, typed structurally
 * so the report does not depend on @cucumber/messages directly.
 */

export interface Timestamp {
  seconds: number;
  nanos: number;
}

export interface Duration {
  seconds: number;
  nanos: number;
}

export interface GherkinStep {
  id: string;
  keyword: string;
  text: string;
}

export interface GherkinChild {
  background?: { steps?: GherkinStep[] };
  scenario?: { id: string; steps?: GherkinStep[]; examples?: Array<{ tableBody?: Array<{ id: string }> }> };
  rule?: { children?: GherkinChild[] };
}

export interface Envelope {
  meta?: {
    protocolVersion?: string;
    implementation?: { name?: string; version?: string };
    runtime?: { name?: string; version?: string };
  };
  gherkinDocument?: { uri?: string; feature?: { name?: string; children?: GherkinChild[] } };
  pickle?: {
    id: string;
    uri: string;
    name: string;
    location?: { line: number };
    astNodeIds?: string[];
    tags?: Array<{ name: string }>;
    steps?: Array<{ id: string; text: string; type?: string; astNodeIds?: string[] }>;
  };
  hook?: { id: string; name?: string; type?: string; tagExpression?: string };
  testCase?: { id: string; pickleId: string; testSteps: Array<{ id: string; pickleStepId?: string; hookId?: string }> };
  testCaseStarted?: { id: string; testCaseId: string; attempt?: number; timestamp: Timestamp };
  testStepFinished?: {
    testCaseStartedId: string;
    testStepId: string;
    testStepResult: {
      status: string;
      duration?: Duration;
      message?: string;
      exception?: { type?: string; message?: string };
    };
    timestamp?: Timestamp;
  };
  testCaseFinished?: { testCaseStartedId: string; timestamp: Timestamp; willBeRetried?: boolean };
  testRunStarted?: { timestamp: Timestamp };
  testRunFinished?: { timestamp: Timestamp; success?: boolean };
}

/** Parses an NDJSON message stream; blank lines are ignored, a torn last line is reported. */
export function parseEnvelopes(text: string): { envelopes: Envelope[]; truncatedTail: boolean; errors: string[] } {
  const envelopes: Envelope[] = [];
  const errors: string[] = [];
  let truncatedTail = false;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const value = JSON.parse(line) as unknown;
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
      envelopes.push(value as Envelope);
    } catch (err) {
      if (i === lines.length - 1) truncatedTail = true;
      else errors.push(`line ${i + 1}: ${(err as Error).message}`);
    }
  });
  return { envelopes, truncatedTail, errors };
}

export function timestampToIso(t: Timestamp | undefined): string | undefined {
  if (!t) return undefined;
  return new Date(t.seconds * 1000 + Math.floor(t.nanos / 1e6)).toISOString();
}

export function durationToMs(d: Duration | undefined): number {
  if (!d) return 0;
  return Math.round((d.seconds * 1000 + d.nanos / 1e6) * 1000) / 1000;
}
