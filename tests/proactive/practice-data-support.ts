// Fixture files in the practice-data format (docs/design/practice-data.md), for the import tests.
import type { Kysely } from 'kysely';
import { nhsNumberCheckDigit } from '../../src/domain/nhs-number.ts';
import type { DB } from '../../src/db/schema.ts';

export const PEOPLE_HEADER = 'nhs_number,practice_ods,date_of_birth,sex,ethnicity,postcode,ltc_registers,palliative,do_not_contact,extract_date';
export const EVENTS_HEADER = 'nhs_number,date,kind,end_date,fitness,role';

/**
 * The i-th synthetic NHS number of the 999 range NHS England keeps for testing (valid check digit).
 * Of two neighbouring serials at most one has no check digit, so i × 3 onwards never meets i + 1's.
 */
export function testNhs(i: number): string {
  for (let serial = i * 3 + 700_000; ; serial++) {
    const nine = `999${String(serial).padStart(6, '0')}`;
    const check = nhsNumberCheckDigit(nine);
    if (check !== null) return `${nine}${check}`;
  }
}

export interface PersonFixture {
  nhs: string;
  ods: string;
  dob?: string;
  sex?: string;
  ethnicity?: string;
  postcode?: string;
  ltc?: string;
  palliative?: string;
  dnc?: string;
  extractDate?: string;
}

export function personLine(p: PersonFixture): string {
  return [
    p.nhs,
    p.ods,
    p.dob ?? '1975-06-01',
    p.sex ?? 'F',
    p.ethnicity ?? 'A',
    p.postcode ?? '',
    p.ltc ?? '',
    p.palliative ?? 'N',
    p.dnc ?? 'N',
    p.extractDate ?? '2026-11-01',
  ].join(',');
}

export function eventLine(nhs: string, date: string, kind: string, extra: { end?: string; fitness?: string; role?: string } = {}): string {
  return [nhs, date, kind, extra.end ?? '', extra.fitness ?? '', extra.role ?? ''].join(',');
}

/**
 * Everything the practice-data tables hold, in a fixed order: compared before and after a refused
 * import to show it left stored data exactly as it was.
 */
export async function practiceDataSnapshot(db: Kysely<DB>): Promise<unknown> {
  return {
    extracts: await db.selectFrom('practice_extract').selectAll().orderBy('id').execute(),
    people: await db.selectFrom('practice_person').selectAll().orderBy('id').execute(),
    events: await db
      .selectFrom('practice_event')
      .selectAll()
      .orderBy('person_id')
      .orderBy('date')
      .orderBy('kind')
      .orderBy('role')
      .orderBy('end_date')
      .execute(),
  };
}
