#!/usr/bin/env node
// Entry of the detached reference adapter (trigger mode): registers the TypeScript loader, then runs daemon.ts.
import { register } from 'tsx/esm/api';

register();
await import('./daemon.ts');
