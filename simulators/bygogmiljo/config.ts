/** Settings of the simulated Byg og Miljø (defaults documented in docs/platforms/bygogmiljo.md). */
import { DEFAULT_BOM_SETTINGS, type BomSettings } from './domain/index.ts';

export interface BygOgMiljoSettings extends BomSettings {
  /** Seed the fictitious authorities and applications at start. */
  seed: boolean;
  /** Host names/IPs on the HTTPS server certificate; empty = the test PKI's default server certificate (localhost, 127.0.0.1, ::1). */
  hosts: string[];
}

export const DEFAULT_SETTINGS: BygOgMiljoSettings = {
  ...DEFAULT_BOM_SETTINGS,
  seed: true,
  hosts: [],
};

/** Fixed ports for `govsim up` (tests use ephemeral ports). */
export const FIXED_PORTS = { https: 8475, portal: 8075 } as const;
