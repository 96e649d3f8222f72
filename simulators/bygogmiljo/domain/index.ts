/** Pure core of the simulated Byg og Miljø system interface (no sockets, no files). */
export { BOM_FAULT_CODES, BomFault, isBomFault, type BomFaultCode } from './errors.ts';
export { isValidCvr, requireCvr } from './cvr.ts';
export { parseSubject, subjectKey } from './subject.ts';
export { DEFAULT_KONFIGURATION, AFGOERELSE_KODER, type BasisKonfiguration, type KodeVaerdi, type SagTypeVaerdi, type FristNotifikationProfil } from './konfiguration.ts';
export { BomRegistry, agreementCovers, type Authority, type CertificateRegistration, type ServiceAgreement, type AgreementInput } from './registry.ts';
export { authorise, covers, requireCovers, type Access, type Caller } from './access.ts';
export { BomState, DEFAULT_BOM_SETTINGS, TOKEN_COOKIE_NAMES, current, type BomSettings, type BomDeps, type ApplicationInput, type BesvarelseInput, type TokenPart } from './state.ts';
export type * from './model.ts';
export { TEST_AUTHORITIES, TEST_INTEGRATOR, seedState, seedIds, newCitizenApplication } from './seed.ts';
export { tinyPdf } from './pdf.ts';
