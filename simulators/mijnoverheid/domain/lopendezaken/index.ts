export * from './zaklk01.ts';
export * from './foutbericht.ts';
export * from './zaak-store.ts';
export * from './afzenders.ts';
export * from './process.ts';
export * from './mo-bericht.ts';
