/**
 * Benchmarks the insight reports at ICB scale (issue 11 item 7): every report in REPORT_NAMES
 * through the real use case (`viewReport`: permission, transaction, scope, builders, disclosure
 * control, the audit write), for one PCN-year as that PCN's lead and for the whole ICB-year as the
 * operator, and the ICB's quarterly return (`generateQuarterlyReturn`). The data is
 * bench/reports-data.ts (~1M referrals over five years at scale 1), generated once per database
 * and kept: SQLite in bench/data/reports/, PostgreSQL in a database of its own
 * (`linkwork_bench_reports`, with `_s<scale>` below scale 1), reused while the generator version,
 * scale and seed match; pending migrations are applied to a kept database before measuring.
 * Prints wall and CPU milliseconds against the targets (PCN-year p95 ≤ 300 ms, ICB-year ≤ 1 s,
 * the return ≤ 10 s) and the load average before and after. Not a test.
 *
 *   BENCH_ONLY=reports npm run bench
 *   npx tsx bench/reports.ts --scale 0.1                 # 100k referrals, quick
 *   npx tsx bench/reports.ts --generate-only             # build (or keep) the databases, measure nothing
 *   BENCH_REPORTS_SCALE=0.1 BENCH_DIALECTS=sqlite …
 *   BENCH_REPORTS_ONLY=demand,pathway …                  # some reports only
 *   BENCH_REPORTS_QUERIES=1 …                            # also the time of each query, per report
 *   BENCH_REPORTS_QUERIES=plan …                         # … and the plan of each query over 20 ms
 *   BENCH_REPORTS_PCN_RUNS=20 BENCH_REPORTS_ICB_RUNS=5 BENCH_REPORTS_RETURN_RUNS=3 …
 *   BENCH_REPORTS_PREWARM=0 …                            # skip reading the database into the OS cache first
 *   BENCH_SQLITE_CACHE_MB=512 BENCH_SQLITE_MMAP_MB=8192 …  # SQLite with a bigger page cache / mmap (the app sets neither)
 *   node --import tsx --cpu-prof --cpu-prof-dir bench/data/profiles bench/reports.ts --scale 0.1
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql, type LogEvent } from 'kysely';
import pg from 'pg';
import { fixedClock } from '../src/domain/clock.ts';
import { REPORT_NAMES, type ReportName } from '../src/domain/insight/reports.ts';
import { reportQuerySchema } from '../src/domain/schemas/reports.ts';
import { openDatabase, type DatabaseTarget, type DialectName } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { DB } from '../src/db/schema.ts';
import { DEFAULT_SERVICE_CONFIG, systemActor, type Actor, type ServiceDeps } from '../src/services/kernel/context.ts';
import { viewReport } from '../src/services/reports/view-report.ts';
import { FULL_REPORTS_SHAPE, generateReportsData, REPORTS_GENERATOR_VERSION, REPORTS_NOW, scaledReportsShape, type GeneratedReports } from './reports-data.ts';
import { PG_URL } from './support.ts';

const TARGET_PCN_P95_MS = 300;
const TARGET_ICB_MS = 1_000;
const TARGET_RETURN_MS = 10_000;
/** The last complete year and quarter at the bench clock (2026-12-07). */
const YEAR = '2025';
const QUARTER = '2026-Q3';
const SQLITE_CACHE_MB = Math.round(Number(process.env['BENCH_SQLITE_CACHE_MB'] ?? '0'));
const SQLITE_MMAP_MB = Math.round(Number(process.env['BENCH_SQLITE_MMAP_MB'] ?? '0'));
const DATA_DIR = fileURLToPath(new URL('./data/reports/', import.meta.url));

function numberFrom(name: string, flag: string, fallback: number): number {
  const i = process.argv.indexOf(flag);
  const raw = i >= 0 ? process.argv[i + 1] : process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} (${flag}) must be a positive number`);
  return n;
}

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

const uptime = (): string => {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`;
  }
};

interface Timing {
  p50: number;
  p95: number;
  max: number;
  n: number;
}

