import { invalidInput } from '../../domain/errors.ts';
import {
  eventKey,
  findRepeatedEvent,
  parseEventRow,
  parsePersonRow,
  REPEATABLE_EVENT_KINDS,
  resolveEventsHeader,
  resolvePeopleHeader,
  type EventColumn,
  type HeaderResult,
  type PeopleColumn,
  type ResolvedHeader,
} from '../../domain/proactive/parse-practice-row.ts';
import type { PracticePersonRow } from '../../domain/proactive/practice-data.ts';
import { findPostcodeLsoas } from '../../db/repositories/geo/postcodes.ts';
import {
  EVENT_BATCH,
  deletePracticeExtractRows,
  findPracticeExtract,
  findPracticesByOds,
  finishPracticeExtract,
  insertPracticeEvents,
  insertPracticeExtract,
  insertPracticePeople,
  type PracticeEventInsert,
  type PracticePersonInsert,
  widenCacheForBulkLoad,
} from '../../db/repositories/proactive/practice-data.ts';
import type { Actor, ServiceDeps, Tx } from '../kernel/context.ts';
import type { ImportProgress } from '../kernel/csv-import.ts';
import { newId } from '../kernel/ids.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { readCsvRows, type CsvRow } from './shared/csv-rows.ts';

/** One practice's extract as stored by an import. */
export interface PracticeExtractImported {
  extractId: string;
  /** The practice's ODS code. */
  practice: string;
  /** YYYY-MM-DD */
  extractDate: string;
  people: number;
  events: number;
  /** True when this practice's extract of this date had been imported before and was replaced. */
  replaced: boolean;
}

export interface PracticeImportSummary {
  extracts: PracticeExtractImported[];
  people: number;
  events: number;
  /** People whose postcode was placed in an LSOA (the postcode directory holds it). */
  peopleWithLsoa: number;
}

export interface PracticeImportFiles {
  people: string;
  events: string;
}

/** A bad cell: file, line and column, and the problem — the domain's problems never quote a personal value. */
const badCell = (file: string, line: number, column: string, problem: string) =>
  invalidInput.because('invalid_row', `${file} line ${line}, column ${column}: ${problem}`, { file, line, column });

/** The header row (the first record) resolved, or the coded reason it cannot be. */
function header<C extends string>(file: string, first: CsvRow | undefined, resolve: (names: readonly string[]) => HeaderResult<C>): ResolvedHeader<C> {
  if (first === undefined) throw invalidInput.because('empty', `${file} is empty: it has no header row`, { file });
  const r = resolve(first.cells);
  if (!r.ok) throw invalidInput.because(r.reason, `${file} line ${first.line}: ${r.problem}`, { file, line: first.line, column: r.column });
  return r.header;
}

/** Growable typed arrays: the events read so far, for the repeated-row check at the end. */
class EventIndex {
  person = new Int32Array(1 << 16);
  key = new Float64Array(1 << 16);
  line = new Int32Array(1 << 16);
  count = 0;

  add(person: number, key: number, line: number): void {
    if (this.count === this.person.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.person = grow(this.person, (n) => new Int32Array(n));
      this.key = grow(this.key, (n) => new Float64Array(n));
      this.line = grow(this.line, (n) => new Int32Array(n));
    }
    this.person[this.count] = person;
    this.key[this.count] = key;
    this.line[this.count] = line;
    this.count++;
  }
}

interface KnownPerson {
  index: number;
  id: string;
  extractId: string;
  dateOfBirth: string;
}

/**
 * Imports a practice's own search — people.csv and events.csv (docs/design/practice-data.md) — as
 * one extract per practice and extract date. One file may hold several practices; each must be a
 * practice organisation here, by ODS code. Re-importing a practice's extract of the same date
 * replaces it. Everything happens in one transaction: a bad cell, a missing column, a repeated
 * person or event, an unknown practice or an event for someone not in people.csv refuses both
 * files, naming the file, line and column (never a personal value), and leaves what was stored as
 * it was. Postcodes are placed in LSOAs from the postcode directory where it holds them.
 */
