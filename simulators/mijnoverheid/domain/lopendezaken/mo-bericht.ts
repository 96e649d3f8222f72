/**
 * The MO-bericht (MODELLED; schemas/mijnoverheid/mo-bericht-subset.xsd): the second zaakbericht
 * format an organisation may choose. It is read into the same model as zakLk01, so both formats
 * go through one set of Lopende Zaken rules.
 */
import { fileURLToPath } from 'node:url';
import { getSchema, parseXml, isXmlError, type XmlElement } from '../xml.ts';
import { issue, type Issue } from '../issue.ts';
import type { ZakLk01 } from './zaklk01.ts';

export const MO_BERICHT_NS = 'urn:govsim:mijnoverheid:mo-bericht:1';
export const MO_BERICHT_XSD = fileURLToPath(new URL('../../../../schemas/mijnoverheid/mo-bericht-subset.xsd', import.meta.url));

const txt = (e: XmlElement | undefined): string | undefined => {
  const v = e?.text().trim();
  return v ? v : undefined;
};
/** xs:date (yyyy-mm-dd[zone]) → StUF yyyyMMdd. */
const stufDate = (v: string | undefined): string | undefined => (v === undefined ? undefined : v.slice(0, 10).replace(/-/g, ''));
/** xs:dateTime → StUF yyyyMMddHHmmss (as written, no zone conversion). */
const stufDateTime = (v: string): string => v.replace(/[-:T]/g, '').slice(0, 14);

export function readMoBericht(xml: string | Uint8Array): { bericht?: ZakLk01; issues: Issue[] } {
  let root: XmlElement;
  try {
    root = parseXml(xml, { maxBytes: 2 * 1024 * 1024, label: 'MO-bericht' }).root;
  } catch (e) {
    if (isXmlError(e)) return { issues: [issue('LZ_XML_INVALID', e.message)] };
    throw e;
  }
  if (root.name !== 'zaakbericht' || root.ns !== MO_BERICHT_NS) {
    return { issues: [issue('LZ_NOT_MO_BERICHT', `expected {${MO_BERICHT_NS}}zaakbericht, got {${root.ns}}${root.name}`, root.path())] };
  }
  const result = getSchema(MO_BERICHT_XSD).validate(root);
  if (!result.valid) return { issues: result.errors.map((e) => issue('LZ_XSD_INVALID', `line ${e.line}: ${e.message}`, e.path)) };
  const c = (e: XmlElement | undefined, name: string) => e?.child(name, MO_BERICHT_NS);
  const zaakEl = c(root, 'zaak')!;
  const statusEl = c(zaakEl, 'status')!;
  const zaak: ZakLk01['zaak'] = {
    identificatie: txt(c(zaakEl, 'identificatie')) ?? '',
    startdatum: stufDate(txt(c(zaakEl, 'startdatum'))) ?? '',
    initiatorBsns: [txt(c(zaakEl, 'bsn')) ?? ''],
    status: { omschrijving: txt(c(statusEl, 'omschrijving')) ?? '', datumStatusGezet: stufDateTime(txt(c(statusEl, 'datumStatusGezet')) ?? '') },
  };
  const code = txt(c(statusEl, 'code'));
  if (code !== undefined) zaak.status!.code = code;
  for (const k of ['omschrijving', 'toelichting', 'resultaat', 'verwijzing'] as const) {
    const v = txt(c(zaakEl, k));
    if (v !== undefined) zaak[k] = v;
  }
  for (const k of ['einddatum', 'einddatumGepland'] as const) {
    const v = stufDate(txt(c(zaakEl, k)));
    if (v !== undefined) zaak[k] = v;
  }
  return {
    issues: [],
    bericht: {
      zender: { organisatie: txt(c(c(root, 'afzender'), 'oin')) ?? '', applicatie: txt(c(c(root, 'afzender'), 'afzenderId')) ?? '' },
      ontvanger: { organisatie: txt(c(c(root, 'ontvanger'), 'oin')) ?? '', applicatie: 'MijnOverheid' },
      referentienummer: txt(c(root, 'berichtId')) ?? '',
      tijdstipBericht: stufDateTime(txt(c(root, 'tijdstip')) ?? ''),
      mutatiesoort: 'T',
      zaak,
    },
  };
}
