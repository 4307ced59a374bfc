import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { expect } from 'vitest';
import { openDatabase, type Database, type DatabaseTarget, type DialectName } from '../../src/db/connection.ts';
import { PG_URL } from '../support/env.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * An empty database for the CLI to work on (the CLI migrates it itself): a SQLite file in a temp
 * folder, or a new PostgreSQL database on the test server (dropped afterwards), as tests/support
 * does for in-process tests — but here the test needs the address to hand to a child process.
 */
export interface CliDatabase {
  dialect: DialectName;
  target: DatabaseTarget;
  /** The environment that points the CLI at this database. */
  env: Record<string, string>;
  /** Opens an in-process connection, to inspect or tamper with what the CLI wrote. */
  open(): Database;
  drop(): Promise<void>;
}

async function pgAdmin(statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

export async function createCliDatabase(dialect: DialectName): Promise<CliDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'linkwork-cli-'));
    const file = join(dir, 'cli.db');
    return {
      dialect,
      target: { kind: 'sqlite', file },
      env: { LINKWORK_DB: file },
      open: () => openDatabase({ kind: 'sqlite', file }),
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  if (PG_URL === undefined) throw new Error('PostgreSQL is not configured');
  const name = `linkwork_cli_${randomBytes(6).toString('hex')}`;
  await pgAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const target = { kind: 'postgres', url: url.toString() } as const;
  return {
    dialect,
    target,
    env: { DATABASE_URL: target.url },
    open: () => openDatabase(target),
    drop: () => pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Variables from the test runner's environment that would point the CLI somewhere else. */
const STRIPPED = ['DATABASE_URL', 'TEST_PG_URL', 'LINKWORK_DB', 'LINKWORK_DEMO', 'NODE_OPTIONS'];

/**
 * Runs the real `linkwork` command (`node bin/linkwork.js …`) in a child process against the given
 * database, optionally piping text to its standard input. Each run costs about a second of tsx
 * start-up, so tests group their assertions per run.
 */
export function linkwork(db: CliDatabase, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !STRIPPED.includes(k)) env[k] = v;
  Object.assign(env, { NODE_ENV: 'production', LINKWORK_DEMO: '0' }, db.env, opts.env ?? {});
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/linkwork.js', ...args], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {}); // the CLI may exit before reading stdin (usage errors)
    child.stdin.end(opts.input ?? '');
  });
}

/** The CLI's one-line coded error: `error [code]: message` on stderr, nothing on stdout. */
export function expectCodedError(r: CliResult, code: string, exitCode: number): void {
  expect(r.stderr).toMatch(new RegExp(`^error \\[${code}\\]: `, 'm'));
  expect(r.code, r.stderr).toBe(exitCode);
}

/** Neither stream of a failed run may echo what the operator typed that identifies or secures a person. */
export function expectNoEcho(r: CliResult, ...secrets: string[]): void {
  const both = `${r.stdout}\n${r.stderr}`.toLowerCase();
  for (const s of secrets) expect(both, `output echoes "${s}"`).not.toContain(s.toLowerCase());
}
