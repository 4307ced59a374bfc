import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError, fileReason } from '../domain/errors.ts';
import { migrations } from './migrations/index.ts';

/** What a backup file holds, as checked before it is trusted. */
export interface SqliteFileFacts {
  bytes: number;
  /** The newest migration applied to it. */
  lastMigration: string;
  auditEvents: number;
}

const notLinkwork = (file: string, why: string) =>
  new AppError('invalid_input', `${file} is not a Linkwork database (${why})`, { reason: 'wrong_shape', file });

/**
 * Checks that a file is a whole, uncorrupted SQLite database written by Linkwork, with no migration
 * this version does not know (a backup from a newer version would be misread). Read-only.
 */
export function inspectSqliteFile(file: string): SqliteFileFacts {
  let bytes: number;
  try {
    const s = statSync(file);
    if (!s.isFile()) throw new AppError('invalid_input', `Cannot read file: ${file}`, { reason: 'not_a_file' });
    bytes = s.size;
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: unknown }).code;
    throw new AppError('invalid_input', `Cannot read file: ${file}`, { reason: fileReason(code), ...(typeof code === 'string' ? { systemCode: code } : {}) });
  }
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw notLinkwork(file, 'it is damaged');
    const hasTable = (name: string) => db?.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(name) !== undefined;
    if (!hasTable('kysely_migration') || !hasTable('audit_event')) throw notLinkwork(file, 'it has no Linkwork tables');
    const applied = (db.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map((r) => r.name);
    const unknown = applied.filter((n) => !(n in migrations));
    if (unknown.length > 0) {
      throw new AppError('invalid_input', `${file} was written by a newer version of Linkwork (migration ${unknown[0] ?? ''}): restore it with that version`, {
        reason: 'wrong_shape',
        file,
      });
    }
    const lastMigration = applied.at(-1);
    if (lastMigration === undefined) throw notLinkwork(file, 'no migrations have run on it');
    const auditEvents = (db.prepare('select count(*) as n from audit_event').get() as { n: number }).n;
    return { bytes, lastMigration, auditEvents };
  } catch (err) {
    if (err instanceof AppError) throw err;
    // SQLITE_NOTADB and friends: the driver's message names no content, but keep to our own words.
    throw notLinkwork(file, 'it is not an SQLite database');
  } finally {
    db?.close();
  }
}

/** A temporary name beside `file`, so the final rename stays on one file system (and is atomic). */
function besideTemp(file: string, what: string): string {
  return join(dirname(file), `.${basename(file)}.${what}-${process.pid}`);
}

/**
 * Copies the live database at `source` to `dest` with SQLite's online backup API: safe while the
 * server has it open and writing (the copy is one consistent moment). The copy is written beside
 * `dest`, made a single self-contained file (no WAL), checked, then renamed into place.
 */
export async function backupSqlite(source: string, dest: string): Promise<SqliteFileFacts> {
  if (existsSync(dest))
    throw new AppError('invalid_input', `${dest} already exists: choose another name, or delete it first`, { reason: 'unwritable', file: dest });
  if (!existsSync(source)) throw new AppError('invalid_input', `There is no database at ${source} to back up`, { reason: 'file_not_found', file: source });
  const tmp = besideTemp(dest, 'partial');
  const live = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  try {
    await live.backup(tmp);
  } catch (err) {
    rmSync(tmp, { force: true });
    const code = (err as { code?: unknown }).code;
    throw new AppError('invalid_input', `Cannot write the backup to ${dest}`, {
      reason: 'unwritable',
      ...(typeof code === 'string' ? { systemCode: code } : {}),
    });
  } finally {
    live.close();
  }
  try {
    const copy = new BetterSqlite3(tmp);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    const facts = inspectSqliteFile(tmp);
    renameSync(tmp, dest);
    return facts;
  } finally {
    rmSync(tmp, { force: true });
  }
}

export interface RestoreReport extends SqliteFileFacts {
  /** Where the database that was replaced was kept, or null when there was none. */
  previous: string | null;
}

/**
 * Replaces the database at `target` with the backup `file`. Refuses while any other connection
 * has the database open (a running server): leaving WAL mode needs every other connection closed,
 * so that is the test. The database being replaced is kept as `<target>.before-restore-<time>`;
 * the backup is copied beside the target and renamed over it, so the target is always one whole
 * database, old or new.
 */
export async function restoreSqlite(target: string, file: string, now: Date): Promise<RestoreReport> {
  const facts = inspectSqliteFile(file);
  let previous: string | null = null;
  if (existsSync(target)) {
    const live = new BetterSqlite3(target, { fileMustExist: true });
    try {
      live.pragma('busy_timeout = 0');
      live.pragma('wal_checkpoint(TRUNCATE)');
      const mode = live.pragma('journal_mode = DELETE', { simple: true });
      if (mode !== 'delete') throw new Error('still in WAL mode');
    } catch {
      throw new AppError('conflict', `The database at ${target} is in use (is linkwork serve running?). Stop the server, then restore.`, {
        reason: 'database_in_use',
      });
    } finally {
      live.close();
    }
    previous = `${target}.before-restore-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}`;
    copyFileSync(target, previous);
  }
  const tmp = besideTemp(target, 'restoring');
  try {
    // Through the backup API rather than a file copy, so a backup that has a WAL beside it comes whole.
    const source = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      await source.backup(tmp);
    } finally {
      source.close();
    }
    // A WAL left beside the target belongs to the database being replaced: never apply it to the backup.
    rmSync(`${target}-wal`, { force: true });
    rmSync(`${target}-shm`, { force: true });
    renameSync(tmp, target);
  } finally {
    rmSync(tmp, { force: true });
  }
  return { ...facts, previous };
}
