/**
 * What the vendor declares about the system under test (`govsim report --sut <file>`):
 * organisation, contact, product, identifiers, items not applicable to it and known
 * deviations. Schema `schemas/report/sut-declaration-v1.schema.json`. It is copied into
 * the bundle (as `sut.json`) and shown as declared, never as measured.
 */
export interface SutDeclaration {
  declarationVersion: 1;
  organisation?: string;
  product?: { name: string; version?: string };
  contact?: { name: string; email?: string; phone?: string };
  identifiers?: { oin?: string; hrn?: string; cvr?: string; customer?: string; clientIds?: string[] };
  /** Checklist ids (optionally `platform/ID`) that do not apply to this product, with the reason. */
  notApplicable?: Record<string, string>;
  deviations?: Array<{ items?: string[]; text: string }>;
}