export async function importPracticeData(
  deps: ServiceDeps,
  actor: Actor,
  files: PracticeImportFiles,
  onProgress?: (p: ImportProgress) => void,
): Promise<PracticeImportSummary> {
  return runUseCase(deps, actor, {
    permission: 'practice_data:import',
    action: 'practice_data.imported',
    entityType: 'practice_extract',
    audit: (s) => ({
      entityId: s.extracts.length === 1 ? (s.extracts[0]?.extractId ?? null) : null,
      summary: {
        practices: s.extracts.map((e) => e.practice),
        extractDate: s.extracts[0]?.extractDate ?? null,
        people: s.people,
        events: s.events,
        replaced: s.extracts.filter((e) => e.replaced).length,
      },
    }),
    work: async (tx) => {
      const restoreCache = await widenCacheForBulkLoad(tx, deps.dialect);
      try {
        return await load(deps, actor, tx, files, onProgress);
      } finally {
        await restoreCache();
      }
    },
  });
}

/** The import's work, inside its transaction. */
async function load(
  deps: ServiceDeps,
  actor: Actor,
  tx: Tx,
  files: PracticeImportFiles,
  onProgress?: (p: ImportProgress) => void,
): Promise<PracticeImportSummary> {
  const today = deps.clock.now().toISOString().slice(0, 10);
  const importedAt = deps.clock.now().toISOString();
  const importedBy = actor.kind === 'user' ? actor.userId : null;

  // 1. people.csv, whole (tens of thousands of rows): every cell checked, one extract date, no NHS number twice.
  const peopleFile = files.people;
  let peopleHeader: ResolvedHeader<PeopleColumn> | undefined;
  const people: { row: PracticePersonRow; line: number }[] = [];
  const lineOf = new Map<string, number>();
  const firstLineOfPractice = new Map<string, number>();
  let extractDate: string | undefined;
  for await (const rows of readCsvRows(peopleFile)) {
    let from = 0;
    if (peopleHeader === undefined) {
      peopleHeader = header(peopleFile, rows[0], resolvePeopleHeader);
      from = 1;
    }
    for (let i = from; i < rows.length; i++) {
      const { cells, line } = rows[i] as CsvRow;
      const parsed = parsePersonRow(cells, peopleHeader, { today });
      if (!parsed.ok) throw badCell(peopleFile, line, peopleHeader.names[parsed.column], parsed.problem);
      const row = parsed.row;
      if (extractDate === undefined) extractDate = row.extractDate;
      else if (row.extractDate !== extractDate)
        throw invalidInput.because(
          'mixed_extract_dates',
          `${peopleFile} line ${line}, column ${peopleHeader.names.extract_date}: the extract date differs from the first row's (${extractDate}); export one search run per file`,
          { file: peopleFile, line, column: peopleHeader.names.extract_date, firstExtractDate: extractDate },
        );
      const earlier = lineOf.get(row.nhsNumber);
      if (earlier !== undefined)
        throw invalidInput.because(
          'duplicate_row',
          `${peopleFile} line ${line}, column ${peopleHeader.names.nhs_number}: the same NHS number as line ${earlier}; each person once`,
          { file: peopleFile, line, firstLine: earlier, column: peopleHeader.names.nhs_number },
        );
      lineOf.set(row.nhsNumber, line);
      if (!firstLineOfPractice.has(row.practiceOds)) firstLineOfPractice.set(row.practiceOds, line);
      people.push({ row, line });
    }
    onProgress?.({ rows: people.length });
  }
  if (peopleHeader === undefined) throw invalidInput.because('empty', `${peopleFile} is empty: it has no header row`, { file: peopleFile });
  if (extractDate === undefined || people.length === 0) throw invalidInput.because('empty', `${peopleFile} has a header but no people`, { file: peopleFile });

  // 2. Each practice must be one here; its extract of this date is started, or emptied to be replaced.
  const practices = await findPracticesByOds(tx, [...firstLineOfPractice.keys()]);
  for (const [ods, line] of firstLineOfPractice)
    if (!practices.has(ods))
      throw invalidInput.because(
        'unknown_practice',
        `${peopleFile} line ${line}, column ${peopleHeader.names.practice_ods}: ${ods} is not a practice in Linkwork (add it with linkwork orgs add, or correct the code)`,
        { file: peopleFile, line, column: peopleHeader.names.practice_ods, practice: ods },
      );
  const extracts = new Map<string, PracticeExtractImported & { practiceId: string }>();
  for (const ods of firstLineOfPractice.keys()) {
    const practiceId = practices.get(ods)?.id ?? '';
    const existing = await findPracticeExtract(tx, practiceId, extractDate);
    const extractId = existing?.id ?? newId();
    if (existing !== undefined) await deletePracticeExtractRows(tx, extractId);
    else await insertPracticeExtract(tx, { id: extractId, practiceId, extractDate, importedAt, importedBy });
    extracts.set(ods, { extractId, practiceId, practice: ods, extractDate, people: 0, events: 0, replaced: existing !== undefined });
  }

  // 3. The people, with their LSOAs.
  const lsoas = await findPostcodeLsoas(
    tx,
    people.flatMap((p) => (p.row.postcode === null ? [] : [p.row.postcode])),
  );
  const known = new Map<string, KnownPerson>();
  const inserts: PracticePersonInsert[] = people.map((p, index) => {
    const extract = extracts.get(p.row.practiceOds);
    if (extract === undefined) throw new Error('practice extract not started');
    extract.people += 1;
    const id = newId();
    known.set(p.row.nhsNumber, { index, id, extractId: extract.extractId, dateOfBirth: p.row.dateOfBirth });
    return {
      id,
      extractId: extract.extractId,
      practiceId: extract.practiceId,
      row: p.row,
      lsoa: p.row.postcode === null ? null : (lsoas.get(p.row.postcode) ?? null),
    };
  });
  await insertPracticePeople(tx, deps.dialect, inserts);
  const peopleWithLsoa = inserts.filter((p) => p.lsoa !== null).length;

  // 4. events.csv, streamed: millions of rows, stored in batches as they are read.
  const eventsFile = files.events;
  let eventsHeader: ResolvedHeader<EventColumn> | undefined;
  const index = new EventIndex();
  const extractOf = new Map([...extracts.values()].map((e) => [e.extractId, e]));
  let batch: PracticeEventInsert[] = [];
  let stored = 0;
  for await (const rows of readCsvRows(eventsFile)) {
    let from = 0;
    if (eventsHeader === undefined) {
      eventsHeader = header(eventsFile, rows[0], resolveEventsHeader);
      from = 1;
    }
    for (let i = from; i < rows.length; i++) {
      const { cells, line } = rows[i] as CsvRow;
      const parsed = parseEventRow(cells, eventsHeader, { extractDate });
      if (!parsed.ok) throw badCell(eventsFile, line, eventsHeader.names[parsed.column], parsed.problem);
      const row = parsed.row;
      const person = known.get(row.nhsNumber);
      if (person === undefined)
        throw invalidInput.because(
          'unknown_person',
          `${eventsFile} line ${line}, column ${eventsHeader.names.nhs_number}: this NHS number is not in ${peopleFile}; export both files from the same search`,
          { file: eventsFile, line, column: eventsHeader.names.nhs_number },
        );
      if (row.date < person.dateOfBirth) throw badCell(eventsFile, line, eventsHeader.names.date, "is before the person's date of birth");
      if (!REPEATABLE_EVENT_KINDS.has(row.kind)) index.add(person.index, eventKey(row), line);
      stored += 1;
      batch.push({ extractId: person.extractId, personId: person.id, row });
      const extract = extractOf.get(person.extractId);
      if (extract !== undefined) extract.events += 1;
      if (batch.length >= EVENT_BATCH) {
        await insertPracticeEvents(tx, deps.dialect, batch);
        batch = [];
      }
    }
    onProgress?.({ rows: people.length + stored });
  }
  if (eventsHeader === undefined) throw invalidInput.because('empty', `${eventsFile} is empty: it has no header row`, { file: eventsFile });
  await insertPracticeEvents(tx, deps.dialect, batch);

  // 5. A fit note, referral, decline or health check given twice (same person, date and details) is a broken export.
  const repeat = findRepeatedEvent(index.person, index.key, index.line, index.count, people.length);
  if (repeat !== undefined)
    throw invalidInput.because('duplicate_row', `${eventsFile} line ${repeat.line}: repeats line ${repeat.firstLine} exactly; each event once`, {
      file: eventsFile,
      line: repeat.line,
      firstLine: repeat.firstLine,
    });

  for (const e of extracts.values()) await finishPracticeExtract(tx, e.extractId, { people: e.people, events: e.events, importedAt, importedBy });
  const list = [...extracts.values()].map(({ extractId, practice, extractDate: date, people: n, events, replaced }) => ({
    extractId,
    practice,
    extractDate: date,
    people: n,
    events,
    replaced,
  }));
  return { extracts: list, people: people.length, events: stored, peopleWithLsoa };
}
