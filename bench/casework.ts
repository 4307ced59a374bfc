/**
 * Benchmarks the two pages a link worker lives in — the caseload (250 open cases, the first page)
 * and Today — through the real HTTP stack (`buildApp` + `app.inject`: routing, session lookup,
 * validation, the use case with its audit write, presenters and JSON serialisation; no network),
 * on an ICB-sized database (bench/casework-data.ts: 50,000 people, 200,000 referrals and ~2.5M
 * rows in all). For the link worker with the largest caseload and for their lead (the whole PCN),
 * warms up, times each request, and prints p50/p95/p99/max in ms against the 50 ms p95 target.
 * SQLite always (a fresh file); PostgreSQL too when DATABASE_URL or TEST_PG_URL is set (a
 * throwaway database, dropped afterwards). Prints figures and exits; not a test.
 *
 *   BENCH_ONLY=casework npm run bench
 *   BENCH_CASEWORK_SCALE=0.1 BENCH_ONLY=casework npm run bench   # a tenth of the data, quick
 *   BENCH_DIALECTS=sqlite BENCH_REQUESTS=300 BENCH_WARMUP=20 …
 *   BENCH_EXPLAIN=1 …   # also print the database's plan for each caseload/Today query
 *   BENCH_SQLITE_MMAP_MB=2048 …   # SQLite with memory-mapped reads (the app does not set it)
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { availableParallelism, cpus, freemem, loadavg, totalmem } from 'node:os';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql, type LogEvent } from 'kysely';
import pg from 'pg';
import { fixedClock } from '../src/domain/clock.ts';
import { caseloadQuerySchema } from '../src/domain/schemas/cases.ts';
import { parseConfig } from '../src/domain/schemas/config.ts';
import { openDatabase, type Database, type DatabaseTarget, type DialectName } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { DB } from '../src/db/schema.ts';
import { buildApp } from '../src/server/app.ts';
import { serviceDeps } from '../src/server/runtime.ts';
import { DEFAULT_SERVICE_CONFIG, type Actor } from '../src/services/kernel/context.ts';
import { getToday } from '../src/services/cases/get-today.ts';
import { listCaseload } from '../src/services/cases/list-caseload.ts';
import { BENCH_PASSWORD, generateCasework, scaledShape, type GeneratedCasework } from './casework-data.ts';
import { PG_URL, scratchDatabase } from './support.ts';

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
}

/** The instant the app's clock shows (a Monday): the data is generated around it. */
const NOW = new Date(process.env['BENCH_NOW'] ?? '2026-11-23T10:00:00.000Z');
const TARGET_P95_MS = 50;
const SQLITE_MMAP_MB = Math.round(Number(process.env['BENCH_SQLITE_MMAP_MB'] ?? '0'));

/** The commit measured, and whether src/ had uncommitted changes (the figures belong to the code). */
function codeVersion(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).trim() !== '';
    return `commit ${head}${dirty ? ' + uncommitted changes in src/' : ''}`;
  } catch {
    return 'commit unknown';
  }
}

interface Timing {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of the timed requests. */
function summarise(ms: number[]): Timing {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
  return { p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1] ?? Number.NaN, mean: s.reduce((a, b) => a + b, 0) / s.length };
}

interface Scenario {
  who: string;
  page: string;
  url: string;
  cookie: string;
  /** What the page showed, for the report (so an empty page cannot pass for a fast one). */
  describe(body: unknown): string;
}

interface Measured {
  dialect: DialectName;
  who: string;
  page: string;
  shows: string;
  bytes: number;
  timing: Timing;
  /** CPU this process spent per request (all of the work on SQLite; PostgreSQL's own is not in it). */
  cpu: Timing;
  /** 1-minute load average when the page was measured: other work on the machine inflates wall time. */
  load: number;
}

const caseloadShows = (body: unknown): string => {
  const b = body as { cases?: unknown[]; total?: number };
  return `${b.cases?.length ?? 0} of ${b.total ?? 0} open`;
};
const todayShows = (body: unknown): string => {
  const t = body as Record<string, unknown>;
  const n = (k: string): number => (Array.isArray(t[k]) ? t[k].length : 0);
  return `overdue ${n('overdueFollowUps')}, due ${n('reviewsDue')}, new ${n('newAllocations')}, quiet ${n('noRecentContact')}, unanswered ${n('unansweredCommunityReferrals')}, unreachable ${n('suggestedDischarges')}, unread ${String(t['unreadNotifications'])}`;
};

