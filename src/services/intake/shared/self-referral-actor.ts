import type { Actor, RequestMeta } from '../../kernel/context.ts';

/** The actor behind the public form: nobody signs in, so the system acts, with the request's id and address. */
export function selfReferralActor(meta: RequestMeta): Actor {
  return { kind: 'system', label: 'self-referral', meta };
}
