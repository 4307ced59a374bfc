import { type Kysely } from 'kysely';
import type { NeedCode } from '../../../domain/needs.ts';
import type { UnmetBarrier, UnmetNeedKind } from '../../../domain/unmet-need.ts';
import type { DB } from '../../schema.ts';

// ---- unmet need ----

export interface UnmetNeedRecord {
  id: string;
  need: NeedCode;
  kind: UnmetNeedKind;
  barrier: UnmetBarrier | null;
  lsoa: string | null;
  note: string | null;
  createdAt: string;
}

/** The person's small area (LSOA) through their postcode, if known. */
export async function findPersonLsoa(db: Kysely<DB>, personId: string): Promise<string | null> {
  const r = await db
    .selectFrom('person as p')
    .leftJoin('geo_postcode as g', 'g.postcode', 'p.postcode')
    .select('g.lsoa')
    .where('p.id', '=', personId)
    .executeTakeFirst();
  return r?.lsoa ?? null;
}

export async function insertUnmetNeed(
  db: Kysely<DB>,
  u: {
    id: string;
    referralId: string;
    need: NeedCode;
    kind: UnmetNeedKind;
    barrier: UnmetBarrier | null;
    lsoa: string | null;
    note: string | null;
    createdBy: string;
  },
  at: string,
): Promise<UnmetNeedRecord> {
  await db
    .insertInto('unmet_need')
    .values({
      id: u.id,
      referral_id: u.referralId,
      need: u.need,
      kind: u.kind,
      barrier: u.barrier,
      lsoa: u.lsoa,
      note: u.note,
      created_by: u.createdBy,
      created_at: at,
    })
    .execute();
  return { id: u.id, need: u.need, kind: u.kind, barrier: u.barrier, lsoa: u.lsoa, note: u.note, createdAt: at };
}

export async function listUnmetNeeds(db: Kysely<DB>, referralId: string): Promise<UnmetNeedRecord[]> {
  const rows = await db.selectFrom('unmet_need').selectAll().where('referral_id', '=', referralId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    need: r.need as NeedCode,
    kind: r.kind as UnmetNeedKind,
    barrier: r.barrier as UnmetBarrier | null,
    lsoa: r.lsoa,
    note: r.note,
    createdAt: r.created_at,
  }));
}
