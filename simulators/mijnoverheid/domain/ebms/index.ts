export * from './model.ts';
export * from './parse.ts';
export * from './validate.ts';
export * from './build.ts';
export * from './duplicates.ts';
export * from './security.ts';
