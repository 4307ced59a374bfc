import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { expect } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { openDatabase, type Database, type DatabaseTarget, type DialectName } from '../../src/db/connection.ts';
import { PG_URL } from '../support/env.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * An empty database for the CLI to work on (the CLI migrates it itself): a SQLite file in a temp
 * folder, or a new PostgreSQL database on the test server (dropped afterwards), as tests/support
 * does for the API tests — but here the test needs the address to hand to the command, in its
 * environment (LINKWORK_DB or DATABASE_URL), whether it runs in-process or as a child process.
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

export interface RunOptions {
  /** Text piped to the command's standard input (a password with --password-stdin). */
  input?: string;
  /** Variables on top of the database's (LINKWORK_DEMO …). */
  env?: Record<string, string>;
}

/** Variables from the test runner's environment that would point the CLI somewhere else. */
const STRIPPED = ['DATABASE_URL', 'TEST_PG_URL', 'LINKWORK_DB', 'LINKWORK_DEMO', 'NODE_OPTIONS'];

/** The environment a run sees: the runner's, less anything naming a database, then this database. */
function cliEnv(db: CliDatabase, opts: RunOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !STRIPPED.includes(k)) env[k] = v;
  return Object.assign(env, { NODE_ENV: 'production', LINKWORK_DEMO: '0' }, db.env, opts.env ?? {});
}

/** A stream that keeps what is written to it, decoded as the terminal would. */
class Collector extends Writable {
  text = '';
  private readonly decoder = new StringDecoder('utf8');
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    done();
  }
  override _final(done: (error?: Error | null) => void): void {
    this.text += this.decoder.end();
    done();
  }
}

/**
 * Writes a command makes to this process's own stdout/stderr instead of its io: counted while
 * any in-process run is going, so a command that bypasses io fails its test here rather than
 * passing in-process and misbehaving in the real one. (Only counted: never printed, it could be
 * personal data.)
 */
const stray = { runs: 0, writes: 0, restore: (): void => {} };

function watchProcessStreams(): void {
  if (stray.runs++ > 0) return;
  const { stdout, stderr } = process;
  const out = stdout.write.bind(stdout);
  const err = stderr.write.bind(stderr);
  const count = (): boolean => {
    stray.writes += 1;
    return true;
  };
  stdout.write = count;
  stderr.write = count;
  stray.restore = () => {
    stdout.write = out;
    stderr.write = err;
  };
}

function unwatchProcessStreams(): void {
  if (--stray.runs === 0) stray.restore();
}

/**
 * Runs a `linkwork` command line in this process through runCli against the given database, with
 * the environment the real command would get, optionally piping text to its standard input.
 * Each run takes milliseconds, not the second or two of a new tsx process; the few tests that
 * must see the real process use linkworkProcess.
 */
export async function linkwork(db: CliDatabase, args: string[], opts: RunOptions = {}): Promise<CliResult> {
  const stdout = new Collector();
  const stderr = new Collector();
  const stdin = new PassThrough();
  stdin.end(opts.input ?? '');
  const strayBefore = stray.writes;
  watchProcessStreams();
  let code: number;
  try {
    code = await runCli(args, { stdout, stderr, stdin, env: cliEnv(db, opts) });
  } finally {
    unwatchProcessStreams();
  }
  expect(stray.writes - strayBefore, `linkwork ${args[0] ?? ''} wrote to the test process's own stdout/stderr instead of its io`).toBe(0);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/**
 * Runs the real `linkwork` command (`node bin/linkwork.js …`) in a child process against the given
 * database, optionally piping text to its standard input. Each run costs a second or more of tsx
 * start-up: kept for the smoke tests of the process itself (tests/cli/process.int.test.ts).
 */
export function linkworkProcess(db: CliDatabase, args: string[], opts: RunOptions = {}): Promise<CliResult> {
  return spawnCli(['bin/linkwork.js', ...args], cliEnv(db, opts), opts.input);
}

/** Runs `node <args>` in the repository with this environment, collecting both streams and the exit code. */
export function spawnCli(args: string[], env: Record<string, string>, input = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {}); // the CLI may exit before reading stdin (usage errors)
    child.stdin.end(input);
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
