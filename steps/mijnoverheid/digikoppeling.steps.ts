/** Digikoppeling profile checks (DK-*): what each ebMS2 profile requires of a message in either direction. */
import { Then } from '@cucumber/cucumber';
import type { GovsimWorld } from '../support/world.ts';
import { check, checkEqual } from '../support/check.ts';
import { inboundEbms, isEbms, isZaakbericht, refusal, type EbmsRecord } from './evidence.ts';
import { isEbmsProfile, profileTraits } from '../../simulators/mijnoverheid/domain/index.ts';

const SHA2_SIGNATURE = /xmldsig-more#(rsa|ecdsa)-sha(256|384|512)$/;

function traitsOf(profile: string) {
  check(isEbmsProfile(profile), `${profile} is not a Digikoppeling ebMS2 profile`);
  return profileTraits(profile);
}

Then('MijnOverheid accepted the message of the system under test as profile {string} requires', async function (this: GovsimWorld, profile: string) {
  const t = traitsOf(profile);
  const r = (await this.waitForEvidence('a zaakbericht from the system under test', (x) => inboundEbms(x) && isZaakbericht(x.data.ebms.action))) as EbmsRecord;
  const e = r.data.ebms;
  check(e.verdict === 'accepted', `the ${profile} message was ${refusal(r)}`);
  if (t.reliable) {
    checkEqual(e.reply?.action, 'Acknowledgment', `MijnOverheid's answer to the ${profile} message`);
  } else {
    check(e.reply === undefined, `a best-effort message (${profile}) asks for no Acknowledgment, but MijnOverheid answered with ${e.reply?.action}`);
  }
  if (t.signed) {
    check(e.signature?.present, `the ${profile} message carries no ds:Signature`);
    check(e.signature.ok, `the signature of the ${profile} message failed: ${e.signature.rules.join(', ')}`);
    check(SHA2_SIGNATURE.test(e.signature.signatureMethod ?? ''), `signature method ${e.signature.signatureMethod} is not SHA-256 or stronger`);
  }
});

Then('the system under test accepted MijnOverheid\'s message as profile {string} requires', async function (this: GovsimWorld, profile: string) {
  const t = traitsOf(profile);
  const id = this.values.get('foutberichtId') as string | undefined;
  check(id, 'MijnOverheid did not send a message to the system under test');
  const attempt = await this.waitForEvidence(`MijnOverheid's delivery of ${id}`, (x) => isEbms(x) && x.kind === 'note' && (x.data as EbmsRecord['data']).ebms.event === 'attempt' && (x.data as EbmsRecord['data']).ebms.messageId === id, 6000);
  const status = (attempt.data as EbmsRecord['data']).ebms.status;
  check(status !== undefined && status >= 200 && status < 300, `the system under test answered MijnOverheid's ${profile} message ${id} with ${status === undefined ? (attempt.data as EbmsRecord['data']).ebms.error : `HTTP ${status}`}`);
  if (t.reliable) {
    const ack = (await this.waitForEvidence(`an Acknowledgment of ${id} from the system under test`, (x) => inboundEbms(x) && x.data.ebms.signal?.refToMessageId === id && (x.data.ebms.action === 'Acknowledgment' || x.data.ebms.action === 'MessageError'), 6000)) as EbmsRecord;
    checkEqual(ack.data.ebms.action, 'Acknowledgment', `the answer of the system under test to ${id}`);
    check(ack.data.ebms.verdict === 'accepted', `the Acknowledgment of ${id} was ${refusal(ack)}`);
    check(ack.data.ebms.signal?.conversationMatches, `the Acknowledgment of ${id} has another ConversationId than the message`);
    const from = ack.verdicts?.find((v) => v.check === 'EBMS_ACK_FROM');
    check(from?.ok !== false, from?.message ?? '');
    if (t.signed) check(ack.data.ebms.signature?.ok, `the Acknowledgment of ${id} must be signed (ackSignatureRequested=always): ${(ack.data.ebms.signature?.rules ?? ['EBMS_SIGNATURE_MISSING']).join(', ')}`);
  } else {
    const error = (this.evidence(inboundEbms) as EbmsRecord[]).find((x) => x.data.ebms.action === 'MessageError' && x.data.ebms.signal?.refToMessageId === id);
    check(!error, `the system under test answered the ${profile} message ${id} with a MessageError`);
  }
});
