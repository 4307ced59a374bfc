import type { Kysely } from 'kysely';
import { nhsNumberCheckDigit } from '../../src/domain/nhs-number.ts';
import type { DB } from '../../src/db/schema.ts';
import { newId } from '../../src/services/kernel/ids.ts';

/** A valid NHS number in the 999 test range, unique per seed (never a real person's). */
export function testNhsNumber(seed: number): string {
  for (let n = seed; ; n++) {
    const nine = `999${String(n).padStart(6, '0')}`;
    const check = nhsNumberCheckDigit(nine);
    if (check !== null) return `${nine}${check}`;
  }
}

export interface PracticePersonSpec {
  key: string;
  nhsNumber: string;
  dateOfBirth: string;
  sex?: 'male' | 'female' | 'other' | 'unknown';
  ethnicity?: string | null;
  postcode?: string | null;
  lsoa?: string | null;
  doNotContact?: boolean;
}

/** A practice extract straight into the tables (the import is helper A's use case); returns practice_person ids by key. */
export async function insertExtract(db: Kysely<DB>, practiceId: string, extractDate: string, people: PracticePersonSpec[]): Promise<Record<string, string>> {
  const extractId = newId();
  await db
    .insertInto('practice_extract')
    .values({
      id: extractId,
      practice_id: practiceId,
      extract_date: extractDate,
      people: people.length,
      events: 0,
      imported_at: `${extractDate}T08:00:00.000Z`,
      imported_by: null,
    })
    .execute();
  const ids: Record<string, string> = {};
  for (const p of people) {
    const id = newId();
    ids[p.key] = id;
    await db
      .insertInto('practice_person')
      .values({
        id,
        extract_id: extractId,
        practice_id: practiceId,
        nhs_number: p.nhsNumber,
        date_of_birth: p.dateOfBirth,
        sex: p.sex ?? 'female',
        ethnicity: p.ethnicity ?? null,
        postcode: p.postcode ?? null,
        lsoa: p.lsoa ?? null,
        ltc_registers: 'DEP;HYP',
        ltc_count: 2,
        palliative: 0,
        do_not_contact: p.doNotContact === true ? 1 : 0,
      })
      .execute();
  }
  return ids;
}

/** A cohort run straight into the tables (the cohort use case is helper B's), with its members. */
export async function insertRun(
  db: Kysely<DB>,
  opts: {
    practiceIds: string[];
    members: { practicePersonId: string; practiceId: string; nhsNumber: string; rules?: string; score?: number; age?: number; sex?: string }[];
    blocked?: boolean;
    fairnessReason?: string | null;
    at?: string;
  },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('cohort_run')
    .values({
      id,
      created_at: opts.at ?? '2026-11-20T09:00:00.000Z',
      created_by: 'system:test',
      rules_version: '1',
      rules: '{}',
      practice_ids: JSON.stringify(opts.practiceIds.map((p) => ({ id: p }))),
      people: opts.members.length,
      fairness: '{}',
      blocked: opts.blocked === true ? 1 : 0,
      fairness_reason: opts.fairnessReason ?? null,
      fairness_reason_by: null,
      fairness_reason_at: null,
    })
    .execute();
  for (const p of opts.practiceIds) await db.insertInto('cohort_run_practice').values({ run_id: id, practice_id: p }).execute();
  for (const m of opts.members) {
    await db
      .insertInto('cohort_member')
      .values({
        run_id: id,
        practice_person_id: m.practicePersonId,
        practice_id: m.practiceId,
        nhs_number: m.nhsNumber,
        rules: m.rules ?? 'FN-1;DEP-1',
        score: m.score ?? 2,
        reasons: '[]',
        age: m.age ?? 45,
        sex: m.sex ?? 'female',
      })
      .execute();
  }
  return id;
}
