import type { Kysely } from 'kysely';
import type { OutreachState, ReviewOutcome } from '../../../domain/proactive/outreach.ts';
import type { DB } from '../../schema.ts';
import { fromDbBool, toDbBool } from '../../values.ts';
import { orgIdsInScope } from '../scope/organisation-scope.ts';

/**
 * Outreach (issue 12): the worklist rows, their invitations and the opt-out list. Person-level
 * practice data: every read is scoped in SQL to the practices the user covers (`scope`), the
 * command-line operator (`{ all: true }`) sees every practice.
 */
export type OutreachScope = { all: true } | { userId: string };

const OPEN_STATES: OutreachState[] = ['identified', 'cleared', 'invited', 'responded'];

/** An outreach row as the use cases work with it. */
export interface OutreachRecord {
  id: string;
  runId: string;
  practicePersonId: string;
  practiceId: string;
  nhsNumber: string;
  state: OutreachState;
  reviewOutcome: ReviewOutcome | null;
  reviewReason: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  attempts: number;
  lastAttemptAt: string | null;
  channel: string | null;
  language: string | null;
  easyRead: boolean;
  respondedAt: string | null;
  declineCode: string | null;
  referralId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

type Row = DB['outreach'];

function toRecord(r: Row): OutreachRecord {
  return {
    id: r.id,
    runId: r.run_id,
    practicePersonId: r.practice_person_id,
    practiceId: r.practice_id,
    nhsNumber: r.nhs_number,
    state: r.state as OutreachState,
    reviewOutcome: r.review_outcome as ReviewOutcome | null,
    reviewReason: r.review_reason,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
    attempts: Number(r.attempts),
    lastAttemptAt: r.last_attempt_at,
    channel: r.channel,
    language: r.language,
    easyRead: fromDbBool(r.easy_read),
    respondedAt: r.responded_at,
    declineCode: r.decline_code,
    referralId: r.referral_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: Number(r.version),
  };
}

/** The cohort run an outreach starts from. */
export interface OutreachRun {
  id: string;
  blocked: boolean;
  fairnessReason: string | null;
  createdAt: string;
}

/**
 * A cohort run, if the scope may see it: as for cohort runs themselves, only when every practice
 * the run read is one the user covers (cohort_run_practice), so outreach never starts from a run
 * the actor could not open.
 */
export async function findRunForOutreach(db: Kysely<DB>, runId: string, scope: OutreachScope): Promise<OutreachRun | undefined> {
  let q = db.selectFrom('cohort_run as r').select(['r.id', 'r.blocked', 'r.fairness_reason', 'r.created_at']).where('r.id', '=', runId);
  if (!('all' in scope)) {
    const userId = scope.userId;
    q = q.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('cohort_run_practice as rp')
            .select('rp.practice_id')
            .whereRef('rp.run_id', '=', 'r.id')
            .where('rp.practice_id', 'not in', orgIdsInScope(db, userId)),
        ),
      ),
    );
  }
  const run = await q.executeTakeFirst();
  return run === undefined ? undefined : { id: run.id, blocked: fromDbBool(run.blocked), fairnessReason: run.fairness_reason, createdAt: run.created_at };
}

/** A member of a run as start-outreach sees it: why it may have to be skipped. */
export interface RunMemberForOutreach {
  practicePersonId: string;
  practiceId: string;
  nhsNumber: string;
  doNotContact: boolean;
  optedOut: boolean;
  /** Already in this run's outreach. */
  alreadyStarted: boolean;
  /** In an open outreach of another run at the same practice. */
  inOtherOpenRun: boolean;
}

