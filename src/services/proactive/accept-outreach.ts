import { AppError, conflict } from '../../domain/errors.ts';
import { nextOutreachState } from '../../domain/proactive/outreach.ts';
import type { AcceptOutreachInput } from '../../domain/schemas/outreach.ts';
import type { Sex } from '../../domain/schemas/person-details.ts';
import { findOrganisation } from '../../db/repositories/organisations/organisations.ts';
import { findOutreachPersonFacts } from '../../db/repositories/proactive/outreach.ts';
import { appendCaseEvent } from '../cases/shared/case-events.ts';
import {
  checkPracticeHasTriage,
  insertReferralWithFreshReference,
  resolveEnteredPerson,
  safeguardingFlag,
  type PersonMatch,
} from '../intake/shared/referral-intake.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { newId } from '../kernel/ids.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { getOutreachInScope, loadOutreachItem, writeOutreachChange, type OutreachItem } from './shared/outreach.ts';

export interface OutreachAccepted {
  outreach: OutreachItem;
  referral: { id: string; reference: string };
  personId: string;
  personMatch: PersonMatch;
  needCount: number;
  safeguarding: boolean;
}

/** The practice extract's sex as the person record codes it (unknown stays unrecorded). */
function personSex(practiceSex: string): Sex | null {
  switch (practiceSex) {
    case 'male':
      return 'male';
    case 'female':
      return 'female';
    case 'other':
      return 'indeterminate';
    default:
      return null;
  }
}

/**
 * The person accepted the offer: records them in Linkwork if no one has that NHS number yet (the
 * worker enters the name and contact details — the extract has none — while date of birth, sex and
 * postcode come from the practice data), and makes a referral with source `proactive`, the needs
 * chosen and the person's consent recorded. The referral then waits for triage and allocation
 * like any other. Written with the intake helpers (the same person matching and duplicate checks,
 * the same first timeline event) inside this one transaction.
 */
export async function acceptOutreach(deps: ServiceDeps, actor: Actor, id: string, input: AcceptOutreachInput): Promise<OutreachAccepted> {
  return runUseCase(deps, actor, {
    permission: 'outreach:manage',
    action: 'outreach.accepted',
    entityType: 'outreach',
    entityId: id,
    work: async (tx, access) => {
      const o = await getOutreachInScope(tx, access, id);
      const state = nextOutreachState(o, { kind: 'accept' });
      // Checked before anything is written, so a stale accept records no person and no referral.
      if (input.version !== o.version) throw conflict.staleVersion(o.version);
      const facts = await findOutreachPersonFacts(tx, o.practicePersonId);
      if (facts === undefined) {
        throw new AppError(
          'invalid_input',
          'The practice data for this person is no longer held (the extract was deleted). Refer them with the referral form',
          {
            fields: { version: 'Practice data no longer held' },
          },
        );
      }
      const practice = await findOrganisation(tx, o.practiceId);
      if (practice === undefined) throw new AppError('not_found', 'No such outreach');
      await checkPracticeHasTriage(tx, practice.id, 'practiceId');
      const at = deps.clock.now().toISOString();
      const address =
        input.address !== undefined
          ? { line1: input.address.line1 ?? null, line2: input.address.line2 ?? null, town: input.address.town ?? null, postcode: input.address.postcode }
          : facts.postcode === null
            ? null
            : { line1: null, line2: null, town: null, postcode: facts.postcode };
      const resolved = await resolveEnteredPerson(
        tx,
        at,
        {
          nhsNumber: o.nhsNumber,
          givenName: input.givenName,
          familyName: input.familyName,
          dateOfBirth: facts.dateOfBirth,
          sex: personSex(facts.sex),
          genderIdentity: null,
          ethnicCategory: null,
          address,
          phone: input.phone ?? null,
          email: input.email ?? null,
          contactPreferences: input.contactPreferences ?? null,
          communicationNeeds: input.communicationNeeds ?? null,
        },
        practice.id,
        {
          kind: 'professional',
          pool: access.userId === null ? { practiceIds: [practice.id] } : { scope: { userId: access.userId } },
          revealCandidates: true,
          confirmNotDuplicate: input.confirmNotDuplicate,
        },
      );
      const referralId = newId();
      const safeguarding = safeguardingFlag(false, input.needs);
      const reference = await insertReferralWithFreshReference(
        tx,
        {
          id: referralId,
          personId: resolved.personId,
          practiceId: practice.id,
          source: 'proactive',
          referrerUserId: access.userId,
          referrerOrgId: practice.parentId ?? practice.id,
          referrerContact: null,
          needs: input.needs,
          reasonText: input.reasonText ?? null,
          urgency: input.urgency,
          consentGiven: true,
          safeguarding,
          riskText: null,
          contactNotes: null,
        },
        at,
      );
      await appendCaseEvent(tx, deps.clock, actor, referralId, {
        kind: 'referral_created',
        data: {
          source: 'proactive',
          urgency: input.urgency,
          needCount: input.needs.length,
          safeguarding,
          consentGiven: true,
          personMatch: resolved.match,
          detailsDiffer: resolved.detailsDiffer,
          nhsNumberNotMatched: resolved.nhsNumberNotMatched,
        },
      });
      await writeOutreachChange(tx, o, input.version, { state, responded_at: o.respondedAt ?? at, referral_id: referralId }, at);
      return {
        outreach: await loadOutreachItem(tx, deps, access, id),
        referral: { id: referralId, reference },
        personId: resolved.personId,
        personMatch: resolved.match,
        needCount: input.needs.length,
        safeguarding,
      };
    },
    audit: (r) => ({
      personId: r.personId,
      summary: {
        referralId: r.referral.id,
        source: 'proactive',
        personMatch: r.personMatch,
        needCount: r.needCount,
        safeguarding: r.safeguarding,
        consentGiven: true,
      },
    }),
  });
}
