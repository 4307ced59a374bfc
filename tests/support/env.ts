import { existsSync } from 'node:fs';

// `TEST_PG_URL= npm test` means "no PostgreSQL", not "connect to an empty URL".
function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The PostgreSQL server for tests, if any (TEST_PG_URL, else DATABASE_URL). */
export const PG_URL: string | undefined = nonEmpty(process.env['TEST_PG_URL']) ?? nonEmpty(process.env['DATABASE_URL']);

/** Debian's Chromium, driven by playwright-core (browsers cannot be downloaded here). */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);

export const IN_CI = process.env['CI'] === 'true' || process.env['CI'] === '1';
