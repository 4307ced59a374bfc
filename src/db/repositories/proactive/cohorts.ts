import type { Kysely } from 'kysely';
import type { DB } from '../../schema.ts';
import { fromDbBool } from '../../values.ts';
import { orgIdsInScope } from '../scope/organisation-scope.ts';

/** Who is asking: everything (the command-line operator) or the practices a user covers. */
export type CohortScope = { all: true } | { userId: string };

/** A practice's current extract: its latest extract date. */
export interface CurrentExtract {
  extractId: string;
  practiceId: string;
  ods: string | null;
  practiceName: string;
  extractDate: string;
}

/** The current extract of each practice in scope (one practice's when `ods` is given), by ODS code. */
export async function listCurrentExtracts(db: Kysely<DB>, scope: CohortScope, ods?: string): Promise<CurrentExtract[]> {
  let q = db
    .selectFrom('practice_extract as e')
    .innerJoin('organisation as o', 'o.id', 'e.practice_id')
    .select(['e.id', 'e.practice_id', 'e.extract_date', 'o.ods_code', 'o.name'])
    .where('e.extract_date', '=', (eb) =>
      eb
        .selectFrom('practice_extract as e2')
        .select((e2) => e2.fn.max('e2.extract_date').as('d'))
        .whereRef('e2.practice_id', '=', 'e.practice_id'),
    );
  if (!('all' in scope)) q = q.where('e.practice_id', 'in', orgIdsInScope(db, scope.userId));
  if (ods !== undefined) q = q.where('o.ods_code', '=', ods);
  const rows = await q.orderBy('o.ods_code').orderBy('e.practice_id').execute();
  return rows.map((r) => ({ extractId: r.id, practiceId: r.practice_id, ods: r.ods_code, practiceName: r.name, extractDate: r.extract_date }));
}

/** One person of an extract with what the rules need, aggregated in SQL (fit notes listed apart). */
export interface CohortPersonRow {
  id: string;
  nhsNumber: string;
  dateOfBirth: string;
  sex: string;
  ethnicity: string | null;
  ltcRegisters: string[];
  ltcCount: number;
  palliative: boolean;
  doNotContact: boolean;
  imdDecile: number | null;
  clinicalAppointments: number;
  lastHealthCheck: string | null;
  lastDeclined: string | null;
  lastReferral: string | null;
}

export interface FeatureWindows {
  asOf: string;
  /** Appointments after this date count for FA-1 (exclusive). */
  appointmentsAfter: string;
  /** Health checks, declines and referrals after this date are read (exclusive): the longest of their windows. */
  markersAfter: string;
}

/**
 * Everyone in one extract with their aggregates: attended clinical appointments (every role but
 * the link worker's) in the FA-1 window, and the latest health check, decline and referral. Two
 * GROUP BY queries over practice_event, each a range of practice_event_cohort_idx
 * (extract_id, kind, person_id, date, role), joined to the people in the application (by person id).
 */
