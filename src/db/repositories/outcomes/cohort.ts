import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../schema.ts';
import { orgIdsInScope } from '../scope/organisation-scope.ts';

// The rows behind the cohort outcome analysis (src/services/outcomes/analyse-outcomes.ts). Aggregate use:
// only scores, timepoints and dates leave this module — never names or identifiers of people.
// Portable: plain comparisons on ISO text, LIKE on the JSON text of needs (then checked in code).

type Tx = Transaction<DB> | Kysely<DB>;

/** Whose organisations bound the cohort: a user's scope, or everything (null: the command-line operator). */
export interface CohortScope {
  userId: string | null;
}

export interface CohortFilters {
  instrumentCode: string;
  /**
   * The period is the date the case was accepted (support started; the referral's creation date
   * when it was never accepted), inclusive, YYYY-MM-DD. Every administration of such a case
   * counts, whatever its own date, so follow-ups taken after the period ends are not lost.
   */
  from?: string | undefined;
  to?: string | undefined;
  pcnId?: string | undefined;
  practiceId?: string | undefined;
  linkWorkerId?: string | undefined;
  need?: string | undefined;
}

export interface CohortAdministrationRow {
  referralId: string;
  timepoint: string;
  administeredOn: string;
  createdAt: string;
  primaryScore: number | null;
  /** The scored result as stored (JSON text); the caller reads per-item values from it. */
  scores: string;
}

/** The day after a YYYY-MM-DD date, for an exclusive upper bound on ISO timestamps. */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Every administration of the instrument on cases in scope that match the filters. */
export async function listCohortAdministrations(tx: Tx, scope: CohortScope, f: CohortFilters): Promise<CohortAdministrationRow[]> {
  let q = tx
    .selectFrom('outcome_administration as oa')
    .innerJoin('referral as r', 'r.id', 'oa.referral_id')
    .select([
      'oa.referral_id as referralId',
      'oa.timepoint',
      'oa.administered_on as administeredOn',
      'oa.created_at as createdAt',
      'oa.primary_score as primaryScore',
      'oa.scores',
      'r.needs',
    ])
    .where('oa.instrument_code', '=', f.instrumentCode);
  if (scope.userId !== null) q = q.where('r.practice_id', 'in', orgIdsInScope(tx, scope.userId));
  if (f.practiceId !== undefined) q = q.where('r.practice_id', '=', f.practiceId);
  if (f.pcnId !== undefined) {
    const pcnId = f.pcnId;
    q = q.where('r.practice_id', 'in', (eb) => eb.selectFrom('organisation').select('id').where('parent_id', '=', pcnId));
  }
  if (f.linkWorkerId !== undefined) q = q.where('r.link_worker_id', '=', f.linkWorkerId);
  if (f.from !== undefined) {
    const from = f.from;
    q = q.where((eb) => eb(eb.fn.coalesce('r.accepted_at', 'r.created_at'), '>=', from));
  }
  if (f.to !== undefined) {
    const before = nextDay(f.to);
    q = q.where((eb) => eb(eb.fn.coalesce('r.accepted_at', 'r.created_at'), '<', before));
  }
  // LIKE on the JSON text narrows in SQL ('_' in a code is a LIKE wildcard, so it may over-match);
  // the exact membership test is done on the parsed array below.
  if (f.need !== undefined) q = q.where('r.needs', 'like', `%"${f.need}"%`);
  const rows = await q.orderBy('oa.referral_id').orderBy('oa.administered_on').orderBy('oa.created_at').execute();
  const need = f.need;
  return rows
    .filter((r) => need === undefined || parseNeeds(r.needs).includes(need))
    .map((r) => ({
      referralId: r.referralId,
      timepoint: r.timepoint,
      administeredOn: r.administeredOn,
      createdAt: r.createdAt,
      // PostgreSQL may hand REAL back as a string through some drivers; normalise here.
      primaryScore: r.primaryScore === null ? null : Number(r.primaryScore),
      scores: r.scores,
    }));
}

function parseNeeds(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export interface CohortOrganisation {
  id: string;
  kind: string;
  name: string;
  parentId: string | null;
}

/** The PCNs and practices the scope covers (for the filters, and to check a filter is in scope). */
export async function listCohortOrganisations(tx: Tx, scope: CohortScope): Promise<CohortOrganisation[]> {
  let q = tx.selectFrom('organisation').select(['id', 'kind', 'name', 'parent_id as parentId']).where('kind', 'in', ['pcn', 'practice']);
  if (scope.userId !== null) q = q.where('id', 'in', orgIdsInScope(tx, scope.userId));
  return q.orderBy('kind').orderBy('name').execute();
}

export interface CohortLinkWorker {
  id: string;
  name: string;
}

/** Link workers allocated to cases in scope (staff, for the link-worker filter). */
export async function listCohortLinkWorkers(tx: Tx, scope: CohortScope): Promise<CohortLinkWorker[]> {
  let q = tx
    .selectFrom('app_user as u')
    .select(['u.id', 'u.display_name as name'])
    .where('u.id', 'in', (eb) => {
      let sub = eb.selectFrom('referral as r').select('r.link_worker_id').where('r.link_worker_id', 'is not', null);
      if (scope.userId !== null) sub = sub.where('r.practice_id', 'in', orgIdsInScope(tx, scope.userId));
      return sub.$narrowType<{ link_worker_id: string }>();
    });
  q = q.orderBy('u.display_name');
  return q.execute();
}
