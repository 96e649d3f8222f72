import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diag, ParseOption, XmlDocument } from 'libxml2-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize, compileSchema, parseXml } from './index.ts';

// libxml2-wasm's heap is a WebAssembly.Memory, reported in process.memoryUsage().external.
// It only grows, so a leak shows as growth while a well-behaved loop reuses freed blocks.
const external = () => process.memoryUsage().external;
const MiB = 1024 * 1024;

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const sample = fs.readFileSync(path.join(FIX, 'order-valid.xml'));

describe('libxml2 memory stays bounded', () => {
  beforeAll(() => diag.configure({ enabled: true }));
  afterAll(() => diag.configure({ enabled: false }));

  it('10,000 parses, validations and canonicalizations free every libxml2 document', () => {
    const schema = compileSchema({ mainFile: path.join(FIX, 'order.xsd') });
    try {
      for (let i = 0; i < 500; i++) parseXml(sample); // warm-up: let the heap reach its working size
      const before = external();
      for (let i = 0; i < 10_000; i++) {
        const doc = parseXml(sample);
        if (i % 10 === 0) {
          expect(schema.validate(doc).valid).toBe(true);
          canonicalize(doc.root);
        }
      }
      for (let i = 0; i < 1000; i++) { try { parseXml('<a><b></a>'); } catch { /* the error path must not leak either */ } }
      const growth = external() - before;
      expect(growth).toBeLessThan(2 * MiB);
      // Only the schema's own validator and document may still be alive.
      expect(diag.report()?.XmlDocument?.totalInstances ?? 0).toBeLessThanOrEqual(1);
      expect(Object.keys(diag.report() ?? {}).sort()).toEqual(['XmlDocument', 'XsdValidator']);
    } finally {
      schema.dispose();
    }
  });

  it('negative control: the same measurement sees documents that are not disposed', () => {
    const before = external();
    const kept: XmlDocument[] = [];
    try {
      for (let i = 0; i < 10_000; i++) kept.push(XmlDocument.fromBuffer(sample, { option: ParseOption.XML_PARSE_NONET }));
      expect(external() - before).toBeGreaterThan(2 * MiB);
      expect(diag.report()?.XmlDocument?.totalInstances).toBeGreaterThanOrEqual(10_000);
    } finally {
      for (const d of kept) d.dispose();
    }
  });
});
