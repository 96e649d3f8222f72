/** Pure core of the CPR self-service simulator: protocol records, rules, register, venteregister. */
export * from './records.ts';
export * from './errors.ts';
export * from './pnr.ts';
export * from './dates.ts';
export * from './kendeord.ts';
export * from './geography.ts';
export * from './register.ts';
export * from './events.ts';
export * from './state.ts';
export * from './protocol.ts';
export * from './desk-sessions.ts';
