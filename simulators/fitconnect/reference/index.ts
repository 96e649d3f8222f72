/** The FIT-Connect reference Sender (the SUT in `reference` mode) and its broken variants. */
import type { ReferenceClient } from '../../kernel/sut/drivers.ts';
import { SENDER_VARIANTS, submitApplication } from './sender.ts';

export const fitconnectReferenceClient: ReferenceClient = {
  actions: {
    'submit-application': (params, variant) => submitApplication(params, variant),
  },
  variants: { ...SENDER_VARIANTS },
};
