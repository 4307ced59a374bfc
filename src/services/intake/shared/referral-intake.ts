import type { Clock } from '../../../domain/clock.ts';
import { findDuplicates, foldText, type DuplicateReason } from '../../../domain/duplicates.ts';
import { AppError, conflict } from '../../../domain/errors.ts';
import type { EthnicCategoryCode } from '../../../domain/ethnicity.ts';
import type { CommunicationNeeds, ContactPreferences, DuplicateCandidateView, Sex } from '../../../domain/schemas/person-details.ts';
import {
  findPersonByNhsNumber,
  insertPersonWithDetails,
  listDuplicatePool,
  type PersonIdentity,
  type PersonScope,
} from '../../../db/repositories/people/person-details.ts';
import { insertReferral, practiceHasTriage, type NewReferralRow } from '../../../db/repositories/intake/referrals.ts';
import type { Tx } from '../../kernel/context.ts';
import { newId, newReference } from '../../kernel/ids.ts';

// Helpers shared by the intake use cases (create-referral, submit-self-referral): finding or
// creating the person, and inserting a referral under a fresh reference. Not use cases themselves:
// each runs inside its caller's transaction.

/** A person as entered on any intake form, normalised (absent optional values are null). */
export interface EnteredPerson {
  nhsNumber: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: Sex | null;
  genderIdentity: string | null;
  ethnicCategory: EthnicCategoryCode | null;
  address: { line1: string | null; line2: string | null; town: string | null; postcode: string } | null;
  phone: string | null;
  email: string | null;
  contactPreferences: ContactPreferences | null;
  communicationNeeds: CommunicationNeeds | null;
}

/** How the referral's person was found: newly recorded, matched by NHS number, or chosen by id. */
export type PersonMatch = 'new' | 'nhs_number' | 'existing';

export interface ResolvedPerson {
  personId: string;
  match: PersonMatch;
  /** Fields where what was entered differs from the record reused (coded names, for the lead to check). */
  detailsDiffer: string[];
  /** An NHS number was given but belongs to someone with another date of birth (public intake only). */
  nhsNumberNotMatched: boolean;
}

/**
 * How far the caller is trusted with what is already on record:
 * - `professional` (referrers, link workers, leads): an NHS number whose date of birth differs is
 *   refused (most likely a typing slip that would attach the referral to the wrong person), and a
 *   possible duplicate in `pool` answers `conflict` unless confirmed; `revealCandidates` says
 *   whether the answer may name them (staff whose scope covers them) or only say one exists;
 * - `public` (self-referrals, partners, who see no records): nothing about existing records is ever
 *   revealed; a mismatched NHS number is dropped and flagged, possible duplicates are left for the
 *   lead, who sees them flagged on the triage board.
 */
export type IntakeTrust =
  | { kind: 'professional'; pool: { scope: PersonScope } | { practiceIds: string[] }; revealCandidates: boolean; confirmNotDuplicate: boolean }
  | { kind: 'public' };

/** The date of birth is not after today (the schema cannot know the date; the clock does). */
export function checkDateOfBirth(dateOfBirth: string, clock: Clock, field = 'dateOfBirth'): void {
  if (dateOfBirth > clock.now().toISOString().slice(0, 10)) {
    throw new AppError('invalid_input', 'The date of birth is in the future', { fields: { [field]: 'Enter a date of birth in the past' } });
  }
}

/** What a possible duplicate may show to staff whose scope covers it (explicit whitelist). */
export function duplicateCandidateView(p: PersonIdentity, reasons: DuplicateReason[]): DuplicateCandidateView {
  return {
    personId: p.id,
    givenName: p.givenName,
    familyName: p.familyName,
    dateOfBirth: p.dateOfBirth,
    postcode: p.postcode,
    hasNhsNumber: p.nhsNumber !== null,
    practice: { id: p.practiceId, name: p.practiceName },
    reasons,
    version: p.version,
  };
}

function differences(entered: EnteredPerson, onRecord: PersonIdentity): string[] {
  const out: string[] = [];
  if (foldText(entered.givenName) !== foldText(onRecord.givenName)) out.push('givenName');
  if (foldText(entered.familyName) !== foldText(onRecord.familyName)) out.push('familyName');
  if (entered.address !== null && entered.address.postcode !== onRecord.postcode) out.push('postcode');
  return out;
}

