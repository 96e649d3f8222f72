/** Writes schemas/cpr/sbs-v01.layout.json from the simulator's record layouts: `npx tsx simulators/cpr/generate-layout-document.ts`. */
import { writeFileSync } from 'node:fs';
import { LAYOUT_DOCUMENT_PATH, layoutDocumentText } from './domain/layout-document.ts';

writeFileSync(new URL(`../../${LAYOUT_DOCUMENT_PATH}`, import.meta.url), layoutDocumentText());
console.log(`wrote ${LAYOUT_DOCUMENT_PATH}`);
