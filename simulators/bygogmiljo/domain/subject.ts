/**
 * Certificate subjects as operators write them ("CN = X + SERIALNUMBER = CVR:…-FID:…, O = …, C = DK",
 * RFC 4514 "CN=X+serialNumber=…,O=…,C=DK", either order) reduced to one comparable key.
 * Attribute order, spacing and case of type names and values do not matter.
 */
import { BomFault } from './errors.ts';

const ALIASES: Record<string, string> = {
  cn: 'cn', commonname: 'cn', serialnumber: 'serialnumber', '2.5.4.5': 'serialnumber', o: 'o', organizationname: 'o',
  ou: 'ou', organizationalunitname: 'ou', c: 'c', countryname: 'c', l: 'l', st: 'st', e: 'email', emailaddress: 'email',
  organizationidentifier: 'organizationidentifier', '2.5.4.97': 'organizationidentifier',
};

export interface SubjectAttribute { type: string; value: string }

/** Splits on unescaped `,` and `+` outside quotes; reads `type = value` pairs. */
export function parseSubject(dn: string): SubjectAttribute[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i];
    if (ch === '\\' && i + 1 < dn.length) { cur += dn[++i]; continue; }
    if (ch === '"') { quoted = !quoted; continue; }
    if (!quoted && (ch === ',' || ch === '+')) { parts.push(cur); cur = ''; continue; }
    cur += ch;
  }
  parts.push(cur);
  const out: SubjectAttribute[] = [];
  for (const raw of parts) {
    const p = raw.trim();
    if (p === '') continue;
    const eq = p.indexOf('=');
    if (eq <= 0) throw new BomFault('BOM_REGISTRERING_UGYLDIG', `certificate subject part "${p}" is not TYPE=value`);
    const type = p.slice(0, eq).trim().toLowerCase();
    out.push({ type: ALIASES[type] ?? type, value: p.slice(eq + 1).trim().replace(/\s+/g, ' ') });
  }
  if (out.length === 0) throw new BomFault('BOM_REGISTRERING_UGYLDIG', 'certificate subject is empty');
  return out;
}

/** Order-, space- and case-insensitive key of a subject. */
export function subjectKey(dn: string): string {
  return parseSubject(dn).map((a) => `${a.type}=${a.value.toLowerCase()}`).sort().join('\n');
}