async function signIn(app: FastifyInstance, email: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password: BENCH_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${email} failed: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((k) => k.name.endsWith('lw_session'));
  if (c === undefined) throw new Error('sign-in set no session cookie');
  return `${c.name}=${c.value}`;
}

async function measure(
  app: FastifyInstance,
  s: Scenario,
  warmup: number,
  requests: number,
): Promise<{ ms: number[]; cpuMs: number[]; shows: string; bytes: number }> {
  let shows = '';
  let bytes = 0;
  for (let i = 0; i < warmup; i++) {
    const res = await app.inject({ method: 'GET', url: s.url, headers: { cookie: s.cookie } });
    if (res.statusCode !== 200) throw new Error(`${s.who} ${s.page}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    if (i === 0) {
      shows = s.describe(res.json());
      bytes = res.rawPayload.length;
    }
  }
  const ms: number[] = [];
  const cpuMs: number[] = [];
  for (let i = 0; i < requests; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const res = await app.inject({ method: 'GET', url: s.url, headers: { cookie: s.cookie } });
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
    if (res.statusCode !== 200) throw new Error(`${s.who} ${s.page}: ${res.statusCode}`);
  }
  return { ms, cpuMs, shows, bytes };
}

async function databaseBytes(database: Database, file: string | undefined): Promise<number> {
  if (database.dialect === 'postgres') {
    const r = await sql<{ n: number }>`select pg_database_size(current_database()) as n`.execute(database.db);
    return Number(r.rows[0]?.n ?? 0);
  }
  await sql`pragma wal_checkpoint(truncate)`.execute(database.db);
  return file === undefined ? 0 : statSync(file).size;
}

// ---- optional: the plans behind the two pages ----

/**
 * BENCH_EXPLAIN=1: runs the caseload and Today use cases once more through a second, logging
 * connection to the same database, and prints the database's plan for each query they issue on
 * referrals (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN ANALYZE with buffers).
 */
async function explainPages(target: DatabaseTarget, data: GeneratedCasework): Promise<void> {
  const captured: CompiledQuery[] = [];
  const log = (e: LogEvent): void => {
    if (e.level === 'query') captured.push(e.query);
  };
  const db =
    target.kind === 'sqlite'
      ? new Kysely<DB>({ dialect: new SqliteDialect({ database: new BetterSqlite3(target.file) }), log })
      : new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.url, max: 1 }) }), log });
  try {
    const deps = { db, dialect: target.kind, clock: fixedClock(NOW), config: DEFAULT_SERVICE_CONFIG };
    const meta = { requestId: null, ip: null };
    const lw: Actor = { kind: 'user', userId: data.linkWorker.id, role: 'link_worker', meta };
    const lead: Actor = { kind: 'user', userId: data.lead.id, role: 'lead', meta };
    const page = caseloadQuerySchema.parse({ limit: '250' });
    await listCaseload(deps, lw, page);
    await getToday(deps, lw, {});
    await listCaseload(deps, lead, page);
    const seen = new Set<string>();
    for (const q of captured) {
      if (!/^select/i.test(q.sql) || !q.sql.includes('"referral"') || seen.has(q.sql)) continue;
      seen.add(q.sql);
      const prefix = target.kind === 'sqlite' ? 'explain query plan ' : 'explain (analyze, buffers, costs off) ';
      const plan = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + q.sql, [...q.parameters]));
      process.stdout.write(`\n-- ${q.sql}\n`);
      for (const r of plan.rows) {
        const line = r['detail'] ?? r['QUERY PLAN'];
        process.stdout.write(`   ${typeof line === 'string' ? line : JSON.stringify(r)}\n`);
      }
    }
  } finally {
    await db.destroy();
  }
}

async function runDialect(
  dialect: DialectName,
  warmup: number,
  requests: number,
  scale: number,
): Promise<{ data: GeneratedCasework; bytes: number; results: Measured[] }> {
  const scratch = await scratchDatabase(dialect, 'bench-casework');
  const database = openDatabase(scratch.target);
  try {
    await migrateToLatest(database.db);
    const config = parseConfig({
      NODE_ENV: 'production',
      LINKWORK_LOG_LEVEL: 'info',
      ...(dialect === 'postgres' ? { DATABASE_URL: 'postgres://unused' } : { LINKWORK_DB: 'unused' }),
    });
    const clock = fixedClock(NOW);
    const deps = { ...serviceDeps(database, config), clock };
    process.stdout.write(`\n${dialect}: generating…`);
    const data = await generateCasework(deps, scaledShape(scale), NOW, (done, total) => {
      if (process.stdout.isTTY) process.stdout.write(`\r${dialect}: generating… ${Math.round((done / total) * 100)}% of referrals`);
    });
    process.stdout.write(`\r${dialect}: generated in ${data.seconds.toFixed(1)} s\n`);
    // PostgreSQL's autovacuum would vacuum and analyse the new tables soon after a bulk load; do it
    // now so the plans (and index-only scans) measured are a settled database's. SQLite is measured
    // as the app leaves it: the app never runs ANALYZE, so its planner has no statistics.
    if (dialect === 'postgres') await sql`vacuum analyze`.execute(database.db);
    const bytes = await databaseBytes(database, scratch.file);
    // BENCH_SQLITE_MMAP_MB: what memory-mapped reads would change (the app does not set mmap_size).
    if (dialect === 'sqlite' && SQLITE_MMAP_MB > 0) await sql.raw(`pragma mmap_size = ${SQLITE_MMAP_MB * 1048576}`).execute(database.db);

    // Logs go nowhere, but at the production level: formatting a line per request is server time too.
    const logStream = new Writable({ write: (_chunk, _enc, cb) => cb() });
    const app = await buildApp({ database, clock, config, webRoot: null, logStream });
    try {
      const lw = await signIn(app, data.linkWorker.email);
      const lead = await signIn(app, data.lead.email);
      const lwId = data.linkWorker.id;
      const scenarios: Scenario[] = [
        { who: 'link worker', page: 'caseload', url: '/api/v1/cases?limit=250', cookie: lw, describe: caseloadShows },
        { who: 'link worker', page: 'Today', url: '/api/v1/today', cookie: lw, describe: todayShows },
        { who: 'lead (PCN)', page: 'caseload', url: '/api/v1/cases?limit=250', cookie: lead, describe: caseloadShows },
        { who: 'lead → LW', page: 'caseload', url: `/api/v1/cases?limit=250&linkWorkerId=${lwId}`, cookie: lead, describe: caseloadShows },
        { who: 'lead → LW', page: 'Today', url: `/api/v1/today?linkWorkerId=${lwId}`, cookie: lead, describe: todayShows },
      ];
      if (process.env['BENCH_EXPLAIN'] === '1') await explainPages(scratch.target, data);
      const results: Measured[] = [];
      for (const s of scenarios) {
        const m = await measure(app, s, warmup, requests);
        const timing = summarise(m.ms);
        const cpu = summarise(m.cpuMs);
        const load = loadavg()[0] ?? 0;
        results.push({ dialect, who: s.who, page: s.page, shows: m.shows, bytes: m.bytes, timing, cpu, load });
        process.stdout.write(
          `  ${s.who.padEnd(12)} ${s.page.padEnd(9)} p50 ${timing.p50.toFixed(1)}  p95 ${timing.p95.toFixed(1)}  p99 ${timing.p99.toFixed(1)}  max ${timing.max.toFixed(1)} ms; CPU p50 ${cpu.p50.toFixed(1)} p95 ${cpu.p95.toFixed(1)} ms; load ${load.toFixed(1)}  (${m.shows})\n`,
        );
      }
      return { data, bytes, results };
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    await scratch.drop();
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-GB');

/** Runs the casework benchmark on each configured database and prints the table. */
export async function runCaseworkBench(): Promise<void> {
  const warmup = Math.round(numberFromEnv('BENCH_WARMUP', 20));
  const requests = Math.round(numberFromEnv('BENCH_REQUESTS', 300));
  const scale = numberFromEnv('BENCH_CASEWORK_SCALE', 1);
  const dialects: DialectName[] = (process.env['BENCH_DIALECTS'] ?? (PG_URL === undefined ? 'sqlite' : 'sqlite,postgres'))
    .split(',')
    .map((d) => d.trim())
    .filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');
  if (dialects.length === 0) throw new Error('BENCH_DIALECTS names no known database (sqlite, postgres)');
  let pgVersion = '';
  if (dialects.includes('postgres') && PG_URL !== undefined) {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    pgVersion = `, PostgreSQL ${String((await c.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v)}`;
    await c.end();
  }
  process.stdout.write(
    `\nCasework benchmark — ${availableParallelism()} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), ${fmt(totalmem() / 1073741824)} GB RAM (${fmt(freemem() / 1073741824)} GB free), Node ${process.version}${pgVersion}\n` +
      `Code: ${codeVersion()}. Clock at ${NOW.toISOString()}; ${warmup} warm-up then ${requests} timed requests per page; databases: ${dialects.join(', ')}` +
      `${scale === 1 ? '' : `; scale ${scale}`}${SQLITE_MMAP_MB > 0 ? `; SQLite mmap_size ${SQLITE_MMAP_MB} MB` : ''}\n`,
  );

  const runs: { dialect: DialectName; data: GeneratedCasework; bytes: number; results: Measured[] }[] = [];
  for (const dialect of dialects) runs.push({ dialect, ...(await runDialect(dialect, warmup, requests, scale)) });

  const first = runs[0]?.data;
  if (first !== undefined) {
    const r = first.rows;
    process.stdout.write(
      `\nData (the same on every database): ${fmt(r.person ?? 0)} people, ${fmt(r.referral ?? 0)} referrals (` +
        Object.entries(first.statuses)
          .map(([k, v]) => `${k} ${fmt(v)}`)
          .join(', ') +
        `),\n  ${fmt(r.contact ?? 0)} contacts, ${fmt(r.case_event ?? 0)} case events, ${fmt(r.conversation ?? 0)} conversations, ${fmt(r.plan_version ?? 0)} plan versions, ` +
        `${fmt(r.community_referral ?? 0)} community referrals, ${fmt(r.gp_record_entry ?? 0)} GP-record entries, ${fmt(r.notification ?? 0)} notifications, ${fmt(r.app_user ?? 0)} users, ${fmt(r.organisation ?? 0)} organisations\n` +
        `  open cases per link worker: min ${first.openPerLinkWorker.min}, median ${first.openPerLinkWorker.median}, max ${first.openPerLinkWorker.max}; ` +
        `measured link worker ${first.linkWorker.openCases} open over ${first.linkWorker.practices} practices; their lead's PCN ${fmt(first.lead.openCases)} open over ${first.lead.practices} practices\n`,
    );
    for (const run of runs) {
      process.stdout.write(
        `  ${run.dialect}: generated in ${run.data.seconds.toFixed(1)} s (${run.data.insertSeconds.toFixed(1)} s of it inserting), database ${fmt(run.bytes / 1048576)} MB\n`,
      );
    }
  }
  process.stdout.write(
    `\nServer time per request (app.inject: wall-clock ms; target p95 < ${TARGET_P95_MS}). CPU = this process's CPU per request, which on\n` +
      `SQLite is all the work and does not grow when other jobs share the CPUs; load = 1-minute load average on ${availableParallelism()} CPU(s).\n`,
  );
  process.stdout.write(`  database  who           page        p50     p95     p99     max  p95<${TARGET_P95_MS}   CPU p50  CPU p95  load  shows\n`);
  const f = (n: number, w = 6): string => n.toFixed(1).padStart(w);
  for (const run of runs) {
    for (const m of run.results) {
      const t = m.timing;
      process.stdout.write(
        `  ${m.dialect.padEnd(8)}  ${m.who.padEnd(12)}  ${m.page.padEnd(8)}  ${f(t.p50)}  ${f(t.p95)}  ${f(t.p99)}  ${f(t.max)}  ${t.p95 < TARGET_P95_MS ? 'yes' : 'NO '}    ${f(m.cpu.p50, 7)}  ${f(m.cpu.p95, 7)}  ${f(m.load, 4)}  ${m.shows} (${fmt(m.bytes / 1024)} kB)\n`,
      );
    }
  }
}

// `tsx bench/casework.ts` runs it on its own; bench/run.ts imports it.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await runCaseworkBench();
