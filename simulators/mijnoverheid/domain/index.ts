/** MijnOverheid Lopende Zaken / Digikoppeling ebMS2 domain core: pure rules, builders, parsers and state. */
export * from './issue.ts';
export * from './oin.ts';
export * from './bsn.ts';
export * from './test-persons.ts';
export * from './profielservice.ts';
export * from './duration.ts';
export * from './profiles.ts';
export * from './certificate.ts';
export * from './consumer-spec-model.ts';
export * from './consumer-spec.ts';
export * from './cpa-model.ts';
export * from './cpa-build.ts';
export * from './cpa-render.ts';
export * from './cpa-parse.ts';
export * from './reliable-outbox.ts';
export * as mime from './mime/index.ts';
export * as ebms from './ebms/index.ts';
export * as lopendeZaken from './lopendezaken/index.ts';