/** Nearest-rank percentiles. */
function summarise(ms: number[]): Timing {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
  return { p50: at(50), p95: at(95), max: s[s.length - 1] ?? Number.NaN, n: s.length };
}

// ---- the cached databases ----

interface Prepared {
  target: DatabaseTarget;
  meta: GeneratedReports;
  reused: boolean;
  migrations: string[];
  file?: string;
}

const scaleTag = (scale: number): string => (scale === 1 ? '' : `_s${String(scale).replace('.', 'p')}`);

async function pgAdmin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  if (PG_URL === undefined) throw new Error('PostgreSQL benchmark needs DATABASE_URL or TEST_PG_URL');
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

function matches(meta: GeneratedReports | undefined, scale: number): meta is GeneratedReports {
  return meta !== undefined && meta.version === REPORTS_GENERATOR_VERSION && meta.scale === scale && meta.seed === FULL_REPORTS_SHAPE.seed;
}

/** The benchmark database for this dialect and scale: kept from an earlier run when it matches, else generated now. */
async function prepare(dialect: DialectName, scale: number): Promise<Prepared> {
  let target: DatabaseTarget;
  let file: string | undefined;
  let existing: GeneratedReports | undefined;
  let writeMeta: (m: GeneratedReports) => Promise<void>;
  if (dialect === 'sqlite') {
    mkdirSync(DATA_DIR, { recursive: true });
    file = join(DATA_DIR, `reports${scaleTag(scale)}.db`);
    const metaFile = `${file}.json`;
    target = { kind: 'sqlite', file };
    if (existsSync(metaFile) && existsSync(file)) existing = JSON.parse(readFileSync(metaFile, 'utf8')) as GeneratedReports;
    if (!matches(existing, scale)) {
      existing = undefined;
      for (const f of [file, `${file}-wal`, `${file}-shm`, metaFile]) rmSync(f, { force: true });
    }
    writeMeta = (m) => Promise.resolve(writeFileSync(metaFile, JSON.stringify(m, null, 2)));
  } else {
    const name = `linkwork_bench_reports${scaleTag(scale)}`;
    const url = new URL(PG_URL ?? '');
    url.pathname = `/${name}`;
    target = { kind: 'postgres', url: url.toString() };
    existing = await pgAdmin(async (c) => {
      const r = await c.query<{ comment: string | null }>('select shobj_description(oid, $2) as comment from pg_database where datname = $1', [
        name,
        'pg_database',
      ]);
      const comment = r.rows[0]?.comment;
      if (r.rows.length === 0) return undefined;
      try {
        const m = comment == null ? undefined : (JSON.parse(comment) as GeneratedReports);
        if (matches(m, scale)) return m;
      } catch {
        // not ours, or half-made: rebuilt below
      }
      await c.query(`drop database if exists ${name} with (force)`);
      return undefined;
    });
    if (existing === undefined) await pgAdmin((c) => c.query(`create database ${name}`));
    writeMeta = (m) => pgAdmin(async (c) => void (await c.query(`comment on database ${name} is '${JSON.stringify(m).replace(/'/g, "''")}'`)));
  }

  const database = openDatabase(target);
  try {
    const migrations = await migrateToLatest(database.db);
    if (existing !== undefined) {
      // A migration applied to a kept database (new indexes, a summary table): give the planner its statistics.
      if (migrations.length > 0 && dialect === 'postgres') await sql`analyze`.execute(database.db);
      return { target, meta: existing, reused: true, migrations, ...(file === undefined ? {} : { file }) };
    }
    process.stdout.write(`${dialect}: generating scale ${scale} (${scaledReportsShape(scale).referrals.toLocaleString('en-GB')} referrals)…\n`);
    let lastShown = 0;
    const meta = await generateReportsData(database.db, dialect, scaledReportsShape(scale), scale, REPORTS_NOW, (done, total) => {
      if (performance.now() - lastShown < 15_000) return;
      lastShown = performance.now();
      process.stdout.write(`  ${dialect}: ${Math.round((done / total) * 100)}% of referrals\n`);
    });
    // PostgreSQL's autovacuum would vacuum and analyse the new tables soon after a bulk load; do it
    // now so the plans measured are a settled database's. SQLite is measured as the app leaves it
    // (the app never runs ANALYZE).
    if (dialect === 'postgres') await sql`vacuum analyze`.execute(database.db);
    else await sql`pragma wal_checkpoint(truncate)`.execute(database.db);
    await writeMeta(meta);
    process.stdout.write(
      `${dialect}: generated in ${meta.seconds.toFixed(0)} s (${meta.insertSeconds.toFixed(0)} s inserting, ${meta.indexSeconds.toFixed(0)} s indexing)\n`,
    );
    return { target, meta, reused: false, migrations, ...(file === undefined ? {} : { file }) };
  } finally {
    await database.close();
  }
}

