/**
 * AGS (Amtlicher Gemeindeschlüssel, official municipality key): 8 digits = Land (2),
 * Regierungsbezirk (1), Kreis (2), Gemeinde (3). Lower Saxony is Land 03.
 * The municipalities below are real Lower Saxony municipalities with their AGS and a
 * main postcode; everything govsim attaches to them (people, authorities) is fictitious.
 */

export const AGS_PATTERN = /^\d{8}$/;
export const NIEDERSACHSEN = '03';

export interface Gemeinde {
  ags: string;
  name: string;
  plz: string;
  /** Street names used by the fictitious population. */
  strassen: readonly string[];
}

export const GEMEINDEN: readonly Gemeinde[] = [
  { ags: '03241001', name: 'Hannover', plz: '30159', strassen: ['Georgstraße', 'Lister Meile', 'Podbielskistraße', 'Limmerstraße', 'Hildesheimer Straße'] },
  { ags: '03101000', name: 'Braunschweig', plz: '38100', strassen: ['Bohlweg', 'Wilhelmstraße', 'Jasperallee', 'Hamburger Straße'] },
  { ags: '03403000', name: 'Oldenburg (Oldb)', plz: '26121', strassen: ['Donnerschweer Straße', 'Ofener Straße', 'Alexanderstraße'] },
  { ags: '03404000', name: 'Osnabrück', plz: '49074', strassen: ['Große Straße', 'Lotter Straße', 'Iburger Straße'] },
  { ags: '03159016', name: 'Göttingen', plz: '37073', strassen: ['Weender Straße', 'Groner Landstraße', 'Herzberger Landstraße'] },
  { ags: '03355022', name: 'Lüneburg', plz: '21335', strassen: ['Bardowicker Straße', 'Uelzener Straße', 'Am Sande'] },
  { ags: '03351006', name: 'Celle', plz: '29221', strassen: ['Zöllnerstraße', 'Hannoversche Straße', 'Bahnhofstraße'] },
  { ags: '03254021', name: 'Hildesheim', plz: '31134', strassen: ['Almsstraße', 'Goslarsche Straße', 'Steuerwalder Straße'] },
  { ags: '03103000', name: 'Wolfsburg', plz: '38440', strassen: ['Porschestraße', 'Heinrich-Nordhoff-Straße', 'Kleiststraße'] },
  { ags: '03402000', name: 'Emden', plz: '26721', strassen: ['Neutorstraße', 'Auricher Straße', 'Große Straße'] },
];

export function isAgs(value: unknown): value is string {
  return typeof value === 'string' && AGS_PATTERN.test(value);
}

export function isNiedersachsen(ags: string): boolean {
  return isAgs(ags) && ags.startsWith(NIEDERSACHSEN);
}

export function gemeinde(ags: string): Gemeinde | undefined {
  return GEMEINDEN.find((g) => g.ags === ags);
}
