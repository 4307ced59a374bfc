import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { systemClock } from '../domain/clock.ts';
import { parseConfig, type AppConfig } from '../domain/schemas/config.ts';
import { openDatabase, type Database } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { bindAuditKey } from '../services/kernel/audit-key.ts';
import type { ServiceDeps } from '../services/kernel/context.ts';

/** Where `vite build` puts the web app. */
export const WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** The environment did not validate: one `config error:` line per bad variable (never its value). */
export class ConfigError extends Error {
  constructor(readonly lines: readonly string[]) {
    super('The configuration in the environment is invalid');
    this.name = 'ConfigError';
  }
}

/** Reads the environment, or throws a ConfigError naming each bad variable (never its value). */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  try {
    return parseConfig(env);
  } catch (err) {
    if (err instanceof z.ZodError) throw new ConfigError(err.issues.map((issue) => `config error: ${issue.path.join('.')}: ${issue.message}`));
    throw err;
  }
}

/** Reads the environment, or exits with a message naming each bad variable (never its value). */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const line of err.lines) process.stderr.write(`${line}\n`);
      process.exit(2);
    }
    throw err;
  }
}

/** Opens the configured database and brings its schema up to date. */
export async function openMigrated(config: AppConfig): Promise<Database> {
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}

/**
 * The use cases' dependencies for a process (CLI or server). Also binds the audit key to this
 * database handle, so the events its use cases append are keyed (services/kernel/audit-key.ts).
 */
export function serviceDeps(database: Database, config: AppConfig): ServiceDeps {
  bindAuditKey(database.db, config.auditKey);
  return {
    db: database.db,
    dialect: database.dialect,
    clock: systemClock,
    config: {
      demo: config.demo,
      sessionIdleMs: config.sessionIdleMs,
      sessionAbsoluteMs: config.sessionAbsoluteMs,
      signInMaxFailures: config.signInMaxFailures,
      signInLockMs: config.signInLockMs,
      unableToContactAfter: config.unableToContactAfter,
      outreachMaxAttempts: config.outreachMaxAttempts,
      communityReferralExpiryDays: config.communityReferralExpiryDays,
      directoryStaleMonths: config.directoryStaleMonths,
      directoryEditsNeedApproval: config.directoryEditsNeedApproval,
      outcomeLinkDays: config.outcomeLinkDays,
      serviceRadiusKm: config.serviceRadiusKm,
      practiceDataRetentionDays: config.practiceDataRetentionDays,
      cohortSettings: config.cohortSettings,
    },
  };
}
