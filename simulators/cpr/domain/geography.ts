/**
 * Code lists for translation to clear text: the real Danish kommunekoder (DAWA
 * kommunekodeliste), real postnumre with their post districts, and streets per kommune.
 * Street names are real streets of those towns, but the vejkoder are govsim's own
 * plausible 4-digit codes (fictitious), not DAR's.
 */

export const KOMMUNER: Readonly<Record<string, string>> = {
  '0101': 'København', '0147': 'Frederiksberg', '0151': 'Ballerup', '0153': 'Brøndby', '0155': 'Dragør',
  '0157': 'Gentofte', '0159': 'Gladsaxe', '0161': 'Glostrup', '0163': 'Herlev', '0165': 'Albertslund',
  '0167': 'Hvidovre', '0169': 'Høje-Taastrup', '0173': 'Lyngby-Taarbæk', '0175': 'Rødovre', '0183': 'Ishøj',
  '0185': 'Tårnby', '0187': 'Vallensbæk', '0190': 'Furesø', '0201': 'Allerød', '0210': 'Fredensborg',
  '0217': 'Helsingør', '0219': 'Hillerød', '0223': 'Hørsholm', '0230': 'Rudersdal', '0240': 'Egedal',
  '0250': 'Frederikssund', '0253': 'Greve', '0259': 'Køge', '0260': 'Halsnæs', '0265': 'Roskilde',
  '0269': 'Solrød', '0270': 'Gribskov', '0306': 'Odsherred', '0316': 'Holbæk', '0320': 'Faxe',
  '0326': 'Kalundborg', '0329': 'Ringsted', '0330': 'Slagelse', '0336': 'Stevns', '0340': 'Sorø',
  '0350': 'Lejre', '0360': 'Lolland', '0370': 'Næstved', '0376': 'Guldborgsund', '0390': 'Vordingborg',
  '0400': 'Bornholm', '0410': 'Middelfart', '0411': 'Christiansø', '0420': 'Assens', '0430': 'Faaborg-Midtfyn',
  '0440': 'Kerteminde', '0450': 'Nyborg', '0461': 'Odense', '0479': 'Svendborg', '0480': 'Nordfyns',
  '0482': 'Langeland', '0492': 'Ærø', '0510': 'Haderslev', '0530': 'Billund', '0540': 'Sønderborg',
  '0550': 'Tønder', '0561': 'Esbjerg', '0563': 'Fanø', '0573': 'Varde', '0575': 'Vejen',
  '0580': 'Aabenraa', '0607': 'Fredericia', '0615': 'Horsens', '0621': 'Kolding', '0630': 'Vejle',
  '0657': 'Herning', '0661': 'Holstebro', '0665': 'Lemvig', '0671': 'Struer', '0706': 'Syddjurs',
  '0707': 'Norddjurs', '0710': 'Favrskov', '0727': 'Odder', '0730': 'Randers', '0740': 'Silkeborg',
  '0741': 'Samsø', '0746': 'Skanderborg', '0751': 'Aarhus', '0756': 'Ikast-Brande', '0760': 'Ringkøbing-Skjern',
  '0766': 'Hedensted', '0773': 'Morsø', '0779': 'Skive', '0787': 'Thisted', '0791': 'Viborg',
  '0810': 'Brønderslev', '0813': 'Frederikshavn', '0820': 'Vesthimmerlands', '0825': 'Læsø', '0840': 'Rebild',
  '0846': 'Mariagerfjord', '0849': 'Jammerbugt', '0851': 'Aalborg', '0860': 'Hjørring',
};

export const POSTNUMRE: Readonly<Record<string, string>> = {
  '1550': 'København V', '1620': 'København V', '2100': 'København Ø', '2200': 'København N', '2300': 'København S',
  '1820': 'Frederiksberg C', '2000': 'Frederiksberg',
  '5000': 'Odense C', '5200': 'Odense V',
  '8000': 'Aarhus C', '8200': 'Aarhus N',
  '9000': 'Aalborg',
};

export interface Vej {
  kommunekode: string;
  vejkode: string;
  navn: string;
  /** Postnumre the street lies in. */
  postnumre: readonly string[];
}

/** Streets per kommune (real names, fictitious vejkoder). */
export const VEJE: readonly Vej[] = [
  { kommunekode: '0101', vejkode: '5901', navn: 'Rådhuspladsen', postnumre: ['1550'] },
  { kommunekode: '0101', vejkode: '8154', navn: 'Vesterbrogade', postnumre: ['1620'] },
  { kommunekode: '0101', vejkode: '5032', navn: 'Nørrebrogade', postnumre: ['2200'] },
  { kommunekode: '0101', vejkode: '0112', navn: 'Amagerbrogade', postnumre: ['2300'] },
  { kommunekode: '0101', vejkode: '6016', navn: 'Østerbrogade', postnumre: ['2100'] },
  { kommunekode: '0147', vejkode: '0228', navn: 'Frederiksberg Allé', postnumre: ['1820'] },
  { kommunekode: '0147', vejkode: '0736', navn: 'Smallegade', postnumre: ['2000'] },
  { kommunekode: '0461', vejkode: '2210', navn: 'Flakhaven', postnumre: ['5000'] },
  { kommunekode: '0461', vejkode: '7580', navn: 'Vestergade', postnumre: ['5000'] },
  { kommunekode: '0461', vejkode: '4622', navn: 'Middelfartvej', postnumre: ['5200'] },
  { kommunekode: '0751', vejkode: '6120', navn: 'Rådhuspladsen', postnumre: ['8000'] },
  { kommunekode: '0751', vejkode: '6644', navn: 'Søndergade', postnumre: ['8000'] },
  { kommunekode: '0751', vejkode: '6089', navn: 'Randersvej', postnumre: ['8200'] },
  { kommunekode: '0851', vejkode: '0830', navn: 'Boulevarden', postnumre: ['9000'] },
  { kommunekode: '0851', vejkode: '3012', navn: 'Hobrovej', postnumre: ['9000'] },
];

export function kommuneNavn(kode: string): string | undefined {
  return KOMMUNER[kode];
}

export function findVej(kommunekode: string, vejkode: string): Vej | undefined {
  return VEJE.find((v) => v.kommunekode === kommunekode && v.vejkode === vejkode);
}

export function postdistrikt(postnr: string): string | undefined {
  return POSTNUMRE[postnr];
}

export function etageText(etage: string): string {
  if (etage === '') return '';
  if (etage === 'st') return 'stuen';
  if (etage === 'kl') return 'kælder';
  return `${Number(etage)}. sal`;
}

export function sidedoerText(s: string): string {
  return s === 'th' ? 'til højre' : s === 'tv' ? 'til venstre' : s === 'mf' ? 'midt for' : s === '' ? '' : `dør ${s}`;
}

export interface Adresse {
  kommunekode: string;
  vejkode: string;
  husnr: string;
  etage: string;
  sidedoer: string;
  postnr: string;
}

/** "Søndergade 12, 2. th, 8000 Aarhus C" (the standard address line). */
export function adresseLinje(a: Adresse): string {
  const vej = findVej(a.kommunekode, a.vejkode)?.navn ?? `vejkode ${a.vejkode}`;
  const etage = a.etage === '' ? '' : /^\d+$/.test(a.etage) ? `${Number(a.etage)}.` : a.etage;
  const floor = [etage, a.sidedoer].filter(Boolean).join(' ');
  return `${vej} ${a.husnr}${floor ? `, ${floor}` : ''}, ${a.postnr} ${postdistrikt(a.postnr) ?? ''}`.trim();
}
