/** The caseworker's form submission on the kommune desk, as the browser sends it. */
import { check } from '../support/check.ts';

export async function deskDecision(deskUrl: string, kode: string, kvit: string, verb: 'godkend' | 'afvis', form: Record<string, string>): Promise<void> {
  const res = await fetch(`${deskUrl}/kommune/${encodeURIComponent(kode)}/${encodeURIComponent(kvit)}/${verb}`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const body = await res.text();
  check(res.status === 303, `the kommune desk did not accept the decision (HTTP ${res.status}): ${body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300)}`);
}
