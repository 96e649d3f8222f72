export * from './errors.ts';
export * from './content-type.ts';
export * from './parser.ts';
export * from './writer.ts';
