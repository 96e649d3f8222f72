/**
 * AfzenderIDs handed out by Logius per connected organisation (MODELLED: where the id travels is
 * not public; govsim expects it in StUF zender/applicatie). Plain data, configurable per run.
 */
export class AfzenderRegister {
  private byOin = new Map<string, Set<string>>();

  register(oin: string, afzenderId: string): void {
    let s = this.byOin.get(oin);
    if (!s) this.byOin.set(oin, (s = new Set()));
    s.add(afzenderId);
  }

  isKnown(oin: string, afzenderId: string): boolean {
    return this.byOin.get(oin)?.has(afzenderId) ?? false;
  }

  snapshot(): { oin: string; afzenderIds: string[] }[] {
    return [...this.byOin].map(([oin, ids]) => ({ oin, afzenderIds: [...ids] }));
  }

  static restore(entries: { oin: string; afzenderIds: string[] }[]): AfzenderRegister {
    const r = new AfzenderRegister();
    for (const e of entries) for (const id of e.afzenderIds) r.register(e.oin, id);
    return r;
  }
}
