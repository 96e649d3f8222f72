/**
 * Kölner Phonetik (Cologne phonetics): the phonetic code German registration software
 * uses so that Meyer, Meier, Maier and Mayer (or Schmidt and Schmitt) find each other.
 * BMeldDAV § 1 requires phonetic name search for automated retrieval.
 */

const FOLD: Record<string, string> = { 'Ä': 'A', 'Ö': 'O', 'Ü': 'U', 'ß': 'S', 'É': 'E', 'È': 'E', 'Á': 'A', 'À': 'A', 'Ç': 'C' };

function letters(name: string): string[] {
  return [...name.toUpperCase()].map((c) => FOLD[c] ?? c).join('').replace(/[^A-Z]/g, '').split('');
}

function digit(prev: string | undefined, c: string, next: string | undefined, first: boolean): string {
  switch (c) {
    case 'A': case 'E': case 'I': case 'J': case 'O': case 'U': case 'Y': return '0';
    case 'H': return '';
    case 'B': return '1';
    case 'P': return next === 'H' ? '3' : '1';
    case 'D': case 'T': return next !== undefined && 'CSZ'.includes(next) ? '8' : '2';
    case 'F': case 'V': case 'W': return '3';
    case 'G': case 'K': case 'Q': return '4';
    case 'C':
      if (first) return next !== undefined && 'AHKLOQRUX'.includes(next) ? '4' : '8';
      if (prev !== undefined && 'SZ'.includes(prev)) return '8';
      return next !== undefined && 'AHKOQUX'.includes(next) ? '4' : '8';
    case 'X': return prev !== undefined && 'CKQ'.includes(prev) ? '8' : '48';
    case 'L': return '5';
    case 'M': case 'N': return '6';
    case 'R': return '7';
    case 'S': case 'Z': return '8';
    default: return '';
  }
}

/** The Kölner Phonetik code of `name` ('' for a name without letters). */
export function koelnerPhonetik(name: string): string {
  const l = letters(name);
  let raw = '';
  for (let i = 0; i < l.length; i++) raw += digit(l[i - 1], l[i], l[i + 1], i === 0);
  let collapsed = '';
  for (const d of raw) if (collapsed[collapsed.length - 1] !== d) collapsed += d;
  return collapsed.length ? collapsed[0] + collapsed.slice(1).replace(/0/g, '') : '';
}

/** Case-, accent- and spacing-insensitive form for exact comparisons. */
export function normaliseName(name: string): string {
  return letters(name).join('');
}
