import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { createCliDatabase, REPO_ROOT, type CliDatabase } from './cli-support.ts';

/**
 * `linkwork serve` as a newcomer meets it: the real process, its banner and its refusals. Demo
 * mode off here (seeding the demo takes minutes); the demo-on banner is unit-tested beside it.
 */

interface Served {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without anything pointing at a database or choosing demo mode, plus `env`. */
function serveEnv(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !['DATABASE_URL', 'TEST_PG_URL', 'LINKWORK_DB', 'LINKWORK_DEMO', 'NODE_OPTIONS', 'PORT', 'HOST'].includes(k)) out[k] = v;
  }
  return { ...out, NODE_ENV: 'production', LINKWORK_LOG_LEVEL: 'silent', ...env };
}

/** Runs `linkwork serve` until it prints its banner (then stops it with SIGTERM) or exits by itself. */
function serve(env: Record<string, string>): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/linkwork.js', 'serve'], { cwd: REPO_ROOT, env: serveEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (stdout.includes('API documentation') && stdout.endsWith('\n\n')) child.kill('SIGTERM');
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe.each(TEST_DIALECTS)('linkwork serve on %s', (dialect) => {
  let db: CliDatabase;
  let blocker: Server | undefined;
  beforeEach(async () => {
    db = await createCliDatabase(dialect);
  });
  afterEach(async () => {
    if (blocker !== undefined) await new Promise((r) => blocker?.close(r));
    blocker = undefined;
    await db.drop();
  });

  it('says demo mode is off and why when the database is named, and stops on SIGTERM', async () => {
    const run = await serve({ ...db.env, PORT: '0' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/Linkwork is ready at http:\/\/127\.0\.0\.1:\d+\//);
    const why =
      dialect === 'sqlite'
        ? 'Demo mode is off because LINKWORK_DB names your own database'
        : 'Demo mode is off because DATABASE_URL names a PostgreSQL database';
    expect(run.stdout).toContain(why);
    expect(run.stdout).toContain('Set LINKWORK_DEMO=1 to load the demo PCN into it.');
    expect(run.stdout).not.toContain('demo.linkwork.test');
    expect(run.code).toBe(0);
  }, 90_000);

  it('says in words that the port is taken, and exits 1 without a stack trace', async () => {
    const server = createServer();
    blocker = server;
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      }),
    );
    const run = await serve({ ...db.env, LINKWORK_DEMO: '0', PORT: String(port) });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `error [conflict]: Port ${port} on 127.0.0.1 is already in use: is Linkwork (or another program) already running there? Stop it, or start on another port, e.g. PORT=${port + 1}.\n`,
    );
  }, 90_000);
});
