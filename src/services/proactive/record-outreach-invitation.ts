import { nextOutreachState, OUTREACH_OFFER } from '../../domain/proactive/outreach.ts';
import type { RecordInvitationInput } from '../../domain/schemas/outreach.ts';
import { insertOutreachAttempt } from '../../db/repositories/proactive/outreach.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { newId } from '../kernel/ids.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { getOutreachInScope, loadOutreachItem, maxAttemptsOf, writeOutreachChange, type OutreachItem } from './shared/outreach.ts';

/**
 * Records one invitation (an attempt: channel, language, easy read), and with it the offer of
 * social prescribing. Refused (`invalid_transition`) before a `cleared` review and once the
 * configured maximum of attempts has been made.
 */
export async function recordOutreachInvitation(deps: ServiceDeps, actor: Actor, id: string, input: RecordInvitationInput): Promise<OutreachItem> {
  return runUseCase(deps, actor, {
    permission: 'outreach:manage',
    action: 'outreach.invited',
    entityType: 'outreach',
    entityId: id,
    work: async (tx, access) => {
      const o = await getOutreachInScope(tx, access, id);
      const state = nextOutreachState(o, { kind: 'invite' }, maxAttemptsOf(deps));
      const at = deps.clock.now().toISOString();
      await writeOutreachChange(
        tx,
        o,
        input.version,
        { state, attempts: o.attempts + 1, last_attempt_at: at, channel: input.channel, language: input.language, easy_read: input.easyRead ? 1 : 0 },
        at,
      );
      await insertOutreachAttempt(tx, {
        id: newId(),
        outreachId: o.id,
        at,
        channel: input.channel,
        language: input.language,
        easyRead: input.easyRead,
        offer: OUTREACH_OFFER.key,
        by: access.recordedBy,
      });
      return loadOutreachItem(tx, deps, access, id);
    },
    audit: (r) => ({ summary: { attempt: r.attempts, channel: r.channel, language: r.language, easyRead: r.easyRead, offer: OUTREACH_OFFER.key } }),
  });
}
