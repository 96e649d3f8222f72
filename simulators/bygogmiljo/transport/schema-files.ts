import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const XSD_FILE = fileURLToPath(new URL('../../../schemas/bygogmiljo/bygogmiljoe.xsd', import.meta.url));
let cached: string | undefined;
/** The service schema as served at /xsd/bygogmiljoe.xsd. */
export const xsdText = (): string => (cached ??= readFileSync(XSD_FILE, 'utf8'));
