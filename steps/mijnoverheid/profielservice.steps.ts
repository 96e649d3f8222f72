/** Profielservice: the SUT checks whether a citizen can receive zaakberichten before sending. */
import { Then, When } from '@cucumber/cucumber';
import type { GovsimWorld } from '../support/world.ts';
import { check, checkEqual } from '../support/check.ts';
import { mijnOverheid, adapterRef } from './evidence.ts';

When('the system under test asks the Profielservice whether citizen {string} can receive zaakberichten', async function (this: GovsimWorld, bsn: string) {
  const sim = await mijnOverheid(this);
  const sut = this.values.get('sut') as Record<string, string>;
  await this.sutPerforms('mijnoverheid', 'check-profiel', { ...adapterRef(sut), profielserviceUrl: sim.urls().profielservice, bsn },
    `Ask the Profielservice (SOAP, mTLS) whether citizen ${bsn} has an active MijnOverheid account; report the answer as JSON (heeftAccount, zaakPostbusActief).`);
});

Then('the Profielservice was asked about citizen {string} with the certificate of the system under test', async function (this: GovsimWorld, bsn: string) {
  const r = await this.waitForEvidence('a Profielservice request', (x) => x.kind === 'exchange' && x.direction === 'inbound' && x.request?.url?.includes('/profielservice') === true);
  const d = (r.data as { profielservice?: { bsn?: string; fault?: string; certificateOin?: string } }).profielservice;
  check(r.response?.status === 200, `the Profielservice refused the request: ${d?.fault ?? `HTTP ${r.response?.status}`}`);
  checkEqual(d?.bsn, bsn, 'BSN asked about');
  const sut = this.values.get('sut') as Record<string, string>;
  checkEqual(d?.certificateOin, sut.partyId.slice(0, 20), 'OIN of the certificate the Profielservice was asked with');
});

Then('the system under test learns that citizen {string} has no active MijnOverheid account', async function (this: GovsimWorld, bsn: string) {
  const out = this.lastOutcome?.output as { heeftAccount?: boolean; zaakPostbusActief?: boolean } | undefined;
  check(out, `the system under test reported no Profielservice answer for ${bsn}`);
  checkEqual(out.heeftAccount, false, `heeftAccount the system under test reports for ${bsn}`);
});
