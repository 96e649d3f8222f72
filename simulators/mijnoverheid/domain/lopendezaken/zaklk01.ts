/** StUF-ZKN 0310 zakLk01 (MODELLED XSD subset in schemas/mijnoverheid/): schema validation and a typed read. */
import { fileURLToPath } from 'node:url';
import { getSchema, parseXml, isXmlError, type XmlElement } from '../xml.ts';
import { issue, type Issue } from '../issue.ts';

export const ZKN_NS = 'http://www.egem.nl/StUF/sector/zkn/0310';
export const STUF_NS = 'http://www.egem.nl/StUF/StUF0301';
export const BG_NS = 'http://www.egem.nl/StUF/sector/bg/0310';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

export const ZAKLK01_XSD = fileURLToPath(new URL('../../../../schemas/mijnoverheid/zkn0310-zakLk01.xsd', import.meta.url));

export interface StufSysteem { organisatie: string; applicatie: string; administratie?: string }

export interface ZaakStatus {
  volgnummer?: string;
  code?: string;
  omschrijving: string;
  zaaktypeCode?: string;
  zaaktypeOmschrijving?: string;
  ingangsdatum?: string;
  /** yyyyMMddHHmmss[SSS] as sent. */
  datumStatusGezet: string;
}

export interface ZakLk01 {
  zender: StufSysteem;
  ontvanger: StufSysteem;
  referentienummer: string;
  tijdstipBericht: string;
  mutatiesoort: string;
  zaak: {
    identificatie: string;
    omschrijving?: string;
    toelichting?: string;
    resultaat?: string;
    startdatum: string;
    einddatum?: string;
    einddatumGepland?: string;
    /** extraElement naam="verwijzing": link to the case page at the municipality. */
    verwijzing?: string;
    /** BSNs of natural-person initiators, as written (leading zeros kept). */
    initiatorBsns: string[];
    status?: ZaakStatus;
  };
}

const txt = (e: XmlElement | undefined): string | undefined => {
  if (!e || e.attr('nil', XSI_NS) === 'true') return undefined;
  const v = e.text().trim();
  return v === '' ? undefined : v;
};

function systeem(e: XmlElement | undefined): StufSysteem {
  const s: StufSysteem = { organisatie: txt(e?.child('organisatie', STUF_NS)) ?? '', applicatie: txt(e?.child('applicatie', STUF_NS)) ?? '' };
  const adm = txt(e?.child('administratie', STUF_NS));
  if (adm !== undefined) s.administratie = adm;
  return s;
}

function set<T extends object, K extends keyof T>(o: T, k: K, v: T[K] | undefined): void {
  if (v !== undefined) o[k] = v;
}

/** Parses and schema-validates a zakLk01. Schema errors come back as LZ_XSD_INVALID issues with line numbers. */
export function readZakLk01(xml: string | Uint8Array | XmlElement): { bericht?: ZakLk01; issues: Issue[] } {
  let root: XmlElement;
  if (typeof xml === 'string' || xml instanceof Uint8Array) {
    try {
      root = parseXml(xml, { maxBytes: 2 * 1024 * 1024, label: 'zakLk01' }).root;
    } catch (e) {
      if (isXmlError(e)) return { issues: [issue('LZ_XML_INVALID', e.message)] };
      throw e;
    }
  } else root = xml;
  if (root.name !== 'zakLk01' || root.ns !== ZKN_NS) {
    return { issues: [issue('LZ_NOT_ZAKLK01', `expected {${ZKN_NS}}zakLk01, got {${root.ns}}${root.name}`, root.path())] };
  }
  const result = getSchema(ZAKLK01_XSD).validate(root);
  if (!result.valid) {
    return { issues: result.errors.map((e) => issue('LZ_XSD_INVALID', `line ${e.line}: ${e.message}`, e.path)) };
  }
  const sg = root.child('stuurgegevens', ZKN_NS)!;
  const obj = root.children('object', ZKN_NS)[0];
  const zaak: ZakLk01['zaak'] = {
    identificatie: txt(obj.child('identificatie', ZKN_NS)) ?? '',
    startdatum: txt(obj.child('startdatum', ZKN_NS)) ?? '',
    initiatorBsns: obj.children('heeftAlsInitiator', ZKN_NS)
      .map((i) => i.child('gerelateerde', ZKN_NS)?.child('natuurlijkPersoon', ZKN_NS)?.child('inp.bsn', BG_NS)?.text().trim())
      .filter((b): b is string => b !== undefined),
  };
  set(zaak, 'omschrijving', txt(obj.child('omschrijving', ZKN_NS)));
  set(zaak, 'toelichting', txt(obj.child('toelichting', ZKN_NS)));
  set(zaak, 'resultaat', txt(obj.child('resultaat', ZKN_NS)?.child('omschrijving', ZKN_NS)));
  set(zaak, 'einddatum', txt(obj.child('einddatum', ZKN_NS)));
  set(zaak, 'einddatumGepland', txt(obj.child('einddatumGepland', ZKN_NS)));
  const link = obj.child('extraElementen', STUF_NS)?.children('extraElement', STUF_NS).find((x) => x.attr('naam') === 'verwijzing');
  set(zaak, 'verwijzing', txt(link));
  const heeft = obj.children('heeft', ZKN_NS);
  const last = heeft[heeft.length - 1];
  if (last) {
    const g = last.child('gerelateerde', ZKN_NS);
    const status: ZaakStatus = { omschrijving: txt(g?.child('omschrijving', ZKN_NS)) ?? '', datumStatusGezet: txt(last.child('datumStatusGezet', ZKN_NS)) ?? '' };
    set(status, 'volgnummer', txt(g?.child('volgnummer', ZKN_NS)));
    set(status, 'code', txt(g?.child('code', ZKN_NS)));
    set(status, 'zaaktypeCode', txt(g?.child('zkt.code', ZKN_NS)));
    set(status, 'zaaktypeOmschrijving', txt(g?.child('zkt.omschrijving', ZKN_NS)));
    set(status, 'ingangsdatum', txt(g?.child('ingangsdatumObject', ZKN_NS)));
    zaak.status = status;
  }
  return {
    issues: [],
    bericht: {
      zender: systeem(sg.child('zender', STUF_NS)),
      ontvanger: systeem(sg.child('ontvanger', STUF_NS)),
      referentienummer: txt(sg.child('referentienummer', STUF_NS)) ?? '',
      tijdstipBericht: txt(sg.child('tijdstipBericht', STUF_NS)) ?? '',
      mutatiesoort: txt(root.child('parameters', ZKN_NS)?.child('mutatiesoort', STUF_NS)) ?? '',
      zaak,
    },
  };
}
