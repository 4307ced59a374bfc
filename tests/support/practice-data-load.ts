import { dayDate, dayNumber, QUARTER_DAYS, seededRandom } from '../../src/domain/proactive/impact.ts';
import type { PracticeEventRow, PracticePersonRow } from '../../src/domain/proactive/practice-data.ts';
import { generatePracticeData } from '../../src/domain/proactive/synthetic-practice.ts';
import type { ServiceDeps } from '../../src/services/kernel/context.ts';
import { newId } from '../../src/services/kernel/ids.ts';

// Practice data for the impact tests (issue 12): generated rows loaded straight into the tables in
// batches (tens of thousands of events a second on both databases), so a test of the analysis does
// not depend on the CSV import, which has its own tests.

/** Stores one extract per practice (by ODS code → organisation id) with its people and events. */
export async function loadPracticeRows(
  deps: ServiceDeps,
  practiceIds: ReadonlyMap<string, string>,
  data: { people: readonly PracticePersonRow[]; events: readonly PracticeEventRow[] },
): Promise<void> {
  const extractOf = new Map<string, string>();
  const personOf = new Map<string, { id: string; extractId: string }>();
  for (const p of data.people) {
    const practiceId = practiceIds.get(p.practiceOds);
    if (practiceId === undefined) throw new Error(`no practice ${p.practiceOds}`);
    if (!extractOf.has(p.practiceOds)) {
      const id = newId();
      extractOf.set(p.practiceOds, id);
      await deps.db
        .insertInto('practice_extract')
        .values({ id, practice_id: practiceId, extract_date: p.extractDate, people: 0, events: 0, imported_at: new Date().toISOString(), imported_by: null })
        .execute();
    }
    personOf.set(p.nhsNumber, { id: newId(), extractId: extractOf.get(p.practiceOds) as string });
  }
  const people = data.people.map((p) => {
    const { id, extractId } = personOf.get(p.nhsNumber) as { id: string; extractId: string };
    return {
      id,
      extract_id: extractId,
      practice_id: practiceIds.get(p.practiceOds) as string,
      nhs_number: p.nhsNumber,
      date_of_birth: p.dateOfBirth,
      sex: p.sex,
      ethnicity: p.ethnicity,
      postcode: p.postcode,
      lsoa: null,
      ltc_registers: p.ltcRegisters.join(';'),
      ltc_count: p.ltcRegisters.length,
      palliative: p.palliative ? 1 : 0,
      do_not_contact: p.doNotContact ? 1 : 0,
    };
  });
  for (let i = 0; i < people.length; i += 1000)
    await deps.db
      .insertInto('practice_person')
      .values(people.slice(i, i + 1000))
      .execute();
  const events = data.events.map((e) => {
    const p = personOf.get(e.nhsNumber) as { id: string; extractId: string };
    return { extract_id: p.extractId, person_id: p.id, date: e.date, kind: e.kind, end_date: e.endDate, fitness: e.fitness, role: e.role };
  });
  for (let i = 0; i < events.length; i += 2000)
    await deps.db
      .insertInto('practice_event')
      .values(events.slice(i, i + 2000))
      .execute();
  for (const [ods, id] of extractOf) {
    await deps.db
      .updateTable('practice_extract')
      .set({ people: data.people.filter((p) => p.practiceOds === ods).length, events: events.filter((e) => e.extract_id === id).length })
      .where('id', '=', id)
      .execute();
  }
}

export interface ObservableWorld {
  people: PracticePersonRow[];
  events: PracticeEventRow[];
  /** NHS number and index date of everyone referred (an sp_referral event on that day). */
  referred: { nhsNumber: string; indexDate: string }[];
  /** The realised effect per referred person per quarter: events removed ÷ (referred with complete windows × 4). */
  truth: { gpAppointmentsPerQuarter: number; fitNotesPerQuarter: number; people: number };
}

/**
 * The synthetic practice population (src/domain/proactive/synthetic-practice.ts, with no
 * referrals of its own) referred the way a practice can see: at a day in the middle year, with a
 * probability rising with the appointments the person had in the year before (frequent attenders
 * are referred, at a noisy high, so their counts fall anyway). The effect is applied by removing
 * each appointment (and fit note) of the year after the index date with a fixed probability; the
 * truth is what was removed, so it is known exactly.
 */
export function observableReferralWorld(opts: {
  seed: number;
  practices: readonly { ods: string; people: number }[];
  extractDate: string;
  removeAppointments: number;
  removeFitNotes: number;
}): ObservableWorld {
  const g = generatePracticeData({ seed: opts.seed, practices: opts.practices, extractDate: opts.extractDate, years: 3, referredShare: 0 });
  const rand = seededRandom(opts.seed * 7 + 1);
  const end = dayNumber(opts.extractDate);
  const byPerson = new Map<string, PracticeEventRow[]>();
  for (const e of g.events) {
    const list = byPerson.get(e.nhsNumber);
    if (list === undefined) byPerson.set(e.nhsNumber, [e]);
    else list.push(e);
  }
  const start = g.events.reduce((m, e) => Math.min(m, dayNumber(e.date)), Infinity);
  const events: PracticeEventRow[] = [];
  const referred: ObservableWorld['referred'] = [];
  let removed = { gp: 0, fit: 0 };
  for (const p of g.people) {
    const own = byPerson.get(p.nhsNumber) ?? [];
    const adult = dayNumber(opts.extractDate) - dayNumber(p.dateOfBirth) > 20 * 365.25;
    // Index days leave a margin inside the complete-window range.
    const index = start + 4 * QUARTER_DAYS + 5 + Math.floor(rand() * (end - start - 8 * QUARTER_DAYS - 10));
    const prior = own.filter(
      (e) => e.kind === 'appointment' && e.role !== 'link_worker' && dayNumber(e.date) >= index - 364 && dayNumber(e.date) < index,
    ).length;
    const isReferred = adult && !p.palliative && rand() < Math.min(0.6, 0.0012 * prior * prior);
    if (!isReferred) {
      events.push(...own);
      continue;
    }
    referred.push({ nhsNumber: p.nhsNumber, indexDate: dayDate(index) });
    events.push({ nhsNumber: p.nhsNumber, date: dayDate(index), kind: 'sp_referral', endDate: null, fitness: null, role: null });
    for (const e of own) {
      const d = dayNumber(e.date);
      const after = d > index && d <= index + 364;
      if (after && e.kind === 'appointment' && e.role !== 'link_worker' && rand() < opts.removeAppointments) {
        removed = { ...removed, gp: removed.gp + 1 };
        continue;
      }
      if (after && e.kind === 'fit_note' && rand() < opts.removeFitNotes) {
        removed = { ...removed, fit: removed.fit + 1 };
        continue;
      }
      events.push(e);
    }
  }
  const n = referred.length;
  return {
    people: g.people,
    events,
    referred,
    truth: { gpAppointmentsPerQuarter: -removed.gp / n / 4, fitNotesPerQuarter: -removed.fit / n / 4, people: n },
  };
}
