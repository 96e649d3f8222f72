/**
 * Requested data items (XMeld `anforderungselement`). The official code list is not
 * public; this table is govsim's model (documented in docs/platforms/mrds.md). Codes
 * marked `sicherheitsbehoerde` are only delivered to security authorities (§ 34 Abs. 4 BMG).
 */

export interface Datenelement {
  code: number;
  name: string;
  /** Element name in the modelled answer. */
  element: string;
  sicherheitsbehoerde: boolean;
}

export const DATENELEMENTE: readonly Datenelement[] = [
  { code: 1, name: 'Familienname', element: 'familienname', sicherheitsbehoerde: false },
  { code: 2, name: 'Frühere Namen', element: 'fruehereNamen', sicherheitsbehoerde: false },
  { code: 3, name: 'Vornamen', element: 'vornamen', sicherheitsbehoerde: false },
  { code: 4, name: 'Doktorgrad', element: 'doktorgrad', sicherheitsbehoerde: false },
  { code: 5, name: 'Geburtsdatum', element: 'geburtsdatum', sicherheitsbehoerde: false },
  { code: 6, name: 'Geburtsort', element: 'geburtsort', sicherheitsbehoerde: false },
  { code: 7, name: 'Geschlecht', element: 'geschlecht', sicherheitsbehoerde: false },
  { code: 8, name: 'Staatsangehörigkeiten', element: 'staatsangehoerigkeiten', sicherheitsbehoerde: false },
  { code: 9, name: 'Derzeitige Anschrift', element: 'anschrift', sicherheitsbehoerde: false },
  { code: 10, name: 'Einzugsdatum', element: 'einzugsdatum', sicherheitsbehoerde: false },
  { code: 29, name: 'Sterbedatum und Sterbeort', element: 'sterbedaten', sicherheitsbehoerde: false },
  { code: 33, name: 'Wegzugsdatum und neue Anschrift', element: 'wegzug', sicherheitsbehoerde: false },
  { code: 34, name: 'Frühere Anschriften', element: 'fruehereAnschriften', sicherheitsbehoerde: true },
  { code: 35, name: 'Familienstand', element: 'familienstand', sicherheitsbehoerde: true },
  { code: 37, name: 'Ausweisdaten', element: 'ausweis', sicherheitsbehoerde: true },
];

/** Items delivered when a query requests none (modelled default). */
export const DEFAULT_ANFORDERUNG = [1, 3, 5, 9];

export function datenelement(code: number): Datenelement | undefined {
  return DATENELEMENTE.find((d) => d.code === code);
}
