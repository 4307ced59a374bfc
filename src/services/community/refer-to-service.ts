import { isOpen, type CaseStatus } from '../../domain/case-lifecycle.ts';
import { communityReferralExpiry, needForReferral, OPEN_COMMUNITY_STATUSES } from '../../domain/community-referral.ts';
import { AppError, conflict } from '../../domain/errors.ts';
import type { NeedCode } from '../../domain/needs.ts';
import type { CreateCommunityReferralInput } from '../../domain/schemas/community.ts';
import {
  findCaseInScope,
  findCommunityReferral,
  findService,
  hasOpenReferralToService,
  insertCommunityReferral,
  listProviderUsers,
  type CommunityReferral,
} from '../../db/repositories/community/community-referrals.ts';
import { findServiceMatch, setCommunityReferralMatch } from '../../db/repositories/directory/match-corpus.ts';
import { appendCaseEvent } from '../cases/shared/case-events.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { newId } from '../kernel/ids.ts';
import { createNotification } from '../kernel/notifications.ts';
import { recordingNotifier } from '../kernel/notifier.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * Connects the person on an open case to a community service (DOMAIN.md §2 step 6):
 * - `refer`: sent to the provider, who must answer within COMMUNITY_REFERRAL_EXPIRY_DAYS; each
 *   provider user of the service's organisation gets an in-app notification and an e-mail;
 * - `signpost`: the person was given the details; recorded, no provider involvement.
 * A case outside the actor's scope answers not_found. When the service was chosen from a match run
 * (`matchId`, `matchRank` from POST /services/match made from this case), the run and the rank are
 * stored with the referral; a run of another case, or a rank that is not this service's, is refused.
 * A referral (not a signpost) needs the person's consent on record (`consent_required`).
 * The referral carries the need the worker chose or, without one, the first need of that search
 * the service meets (`needForReferral`), so a debt service hears about debt, not loneliness.
 */
export async function referToService(deps: ServiceDeps, actor: Actor, caseId: string, input: CreateCommunityReferralInput): Promise<CommunityReferral> {
  const id = newId();
  return runUseCase(deps, actor, {
    permission: 'community_referral:create',
    action: input.kind === 'refer' ? 'community_referral.created' : 'community_referral.signposted',
    entityType: 'community_referral',
    entityId: id,
    work: async (tx, access) => {
      const kase = await findCaseInScope(tx, caseId, access.referrals);
      if (kase === undefined) throw new AppError('not_found', 'No such case');
      if (!isOpen(kase.status as CaseStatus)) {
        throw new AppError('invalid_transition', 'Only an open case can be referred or signposted to a service', { status: kase.status });
      }
      const service = await findService(tx, input.serviceId);
      if (service === undefined || service.archived) {
        throw new AppError('invalid_input', 'Choose a service from the list', { fields: { serviceId: 'Choose a service from the list' } });
      }
      if (input.kind === 'refer' && !kase.consentGiven) {
        // Proactive outreach asks at first contact: a provider must not be sent someone who has not agreed.
        const message = 'Record that they agreed to support (accept the case) before referring them to a service';
        throw new AppError('invalid_input', message, { reason: 'consent_required', fields: { kind: message } });
      }
      if (input.kind === 'refer' && !service.takesReferrals) {
        const message = 'This service does not take referrals: signpost the person to it instead';
        throw new AppError('invalid_input', message, { fields: { kind: message } });
      }
      if (input.kind === 'refer' && (await hasOpenReferralToService(tx, kase.id, service.id, OPEN_COMMUNITY_STATUSES))) {
        throw conflict.because('open_referral_exists', 'This person already has a referral to this service in progress');
      }
      let searchedNeeds: readonly NeedCode[] = [];
      if (input.matchId !== undefined && input.matchRank !== undefined) {
        const match = await findServiceMatch(tx, input.matchId);
        if (match === undefined || match.referralId !== kase.id) {
          throw new AppError('invalid_input', 'That search was not made from this case', { fields: { matchId: 'Not a search made from this case' } });
        }
        if (match.resultIds[input.matchRank - 1] !== service.id) {
          throw new AppError('invalid_input', 'That service was not at that place in the search results', {
            fields: { matchRank: 'Not where this service was in the results' },
          });
        }
        searchedNeeds = match.needs;
      }
      // The need the provider is told: the worker's choice, else the one this service was found for.
      const need = needForReferral(input.need, searchedNeeds, service.needs);
      const now = deps.clock.now();
      await insertCommunityReferral(tx, {
        id,
        caseId: kase.id,
        serviceId: service.id,
        kind: input.kind,
        status: input.kind === 'refer' ? 'sent' : 'signposted',
        need,
        reasonText: input.reasonText ?? null,
        sentAt: now.toISOString(),
        expiresAt: input.kind === 'refer' ? communityReferralExpiry(now, deps.config.communityReferralExpiryDays).toISOString() : null,
        createdBy: actor.kind === 'user' ? actor.userId : `system:${actor.label}`,
      });
      if (input.matchId !== undefined && input.matchRank !== undefined) await setCommunityReferralMatch(tx, id, input.matchId, input.matchRank);
      await appendCaseEvent(tx, deps.clock, actor, kase.id, {
        kind: input.kind === 'refer' ? 'community_referral_sent' : 'community_referral_signposted',
        data: {
          communityReferralId: id,
          serviceId: service.id,
          need,
        },
      });
      if (input.kind === 'refer') {
        const notifier = recordingNotifier(deps.clock);
        for (const provider of await listProviderUsers(tx, service.organisationId)) {
          await createNotification(tx, deps.clock, actor, provider.id, 'community_referral_received', kase.id);
          await notifier.send(tx, { channel: 'email', recipient: provider.email, template: 'community_referral_received', referralId: kase.id });
        }
      }
      const created = await findCommunityReferral(tx, id);
      if (created === undefined) throw new AppError('internal', 'Community referral vanished after insert');
      return created;
    },
    audit: (c) => ({
      personId: c.personId,
      summary: {
        caseId: c.caseId,
        serviceId: c.serviceId,
        kind: c.kind,
        need: c.need,
        ...(input.matchId === undefined ? {} : { matchId: input.matchId, matchRank: input.matchRank ?? null }),
      },
    }),
  });
}
