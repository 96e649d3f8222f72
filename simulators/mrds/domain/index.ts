/** Pure core of the MRDS simulator: Mandanten, order rules, population, search, XMeld. */
export * from './errors.ts';
export * from './ags.ts';
export * from './phonetic.ts';
export * from './person.ts';
export * from './population.ts';
export * from './search.ts';
export * from './anforderungen.ts';
export * from './mandanten.ts';
export * from './order.ts';
export * from './xmeld.ts';
export * from './answer.ts';
