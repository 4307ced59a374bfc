import { createInterface } from 'node:readline';
import type { z } from 'zod';
import { AppError } from '../domain/errors.ts';
import type { AppConfig } from '../domain/schemas/config.ts';
import type { Database } from '../db/connection.ts';
import type { ServiceDeps } from '../services/kernel/context.ts';
import { ConfigError, loadConfig, openMigrated, serviceDeps } from '../server/runtime.ts';
import { CliExit, type CliIo } from './io.ts';

/** Runs a command's work against the migrated database, closing it afterwards. */
export type WithDeps = <T>(fn: (deps: ServiceDeps, config: AppConfig) => Promise<T>) => Promise<T>;

/** The configuration from io.env; a bad variable stops the command (exit 2) naming it, never its value. */
export function loadCliConfig(io: CliIo): AppConfig {
  try {
    return loadConfig(io.env);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliExit(2, err.lines);
    throw err;
  }
}

/** withDeps for commands run with these streams and this environment. */
export function depsRunner(io: CliIo): WithDeps {
  return async (fn) => {
    const config = loadCliConfig(io);
    const database: Database = await openMigrated(config);
    try {
      return await fn(serviceDeps(database, config), config);
    } finally {
      await database.close();
    }
  };
}

/** Validates an argument or option against a domain schema; a mismatch is invalid_input naming each field. */
export function parseOrFail<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const fields = r.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`);
    throw new AppError('invalid_input', `Invalid input — ${fields.join('; ')}`);
  }
  return r.data;
}

/** The first line of standard input (a password: never on the command line, never printed). */
export async function readPasswordFromStdin(io: CliIo): Promise<string> {
  const rl = createInterface({ input: io.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  throw new AppError('invalid_input', 'No password on standard input');
}
