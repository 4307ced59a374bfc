import type { Migration } from 'kysely';
import * as foundation from './2026-11-21T0900-foundation.ts';
import * as casework from './2026-11-21T1100-casework.ts';
import * as intake from './2026-11-21T1200-intake.ts';
import * as community from './2026-11-21T1220-community.ts';
import * as caseworkIndexes from './2026-11-21T1300-casework-indexes.ts';
import * as directory from './2026-11-22T0900-directory.ts';
import * as outcomes from './2026-11-22T1000-outcomes.ts';
import * as directoryIndexes from './2026-11-23T0900-directory-indexes.ts';
import * as insight from './2026-12-07T0900-insight.ts';
import * as reportIndexes from './2026-12-07T1500-report-indexes.ts';
import * as auditEventPerson from './2026-12-07T1922-audit-event-person.ts';
import * as auditHashKind from './2026-12-07T1924-audit-hash-kind.ts';
import * as practiceData from './2026-12-08T0900-practice-data.ts';
import * as cohorts from './2026-12-08T0910-cohorts.ts';
import * as work from './2026-12-08T0930-work.ts';
import * as outreach from './2026-12-08T0920-outreach.ts';

/** Every migration, by name; names sort in the order they run. Add new files here. */
export const migrations: Record<string, Migration> = {
  '2026-11-21T0900-foundation': foundation,
  '2026-11-21T1100-casework': casework,
  '2026-11-21T1200-intake': intake,
  '2026-11-21T1220-community': community,
  '2026-11-21T1300-casework-indexes': caseworkIndexes,
  '2026-11-22T0900-directory': directory,
  '2026-11-22T1000-outcomes': outcomes,
  '2026-11-23T0900-directory-indexes': directoryIndexes,
  '2026-12-07T0900-insight': insight,
  '2026-12-07T1500-report-indexes': reportIndexes,
  '2026-12-07T1922-audit-event-person': auditEventPerson,
  '2026-12-07T1924-audit-hash-kind': auditHashKind,
  '2026-12-08T0900-practice-data': practiceData,
  '2026-12-08T0910-cohorts': cohorts,
  '2026-12-08T0930-work': work,
  '2026-12-08T0920-outreach': outreach,
};
