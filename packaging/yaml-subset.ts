/**
 * A strict parser for the small YAML subset govsim's own docker-compose.yml and CI
 * examples use: block mappings and sequences by indentation, `# comments`, plain,
 * single- and double-quoted scalars, flow sequences of scalars (`["a", "b"]`) and `{}`.
 * Anything else (anchors, tags, multi-line scalars, flow mappings with content) is an
 * error rather than a guess, so a test never passes on a misread file.
 */
export type YamlValue = string | YamlValue[] | { [key: string]: YamlValue };

export class YamlSubsetError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

interface Line { no: number; indent: number; text: string }

export function parseYamlSubset(source: string): YamlValue {
  const lines: Line[] = [];
  source.split('\n').forEach((raw, i) => {
    if (raw.includes('\t')) throw new YamlSubsetError(i + 1, 'tabs are not allowed');
    const text = stripComment(raw).trimEnd();
    if (text.trim() === '' || text.trim() === '---') return;
    lines.push({ no: i + 1, indent: text.length - text.trimStart().length, text: text.trim() });
  });
  if (lines.length === 0) return {};
  const [value, next] = parseBlock(lines, 0, lines[0].indent);
  if (next < lines.length) throw new YamlSubsetError(lines[next].no, 'unexpected indentation');
  return value;
}

function stripComment(raw: string): string {
  let quote: string | undefined;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || raw[i - 1] === ' ')) return raw.slice(0, i);
  }
  return raw;
}

function parseBlock(lines: Line[], start: number, indent: number): [YamlValue, number] {
  return lines[start].text.startsWith('- ') || lines[start].text === '-' ? parseSeq(lines, start, indent) : parseMap(lines, start, indent);
}

function parseSeq(lines: Line[], start: number, indent: number): [YamlValue[], number] {
  const out: YamlValue[] = [];
  let i = start;
  while (i < lines.length && lines[i].indent === indent && (lines[i].text.startsWith('- ') || lines[i].text === '-')) {
    const rest = lines[i].text.slice(1).trim();
    if (rest === '') {
      if (i + 1 >= lines.length || lines[i + 1].indent <= indent) throw new YamlSubsetError(lines[i].no, 'empty sequence item');
      const [v, next] = parseBlock(lines, i + 1, lines[i + 1].indent);
      out.push(v); i = next;
    } else if (rest === '|' || rest === '|-') {
      const [v, next] = blockScalar(lines, i, indent, rest);
      out.push(v); i = next;
    } else if (/^[^"'[{|>][^:]*:( |$)/.test(rest) || /^["'][^"']*["']:( |$)/.test(rest)) {
      // "- key: value" starts a mapping whose further keys are indented to the key's column.
      const keyIndent = indent + (lines[i].text.length - rest.length);
      const synthetic: Line[] = [{ no: lines[i].no, indent: keyIndent, text: rest }];
      let j = i + 1;
      while (j < lines.length && lines[j].indent > indent) synthetic.push(lines[j++]);
      const [v, used] = parseMap(synthetic, 0, keyIndent);
      if (used !== synthetic.length) throw new YamlSubsetError(synthetic[used].no, 'unexpected indentation');
      out.push(v); i = j;
    } else {
      out.push(scalarOrFlow(rest, lines[i].no)); i++;
    }
  }
  return [out, i];
}

function parseMap(lines: Line[], start: number, indent: number): [{ [key: string]: YamlValue }, number] {
  const out: { [key: string]: YamlValue } = {};
  let i = start;
  while (i < lines.length && lines[i].indent === indent) {
    const line = lines[i];
    if (line.text.startsWith('- ')) throw new YamlSubsetError(line.no, 'sequence item where a key was expected');
    const m = /^("([^"]*)"|'([^']*)'|([^:"'][^:]*?)):(?: (.*))?$/.exec(line.text);
    if (!m) throw new YamlSubsetError(line.no, `expected "key: value", got "${line.text}"`);
    const key = m[2] ?? m[3] ?? m[4];
    if (key in out) throw new YamlSubsetError(line.no, `duplicate key "${key}"`);
    const rest = (m[5] ?? '').trim();
    if (rest === '') {
      if (i + 1 < lines.length && lines[i + 1].indent > indent) {
        const [v, next] = parseBlock(lines, i + 1, lines[i + 1].indent);
        out[key] = v; i = next;
      } else if (i + 1 < lines.length && lines[i + 1].indent === indent && lines[i + 1].text.startsWith('- ')) {
        const [v, next] = parseSeq(lines, i + 1, indent); // compact sequence under a key
        out[key] = v; i = next;
      } else {
        out[key] = ''; i++;
      }
    } else {
      if (rest === '|' || rest === '>' || rest.startsWith('|') || rest.startsWith('>')) {
        const [v, next] = blockScalar(lines, i, indent, rest);
        out[key] = v; i = next;
        continue;
      }
      out[key] = scalarOrFlow(rest, line.no); i++;
    }
  }
  return [out, i];
}

/** `|` literal block scalars (kept: CI scripts need them); folded `>` is refused. */
function blockScalar(lines: Line[], at: number, indent: number, header: string): [string, number] {
  if (header !== '|' && header !== '|-') throw new YamlSubsetError(lines[at].no, `block scalar "${header}" is outside the supported subset (use | or |-)`);
  const body: Line[] = [];
  let j = at + 1;
  while (j < lines.length && lines[j].indent > indent) body.push(lines[j++]);
  if (body.length === 0) throw new YamlSubsetError(lines[at].no, 'empty block scalar');
  const base = Math.min(...body.map((l) => l.indent));
  const text = body.map((l) => ' '.repeat(l.indent - base) + l.text).join('\n');
  return [header === '|' ? `${text}\n` : text, j];
}

function scalarOrFlow(text: string, no: number): YamlValue {
  if (text === '{}') return {};
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) throw new YamlSubsetError(no, 'unterminated flow sequence');
    const inner = text.slice(1, -1).trim();
    if (inner === '') return [];
    const items: string[] = [];
    const re = /\s*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,"'[\]{}]+)\s*(,|$)/y;
    let pos = 0;
    while (pos < inner.length) {
      re.lastIndex = pos;
      const m = re.exec(inner);
      if (!m) throw new YamlSubsetError(no, `flow sequence item not in the subset: ${inner.slice(pos)}`);
      items.push(scalar(m[1].trim(), no));
      pos = re.lastIndex;
    }
    return items;
  }
  if (text.startsWith('{') || text.startsWith('&') || text.startsWith('*') || text.startsWith('!')) {
    throw new YamlSubsetError(no, `"${text}" is outside the supported YAML subset`);
  }
  return scalar(text, no);
}

function scalar(text: string, no: number): string {
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) throw new YamlSubsetError(no, 'unterminated double-quoted string');
    return JSON.parse(text) as string;
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new YamlSubsetError(no, 'unterminated single-quoted string');
    return text.slice(1, -1).replace(/''/g, "'");
  }
  return text;
}
