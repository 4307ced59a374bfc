import { AppError } from '../../domain/errors.ts';
import type { CreateReferralInput, ReferralSource, Urgency } from '../../domain/schemas/referrals.ts';
import { findOrganisation, findOrganisationInScope, type Organisation } from '../../db/repositories/organisations/organisations.ts';
import { findPersonForReferrer, findPersonIdentity, type PersonIdentity } from '../../db/repositories/people/person-details.ts';
import { findOwnOrganisation, listPracticesInScope } from '../../db/repositories/intake/referrals.ts';
import { appendCaseEvent } from '../cases/shared/case-events.ts';
import type { Actor, ServiceDeps, Tx } from '../kernel/context.ts';
import { newId } from '../kernel/ids.ts';
import {
  checkDateOfBirth,
  checkPracticeHasTriage,
  insertReferralWithFreshReference,
  resolveEnteredPerson,
  safeguardingFlag,
  type IntakeTrust,
  type PersonMatch,
  type ResolvedPerson,
} from './shared/referral-intake.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** A referral just made. */
export interface ReferralCreated {
  id: string;
  reference: string;
  status: 'referred';
  source: ReferralSource;
  urgency: Urgency;
  safeguarding: boolean;
  personId: string;
  personMatch: PersonMatch;
  needCount: number;
  createdAt: string;
}

type Caller = 'referrer' | 'partner' | 'staff';

function callerOf(actor: Actor): Caller {
  if (actor.kind === 'system') return 'staff';
  switch (actor.role) {
    case 'referrer':
      return 'referrer';
    case 'partner_referrer':
      return 'partner';
    case 'link_worker':
    case 'lead':
      return 'staff';
    case 'provider':
    case 'pcn_lead':
    case 'commissioner':
    case 'admin':
    case 'auditor':
      // These roles do not hold referral:create; runUseCase refuses them before this runs.
      throw new AppError('forbidden', 'You do not have permission to do that');
  }
}

const invalid = (field: string, message: string) => new AppError('invalid_input', message, { fields: { [field]: message } });

/** The source a caller may record: referrers GP or clinician, partners partner, staff any (they must say). */
function sourceFor(caller: Caller, asked: ReferralSource | undefined): ReferralSource {
  switch (caller) {
    case 'referrer':
      if (asked === undefined) return 'gp';
      if (asked !== 'gp' && asked !== 'clinician') throw invalid('source', 'Choose GP or clinician as the source of your referral');
      return asked;
    case 'partner':
      if (asked !== undefined && asked !== 'partner') throw invalid('source', 'Referrals from partner organisations have the source "partner"');
      return 'partner';
    case 'staff':
      if (asked === undefined) throw invalid('source', 'Say where this referral came from (proactive outreach, or the source of a referral you are recording)');
      return asked;
  }
}

/** The person chosen by id, within what this caller may refer; a merged record leads to the one it joined. */
async function findChosenPerson(tx: Tx, actor: Actor, caller: Caller, personId: string): Promise<PersonIdentity> {
  const find = (id: string) =>
    actor.kind === 'system'
      ? findPersonIdentity(tx, id, { all: true })
      : caller === 'staff'
        ? findPersonIdentity(tx, id, { userId: actor.userId })
        : findPersonForReferrer(tx, id, actor.userId);
  const person = await find(personId);
  if (person === undefined) throw new AppError('not_found', 'No such person');
  if (person.mergedIntoId === null) return person;
  const kept = await findPersonIdentity(tx, person.mergedIntoId, { all: true });
  if (kept === undefined) throw new AppError('not_found', 'No such person');
  return kept;
}

/** The GP practice of the referral, checked against what this caller may refer to. */
async function choosePractice(tx: Tx, actor: Actor, caller: Caller, asked: string | undefined, person: PersonIdentity | null): Promise<Organisation> {
  const wrong = () => invalid('practiceId', caller === 'partner' ? 'Choose the person’s GP practice' : 'Choose one of the GP practices you cover');
  if (caller === 'referrer' && actor.kind === 'user') {
    const own = await listPracticesInScope(tx, actor.userId);
    const id = asked ?? (own.length === 1 ? own[0]?.id : person !== null && own.some((p) => p.id === person.practiceId) ? person.practiceId : undefined);
    if (id === undefined || !own.some((p) => p.id === id)) throw wrong();
    const practice = await findOrganisation(tx, id);
    if (practice === undefined) throw wrong();
    return practice;
  }
  const id = asked ?? person?.practiceId;
  if (id === undefined) throw wrong();
  // Partners work across practices: any practice. Staff: one they cover.
  const practice = caller === 'partner' || actor.kind === 'system' ? await findOrganisation(tx, id) : await findOrganisationInScope(tx, id, actor.userId);
  if (practice?.kind !== 'practice') throw wrong();
  return practice;
}

