import { check, checkEqual } from '../support/check.ts';
import { Then, When } from '@cucumber/cucumber';
import type { GovsimWorld } from '../support/world.ts';
import { clientFiles } from './certificates.steps.ts';
import { exchangeOn, responseJson } from './evidence-queries.ts';
import { XML_DOCUMENTS } from './xml-documents.ts';

When('the client posts the {string} XML document', async function (this: GovsimWorld, name: string) {
  const body = XML_DOCUMENTS[name];
  check(body, `no XML document named ${name}`);
  const sim = await this.simulator('kernel');
  const { certFile, keyFile, caFile } = clientFiles(this);
  await this.sutPerforms('kernel', 'post-xml', { url: `${sim.urls().https}/xml`, certFile, keyFile, caFile, body },
    'POST the XML document in "body" to the XML endpoint with the client certificate.');
});

const xmlAnswer = (world: GovsimWorld) => world.waitForEvidence('the answer to the XML document', exchangeOn('POST', '/xml'));

Then('the kernel accepts the document with organisation {string}', async function (this: GovsimWorld, oin: string) {
  const r = await xmlAnswer(this);
  checkEqual(r.response?.status, 200, `the kernel answered ${r.response?.status}: ${r.response?.body}`);
  checkEqual(responseJson(r)?.organisation, oin, 'organisation read from the document');
});

Then('the kernel refuses the document with code {string}', async function (this: GovsimWorld, code: string) {
  const r = await xmlAnswer(this);
  checkEqual(r.response?.status, 400, `the kernel answered ${r.response?.status}: ${r.response?.body}`);
  checkEqual(responseJson(r)?.code, code, 'problem code');
});

Then('no file content leaked into the answer', async function (this: GovsimWorld) {
  const r = await xmlAnswer(this);
  check(!/root:.*:0:0:/.test(r.response?.body ?? ''), 'the answer contains /etc/passwd content');
});

Then('the schema error names line {int}', async function (this: GovsimWorld, line: number) {
  const r = await xmlAnswer(this);
  const errors = responseJson(r)?.errors as Array<{ line?: number; message: string }> | undefined;
  check(errors?.length, 'the answer lists no schema errors');
  checkEqual(errors[0].line, line, `first schema error: line ${errors[0].line}: ${errors[0].message}`);
});
