import { AppError } from '../../domain/errors.ts';
import type { SelfReferralInput } from '../../domain/schemas/referrals.ts';
import { findOrganisation } from '../../db/repositories/organisations/organisations.ts';
import { appendAudit } from '../kernel/audit-append.ts';
import { appendCaseEvent } from '../cases/shared/case-events.ts';
import type { RequestMeta, ServiceDeps } from '../kernel/context.ts';
import { newId, newReference } from '../kernel/ids.ts';
import {
  checkDateOfBirth,
  checkPracticeHasTriage,
  insertReferralWithFreshReference,
  resolveEnteredPerson,
  safeguardingFlag,
} from './shared/referral-intake.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { selfReferralActor } from './shared/self-referral-actor.ts';

/**
 * A member of the public refers themselves (no sign-in). The person is recorded at the GP practice
 * they chose, or their existing record reused when the NHS number and date of birth match; nothing
 * about existing records is ever revealed, so possible duplicates are left for the lead (flagged on
 * the triage board). Answers only the reference.
 *
 * The honeypot: a form filled in by a robot has `website` set (people never see the field). It is
 * answered exactly like a real submission — with a reference that exists nowhere — so the robot
 * learns nothing; nothing is stored, and the audit trail records only that a honeypot was tripped.
 */
export async function submitSelfReferral(deps: ServiceDeps, meta: RequestMeta, input: SelfReferralInput): Promise<{ reference: string }> {
  const actor = selfReferralActor(meta);
  if ((input.website ?? '').trim() !== '') {
    await deps.db.transaction().execute((tx) =>
      appendAudit(tx, deps.clock, actor, {
        action: 'access.denied',
        outcome: 'denied',
        entityType: 'referral',
        summary: { attempted: 'referral.created', reason: 'honeypot' },
      }),
    );
    return { reference: newReference() };
  }
  const id = newId();
  const result = await runUseCase(deps, actor, {
    permission: 'referral:create',
    action: 'referral.created',
    entityType: 'referral',
    entityId: id,
    work: async (tx) => {
      const at = deps.clock.now().toISOString();
      checkDateOfBirth(input.dateOfBirth, deps.clock);
      const practice = await findOrganisation(tx, input.gpPracticeId);
      if (practice?.kind !== 'practice') {
        throw new AppError('invalid_input', 'Choose your GP practice from the list', { fields: { gpPracticeId: 'Choose your GP practice from the list' } });
      }
      await checkPracticeHasTriage(tx, practice.id, 'gpPracticeId');
      const resolved = await resolveEnteredPerson(
        tx,
        at,
        {
          nhsNumber: input.nhsNumber ?? null,
          givenName: input.firstName,
          familyName: input.lastName,
          dateOfBirth: input.dateOfBirth,
          sex: input.sex ?? null,
          genderIdentity: null,
          ethnicCategory: input.ethnicCategory ?? null,
          address:
            input.postcode === undefined
              ? null
              : { line1: input.addressLine1 ?? null, line2: input.addressLine2 ?? null, town: input.town ?? null, postcode: input.postcode },
          phone: input.phone ?? null,
          email: input.email ?? null,
          contactPreferences:
            input.howToContactYou.length === 0 && input.bestTimesToContact.length === 0
              ? null
              : { methods: input.howToContactYou, bestTimes: input.bestTimesToContact },
          communicationNeeds:
            !input.needAnInterpreter && input.language === undefined && input.accessibleFormats.length === 0
              ? null
              : {
                  interpreterNeeded: input.needAnInterpreter,
                  ...(input.language === undefined ? {} : { language: input.language }),
                  accessibleFormats: input.accessibleFormats,
                },
        },
        practice.id,
        { kind: 'public' },
      );
      const safeguarding = safeguardingFlag(false, input.whatWouldHelp);
      const reference = await insertReferralWithFreshReference(
        tx,
        {
          id,
          personId: resolved.personId,
          practiceId: practice.id,
          source: 'self',
          referrerUserId: null,
          referrerOrgId: null,
          referrerContact: null,
          needs: input.whatWouldHelp,
          reasonText: input.inYourOwnWords ?? null,
          urgency: 'routine',
          consentGiven: true,
          safeguarding,
          riskText: null,
          contactNotes: null,
        },
        at,
      );
      await appendCaseEvent(tx, deps.clock, actor, id, {
        kind: 'referral_created',
        data: {
          source: 'self',
          urgency: 'routine',
          needCount: input.whatWouldHelp.length,
          safeguarding,
          consentGiven: true,
          personMatch: resolved.match,
          detailsDiffer: resolved.detailsDiffer,
          nhsNumberNotMatched: resolved.nhsNumberNotMatched,
        },
      });
      return { reference, personId: resolved.personId, personMatch: resolved.match, safeguarding };
    },
    audit: (r) => ({
      personId: r.personId,
      summary: { source: 'self', urgency: 'routine', needCount: input.whatWouldHelp.length, safeguarding: r.safeguarding, personMatch: r.personMatch },
    }),
  });
  return { reference: result.reference };
}