// ---- measuring ----

interface Measured {
  dialect: DialectName;
  report: string;
  scope: 'PCN-year' | 'ICB-year' | 'return';
  wall: Timing;
  cpu: Timing;
  /** PostgreSQL backends' CPU per run (ms, p50), when it could be read from /proc. */
  serverCpu: number | null;
  figures: number;
  load: number;
}

/** CPU (ms) used so far by this database's PostgreSQL backends (ours: the database is the bench's own). Parallel workers that have exited are missed. */
async function pgBackendCpuMs(db: Kysely<DB>): Promise<number | null> {
  const r = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(db);
  let ticks = 0;
  for (const { pid } of r.rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

interface Run {
  wallMs: number;
  cpuMs: number;
  serverMs: number | null;
  figures: number;
}

async function timed(db: Kysely<DB>, dialect: DialectName, work: () => Promise<number>): Promise<Run> {
  const s0 = dialect === 'postgres' ? await pgBackendCpuMs(db) : null;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const figures = await work();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const s1 = dialect === 'postgres' ? await pgBackendCpuMs(db) : null;
  return { wallMs, cpuMs: (c.user + c.system) / 1000, serverMs: s0 === null || s1 === null ? null : s1 - s0, figures };
}

function summariseRuns(dialect: DialectName, report: string, scope: Measured['scope'], runs: Run[]): Measured {
  const server = runs.map((r) => r.serverMs).filter((v): v is number => v !== null);
  return {
    dialect,
    report,
    scope,
    wall: summarise(runs.map((r) => r.wallMs)),
    cpu: summarise(runs.map((r) => r.cpuMs)),
    serverCpu: server.length === runs.length && server.length > 0 ? summarise(server).p50 : null,
    figures: runs[0]?.figures ?? 0,
    load: loadavg()[0] ?? 0,
  };
}

const f1 = (n: number, w = 7): string => (Number.isFinite(n) ? n.toFixed(0) : '–').padStart(w);

function printMeasured(m: Measured): void {
  process.stdout.write(
    `  ${m.scope.padEnd(8)} ${m.report.padEnd(18)} wall p50 ${f1(m.wall.p50)} p95 ${f1(m.wall.p95)} max ${f1(m.wall.max)} ms; ` +
      `CPU p50 ${f1(m.cpu.p50)} p95 ${f1(m.cpu.p95)} ms${m.serverCpu === null ? '' : `; PostgreSQL CPU p50 ${f1(m.serverCpu)} ms`}; ${m.figures} figures; n=${m.wall.n}; load ${m.load.toFixed(1)}\n`,
  );
}

interface ReturnModule {
  generateQuarterlyReturn(deps: ServiceDeps, actor: Actor, q: { period: string }): Promise<{ sections: { figures: unknown[] }[] }>;
}

/** The quarterly return use case, when this checkout has it (it is being written beside this bench). */
async function loadReturn(): Promise<ReturnModule | undefined> {
  const path = '../src/services/reports/generate-quarterly-return.ts';
  try {
    const m = (await import(path)) as Partial<ReturnModule>;
    return typeof m.generateQuarterlyReturn === 'function' ? (m as ReturnModule) : undefined;
  } catch {
    return undefined;
  }
}

/** A Kysely that logs each query's time (BENCH_REPORTS_QUERIES=1), opened as openDatabase opens it. */
function openLogged(target: DatabaseTarget, log: (e: LogEvent) => void): Kysely<DB> {
  if (target.kind === 'sqlite') {
    const s = new BetterSqlite3(target.file);
    s.pragma('journal_mode = WAL');
    s.pragma('foreign_keys = ON');
    s.pragma('busy_timeout = 5000');
    s.pragma('synchronous = NORMAL');
    return new Kysely<DB>({ dialect: new SqliteDialect({ database: s }), log });
  }
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === 20 || oid === 1700) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format) as (v: string) => unknown;
    },
  };
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.url, max: 10, types }) }), log });
}

