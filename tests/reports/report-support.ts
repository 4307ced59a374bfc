import type { ServiceDeps } from '../../src/services/kernel/context.ts';
import { newId } from '../../src/services/kernel/ids.ts';

// Seeding for the report tests: small synthetic worlds written straight through Kysely, with every
// timestamp chosen by the test so each figure can be computed by hand (the reports read tables;
// how rows got there is the pathway tests' business).

let n = 0;

export interface PersonSpec {
  practiceId: string;
  dateOfBirth?: string;
  sex?: string | null;
  ethnicCategory?: string | null;
  postcode?: string | null;
  nhsNumber?: string | null;
}

export async function insertPerson(deps: ServiceDeps, p: PersonSpec): Promise<string> {
  n += 1;
  const id = newId();
  const at = '2025-01-01T10:00:00.000Z';
  await deps.db
    .insertInto('person')
    .values({
      id,
      nhs_number: p.nhsNumber ?? null,
      given_name: `Report${n}`,
      family_name: 'Tester',
      date_of_birth: p.dateOfBirth ?? '1970-01-01',
      postcode: p.postcode ?? null,
      practice_id: p.practiceId,
      created_at: at,
      updated_at: at,
      version: 1,
      sex: p.sex ?? null,
      gender_identity: null,
      ethnic_category: p.ethnicCategory ?? null,
      phone: null,
      email: null,
      contact_preferences: null,
      communication_needs: null,
      name_folded: `report${n} tester`,
      merged_into_id: null,
    })
    .execute();
  return id;
}

export interface EpisodeSpec {
  personId: string;
  practiceId: string;
  createdAt: string;
  source?: string;
  needs?: string[];
  status?: string;
  statusReason?: string | null;
  linkWorkerId?: string | null;
  closedAt?: string | null;
  /** Contacts: [at, successful, type]. */
  contacts?: [string, boolean, string?][];
  conversationAt?: string;
  planAt?: string;
  /** Community referrals: [serviceId, kind, status, sentAt, respondedAt?]. */
  community?: [string, 'referral' | 'signpost', string, string, (string | null)?][];
}

export async function insertEpisode(deps: ServiceDeps, e: EpisodeSpec): Promise<string> {
  n += 1;
  const id = newId();
  const successes = (e.contacts ?? []).filter((c) => c[1]).map((c) => c[0]);
  await deps.db
    .insertInto('referral')
    .values({
      id,
      reference: `LW-R${String(n).padStart(4, '0')}`,
      person_id: e.personId,
      practice_id: e.practiceId,
      source: e.source ?? 'gp',
      referrer_user_id: null,
      referrer_org_id: null,
      referrer_contact: null,
      needs: JSON.stringify(e.needs ?? ['loneliness']),
      reason_text: null,
      urgency: 'routine',
      consent_given: 1,
      consent_recorded_at: e.createdAt,
      safeguarding: 0,
      risk_text: null,
      contact_notes: null,
      status: e.status ?? 'referred',
      status_reason: e.statusReason ?? null,
      link_worker_id: e.linkWorkerId ?? null,
      allocated_at: e.linkWorkerId == null ? null : e.createdAt,
      first_contact_at: successes.sort()[0] ?? null,
      accepted_at: null,
      closed_at: e.closedAt ?? null,
      contact_attempts: (e.contacts ?? []).length,
      sharing_choice: null,
      next_review_on: null,
      last_contact_at: null,
      created_at: e.createdAt,
      updated_at: e.createdAt,
      version: 1,
    })
    .execute();
  for (const [at, ok, type] of e.contacts ?? []) {
    await deps.db
      .insertInto('contact')
      .values({
        id: newId(),
        referral_id: id,
        at,
        type: type ?? 'phone',
        duration_minutes: 20,
        successful: ok ? 1 : 0,
        notes: null,
        created_by: 'test',
        created_at: at,
      })
      .execute();
  }
  if (e.conversationAt !== undefined) {
    await deps.db
      .insertInto('conversation')
      .values({
        referral_id: id,
        needs: '[]',
        strengths: null,
        interests: null,
        barriers: '[]',
        notes: null,
        updated_at: e.conversationAt,
        updated_by: 'test',
        version: 1,
      })
      .execute();
  }
  if (e.planAt !== undefined) {
    await deps.db
      .insertInto('plan_version')
      .values({ id: newId(), referral_id: id, version: 1, goals: '[]', review_on: null, created_at: e.planAt, created_by: 'test' })
      .execute();
  }
  for (const [serviceId, kind, status, sentAt, respondedAt] of e.community ?? []) {
    await deps.db
      .insertInto('community_referral')
      .values({
        id: newId(),
        referral_id: id,
        service_id: serviceId,
        kind,
        status,
        need: null,
        reason_text: null,
        decline_reason: null,
        sent_at: sentAt,
        responded_at: respondedAt ?? null,
        expires_at: null,
        created_by: 'test',
        updated_at: sentAt,
        version: 1,
        match_id: null,
        match_rank: null,
      })
      .execute();
  }
  return id;
}

export async function insertService(
  deps: ServiceDeps,
  organisationId: string,
  name: string,
  extra: { capacity?: string; updatedAt?: string } = {},
): Promise<string> {
  const id = newId();
  const at = extra.updatedAt ?? '2026-01-01T10:00:00.000Z';
  await deps.db
    .insertInto('service')
    .values({
      id,
      organisation_id: organisationId,
      name,
      description: null,
      needs: '["loneliness"]',
      takes_referrals: 1,
      archived: 0,
      created_at: at,
      updated_at: at,
      capacity: extra.capacity ?? 'open',
    })
    .execute();
  return id;
}

/** The figures of a report response, by metric/breakdown/group. */
export interface FigureJson {
  metric: string;
  breakdown: string;
  group: string;
  unit: string;
  value: number | null;
  ci95Lower: number | null;
  ci95Upper: number | null;
  withheldReason: string | null;
}

export function figureOf(figures: FigureJson[], metric: string, breakdown: string, group: string): FigureJson {
  const f = figures.find((x) => x.metric === metric && x.breakdown === breakdown && x.group === group);
  if (f === undefined) throw new Error(`no figure ${metric}/${breakdown}/${group}`);
  return f;
}
