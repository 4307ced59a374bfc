import { existsSync } from 'node:fs';

/** The PostgreSQL server for tests, if any (TEST_PG_URL, else DATABASE_URL). */
export const PG_URL: string | undefined = process.env['TEST_PG_URL'] ?? process.env['DATABASE_URL'];

/** Debian's Chromium, driven by playwright-core (browsers cannot be downloaded here). */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);

export const IN_CI = process.env['CI'] === 'true' || process.env['CI'] === '1';
