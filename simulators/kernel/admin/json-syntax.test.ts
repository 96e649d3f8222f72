import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from './json-syntax.ts';
import { parseJson } from './body.ts';
import { AdminError } from './problem.ts';

const parses = (text: string): boolean => {
  try { JSON.parse(text); return true; } catch { return false; }
};

describe('findJsonSyntaxError', () => {
  it('agrees with JSON.parse on valid JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (v, indent) => {
      expect(findJsonSyntaxError(JSON.stringify(v, null, indent))).toBeUndefined();
    }), { numRuns: 300 });
  });

  it('agrees with JSON.parse on damaged JSON and arbitrary text', () => {
    const damaged = fc.tuple(fc.jsonValue(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '\\', '\n', '\u0001'))
      .map(([v, at, ins]) => {
        const s = JSON.stringify(v);
        const i = at % (s.length + 1);
        return s.slice(0, i) + ins + s.slice(i);
      });
    fc.assert(fc.property(fc.oneof(damaged, fc.string()), (text) => {
      expect(findJsonSyntaxError(text) === undefined).toBe(parses(text));
    }), { numRuns: 600 });
  });

  it('locates errors precisely', () => {
    expect(findJsonSyntaxError('{"a":1,}')).toMatchObject({ offset: 7, line: 1, column: 8, reason: 'unexpected character "}", expected a property name in double quotes' });
    expect(findJsonSyntaxError('[1,\n 2\n')).toMatchObject({ line: 3, column: 1, reason: 'unexpected end of input, expected "," or "]"' });
    expect(findJsonSyntaxError('{"a": tru}')).toMatchObject({ column: 10, reason: 'unexpected character "}" in literal true' });
    expect(findJsonSyntaxError('"\\x"')).toMatchObject({ offset: 2, reason: 'invalid escape "\\\\x"' });
    expect(findJsonSyntaxError('{} {}')).toMatchObject({ offset: 3, reason: 'unexpected "{" after the JSON value' });
    expect(findJsonSyntaxError('01')).toMatchObject({ offset: 1 });
  });
});

describe('parseJson', () => {
  it('raises ADMIN_BAD_JSON without echoing the input', () => {
    try {
      parseJson('{"password": "s3cret-value", oops}');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AdminError);
      expect((err as AdminError).code).toBe('ADMIN_BAD_JSON');
      expect((err as AdminError).message).not.toContain('s3cret-value');
      expect((err as AdminError).extra).toEqual({ line: 1, column: 30, position: 29 });
    }
  });
});
