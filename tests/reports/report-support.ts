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

/** An LSOA with its IMD decile (idempotent), for reports that read areas. */
export async function insertLsoa(deps: ServiceDeps, lsoa: string, imdDecile: number): Promise<void> {
  await deps.db
    .insertInto('geo_lsoa')
    .values({ lsoa, imd_decile: imdDecile, imd_rank: null })
    .onConflict((oc) => oc.column('lsoa').doNothing())
    .execute();
}

export interface UnmetNeedSpec {
  referralId: string;
  need: string;
  kind: string;
  barrier?: string | null;
  lsoa?: string | null;
  note?: string | null;
  createdAt: string;
}

/** Unmet needs straight into the table (one insert), each with the time the test chose. */
export async function insertUnmetNeeds(deps: ServiceDeps, specs: readonly UnmetNeedSpec[]): Promise<string[]> {
  if (specs.length === 0) return [];
  const rows = specs.map((u) => ({
    id: newId(),
    referral_id: u.referralId,
    need: u.need,
    kind: u.kind,
    barrier: u.barrier ?? null,
    lsoa: u.lsoa ?? null,
    note: u.note ?? null,
    created_by: 'test',
    created_at: u.createdAt,
  }));
  await deps.db.insertInto('unmet_need').values(rows).execute();
  return rows.map((r) => r.id);
}

export interface CommunityReferralSpec {
  referralId: string;
  serviceId: string;
  kind?: 'refer' | 'signpost';
  status: string;
  sentAt: string;
  respondedAt?: string | null;
  declineReason?: string | null;
  /** When the row last changed (defaults to the response, else the sending). */
  updatedAt?: string;
}

/** A community referral or signpost straight into the table, with every date the test chose. */
export async function insertCommunityReferral(deps: ServiceDeps, c: CommunityReferralSpec): Promise<string> {
  const id = newId();
  await deps.db
    .insertInto('community_referral')
    .values({
      id,
      referral_id: c.referralId,
      service_id: c.serviceId,
      kind: c.kind ?? 'refer',
      status: c.status,
      need: null,
      reason_text: null,
      decline_reason: c.declineReason ?? null,
      sent_at: c.sentAt,
      responded_at: c.respondedAt ?? null,
      expires_at: null,
      created_by: 'test',
      updated_at: c.updatedAt ?? c.respondedAt ?? c.sentAt,
      version: 1,
      match_id: null,
      match_rank: null,
    })
    .execute();
  return id;
}

/** One list extract straight into the tables: age × sex rows or LSOA (ALL-sex) rows. */
export async function insertListExtract(
  deps: ServiceDeps,
  kind: 'age_sex' | 'lsoa',
  extractDate: string,
  rows: { practiceOds: string; sex?: 'M' | 'F'; ageBand?: string; lsoa?: string; patients: number }[],
): Promise<void> {
  const id = newId();
  const patients = rows.reduce((a, r) => a + r.patients, 0);
  await deps.db
    .insertInto('list_extract')
    .values({
      id,
      kind,
      extract_date: extractDate,
      practices: new Set(rows.map((r) => r.practiceOds)).size,
      rows: rows.length,
      patients,
      imported_at: '2026-11-01T10:00:00.000Z',
      imported_by: 'test',
    })
    .execute();
  for (const r of rows) {
    if (kind === 'age_sex') {
      await deps.db
        .insertInto('list_age_sex')
        .values({ extract_id: id, practice_ods: r.practiceOds, sex: r.sex ?? 'F', age_band: r.ageBand ?? '0-4', patients: r.patients })
        .execute();
    } else {
      await deps.db
        .insertInto('list_lsoa')
        .values({ extract_id: id, practice_ods: r.practiceOds, lsoa: r.lsoa ?? 'E01000000', sex: 'ALL', patients: r.patients })
        .execute();
    }
  }
}

/** A postcode in an LSOA of the given IMD decile (geo tables), with optional Census ethnicity shares per 10,000. */
export async function insertArea(deps: ServiceDeps, postcode: string, lsoa: string, decile: number, ethnicity: Record<string, number> = {}): Promise<void> {
  await deps.db.insertInto('geo_lsoa').values({ lsoa, imd_decile: decile, imd_rank: null }).execute();
  await deps.db.insertInto('geo_postcode').values({ postcode, lsoa, latitude: 53.7, longitude: -1.86, terminated: 0 }).execute();
  for (const [group, per10000] of Object.entries(ethnicity)) {
    await deps.db.insertInto('geo_lsoa_ethnicity').values({ lsoa, ethnic_group: group, per_10000: per10000, source: 'test' }).execute();
  }
}

/** An outcome score (a primary-score instrument such as UCLA3) at one timepoint of an episode. */
export async function insertOutcomeScore(
  deps: ServiceDeps,
  o: { referralId: string; personId: string; instrumentCode: string; timepoint: 'baseline' | 'review' | 'final'; administeredOn: string; score: number },
): Promise<void> {
  await deps.db
    .insertInto('outcome_administration')
    .values({
      id: newId(),
      referral_id: o.referralId,
      person_id: o.personId,
      instrument_code: o.instrumentCode,
      instrument_version: '1',
      timepoint: o.timepoint,
      mode: 'face_to_face',
      administered_on: o.administeredOn,
      answers: '{}',
      scores: JSON.stringify({ primary: o.score }),
      primary_score: o.score,
      recorded_by: null,
      created_at: `${o.administeredOn}T12:00:00.000Z`,
    })
    .execute();
}