/** BENCH_REPORTS_QUERIES=1: each report once for a PCN-year and the ICB-year, with the time of each query it issued. */
async function explainQueries(target: DatabaseTarget, dialect: DialectName, reports: readonly ReportName[], leads: { userId: string }[]): Promise<void> {
  const seen: { sql: string; parameters: readonly unknown[]; ms: number }[] = [];
  const plans = process.env['BENCH_REPORTS_QUERIES'] === 'plan';
  const db = openLogged(target, (e) => {
    if (e.level === 'query') seen.push({ sql: e.query.sql, parameters: e.query.parameters, ms: e.queryDurationMillis });
  });
  try {
    const deps: ServiceDeps = { db, dialect, clock: fixedClock(REPORTS_NOW), config: DEFAULT_SERVICE_CONFIG };
    const lead = leads[Number(process.env['BENCH_REPORTS_QUERY_PCN'] ?? '0')] ?? leads[0];
    for (const report of reports) {
      for (const [scope, actor] of [
        ['PCN-year', lead === undefined ? systemActor('bench') : leadActor(lead.userId)],
        ['ICB-year', systemActor('bench')],
      ] as const) {
        if (!(process.env['BENCH_REPORTS_QUERY_SCOPES'] ?? 'PCN-year,ICB-year').split(',').includes(scope)) continue;
        await viewReport(deps, actor, report, reportQuerySchema.parse({ period: YEAR }));
        seen.length = 0;
        const t0 = performance.now();
        await viewReport(deps, actor, report, reportQuerySchema.parse({ period: YEAR }));
        const total = performance.now() - t0;
        const inSql = seen.reduce((a, q) => a + q.ms, 0);
        process.stdout.write(`\n  ${dialect} ${report} ${scope}: ${total.toFixed(0)} ms, ${seen.length} queries, ${inSql.toFixed(0)} ms in them\n`);
        for (const q of [...seen].sort((a, b) => b.ms - a.ms).slice(0, 8)) {
          process.stdout.write(`    ${q.ms.toFixed(1).padStart(8)} ms  ${q.sql.replace(/\s+/g, ' ').slice(0, 220)}\n`);
          // BENCH_REPORTS_QUERIES=plan: the database's plan for each query over 20 ms.
          if (!plans || q.ms < 20 || !/^select/i.test(q.sql)) continue;
          const prefix = dialect === 'sqlite' ? 'explain query plan ' : 'explain (costs off) ';
          const plan = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + q.sql, [...q.parameters]));
          for (const r of plan.rows) {
            const line = r['detail'] ?? r['QUERY PLAN'];
            process.stdout.write(`               ${typeof line === 'string' ? line : JSON.stringify(r)}\n`);
          }
        }
      }
    }
  } finally {
    await db.destroy();
  }
}

/**
 * "Warm" as the targets mean it: the database's files in the operating system's cache, as on a
 * server that has been answering for a while (this machine's other work evicts them between runs).
 * SQLite: the file read once through. PostgreSQL: every table and index read with pg_prewarm
 * ('read' mode: into the OS cache; shared_buffers is 128 MB) when the extension can be created.
 */