/** The run's members at the practices in scope, each with what start-outreach needs to decide. */
export async function listRunMembersForOutreach(db: Kysely<DB>, runId: string, scope: OutreachScope): Promise<RunMemberForOutreach[]> {
  let q = db
    .selectFrom('cohort_member as m')
    .leftJoin('practice_person as pp', 'pp.id', 'm.practice_person_id')
    .select((eb) => [
      'm.practice_person_id',
      'm.practice_id',
      'm.nhs_number',
      'pp.do_not_contact',
      eb
        .exists(
          eb
            .selectFrom('outreach_opt_out as oo')
            .select('oo.nhs_number')
            .whereRef('oo.nhs_number', '=', 'm.nhs_number')
            .whereRef('oo.practice_id', '=', 'm.practice_id'),
        )
        .as('opted_out'),
      eb
        .exists(eb.selectFrom('outreach as o').select('o.id').where('o.run_id', '=', runId).whereRef('o.practice_person_id', '=', 'm.practice_person_id'))
        .as('already_started'),
      eb
        .exists(
          eb
            .selectFrom('outreach as o2')
            .select('o2.id')
            .where('o2.run_id', '!=', runId)
            .where('o2.state', 'in', OPEN_STATES)
            .whereRef('o2.nhs_number', '=', 'm.nhs_number')
            .whereRef('o2.practice_id', '=', 'm.practice_id'),
        )
        .as('in_other_open_run'),
    ])
    .where('m.run_id', '=', runId);
  if (!('all' in scope)) q = q.where('m.practice_id', 'in', orgIdsInScope(db, scope.userId));
  const rows = await q.orderBy('m.practice_person_id').execute();
  const yes = (v: unknown) => v === true || v === 1 || v === '1' || v === 't';
  return rows.map((r) => ({
    practicePersonId: r.practice_person_id,
    practiceId: r.practice_id,
    nhsNumber: r.nhs_number,
    doNotContact: r.do_not_contact !== null && fromDbBool(r.do_not_contact),
    optedOut: yes(r.opted_out),
    alreadyStarted: yes(r.already_started),
    inOtherOpenRun: yes(r.in_other_open_run),
  }));
}

/** Inserts new outreach rows (state identified); a row already there for the run and person is left alone. */
export async function insertOutreachRows(
  db: Kysely<DB>,
  runId: string,
  members: readonly { id: string; practicePersonId: string; practiceId: string; nhsNumber: string }[],
  at: string,
): Promise<number> {
  let inserted = 0;
  // Chunks keep each statement well under SQLite's and PostgreSQL's bound-parameter limits.
  for (let i = 0; i < members.length; i += 200) {
    const chunk = members.slice(i, i + 200);
    const rows = await db
      .insertInto('outreach')
      .values(
        chunk.map((m) => ({
          id: m.id,
          run_id: runId,
          practice_person_id: m.practicePersonId,
          practice_id: m.practiceId,
          nhs_number: m.nhsNumber,
          state: 'identified',
          review_outcome: null,
          review_reason: null,
          reviewed_by: null,
          reviewed_at: null,
          attempts: 0,
          last_attempt_at: null,
          channel: null,
          language: null,
          easy_read: 0,
          responded_at: null,
          decline_code: null,
          referral_id: null,
          created_at: at,
          updated_at: at,
          version: 1,
        })),
      )
      .onConflict((oc) => oc.columns(['run_id', 'practice_person_id']).doNothing())
      .returning('id')
      .execute();
    inserted += rows.length;
  }
  return inserted;
}

/** An outreach in scope, or undefined (outside scope reads as not there). */
export async function findOutreach(db: Kysely<DB>, id: string, scope: OutreachScope): Promise<OutreachRecord | undefined> {
  let q = db.selectFrom('outreach').selectAll().where('id', '=', id);
  if (!('all' in scope)) q = q.where('practice_id', 'in', orgIdsInScope(db, scope.userId));
  const row = await q.executeTakeFirst();
  return row === undefined ? undefined : toRecord(row);
}

export type OutreachChange = Partial<{
  state: OutreachState;
  review_outcome: string | null;
  review_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  attempts: number;
  last_attempt_at: string | null;
  channel: string | null;
  language: string | null;
  easy_read: number;
  responded_at: string | null;
  decline_code: string | null;
  referral_id: string | null;
}>;

