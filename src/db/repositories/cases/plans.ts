import { type Kysely } from 'kysely';
import type { PlanGoal } from '../../../domain/plan.ts';
import { isWorkGoal, splitCodes, WORK_BARRIERS, type WorkBarrier, type WorkGoal } from '../../../domain/work.ts';
import type { DB } from '../../schema.ts';
import { type UserRef, parseJsonArray } from './cases.ts';

// ---- plan versions ----

export interface PlanVersionRecord {
  version: number;
  goals: PlanGoal[];
  reviewOn: string | null;
  createdAt: string;
  createdBy: UserRef;
  /** The plan's work part: a goal (or "not a goal now"; null when not asked) and barriers. */
  work: { goal: WorkGoal | null; barriers: WorkBarrier[] };
}

function selectPlanVersions(db: Kysely<DB>, referralId: string) {
  return db
    .selectFrom('plan_version as pv')
    .leftJoin('app_user as u', 'u.id', 'pv.created_by')
    .select(['pv.version', 'pv.goals', 'pv.review_on', 'pv.created_at', 'pv.created_by', 'u.display_name', 'pv.work_goal', 'pv.work_barriers'])
    .where('pv.referral_id', '=', referralId);
}

type PlanRow = Awaited<ReturnType<ReturnType<typeof selectPlanVersions>['executeTakeFirstOrThrow']>>;

const toPlanVersion = (r: PlanRow): PlanVersionRecord => ({
  version: Number(r.version),
  goals: parseJsonArray(r.goals) as PlanGoal[],
  reviewOn: r.review_on,
  createdAt: r.created_at,
  createdBy: { id: r.created_by, displayName: r.display_name },
  work: { goal: r.work_goal !== null && isWorkGoal(r.work_goal) ? r.work_goal : null, barriers: splitCodes(r.work_barriers, WORK_BARRIERS) },
});

/** Every version of a case's plan, newest first. */
export async function listPlanVersions(db: Kysely<DB>, referralId: string): Promise<PlanVersionRecord[]> {
  const rows = await selectPlanVersions(db, referralId).orderBy('pv.version', 'desc').execute();
  return rows.map(toPlanVersion);
}

/** One version, or the current (highest) one when no version is given. */
export async function findPlanVersion(db: Kysely<DB>, referralId: string, version?: number): Promise<PlanVersionRecord | undefined> {
  let q = selectPlanVersions(db, referralId);
  q = version === undefined ? q.orderBy('pv.version', 'desc').limit(1) : q.where('pv.version', '=', version);
  const r = await q.executeTakeFirst();
  return r === undefined ? undefined : toPlanVersion(r);
}

export async function currentPlanVersionNumber(db: Kysely<DB>, referralId: string): Promise<number> {
  const r = await db
    .selectFrom('plan_version')
    .select((eb) => eb.fn.max<number>('version').as('v'))
    .where('referral_id', '=', referralId)
    .executeTakeFirst();
  return r?.v === null || r?.v === undefined ? 0 : Number(r.v);
}

export async function insertPlanVersion(
  db: Kysely<DB>,
  p: {
    id: string;
    referralId: string;
    version: number;
    goals: PlanGoal[];
    reviewOn: string | null;
    createdBy: string;
    work?: { goal: WorkGoal | null; barriers: string | null };
  },
  at: string,
): Promise<void> {
  await db
    .insertInto('plan_version')
    .values({
      id: p.id,
      referral_id: p.referralId,
      version: p.version,
      goals: JSON.stringify(p.goals),
      review_on: p.reviewOn,
      created_at: at,
      created_by: p.createdBy,
      work_goal: p.work?.goal ?? null,
      work_barriers: p.work?.barriers ?? null,
    })
    .execute();
}
