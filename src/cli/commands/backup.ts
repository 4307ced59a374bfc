import { resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.ts';
import { systemClock } from '../../domain/clock.ts';
import { backupSqlite, restoreSqlite } from '../../db/backup.ts';
import { systemActor } from '../../services/kernel/context.ts';
import { recordRestore } from '../../services/system/record-restore.ts';
import { depsRunner, loadCliConfig } from '../deps.ts';
import type { CliContext } from '../io.ts';

const PG_HELP =
  'Linkwork is using PostgreSQL (DATABASE_URL): back up with `pg_dump --format=custom --file=FILE "$DATABASE_URL"` ' +
  'and restore into an empty database with `pg_restore --no-owner --dbname="$DATABASE_URL" FILE` (see README, Backups)';

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/**
 * `linkwork backup FILE` and `linkwork restore FILE` (SQLite): the online backup API, safe while the
 * server runs; a restore refuses while it runs. On PostgreSQL both say to use pg_dump / pg_restore.
 */
export function register(command: Command, ctx: CliContext): void {
  const { io } = ctx;
  const sqliteFile = (): string => {
    const config = loadCliConfig(io);
    if (config.database.kind !== 'sqlite') throw new AppError('invalid_input', PG_HELP);
    return resolve(config.database.file);
  };
  if (command.name() === 'backup') {
    command.argument('<file>', 'where to write the backup (must not exist)').action(async (file: string) => {
      const facts = await backupSqlite(sqliteFile(), resolve(file));
      io.stdout.write(`Backed up to ${file}: ${mb(facts.bytes)}, schema ${facts.lastMigration}, ${facts.auditEvents} audit events\n`);
    });
    return;
  }
  command.argument('<file>', 'a backup made by linkwork backup').action(async (file: string) => {
    const target = sqliteFile();
    const report = await restoreSqlite(target, resolve(file), systemClock.now());
    // Bring a backup from an older version up to this one's schema, as the server would, and
    // record the restore as the trail's next event.
    await depsRunner(io)((deps) => recordRestore(deps, systemActor(), { lastMigration: report.lastMigration, auditEventsInBackup: report.auditEvents }));
    io.stdout.write(`Restored ${file} (schema ${report.lastMigration}, ${report.auditEvents} audit events)\n`);
    if (report.previous !== null) io.stdout.write(`The database it replaced is kept as ${report.previous}\n`);
  });
}
