import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../schema.ts';
import { toWorkRecord, type WorkRecordRecord } from '../cases/work.ts';

type Tx = Transaction<DB> | Kysely<DB>;

// The work report (K1–K5): episodes received in the period at the practices in scope, the work
// part of each one's current plan, its community referrals to services meeting the `employment`
// need, and, for the fit notes before and after, the practices' own extracts matched by NHS
// number. Aggregate use only: ids and NHS numbers are read to join and count, never returned by
// the report. Portable: plain comparisons on ISO text; the arithmetic is done in code.

const CHUNK = 500;
const chunks = <T>(xs: readonly T[]): T[][] => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

export interface WorkEpisodeRow {
  id: string;
  personId: string;
  practiceId: string;
  nhsNumber: string | null;
  createdAt: string;
  /** The current (highest) plan version's work goal and barriers; null without a plan or an answer. */
  workGoal: string | null;
  workBarriers: string | null;
  hasPlan: boolean;
}

export interface WorkWindow {
  practiceIds: readonly string[];
  /** Received (referral.created_at) in [startUtc, endUtc). */
  startUtc: string;
  endUtc: string;
}

/** The episodes of the window (referral_practice_created_id_idx), for joining what hangs off them. */
const episodesIn = (tx: Tx, w: WorkWindow) =>
  tx
    .selectFrom('referral as r')
    .where('r.practice_id', 'in', [...w.practiceIds])
    .where('r.created_at', '>=', w.startUtc)
    .where('r.created_at', '<', w.endUtc);

/** Episodes received in the window at the practices, with their current plan's work part. */
export async function listWorkEpisodes(tx: Tx, w: WorkWindow): Promise<WorkEpisodeRow[]> {
  if (w.practiceIds.length === 0) return [];
  const episodes = await episodesIn(tx, w)
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .select(['r.id', 'r.person_id as personId', 'r.practice_id as practiceId', 'p.nhs_number as nhsNumber', 'r.created_at as createdAt'])
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
  // Every plan version of those episodes in one join; the highest version is current.
  const rows = await episodesIn(tx, w)
    .innerJoin('plan_version as pv', 'pv.referral_id', 'r.id')
    .select(['pv.referral_id', 'pv.version', 'pv.work_goal', 'pv.work_barriers'])
    .execute();
  const plans = new Map<string, { version: number; goal: string | null; barriers: string | null }>();
  for (const r of rows) {
    const v = Number(r.version);
    if ((plans.get(r.referral_id)?.version ?? 0) < v) plans.set(r.referral_id, { version: v, goal: r.work_goal, barriers: r.work_barriers });
  }
  return episodes.map((e) => {
    const p = plans.get(e.id);
    return { ...e, workGoal: p?.goal ?? null, workBarriers: p?.barriers ?? null, hasPlan: p !== undefined };
  });
}

export interface EmploymentReferralRow {
  referralId: string;
  status: string;
}

/** The work records of the window's episodes, by episode id. */
export async function listWindowWorkRecords(tx: Tx, w: WorkWindow): Promise<Map<string, WorkRecordRecord[]>> {
  const out = new Map<string, WorkRecordRecord[]>();
  if (w.practiceIds.length === 0) return out;
  const rows = await episodesIn(tx, w)
    .innerJoin('work_record as wr', 'wr.referral_id', 'r.id')
    .select([
      'wr.id',
      'wr.referral_id',
      'wr.stage',
      'wr.follow_up_weeks',
      'wr.recorded_at',
      'wr.employment_status',
      'wr.off_sick_since',
      'wr.fit_note_state',
      'wr.adjustments',
      'wr.in_work',
      'wr.returned_to_work_on',
      'wr.movement',
      'wr.version',
    ])
    .execute();
  for (const r of rows) (out.get(r.referral_id) ?? out.set(r.referral_id, []).get(r.referral_id))?.push(toWorkRecord(r));
  return out;
}

/** Community referrals (not signposts) from the window's episodes to services whose needs include `employment`, sent any time. */
export async function listEmploymentReferrals(tx: Tx, w: WorkWindow): Promise<EmploymentReferralRow[]> {
  if (w.practiceIds.length === 0) return [];
  // The services meeting the employment need first (few), then only referrals to them.
  const services = (await tx.selectFrom('service').select(['id', 'needs']).where('needs', 'like', '%"employment"%').execute()).filter((s) =>
    needsInclude(s.needs, 'employment'),
  );
  if (services.length === 0) return [];
  const out: EmploymentReferralRow[] = [];
  for (const ids of chunks(services.map((s) => s.id))) {
    const rows = await episodesIn(tx, w)
      .innerJoin('community_referral as c', 'c.referral_id', 'r.id')
      .select(['c.referral_id as referralId', 'c.status', 'c.kind'])
      .where('c.service_id', 'in', ids)
      .execute();
    for (const r of rows) if (r.kind !== 'signpost' && r.status !== 'signposted') out.push({ referralId: r.referralId, status: r.status });
  }
  return out;
}

function needsInclude(text: string, need: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) && v.includes(need);
  } catch {
    return false;
  }
}

export interface PracticeFitNotes {
  /** The extract the person was found in: its date bounds what can be seen after the referral. */
  extractDate: string;
  /** Dates of the person's fit notes in that extract. */
  fitNotes: string[];
}

/**
 * Fit notes from the current (latest) extract of each practice, for the NHS numbers given, by NHS
 * number. A person not in any current extract is absent. Empty when no practice data is loaded.
 */
export async function listPracticeFitNotes(tx: Tx, practiceIds: readonly string[], nhsNumbers: readonly string[]): Promise<Map<string, PracticeFitNotes>> {
  const out = new Map<string, PracticeFitNotes>();
  if (practiceIds.length === 0 || nhsNumbers.length === 0) return out;
  const extracts = await tx
    .selectFrom('practice_extract')
    .select(['id', 'practice_id', 'extract_date'])
    .where('practice_id', 'in', [...practiceIds])
    .execute();
  const current = new Map<string, { id: string; date: string }>();
  for (const e of extracts) if ((current.get(e.practice_id)?.date ?? '') < e.extract_date) current.set(e.practice_id, { id: e.id, date: e.extract_date });
  if (current.size === 0) return out;
  const extractDate = new Map([...current.values()].map((e) => [e.id, e.date]));
  const people = new Map<string, { nhsNumber: string; extractDate: string }>();
  for (const ids of chunks([...new Set(nhsNumbers)])) {
    const rows = await tx
      .selectFrom('practice_person')
      .select(['id', 'nhs_number', 'extract_id'])
      .where('extract_id', 'in', [...extractDate.keys()])
      .where('nhs_number', 'in', ids)
      .orderBy('id')
      .execute();
    for (const r of rows) {
      if (out.has(r.nhs_number)) continue;
      const date = extractDate.get(r.extract_id) ?? '';
      people.set(r.id, { nhsNumber: r.nhs_number, extractDate: date });
      out.set(r.nhs_number, { extractDate: date, fitNotes: [] });
    }
  }
  for (const ids of chunks([...people.keys()])) {
    const rows = await tx.selectFrom('practice_event').select(['person_id', 'date']).where('person_id', 'in', ids).where('kind', '=', 'fit_note').execute();
    for (const r of rows) {
      const p = people.get(r.person_id);
      if (p !== undefined) out.get(p.nhsNumber)?.fitNotes.push(r.date);
    }
  }
  return out;
}
