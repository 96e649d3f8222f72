export * from './record.ts';
export * from './recorder.ts';
export * from './read.ts';
export * from './redact.ts';