/**
 * Finds or records the person a referral is about:
 * 1. an NHS number already on record is that person — reused, never a second record, and never
 *    changed by the referral (what differs is returned, coded, for the lead to check);
 * 2. otherwise, possible duplicates (domain/duplicates.ts) are refused or flagged by trust;
 * 3. otherwise the person is recorded at the referral's practice with their first address.
 */
export async function resolveEnteredPerson(tx: Tx, at: string, entered: EnteredPerson, practiceId: string, trust: IntakeTrust): Promise<ResolvedPerson> {
  let nhsNumber = entered.nhsNumber;
  let nhsNumberNotMatched = false;
  if (nhsNumber !== null) {
    const holder = await findPersonByNhsNumber(tx, nhsNumber);
    if (holder !== undefined && holder.dateOfBirth === entered.dateOfBirth) {
      return { personId: holder.id, match: 'nhs_number', detailsDiffer: differences(entered, holder), nhsNumberNotMatched: false };
    }
    if (holder !== undefined) {
      if (trust.kind === 'professional') {
        const message = 'This NHS number is recorded with a different date of birth. Check both against the GP record';
        throw new AppError('invalid_input', message, { fields: { 'person.nhsNumber': message, 'person.dateOfBirth': message } });
      }
      nhsNumber = null;
      nhsNumberNotMatched = true;
    }
  }
  if (trust.kind === 'professional' && !trust.confirmNotDuplicate) {
    const pool = await listDuplicatePool(tx, [entered.dateOfBirth], trust.pool);
    const matches = findDuplicates({ ...entered, nhsNumber, postcode: entered.address?.postcode ?? null }, pool);
    if (matches.length > 0) {
      if (trust.revealCandidates) {
        throw conflict.because('possible_duplicate', 'This person may already be known. Choose their record, or confirm this is someone different', {
          possibleDuplicate: true,
          candidates: matches.map((m) => duplicateCandidateView(m.person, m.reasons)),
        });
      }
      throw conflict.because(
        'possible_duplicate',
        'Someone with a similar name, the same date of birth and the same postcode is already known at your practice. Add their NHS number so that we can match the right record, or confirm this is someone different',
        { possibleDuplicate: true },
      );
    }
  }
  const id = newId();
  const inserted = await insertPersonWithDetails(
    tx,
    {
      id,
      nhsNumber,
      givenName: entered.givenName,
      familyName: entered.familyName,
      dateOfBirth: entered.dateOfBirth,
      sex: entered.sex,
      genderIdentity: entered.genderIdentity,
      ethnicCategory: entered.ethnicCategory,
      phone: entered.phone,
      email: entered.email,
      contactPreferences: entered.contactPreferences,
      communicationNeeds: entered.communicationNeeds,
      practiceId,
      address: entered.address === null ? null : { id: newId(), ...entered.address, validFrom: at.slice(0, 10) },
    },
    at,
  );
  if (!inserted) {
    // Someone recorded this NHS number between our look-up and insert: reuse theirs.
    const holder = nhsNumber === null ? undefined : await findPersonByNhsNumber(tx, nhsNumber);
    if (holder === undefined || holder.dateOfBirth !== entered.dateOfBirth)
      throw conflict.because('concurrent_write', 'The person was being recorded at the same moment by someone else. Try again');
    return { personId: holder.id, match: 'nhs_number', detailsDiffer: differences(entered, holder), nhsNumberNotMatched: false };
  }
  return { personId: id, match: 'new', detailsDiffer: [], nhsNumberNotMatched };
}

/**
 * Refuses a referral to a practice that no enabled lead covers: it would wait in `referred` on no
 * one's triage board (hazard H-007, lost referral). Said in the caller's field.
 */
export async function checkPracticeHasTriage(tx: Tx, practiceId: string, field: string): Promise<void> {
  if (await practiceHasTriage(tx, practiceId)) return;
  const message = 'Social prescribing is not available at this GP practice yet, so the referral could not be sent';
  throw new AppError('invalid_input', message, { fields: { [field]: message } });
}

/** Inserts a referral under a fresh human-friendly reference, drawing again on the rare collision. */
export async function insertReferralWithFreshReference(tx: Tx, row: Omit<NewReferralRow, 'reference'>, at: string): Promise<string> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const reference = newReference();
    if (await insertReferral(tx, { ...row, reference }, at)) return reference;
  }
  throw new AppError('internal', 'Could not allocate a referral reference');
}

/** Domestic abuse always raises the safeguarding flag, whatever box was ticked (hazard: missed safeguarding flag). */
export function safeguardingFlag(ticked: boolean, needs: readonly string[]): boolean {
  return ticked || needs.includes('domestic_abuse');
}