/** Writes a change if the row is still at `version`; false when someone else changed it first. */
export async function updateOutreach(db: Kysely<DB>, id: string, version: number, change: OutreachChange, at: string): Promise<boolean> {
  const r = await db
    .updateTable('outreach')
    .set({ ...change, updated_at: at, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertOutreachAttempt(
  db: Kysely<DB>,
  a: { id: string; outreachId: string; at: string; channel: string; language: string; easyRead: boolean; offer: string; by: string },
): Promise<void> {
  await db
    .insertInto('outreach_attempt')
    .values({
      id: a.id,
      outreach_id: a.outreachId,
      at: a.at,
      channel: a.channel,
      language: a.language,
      easy_read: toDbBool(a.easyRead),
      offer: a.offer,
      by: a.by,
    })
    .execute();
}

/** Adds to the opt-out list (idempotent: the first opt-out is kept). */
export async function insertOptOut(db: Kysely<DB>, o: { nhsNumber: string; practiceId: string; at: string; by: string }): Promise<void> {
  await db
    .insertInto('outreach_opt_out')
    .values({ nhs_number: o.nhsNumber, practice_id: o.practiceId, at: o.at, by: o.by })
    .onConflict((oc) => oc.columns(['nhs_number', 'practice_id']).doNothing())
    .execute();
}

/** What accepting needs from the practice data: the prefilled facts (the extract has no names). */
export interface OutreachPersonFacts {
  dateOfBirth: string;
  sex: string;
  postcode: string | null;
}

export async function findOutreachPersonFacts(db: Kysely<DB>, practicePersonId: string): Promise<OutreachPersonFacts | undefined> {
  const r = await db.selectFrom('practice_person').select(['date_of_birth', 'sex', 'postcode']).where('id', '=', practicePersonId).executeTakeFirst();
  return r === undefined ? undefined : { dateOfBirth: r.date_of_birth, sex: r.sex, postcode: r.postcode };
}

/** A worklist row: the outreach, the practice facts shown (no names: the extract has none) and the cohort's reasons. */
export interface OutreachListRow extends OutreachRecord {
  dateOfBirth: string | null;
  sex: string | null;
  postcode: string | null;
  rules: string[];
  score: number;
  practiceName: string;
  practiceOds: string | null;
  referralReference: string | null;
}

function parseRules(v: string | null): string[] {
  if (v === null || v === '') return [];
  const t = v.trim();
  if (t.startsWith('[')) {
    try {
      const a: unknown = JSON.parse(t);
      return Array.isArray(a) ? a.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  }
  return t
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export interface OutreachListFilter {
  id?: string | undefined;
  runId?: string | undefined;
  states?: readonly OutreachState[] | undefined;
}

/** The outreach rows in scope matching the filter (unsorted: the use case orders by next action). */
export async function listOutreachRows(db: Kysely<DB>, scope: OutreachScope, filter: OutreachListFilter): Promise<OutreachListRow[]> {
  let q = db
    .selectFrom('outreach as o')
    .innerJoin('organisation as org', 'org.id', 'o.practice_id')
    .leftJoin('practice_person as pp', 'pp.id', 'o.practice_person_id')
    .leftJoin('cohort_member as m', (j) => j.onRef('m.run_id', '=', 'o.run_id').onRef('m.practice_person_id', '=', 'o.practice_person_id'))
    .leftJoin('referral as r', 'r.id', 'o.referral_id')
    .selectAll('o')
    .select([
      'pp.date_of_birth',
      'pp.sex',
      'pp.postcode',
      'm.sex as member_sex',
      'm.rules',
      'm.score',
      'org.name as practice_name',
      'org.ods_code as practice_ods',
      'r.reference as referral_reference',
    ]);
  if (!('all' in scope)) q = q.where('o.practice_id', 'in', orgIdsInScope(db, scope.userId));
  if (filter.id !== undefined) q = q.where('o.id', '=', filter.id);
  if (filter.runId !== undefined) q = q.where('o.run_id', '=', filter.runId);
  if (filter.states !== undefined && filter.states.length > 0) q = q.where('o.state', 'in', [...filter.states]);
  const rows = await q.execute();
  return rows.map((r) => ({
    ...toRecord(r),
    dateOfBirth: r.date_of_birth,
    sex: r.sex ?? r.member_sex,
    postcode: r.postcode,
    rules: parseRules(r.rules),
    score: r.score === null ? 0 : Number(r.score),
    practiceName: r.practice_name,
    practiceOds: r.practice_ods,
    referralReference: r.referral_reference,
  }));
}

/** How many outreach rows a run has (at the practices in scope). */
export async function countRunOutreach(db: Kysely<DB>, runId: string, scope: OutreachScope): Promise<number> {
  let q = db
    .selectFrom('outreach')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('run_id', '=', runId);
  if (!('all' in scope)) q = q.where('practice_id', 'in', orgIdsInScope(db, scope.userId));
  const r = await q.executeTakeFirst();
  return Number(r?.n ?? 0);
}
