import type { Kysely } from 'kysely';
import type { DB } from '../../schema.ts';

/**
 * Outreach for the `proactive` report (P1, P2): one row per outreach started in the period at the
 * practices in scope, with the groups it is counted under (from the practice data) and how far the
 * referral it became got. Aggregate use only: no NHS number leaves this module.
 */
export interface OutreachFigureRow {
  state: string;
  reviewOutcome: string | null;
  attempts: number;
  respondedAt: string | null;
  declineCode: string | null;
  createdAt: string;
  dateOfBirth: string | null;
  /** male | female | other | unknown (the practice data's, or the cohort member's when the extract is gone) */
  sex: string | null;
  /** NHS ethnic category letter, null when not stated */
  ethnicity: string | null;
  imdDecile: number | null;
  /** The referral it became had a successful contact (or a recorded first contact). */
  firstContact: boolean;
  /** A "what matters" conversation was held on that referral (as the pathway's F1 defines engaged). */
  engaged: boolean;
}

export interface OutreachWindow {
  practiceIds: readonly string[];
  startUtc: string;
  endUtc: string;
}

export async function listOutreachFigureRows(db: Kysely<DB>, w: OutreachWindow): Promise<OutreachFigureRow[]> {
  if (w.practiceIds.length === 0) return [];
  const rows = await db
    .selectFrom('outreach as o')
    .leftJoin('practice_person as pp', 'pp.id', 'o.practice_person_id')
    .leftJoin('cohort_member as m', (j) => j.onRef('m.run_id', '=', 'o.run_id').onRef('m.practice_person_id', '=', 'o.practice_person_id'))
    .leftJoin('geo_lsoa as l', 'l.lsoa', 'pp.lsoa')
    .leftJoin('referral as r', 'r.id', 'o.referral_id')
    .select((eb) => [
      'o.state',
      'o.review_outcome',
      'o.attempts',
      'o.responded_at',
      'o.decline_code',
      'o.created_at',
      'pp.date_of_birth',
      'pp.sex',
      'm.sex as member_sex',
      'pp.ethnicity',
      'l.imd_decile',
      'r.first_contact_at',
      eb.exists(eb.selectFrom('contact as c').select('c.id').whereRef('c.referral_id', '=', 'o.referral_id').where('c.successful', '=', 1)).as('contacted'),
      eb.exists(eb.selectFrom('conversation as cv').select('cv.referral_id').whereRef('cv.referral_id', '=', 'o.referral_id')).as('conversation'),
    ])
    .where('o.practice_id', 'in', [...w.practiceIds])
    .where('o.created_at', '>=', w.startUtc)
    .where('o.created_at', '<', w.endUtc)
    .orderBy('o.created_at')
    .orderBy('o.id')
    .execute();
  const yes = (v: unknown) => v === true || v === 1 || v === '1';
  return rows.map((r) => ({
    state: r.state,
    reviewOutcome: r.review_outcome,
    attempts: Number(r.attempts),
    respondedAt: r.responded_at,
    declineCode: r.decline_code,
    createdAt: r.created_at,
    dateOfBirth: r.date_of_birth,
    sex: r.sex ?? r.member_sex,
    ethnicity: r.ethnicity,
    imdDecile: r.imd_decile === null ? null : Number(r.imd_decile),
    firstContact: r.first_contact_at !== null || yes(r.contacted),
    engaged: yes(r.conversation),
  }));
}

/** Invitations sent in the period at the practices in scope, by channel (and how many were easy read). */
export async function countOutreachAttemptsByChannel(db: Kysely<DB>, w: OutreachWindow): Promise<{ channel: string; easyRead: boolean; n: number }[]> {
  if (w.practiceIds.length === 0) return [];
  const rows = await db
    .selectFrom('outreach_attempt as a')
    .innerJoin('outreach as o', 'o.id', 'a.outreach_id')
    .select((eb) => ['a.channel', 'a.easy_read', eb.fn.countAll().as('n')])
    .where('o.practice_id', 'in', [...w.practiceIds])
    .where('a.at', '>=', w.startUtc)
    .where('a.at', '<', w.endUtc)
    .groupBy(['a.channel', 'a.easy_read'])
    .execute();
  return rows.map((r) => ({ channel: r.channel, easyRead: Number(r.easy_read) === 1, n: Number(r.n) }));
}