/**
 * Makes a referral through the professional form: a referrer for their practice (source GP or
 * clinician), a partner referrer for any practice (source partner), or a link worker or lead for a
 * practice they cover (proactive outreach, or keying in a referral received another way). Records
 * the person when new (reusing a record with the same NHS number; refusing a possible duplicate
 * unless confirmed), the referral in status `referred` under a fresh reference, its first timeline
 * event, and an audit event with coded facts only.
 */
export async function createReferral(deps: ServiceDeps, actor: Actor, input: CreateReferralInput): Promise<ReferralCreated> {
  const id = newId();
  return runUseCase(deps, actor, {
    permission: 'referral:create',
    action: 'referral.created',
    entityType: 'referral',
    entityId: id,
    work: async (tx) => {
      const at = deps.clock.now().toISOString();
      const caller = callerOf(actor);
      const source = sourceFor(caller, input.source);
      const chosen = input.personId === undefined ? null : await findChosenPerson(tx, actor, caller, input.personId);
      const practice = await choosePractice(tx, actor, caller, input.practiceId, chosen);
      await checkPracticeHasTriage(tx, practice.id, 'practiceId');

      let resolved: ResolvedPerson;
      if (chosen !== null) {
        resolved = { personId: chosen.id, match: 'existing', detailsDiffer: [], nhsNumberNotMatched: false };
      } else if (input.person !== undefined) {
        const p = input.person;
        checkDateOfBirth(p.dateOfBirth, deps.clock, 'person.dateOfBirth');
        const trust: IntakeTrust =
          caller === 'partner'
            ? { kind: 'public' }
            : {
                kind: 'professional',
                // A referrer hears only about their own practice; staff about everyone they cover.
                pool: caller === 'referrer' || actor.kind === 'system' ? { practiceIds: [practice.id] } : { scope: { userId: actor.userId } },
                revealCandidates: caller === 'staff',
                confirmNotDuplicate: input.confirmNotDuplicate,
              };
        resolved = await resolveEnteredPerson(
          tx,
          at,
          {
            nhsNumber: p.nhsNumber ?? null,
            givenName: p.givenName,
            familyName: p.familyName,
            dateOfBirth: p.dateOfBirth,
            sex: p.sex ?? null,
            genderIdentity: p.genderIdentity ?? null,
            ethnicCategory: p.ethnicCategory ?? null,
            address:
              p.address === undefined
                ? null
                : { line1: p.address.line1 ?? null, line2: p.address.line2 ?? null, town: p.address.town ?? null, postcode: p.address.postcode },
            phone: p.phone ?? null,
            email: p.email ?? null,
            contactPreferences: p.contactPreferences ?? null,
            communicationNeeds: p.communicationNeeds ?? null,
          },
          practice.id,
          trust,
        );
      } else {
        throw invalid('person', 'Give the person’s details, or choose someone already known');
      }

      const referrerOrgId =
        caller === 'referrer'
          ? practice.id
          : caller === 'partner' && actor.kind === 'user'
            ? ((await findOwnOrganisation(tx, actor.userId, ['vcse', 'partner']))?.id ?? null)
            : (practice.parentId ?? practice.id);
      const safeguarding = safeguardingFlag(input.safeguardingConcern, input.needs);
      const consentGiven = input.consentGiven;
      const reference = await insertReferralWithFreshReference(
        tx,
        {
          id,
          personId: resolved.personId,
          practiceId: practice.id,
          source,
          referrerUserId: actor.kind === 'user' ? actor.userId : null,
          referrerOrgId,
          referrerContact: input.referrerContact ?? null,
          needs: input.needs,
          reasonText: input.reasonText ?? null,
          urgency: input.urgency,
          consentGiven,
          safeguarding,
          riskText: input.riskDetails ?? null,
          contactNotes: input.contactNotes ?? null,
        },
        at,
      );
      await appendCaseEvent(tx, deps.clock, actor, id, {
        kind: 'referral_created',
        data: {
          source,
          urgency: input.urgency,
          needCount: input.needs.length,
          safeguarding,
          consentGiven,
          personMatch: resolved.match,
          detailsDiffer: resolved.detailsDiffer,
          nhsNumberNotMatched: resolved.nhsNumberNotMatched,
        },
      });
      return {
        id,
        reference,
        status: 'referred' as const,
        source,
        urgency: input.urgency,
        safeguarding,
        personId: resolved.personId,
        personMatch: resolved.match,
        needCount: input.needs.length,
        createdAt: at,
      };
    },
    audit: (r) => ({
      personId: r.personId,
      summary: { source: r.source, urgency: r.urgency, needCount: r.needCount, safeguarding: r.safeguarding, personMatch: r.personMatch },
    }),
  });
}