async function prewarm(db: Kysely<DB>, dialect: DialectName, file: string | undefined): Promise<string> {
  const t0 = performance.now();
  if (dialect === 'sqlite') {
    if (file === undefined) return 'prewarm: no file';
    const fd = openSync(file, 'r');
    const buffer = Buffer.allocUnsafe(8 << 20);
    let total = 0;
    try {
      for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null)) total += n;
    } finally {
      closeSync(fd);
    }
    return `prewarm: read ${(total / 1_073_741_824).toFixed(1)} GB in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  }
  try {
    await sql`create extension if not exists pg_prewarm`.execute(db);
    const r = await sql<{ blocks: number }>`
      select coalesce(sum(pg_prewarm(c.oid::regclass, 'read')), 0) as blocks
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'i')`.execute(db);
    return `prewarm: read ${((Number(r.rows[0]?.blocks ?? 0) * 8192) / 1_073_741_824).toFixed(1)} GB in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  } catch (e) {
    return `prewarm: pg_prewarm unavailable (${e instanceof Error ? e.message : String(e)})`;
  }
}

const leadActor = (userId: string): Actor => ({ kind: 'user', userId, role: 'pcn_lead', meta: { requestId: null, ip: null } });

async function runDialect(
  dialect: DialectName,
  scale: number,
  reports: readonly ReportName[],
  counts: { pcn: number; icb: number; ret: number },
): Promise<{ prepared: Prepared; bytes: number; results: Measured[]; returnMeasured: boolean }> {
  const prepared = await prepare(dialect, scale);
  const database = openDatabase(prepared.target);
  const results: Measured[] = [];
  let returnMeasured = false;
  let bytes = 0;
  try {
    const db = database.db;
    if (dialect === 'postgres') bytes = Number((await sql<{ n: number }>`select pg_database_size(current_database()) as n`.execute(db)).rows[0]?.n ?? 0);
    else bytes = prepared.file === undefined ? 0 : statSync(prepared.file).size;
    // What a bigger SQLite page cache or memory-mapped reads would change (the app sets neither).
    if (dialect === 'sqlite' && SQLITE_CACHE_MB > 0) await sql.raw(`pragma cache_size = ${-SQLITE_CACHE_MB * 1024}`).execute(db);
    if (dialect === 'sqlite' && SQLITE_MMAP_MB > 0) await sql.raw(`pragma mmap_size = ${SQLITE_MMAP_MB * 1_048_576}`).execute(db);
    const deps: ServiceDeps = { db, dialect, clock: fixedClock(REPORTS_NOW), config: DEFAULT_SERVICE_CONFIG };
    const leads = (
      await db
        .selectFrom('app_user as u')
        .innerJoin('user_scope as s', 's.user_id', 'u.id')
        .innerJoin('organisation as o', 'o.id', 's.organisation_id')
        .select(['u.id as userId', 'o.ods_code as pcn'])
        .where('u.role', '=', 'pcn_lead')
        .where('o.kind', '=', 'pcn')
        .orderBy('o.ods_code')
        .execute()
    ).map((r) => ({ userId: r.userId, pcn: r.pcn ?? '' }));
    if (leads.length === 0) throw new Error('the bench database has no PCN leads');
    process.stdout.write(
      `\n${dialect}: ${prepared.reused ? 'kept database' : 'new database'} (${(bytes / 1_073_741_824).toFixed(2)} GB)` +
        `${prepared.migrations.length > 0 ? `; migrations applied now: ${prepared.migrations.join(', ')}` : ''}\n  before: ${uptime()}\n`,
    );
    if (process.env['BENCH_REPORTS_PREWARM'] !== '0') process.stdout.write(`  ${await prewarm(db, dialect, prepared.file)}\n`);
    if (['1', 'plan'].includes(process.env['BENCH_REPORTS_QUERIES'] ?? '')) await explainQueries(prepared.target, dialect, reports, leads);

    const query = reportQuerySchema.parse({ period: YEAR });
    for (const report of reports) {
      // One PCN-year: one warm-up, then runs cycling over the PCNs, each as that PCN's lead.
      await viewReport(deps, leadActor(leads[0]?.userId ?? ''), report, query);
      const pcnRuns: Run[] = [];
      for (let i = 0; i < counts.pcn; i++) {
        const lead = leads[(i + 1) % leads.length] ?? leads[0];
        pcnRuns.push(await timed(db, dialect, async () => (await viewReport(deps, leadActor(lead?.userId ?? ''), report, query)).figures.length));
      }
      const pcn = summariseRuns(dialect, report, 'PCN-year', pcnRuns);
      printMeasured(pcn);
      results.push(pcn);
      // The whole ICB for the year, as the operator.
      const icbRuns: Run[] = [];
      for (let i = 0; i < counts.icb; i++)
        icbRuns.push(await timed(db, dialect, async () => (await viewReport(deps, systemActor('bench'), report, query)).figures.length));
      const icb = summariseRuns(dialect, report, 'ICB-year', icbRuns);
      printMeasured(icb);
      results.push(icb);
    }

    if (counts.ret > 0) {
      const mod = await loadReturn();
      const retRuns: Run[] = [];
      for (let i = 0; i < counts.ret; i++) {
        if (mod !== undefined) {
          retRuns.push(
            await timed(db, dialect, async () => {
              const r = await mod.generateQuarterlyReturn(deps, systemActor('bench'), { period: QUARTER });
              return r.sections.reduce((a, s) => a + s.figures.length, 0);
            }),
          );
        } else {
          // No return use case in this checkout: every report for the ICB-quarter instead.
          const q = reportQuerySchema.parse({ period: QUARTER });
          retRuns.push(
            await timed(db, dialect, async () => {
              let n = 0;
              for (const report of REPORT_NAMES) n += (await viewReport(deps, systemActor('bench'), report, q)).figures.length;
              return n;
            }),
          );
        }
      }
      returnMeasured = mod !== undefined;
      const ret = summariseRuns(dialect, mod !== undefined ? `quarterly return ${QUARTER}` : `all reports ${QUARTER}`, 'return', retRuns);
      printMeasured(ret);
      results.push(ret);
    }
    process.stdout.write(`  after: ${uptime()}\n`);
    return { prepared, bytes, results, returnMeasured };
  } finally {
    await database.close();
  }
}

