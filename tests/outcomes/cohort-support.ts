import { readFileSync } from 'node:fs';
import type { Organisation } from '../../src/db/repositories/organisations/organisations.ts';
import type { ServiceDeps } from '../../src/services/kernel/context.ts';
import { newId } from '../../src/services/kernel/ids.ts';

// Seeding for the cohort report tests: people, accepted cases and administrations written straight
// through Kysely (the report reads tables; how rows got there is other tests' business).

export interface ReferenceCohort {
  name: string;
  people: { baseline: number | null; followUp: number | null }[];
  expected: {
    withBaseline: number;
    pairs: number;
    followUpWithoutBaseline: number;
    followUpRate: number;
    meanBaseline: number;
    meanFollowUp: number;
    tTest: { meanChange: number; sdChange: number; standardError: number; t: number; df: number; pValue: number; ci95Lower: number; ci95Upper: number };
    cohensDz: number;
    wilcoxon: { statistic: number; pValue: number; method: string; nonZero: number };
    attrition?: { followedUp: number; lost: number; meanBaselineFollowedUp: number; meanBaselineLost: number; difference: number };
    bandTransitions?: { bands: string[]; counts: number[][]; unbanded: number };
  };
}

/** The independently computed reference cohorts (tests/outcomes/reference/cohort_reference.py). */
export function referenceCohort(name: string): ReferenceCohort {
  const all = JSON.parse(readFileSync(new URL('./reference/cohort-reference.json', import.meta.url), 'utf8')) as { cases: ReferenceCohort[] };
  const c = all.cases.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no reference cohort ${name}`);
  return c;
}

let n = 0;

/** A person and an accepted case at the practice; returns the referral (case) id. */
export async function seedCase(
  deps: ServiceDeps,
  practice: Organisation,
  opts: { linkWorkerId: string | null; needs: string[]; acceptedOn: string },
): Promise<string> {
  n += 1;
  const personId = newId();
  const referralId = newId();
  const at = `${opts.acceptedOn}T10:00:00.000Z`;
  await deps.db
    .insertInto('person')
    .values({
      id: personId,
      nhs_number: null,
      given_name: `Cohort${n}`,
      family_name: 'Tester',
      date_of_birth: '1960-01-01',
      postcode: null,
      practice_id: practice.id,
      created_at: at,
      updated_at: at,
      version: 1,
      sex: null,
      gender_identity: null,
      ethnic_category: null,
      phone: null,
      email: null,
      contact_preferences: null,
      communication_needs: null,
      name_folded: `cohort${n} tester`,
      merged_into_id: null,
    })
    .execute();
  await deps.db
    .insertInto('referral')
    .values({
      id: referralId,
      reference: `LW-C${String(n).padStart(4, '0')}`,
      person_id: personId,
      practice_id: practice.id,
      source: 'gp',
      referrer_user_id: null,
      referrer_org_id: null,
      referrer_contact: null,
      needs: JSON.stringify(opts.needs),
      reason_text: null,
      urgency: 'routine',
      consent_given: 1,
      consent_recorded_at: at,
      safeguarding: 0,
      risk_text: null,
      contact_notes: null,
      status: 'in_progress',
      status_reason: null,
      link_worker_id: opts.linkWorkerId,
      allocated_at: opts.linkWorkerId === null ? null : at,
      first_contact_at: at,
      accepted_at: at,
      closed_at: null,
      contact_attempts: 1,
      sharing_choice: null,
      next_review_on: null,
      last_contact_at: at,
      created_at: at,
      updated_at: at,
      version: 1,
    })
    .execute();
  return referralId;
}

export const ONS4_ITEMS = ['life_satisfaction', 'worthwhile', 'happiness', 'anxiety'] as const;

/** An ONS4 administration with the scores shape src/domain/instruments/scoring.ts stores (per item, no primary). */
export async function seedOns4(
  deps: ServiceDeps,
  referralId: string,
  timepoint: 'baseline' | 'review' | 'final',
  administeredOn: string,
  values: Record<(typeof ONS4_ITEMS)[number], number>,
): Promise<void> {
  const person = await deps.db.selectFrom('referral').select('person_id').where('id', '=', referralId).executeTakeFirstOrThrow();
  await deps.db
    .insertInto('outcome_administration')
    .values({
      id: newId(),
      referral_id: referralId,
      person_id: person.person_id,
      instrument_code: 'ons4',
      instrument_version: '1',
      timepoint,
      mode: 'face_to_face',
      administered_on: administeredOn,
      answers: JSON.stringify(values),
      scores: JSON.stringify({ method: 'per_item', items: ONS4_ITEMS.map((id) => ({ id, value: values[id], band: null })), primary: null }),
      primary_score: null,
      recorded_by: null,
      created_at: `${administeredOn}T12:00:00.000Z`,
    })
    .execute();
}

/** A UCLA 3-item administration (sum scoring: the total is the primary score). */
export async function seedUcla3(
  deps: ServiceDeps,
  referralId: string,
  timepoint: 'baseline' | 'review' | 'final',
  administeredOn: string,
  total: number,
): Promise<void> {
  const person = await deps.db.selectFrom('referral').select('person_id').where('id', '=', referralId).executeTakeFirstOrThrow();
  const a = Math.min(3, total - 2);
  const b = Math.min(3, total - a - 1);
  const c = total - a - b;
  await deps.db
    .insertInto('outcome_administration')
    .values({
      id: newId(),
      referral_id: referralId,
      person_id: person.person_id,
      instrument_code: 'ucla3',
      instrument_version: '1',
      timepoint,
      mode: 'telephone',
      administered_on: administeredOn,
      answers: JSON.stringify({ companionship: a, left_out: b, isolated: c }),
      scores: JSON.stringify({ method: 'sum', total, items: [], band: null, primary: total }),
      primary_score: total,
      recorded_by: null,
      created_at: `${administeredOn}T12:00:00.000Z`,
    })
    .execute();
}

/** An administration of an instrument with a primary score (sum, conversion table, external), stored as the scoring module stores it. */
export async function seedPrimary(
  deps: ServiceDeps,
  referralId: string,
  instrument: { code: string; version: string; method: string },
  timepoint: 'baseline' | 'review' | 'final',
  administeredOn: string,
  score: number,
): Promise<void> {
  const person = await deps.db.selectFrom('referral').select('person_id').where('id', '=', referralId).executeTakeFirstOrThrow();
  await deps.db
    .insertInto('outcome_administration')
    .values({
      id: newId(),
      referral_id: referralId,
      person_id: person.person_id,
      instrument_code: instrument.code,
      instrument_version: instrument.version,
      timepoint,
      mode: 'self_paper',
      administered_on: administeredOn,
      answers: '{}',
      scores: JSON.stringify({ method: instrument.method, metric: score, items: [], band: null, primary: score }),
      primary_score: score,
      recorded_by: null,
      created_at: `${administeredOn}T12:00:00.000Z`,
    })
    .execute();
}
