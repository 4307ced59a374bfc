import { nhsNumberCheckDigit } from '../../src/domain/nhs-number.ts';
import type { ServiceDeps } from '../../src/services/kernel/context.ts';
import { newId } from '../../src/services/kernel/ids.ts';

// Practice extracts for tests (issue 12): written straight through Kysely, so a cohort, outreach or
// impact test states each person's data by hand and does not depend on the CSV import.

let serial = 0;

/** A valid NHS number in the 999 test range, unique in this test process. */
export function testNhsNumber(): string {
  for (;;) {
    serial += 1;
    const nine = `999${String(serial).padStart(6, '0')}`;
    const check = nhsNumberCheckDigit(nine);
    if (check !== null) return `${nine}${check}`;
  }
}

export interface PracticePersonSpec {
  nhsNumber?: string;
  dateOfBirth?: string;
  sex?: 'male' | 'female' | 'other' | 'unknown';
  ethnicity?: string | null;
  lsoa?: string | null;
  ltcRegisters?: string[];
  palliative?: boolean;
  doNotContact?: boolean;
  /** Events: [kind, date, extra]. */
  events?: PracticeEventSpec[];
}

export interface PracticeEventSpec {
  kind: 'appointment' | 'dna' | 'fit_note' | 'sp_referral' | 'sp_declined' | 'health_check';
  date: string;
  endDate?: string | null;
  fitness?: 'not_fit' | 'may_be_fit' | null;
  role?: 'gp' | 'nurse' | 'link_worker' | 'other' | null;
}

export interface InsertedExtract {
  extractId: string;
  /** practice_person ids, in the order given. */
  personIds: string[];
  nhsNumbers: string[];
}

/** Stores one practice extract with its people and their events. */
export async function insertPracticeExtract(
  deps: ServiceDeps,
  practiceId: string,
  extractDate: string,
  people: readonly PracticePersonSpec[],
): Promise<InsertedExtract> {
  const extractId = newId();
  const events = people.reduce((s, p) => s + (p.events?.length ?? 0), 0);
  await deps.db
    .insertInto('practice_extract')
    .values({
      id: extractId,
      practice_id: practiceId,
      extract_date: extractDate,
      people: people.length,
      events,
      imported_at: new Date().toISOString(),
      imported_by: null,
    })
    .execute();
  const personIds: string[] = [];
  const nhsNumbers: string[] = [];
  for (const p of people) {
    const id = newId();
    const nhs = p.nhsNumber ?? testNhsNumber();
    const regs = [...(p.ltcRegisters ?? [])].sort();
    personIds.push(id);
    nhsNumbers.push(nhs);
    await deps.db
      .insertInto('practice_person')
      .values({
        id,
        extract_id: extractId,
        practice_id: practiceId,
        nhs_number: nhs,
        date_of_birth: p.dateOfBirth ?? '1980-01-01',
        sex: p.sex ?? 'female',
        ethnicity: p.ethnicity === undefined ? 'A' : p.ethnicity,
        postcode: null,
        lsoa: p.lsoa ?? null,
        ltc_registers: regs.join(';'),
        ltc_count: regs.length,
        palliative: p.palliative === true ? 1 : 0,
        do_not_contact: p.doNotContact === true ? 1 : 0,
      })
      .execute();
    if ((p.events ?? []).length > 0)
      await deps.db
        .insertInto('practice_event')
        .values(
          (p.events ?? []).map((e) => ({
            extract_id: extractId,
            person_id: id,
            date: e.date,
            kind: e.kind,
            end_date: e.endDate ?? null,
            fitness: e.fitness ?? (e.kind === 'fit_note' ? 'not_fit' : null),
            role: e.role ?? (e.kind === 'appointment' || e.kind === 'dna' ? 'gp' : null),
          })),
        )
        .execute();
  }
  return { extractId, personIds, nhsNumbers };
}

/** An LSOA with its IMD decile (geo_lsoa), for DEP-1 and the fairness check's IMD groups. */
export async function insertImdLsoa(deps: ServiceDeps, lsoa: string, decile: number): Promise<void> {
  await deps.db.insertInto('geo_lsoa').values({ lsoa, imd_decile: decile, imd_rank: null }).execute();
}

/** n appointments with this role, one a week going back from `last`. */
export function appointments(n: number, last: string, role: PracticeEventSpec['role'] = 'gp'): PracticeEventSpec[] {
  const out: PracticeEventSpec[] = [];
  for (let i = 0; i < n; i += 1)
    out.push({ kind: 'appointment', date: new Date(Date.parse(`${last}T00:00:00Z`) - i * 7 * 86_400_000).toISOString().slice(0, 10), role });
  return out;
}
