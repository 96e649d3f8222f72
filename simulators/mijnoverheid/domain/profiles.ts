/** The six Digikoppeling ebMS2 profiles by their CPA Register names, and what each implies for a CPA. */
export const EBMS_PROFILES = ['osb-be', 'osb-rm', 'osb-be-s', 'osb-rm-s', 'osb-be-e', 'osb-rm-e'] as const;
export type EbmsProfile = (typeof EBMS_PROFILES)[number];

export interface ProfileTraits {
  reliable: boolean;
  signed: boolean;
  encrypted: boolean;
}

export function profileTraits(profile: EbmsProfile): ProfileTraits {
  return {
    reliable: profile.startsWith('osb-rm'),
    signed: profile.endsWith('-s') || profile.endsWith('-e'),
    encrypted: profile.endsWith('-e'),
  };
}

export function isEbmsProfile(value: string): value is EbmsProfile {
  return (EBMS_PROFILES as readonly string[]).includes(value);
}

/** Infers the profile from CPA characteristics (the CPA itself does not name it). */
export function profileFromTraits(t: ProfileTraits): EbmsProfile {
  const base = t.reliable ? 'osb-rm' : 'osb-be';
  return (t.encrypted ? `${base}-e` : t.signed ? `${base}-s` : base) as EbmsProfile;
}
