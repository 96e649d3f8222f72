/**
 * The one place @peculiar/x509 is loaded. Its dependency injection container (tsyringe)
 * needs the Reflect metadata polyfill before the library's module body runs.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(globalThis.crypto);

export { x509 };
