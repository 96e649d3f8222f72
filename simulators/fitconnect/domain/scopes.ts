/**
 * OAuth scopes of the Submission API (security scheme `OAuth2`, client_credentials):
 * `send:region:DE<ars-prefix>[+send:service:<service-urn>]` for Senders,
 * `subscribe:destination:<id>` and `manage:destination:<id>` for Subscribers,
 * `create:destination`.
 */
import type { ClientType } from './clients.ts';

const SEND_RE = /^send:region:(DE\d{0,12})(?:\+send:service:(urn:[a-z0-9][a-z0-9-]{0,31}:[a-z0-9()+,.:=@;$_!*'%/?#-]+))?$/;
const DEST_RE = /^(subscribe|manage):destination:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export type ScopeRequirement =
  /** Send to a destination whose service (identifier) is offered in `regions` (ARS with `DE` prefix). */
  | { kind: 'send'; regions: readonly string[]; serviceIdentifier: string }
  | { kind: 'subscribe'; destinationId: string }
  | { kind: 'manage'; destinationId: string }
  | { kind: 'create-destination' };

export type ParsedScope =
  | { kind: 'send'; region: string; service?: string }
  | { kind: 'subscribe' | 'manage'; destinationId: string }
  | { kind: 'create-destination' };

export function parseScope(scope: string): ParsedScope | undefined {
  const s = SEND_RE.exec(scope);
  if (s) return s[2] ? { kind: 'send', region: s[1], service: s[2] } : { kind: 'send', region: s[1] };
  const d = DEST_RE.exec(scope);
  if (d) return { kind: d[1] as 'subscribe' | 'manage', destinationId: d[2].toLowerCase() };
  if (scope === 'create:destination') return { kind: 'create-destination' };
  return undefined;
}

/** Which scopes a client type may hold: Senders send, Subscribers receive and manage. */
export function scopeAllowedFor(type: ClientType, scope: string): boolean {
  const p = parseScope(scope);
  if (!p) return false;
  return type === 'sender' ? p.kind === 'send' : p.kind !== 'send';
}

/** Region scopes grant an area; a destination region matches when the two areas overlap. */
function regionsOverlap(granted: string, region: string): boolean {
  return region.startsWith(granted) || granted.startsWith(region);
}

export function scopeSatisfies(granted: readonly string[], req: ScopeRequirement): boolean {
  return granted.some((g) => {
    const p = parseScope(g);
    if (!p) return false;
    switch (req.kind) {
      case 'send':
        return p.kind === 'send'
          && (p.service === undefined || p.service === req.serviceIdentifier)
          && req.regions.some((r) => regionsOverlap(p.region, r));
      case 'subscribe':
      case 'manage':
        return p.kind === req.kind && p.destinationId === req.destinationId.toLowerCase();
      case 'create-destination':
        return p.kind === 'create-destination';
    }
  });
}

export function describeRequirement(req: ScopeRequirement): string {
  switch (req.kind) {
    case 'send': return `send:region:<one of ${req.regions.join(', ')}> (service ${req.serviceIdentifier})`;
    case 'subscribe': return `subscribe:destination:${req.destinationId}`;
    case 'manage': return `manage:destination:${req.destinationId}`;
    case 'create-destination': return 'create:destination';
  }
}
