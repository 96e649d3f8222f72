/**
 * The security-token values GetSecurityToken returns are secrets (they open the case's
 * documents). The kernel redacts cookies but not XML bodies, so the Byg og Miljø servers
 * record through this wrapper, which blanks FederationTokenPart values in captured bodies.
 */
import type { EvidenceInput, Recorder } from '../../kernel/evidence/index.ts';
import { REDACTED } from '../../kernel/evidence/index.ts';

const TOKEN_VALUE = /(<(?:[\w.-]+:)?FederationTokenPart>\s*<(?:[\w.-]+:)?Name>[^<]*<\/(?:[\w.-]+:)?Name>\s*<((?:[\w.-]+:)?Value)>)[^<]*(<\/\2>)/g;

export function redactTokenValues(text: string): string {
  return text.replace(TOKEN_VALUE, (_m, open: string, _tag: string, close: string) => `${open}${REDACTED}${close}`);
}

export function tokenRedactingRecorder(recorder: Recorder): Recorder {
  const record = (input: EvidenceInput) => {
    const body = input.response?.body;
    if (body && input.response?.bodyEncoding !== 'base64' && body.includes('FederationTokenPart')) {
      input = { ...input, response: { ...input.response, body: redactTokenValues(body) } };
    }
    return recorder.record(input);
  };
  return new Proxy(recorder, {
    get(target, prop) {
      if (prop === 'record') return record;
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
    set(target, prop, value) { return Reflect.set(target, prop, value, target); },
  });
}
