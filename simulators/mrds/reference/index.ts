/**
 * Reference client of the MRDS suite: the scripted browser order (order side) and the
 * reference Fachverfahren (installation and XMeld queries). Variants are broken clients
 * with exactly one defect each, used by the negative controls.
 */
import type { ReferenceClient } from '../../kernel/sut/drivers.ts';
import { install, query, type InstallParams } from './fachverfahren.ts';
import { orderInBrowser, type OrderParams } from './order-browser.ts';
import type { Suchauftrag } from './xmeld-request.ts';

export const MRDS_VARIANTS = {
  'wrong-kundennummer': 'sends a Kundennummer other than the one AG MiN mailed',
  'plain-xml': 'puts the XMeld request as plain XML into xmlParameter where base64 is expected',
  'missing-nachrichtenkopf-fields': 'omits nachrichtenUUID and erstellungszeitpunkt from nachrichtenkopf.g2g',
  'missing-aktenzeichen': 'omits the aktenzeichen from datenAbrufendeStelle',
  'unescaped-free-text': 'pastes aktenzeichen and anlassDesAbrufs into the XMeld without XML escaping',
  'skip-consent': 'never ticks the legal-conformity/IT-security checkbox of the order form',
} as const;

export const mrdsReferenceClient: ReferenceClient = {
  variants: { ...MRDS_VARIANTS },
  actions: {
    'order-applikationskopplung': async (params, variant) => orderInBrowser(params as unknown as OrderParams, { skipConsent: variant === 'skip-consent' }),
    'install-applikationskopplung': async (params) => install(params as unknown as InstallParams),
    'query-melderegister': (params, variant) => query(params as unknown as { configDir: string; suche: Suchauftrag }, variant),
  },
};
