/** docs/troubleshooting.md quotes real codes and messages: each must still occur in the code. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SOURCE_DIRS = ['cli', 'simulators', 'reports', 'steps', 'testcontainers', 'msw', 'docker-compose.yml'];

function sources(): string {
  const out: string[] = [];
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const n of readdirSync(p)) if (n !== 'node_modules' && n !== 'fixtures') walk(join(p, n));
    } else if (/\.(ts|yml)$/.test(p) && !p.endsWith('.test.ts')) out.push(readFileSync(p, 'utf8'));
  };
  for (const d of SOURCE_DIRS) walk(join(ROOT, d));
  return out.join('\n');
}

/** Backticked quotes from the page: error codes (UPPER_CASE) and message fragments (3+ words). */
export function quotedItems(markdown: string): string[] {
  const items = [...markdown.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  return items.filter((q) => /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(q) || (q.split(' ').length >= 3 && !/^(govsim|npx|apt-get|openssl|GOVSIM_\w+=)/.test(q)));
}

function missing(markdown: string, code: string): string[] {
  return quotedItems(markdown).filter((q) => {
    const fragments = q.split(/…|\.\.\./).map((f) => f.trim()).filter(Boolean);
    return !fragments.every((f) => code.includes(f));
  });
}

describe('docs/troubleshooting.md', () => {
  const page = readFileSync(join(ROOT, 'docs/troubleshooting.md'), 'utf8');
  const code = sources();

  it('quotes only codes and messages the code really produces', () => {
    expect(quotedItems(page).length).toBeGreaterThan(30);
    expect(missing(page, code)).toEqual([]);
  });

  it('negative control: an invented code or message is caught', () => {
    expect(missing('`CONFIG_IMAGINARY` and `this message does not exist`', code)).toEqual(['CONFIG_IMAGINARY', 'this message does not exist']);
  });
});