/** Runs the reports benchmark on each configured database and prints the table against the targets. */
export async function runReportsBench(): Promise<void> {
  const scale = numberFrom('BENCH_REPORTS_SCALE', '--scale', 1);
  const counts = {
    pcn: Math.round(numberFrom('BENCH_REPORTS_PCN_RUNS', '--pcn-runs', 20)),
    icb: Math.round(numberFrom('BENCH_REPORTS_ICB_RUNS', '--icb-runs', 5)),
    ret: process.env['BENCH_REPORTS_RETURN_RUNS'] === '0' ? 0 : Math.round(numberFrom('BENCH_REPORTS_RETURN_RUNS', '--return-runs', 3)),
  };
  const only = (process.env['BENCH_REPORTS_ONLY'] ?? '').split(',').filter((s) => s !== '');
  const reports = REPORT_NAMES.filter((r) => only.length === 0 || only.includes(r));
  const dialects: DialectName[] = (process.env['BENCH_DIALECTS'] ?? (PG_URL === undefined ? 'sqlite' : 'sqlite,postgres'))
    .split(',')
    .map((d) => d.trim())
    .filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');
  if (dialects.length === 0) throw new Error('BENCH_DIALECTS names no known database (sqlite, postgres)');
  let pgVersion = '';
  if (dialects.includes('postgres'))
    pgVersion = `, PostgreSQL ${await pgAdmin(async (c) => String((await c.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v))}`;
  process.stdout.write(
    `\nInsight reports benchmark — ${availableParallelism()} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 1_073_741_824).toFixed(0)} GB RAM (${(freemem() / 1_073_741_824).toFixed(0)} GB free), Node ${process.version}${pgVersion}\n` +
      `Code: ${codeVersion()}. Clock ${REPORTS_NOW.toISOString()}; year ${YEAR}, quarter ${QUARTER}; scale ${scale}; databases ${dialects.join(', ')}; ` +
      `runs: PCN-year ${counts.pcn} (+1 warm-up), ICB-year ${counts.icb}, return ${counts.ret}` +
      `${SQLITE_CACHE_MB > 0 ? `; SQLite cache_size ${SQLITE_CACHE_MB} MB` : ''}${SQLITE_MMAP_MB > 0 ? `; SQLite mmap_size ${SQLITE_MMAP_MB} MB` : ''}\n`,
  );

  if (process.argv.includes('--generate-only')) {
    for (const dialect of dialects) {
      const p = await prepare(dialect, scale);
      process.stdout.write(`${dialect}: ${p.reused ? 'kept' : 'generated'} (${JSON.stringify(p.meta.rows)})\n`);
    }
    return;
  }
  const runs: Awaited<ReturnType<typeof runDialect>>[] = [];
  for (const dialect of dialects) runs.push(await runDialect(dialect, scale, reports, counts));

  const first = runs[0]?.prepared.meta;
  if (first !== undefined) {
    const r = first.rows;
    const n = (k: keyof DB): string => (r[k] ?? 0).toLocaleString('en-GB');
    process.stdout.write(
      `\nData: ${n('referral')} referrals (${Object.entries(first.statuses)
        .map(([k, v]) => `${k} ${(v ?? 0).toLocaleString('en-GB')}`)
        .join(', ')}), ${n('person')} people, ${n('contact')} contacts, ${n('conversation')} conversations, ` +
        `${n('plan_version')} plan versions, ${n('community_referral')} community referrals, ${n('outcome_administration')} outcome administrations, ` +
        `${n('unmet_need')} unmet needs, ${n('service')} services, ${n('list_age_sex')} + ${n('list_lsoa')} list rows, ${n('geo_lsoa')} LSOAs\n`,
    );
    for (const run of runs)
      process.stdout.write(
        `  ${run.prepared.target.kind}: ${(run.bytes / 1_073_741_824).toFixed(2)} GB; generated in ${run.prepared.meta.seconds.toFixed(0)} s ` +
          `(${run.prepared.meta.insertSeconds.toFixed(0)} s inserting, ${run.prepared.meta.indexSeconds.toFixed(0)} s indexing)${run.prepared.reused ? ', on an earlier run' : ''}\n`,
      );
  }
  process.stdout.write(
    `\nWall and CPU ms (CPU: this process's, per run; on SQLite that is all the work; on PostgreSQL the server's backends are apart).\n` +
      `Targets: PCN-year p95 ≤ ${TARGET_PCN_P95_MS} ms, ICB-year ≤ ${TARGET_ICB_MS} ms (max), quarterly return ≤ ${TARGET_RETURN_MS} ms (max).\n`,
  );
  process.stdout.write('  database  scope     report                           wall p50  wall p95  wall max  target  CPU p50  CPU p95   PG CPU  figures\n');
  for (const run of runs) {
    for (const m of run.results) {
      const meets =
        m.scope === 'PCN-year' ? m.wall.p95 <= TARGET_PCN_P95_MS : m.scope === 'ICB-year' ? m.wall.max <= TARGET_ICB_MS : m.wall.max <= TARGET_RETURN_MS;
      process.stdout.write(
        `  ${m.dialect.padEnd(8)}  ${m.scope.padEnd(8)}  ${m.report.padEnd(31)}  ${f1(m.wall.p50, 8)}  ${f1(m.wall.p95, 8)}  ${f1(m.wall.max, 8)}  ${meets ? 'yes' : 'NO '}    ${f1(m.cpu.p50)}  ${f1(m.cpu.p95)}  ${m.serverCpu === null ? '      –' : f1(m.serverCpu)}  ${m.figures}\n`,
      );
    }
  }
}

// `tsx bench/reports.ts` runs it on its own; bench/run.ts imports it.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await runReportsBench();