export async function listCohortPeople(db: Kysely<DB>, extractId: string, w: FeatureWindows): Promise<CohortPersonRow[]> {
  const [people, appointments, markers] = await Promise.all([
    db
      .selectFrom('practice_person as p')
      .leftJoin('geo_lsoa as l', 'l.lsoa', 'p.lsoa')
      .select([
        'p.id',
        'p.nhs_number',
        'p.date_of_birth',
        'p.sex',
        'p.ethnicity',
        'p.ltc_registers',
        'p.ltc_count',
        'p.palliative',
        'p.do_not_contact',
        'l.imd_decile',
      ])
      .where('p.extract_id', '=', extractId)
      .execute(),
    // The window and role are tested inside the aggregate, not in WHERE: then the only usable
    // index is practice_event_cohort_idx (extract_id, kind, person_id, date, role), which covers the
    // query and is already in GROUP BY order. With the date range in WHERE, SQLite sometimes chose
    // the (extract_id, kind, date) index with a table lookup per row, or a skip-scan of the person
    // index: 1–3 s per practice instead of 0.1 s (docs/design/proactive.md).
    db
      .selectFrom('practice_event')
      .select((eb) => [
        'person_id',
        eb.fn
          .sum<number | string>(
            eb
              .case()
              .when(eb.and([eb('date', '>', w.appointmentsAfter), eb('date', '<=', w.asOf), eb.or([eb('role', 'is', null), eb('role', '!=', 'link_worker')])]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('n'),
      ])
      .where('extract_id', '=', extractId)
      .where('kind', '=', 'appointment')
      .groupBy('person_id')
      .execute(),
    db
      .selectFrom('practice_event')
      .select((eb) => [
        'person_id',
        eb.fn.max(eb.case().when('kind', '=', 'health_check').then(eb.ref('date')).end()).as('hc'),
        eb.fn.max(eb.case().when('kind', '=', 'sp_declined').then(eb.ref('date')).end()).as('declined'),
        eb.fn.max(eb.case().when('kind', '=', 'sp_referral').then(eb.ref('date')).end()).as('referral'),
      ])
      .where('extract_id', '=', extractId)
      .where('kind', 'in', ['health_check', 'sp_declined', 'sp_referral'])
      .where('date', '>', w.markersAfter)
      .where('date', '<=', w.asOf)
      .groupBy('person_id')
      .execute(),
  ]);
  const appts = new Map(appointments.map((a) => [a.person_id, Number(a.n)]));
  const mark = new Map(markers.map((m) => [m.person_id, m]));
  return people.map((p) => {
    const m = mark.get(p.id);
    return {
      id: p.id,
      nhsNumber: p.nhs_number,
      dateOfBirth: p.date_of_birth,
      sex: p.sex,
      ethnicity: p.ethnicity,
      ltcRegisters: p.ltc_registers === '' ? [] : p.ltc_registers.split(';'),
      ltcCount: Number(p.ltc_count),
      palliative: fromDbBool(p.palliative),
      doNotContact: fromDbBool(p.do_not_contact),
      imdDecile: p.imd_decile === null ? null : Number(p.imd_decile),
      clinicalAppointments: appts.get(p.id) ?? 0,
      lastHealthCheck: m?.hc ?? null,
      lastDeclined: m?.declined ?? null,
      lastReferral: m?.referral ?? null,
    };
  });
}

/** Fit notes issued in (after, asOf] in one extract, by person id. */
export async function listFitNotes(
  db: Kysely<DB>,
  extractId: string,
  after: string,
  asOf: string,
): Promise<Map<string, { date: string; endDate: string | null }[]>> {
  const rows = await db
    .selectFrom('practice_event')
    .select(['person_id', 'date', 'end_date'])
    .where('extract_id', '=', extractId)
    .where('kind', '=', 'fit_note')
    .where('date', '>', after)
    .where('date', '<=', asOf)
    .execute();
  const out = new Map<string, { date: string; endDate: string | null }[]>();
  for (const r of rows) {
    let list = out.get(r.person_id);
    if (list === undefined) out.set(r.person_id, (list = []));
    list.push({ date: r.date, endDate: r.end_date });
  }
  return out;
}

/**
 * NHS numbers of the extract's people who are already open to social prescribing in Linkwork (a
 * referral in one of `statuses` for a person with that NHS number, at any practice), and those on
 * the practice's outreach opt-out list.
 */
export async function listLinkworkExclusions(
  db: Kysely<DB>,
  extract: { extractId: string; practiceId: string },
  openStatuses: readonly string[],
): Promise<{ openCase: Set<string>; optedOut: Set<string> }> {
  const [open, opted] = await Promise.all([
    db
      .selectFrom('referral as r')
      .innerJoin('person as per', 'per.id', 'r.person_id')
      .select('per.nhs_number')
      .distinct()
      .where('r.status', 'in', [...openStatuses])
      .where('per.nhs_number', 'in', (eb) => eb.selectFrom('practice_person as pp').select('pp.nhs_number').where('pp.extract_id', '=', extract.extractId))
      .execute(),
    db.selectFrom('outreach_opt_out').select('nhs_number').where('practice_id', '=', extract.practiceId).execute(),
  ]);
  return {
    openCase: new Set(open.flatMap((r) => (r.nhs_number === null ? [] : [r.nhs_number]))),
    optedOut: new Set(opted.map((r) => r.nhs_number)),
  };
}

export interface NewCohortRun {
  id: string;
  createdAt: string;
  createdBy: string;
  rulesVersion: string;
  rules: string;
  practices: { id: string; ods: string | null; extractDate: string }[];
  people: number;
  fairness: string;
  blocked: boolean;
}

export interface NewCohortMember {
  practicePersonId: string;
  practiceId: string;
  nhsNumber: string;
  rules: string[];
  score: number;
  reasons: string;
  age: number;
  sex: string;
}

// 10 values a row: 3,000 rows stay under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
const MEMBER_BATCH = 3_000;

/** Saves a run, the practices it read and its members. */
export async function insertCohortRun(db: Kysely<DB>, run: NewCohortRun, members: readonly NewCohortMember[]): Promise<void> {
  await db
    .insertInto('cohort_run')
    .values({
      id: run.id,
      created_at: run.createdAt,
      created_by: run.createdBy,
      rules_version: run.rulesVersion,
      rules: run.rules,
      practice_ids: JSON.stringify(run.practices),
      people: run.people,
      fairness: run.fairness,
      blocked: run.blocked ? 1 : 0,
      fairness_reason: null,
      fairness_reason_by: null,
      fairness_reason_at: null,
    })
    .execute();
  if (run.practices.length > 0)
    await db
      .insertInto('cohort_run_practice')
      .values(run.practices.map((p) => ({ run_id: run.id, practice_id: p.id })))
      .execute();
  for (let i = 0; i < members.length; i += MEMBER_BATCH)
    await db
      .insertInto('cohort_member')
      .values(
        members.slice(i, i + MEMBER_BATCH).map((m) => ({
          run_id: run.id,
          practice_person_id: m.practicePersonId,
          practice_id: m.practiceId,
          nhs_number: m.nhsNumber,
          rules: m.rules.join(';'),
          score: m.score,
          reasons: m.reasons,
          age: m.age,
          sex: m.sex,
        })),
      )
      .execute();
}

export interface CohortRunRecord {
  id: string;
  createdAt: string;
  createdBy: string;
  rulesVersion: string;
  rules: string;
  practices: string;
  people: number;
  fairness: string;
  blocked: boolean;
  fairnessReason: string | null;
  fairnessReasonBy: string | null;
  fairnessReasonAt: string | null;
}

/** Runs a user may see: every practice the run read is in their scope. */
function visibleRuns(db: Kysely<DB>, scope: CohortScope) {
  const q = db.selectFrom('cohort_run as r').selectAll('r');
  if ('all' in scope) return q;
  return q.where((eb) =>
    eb.not(
      eb.exists(
        eb
          .selectFrom('cohort_run_practice as rp')
          .select('rp.practice_id')
          .whereRef('rp.run_id', '=', 'r.id')
          .where('rp.practice_id', 'not in', orgIdsInScope(db, scope.userId)),
      ),
    ),
  );
}

type RunRow = DB['cohort_run'];
const toRun = (r: RunRow): CohortRunRecord => ({
  id: r.id,
  createdAt: r.created_at,
  createdBy: r.created_by,
  rulesVersion: r.rules_version,
  rules: r.rules,
  practices: r.practice_ids,
  people: Number(r.people),
  fairness: r.fairness,
  blocked: fromDbBool(r.blocked),
  fairnessReason: r.fairness_reason,
  fairnessReasonBy: r.fairness_reason_by,
  fairnessReasonAt: r.fairness_reason_at,
});

/** A run in scope, or undefined (also when it exists outside scope). */
export async function findCohortRun(db: Kysely<DB>, id: string, scope: CohortScope): Promise<CohortRunRecord | undefined> {
  const r = await visibleRuns(db, scope).where('r.id', '=', id).executeTakeFirst();
  return r === undefined ? undefined : toRun(r);
}

/** Runs in scope, newest first. */
export async function listCohortRuns(db: Kysely<DB>, scope: CohortScope, limit: number): Promise<CohortRunRecord[]> {
  const rows = await visibleRuns(db, scope).orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(limit).execute();
  return rows.map(toRun);
}

export interface CohortMemberRecord {
  practicePersonId: string;
  practiceId: string;
  practiceOds: string | null;
  nhsNumber: string;
  rules: string[];
  score: number;
  reasons: string;
  age: number;
  sex: string;
}

/** A run's members, highest score first (then by practice and NHS number, so the order is stable). */
export async function listCohortMembers(db: Kysely<DB>, runId: string): Promise<CohortMemberRecord[]> {
  const rows = await db
    .selectFrom('cohort_member as m')
    .innerJoin('organisation as o', 'o.id', 'm.practice_id')
    .select(['m.practice_person_id', 'm.practice_id', 'o.ods_code', 'm.nhs_number', 'm.rules', 'm.score', 'm.reasons', 'm.age', 'm.sex'])
    .where('m.run_id', '=', runId)
    .orderBy('m.score', 'desc')
    .orderBy('o.ods_code')
    .orderBy('m.nhs_number')
    .execute();
  return rows.map((r) => ({
    practicePersonId: r.practice_person_id,
    practiceId: r.practice_id,
    practiceOds: r.ods_code,
    nhsNumber: r.nhs_number,
    rules: r.rules === '' ? [] : r.rules.split(';'),
    score: Number(r.score),
    reasons: r.reasons,
    age: Number(r.age),
    sex: r.sex,
  }));
}

/** Records the fairness reason and unblocks the run, only if it has none yet; true when it was written. */
export async function recordFairnessReason(db: Kysely<DB>, id: string, reason: { text: string; by: string; at: string }): Promise<boolean> {
  const r = await db
    .updateTable('cohort_run')
    .set({ fairness_reason: reason.text, fairness_reason_by: reason.by, fairness_reason_at: reason.at, blocked: 0 })
    .where('id', '=', id)
    .where('fairness_reason', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
