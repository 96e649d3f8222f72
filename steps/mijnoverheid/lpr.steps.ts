/** LPR rehearsal (MODELLED): project members as added test persons, zaken must reach exactly them. */
import { Given, Then } from '@cucumber/cucumber';
import type { GovsimWorld } from '../support/world.ts';
import { check, checkEqual } from '../support/check.ts';
import { mijnOverheid } from './evidence.ts';

function members(world: GovsimWorld): Map<string, string> {
  let m = world.values.get('lprMembers') as Map<string, string> | undefined;
  if (!m) world.values.set('lprMembers', (m = new Map()));
  return m;
}

Given('project member {string} with BSN {string} takes part in the limited production run', async function (this: GovsimWorld, naam: string, bsn: string) {
  const sim = await mijnOverheid(this);
  const issues = sim.mijnoverheid.addPerson({ bsn, naam, situatie: 'projectlid beperkte productieproef (fictief)', digid: { username: `lpr${bsn}`, password: `Lpr-${bsn.slice(-4)}!` } });
  check(issues.length === 0, `project member ${bsn} cannot be added: ${issues.map((i) => `${i.code} ${i.message}`).join('; ')}`);
  const reg = sim.mijnoverheid.registerAccount(bsn);
  check(reg.length === 0, `project member ${bsn} cannot log in: ${reg.map((i) => i.code).join(', ')}`);
  members(this).set(bsn, naam);
});

Then('every project member has exactly their own zaak in MijnOverheid', async function (this: GovsimWorld) {
  const sim = await mijnOverheid(this);
  const sent = this.values.get('zaken') as Map<string, { identificatie: string; bsn: string }> | undefined;
  check(sent?.size, 'no zaak was sent in this scenario');
  for (const bsn of members(this).keys()) {
    const want = [...sent.values()].filter((z) => z.bsn === bsn).map((z) => z.identificatie).sort();
    const got = sim.mijnoverheid.state.zaken.forBsn(bsn).map((z) => z.identificatie).sort();
    checkEqual(got.join(', '), want.join(', '), `zaken MijnOverheid shows to project member ${bsn}`);
  }
});

Then('no citizen outside the limited production run received a zaakbericht', async function (this: GovsimWorld) {
  const sim = await mijnOverheid(this);
  const outside = sim.mijnoverheid.state.zaken.list().filter((z) => !members(this).has(z.bsn));
  check(outside.length === 0, `zaken reached citizens outside the LPR: ${outside.map((z) => `${z.identificatie} → ${z.bsn}`).join(', ')}`);
});
