/** A rule violation found by the domain: a stable code the tests assert on, a readable text, and where it was found. */
export interface Issue {
  code: string;
  message: string;
  /** XPath-like location or field name, when the rule points at one. */
  location?: string;
}

export function issue(code: string, message: string, location?: string): Issue {
  return location === undefined ? { code, message } : { code, message, location };
}

/** Thrown by the strict (throwing) variants of the parsers; carries the same stable code as the Issue. */
export class MijnOverheidDomainError extends Error {
  readonly code: string;
  readonly issues: Issue[];
  constructor(issues: Issue[]) {
    super(issues.map((i) => `${i.code}: ${i.message}`).join('; '));
    this.name = 'MijnOverheidDomainError';
    this.code = issues[0]?.code ?? 'UNKNOWN';
    this.issues = issues;
  }
}
