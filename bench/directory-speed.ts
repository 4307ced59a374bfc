/**
 * Directory matching speed (issue 4 part 8): Linkwork's matcher beside MiniSearch, on the same
 * synthetic 100,000-service directory (bench/directory-generate.ts) and the same ~500 link-worker
 * queries, in the same run. For each engine, in a child process of its own (so RSS figures are not
 * mixed): load time, index build time, RSS and heap after the build, and per-query latency
 * p50/p95/p99 (wall and this process's CPU) running the queries one after another on one thread
 * after a warm-up. Linkwork is measured three ways: `linkwork` indexes the records directly;
 * `linkwork-db` reads them from a migrated SQLite database through the app's loader
 * (loadMatchableServices: it leaves out inactive, defunct and closed services) and indexes them;
 * `linkwork-usecase` asks the real use case (matchServicesForNeed: transaction, postcode lookup,
 * directory version check, cached index built on the first call, audit event) — what a request pays
 * without HTTP. Linkwork runs with WordNet (its files counted in the RSS once read); about 12% of the
 * queries carry words the directory hardly uses (the lexicon's bridges) and 6% a named place, timed
 * apart too; the records carry their addresses' place names, as the app's loader reads them.
 * Targets for Linkwork's matcher: build ≤ 10 s, p95 ≤ 20 ms, RSS ≤ 500 MB. Prints figures and
 * exits; asserts nothing.
 *
 *   BENCH_ONLY=directory-speed npm run bench
 *   BENCH_DIR_SERVICES=20000 BENCH_ONLY=directory-speed npm run bench   # smaller directory
 *   BENCH_DIR_ENGINES=linkwork …   # minisearch, linkwork, linkwork-db, linkwork-usecase (comma-separated)
 *   BENCH_DIR_PROFILE=1 …          # also CPU profiles of each child: bench/data/profiles/<engine>-<time>/CPU.*.0.001.cpuprofile (main thread)
 *   BENCH_DIR_QUERIES=500 BENCH_DIR_WARMUP=100 BENCH_DIR_ROUNDS=1 …   # timed queries, warm-up queries, rounds
 *
 * The generated directory (records JSON, SQLite file, queries) is kept in
 * bench/data/directory-speed/<services>-<seed>-<hash>/ and reused while the generator, the
 * classifier and the migrations are unchanged (the hash covers their source).
 */
import { createHash } from 'node:crypto';
import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { localityOf } from '../src/domain/matching/places.ts';
import type { MatchableService, PersonLocation } from '../src/domain/matching/types.ts';
import {
  DEFAULT_SHAPE,
  DIRECTORY_TABLES,
  classifyDirectory,
  generateDirectory,
  generateQueries,
  loadOutcodes,
  toMatchable,
  type DirectoryQuery,
  type GeneratedDirectory,
  type Outcode,
} from './directory-generate.ts';
import { Random } from './support.ts';
import type { BenchQuery, ChildArgs, ChildResult, EngineName, Summary } from './directory-speed-child.ts';

const CHILD = fileURLToPath(new URL('./directory-speed-child.ts', import.meta.url));
const DATA = fileURLToPath(new URL('./data/', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number`);
  return n;
}

const TARGETS = { buildS: 10, p95Ms: 20, rssMb: 500 };
const ALL_ENGINES: EngineName[] = ['minisearch', 'linkwork', 'linkwork-db', 'linkwork-usecase'];
const STALE_MONTHS = 6;

/** Source files whose change makes the kept directory out of date. */
const INPUTS = [
  'bench/directory-generate.ts',
  'src/domain/needs.ts',
  'src/domain/needs-classifier.ts',
  'src/domain/matching/text.ts',
  'src/domain/matching/places.ts',
  'src/db/migrations/index.ts',
];

function inputsHash(): string {
  const h = createHash('sha256');
  for (const f of INPUTS) h.update(existsSync(join(ROOT, f)) ? readFileSync(join(ROOT, f)) : f);
  return h.digest('hex').slice(0, 10);
}

function codeVersion(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', cwd: ROOT }).trim();
    const dirty =
      execFileSync(
        'git',
        ['status', '--porcelain', '--', 'src/domain/matching', 'src/domain/needs-classifier.ts', 'src/db/repositories/directory/match-corpus.ts'],
        { encoding: 'utf8', cwd: ROOT },
      ).trim() !== '';
    return `commit ${head}${dirty ? ' + uncommitted matcher changes' : ''}`;
  } catch {
    return 'commit unknown';
  }
}

/** Writes every generated row into a freshly migrated SQLite file (prepared statements, one transaction). */
async function writeDatabase(file: string, dir: GeneratedDirectory): Promise<void> {
  const database = openDatabase({ kind: 'sqlite', file });
  try {
    await migrateToLatest(database.db);
  } finally {
    await database.close();
  }
  const sqlite = new BetterSqlite3(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = OFF');
    sqlite.transaction(() => {
      for (const table of DIRECTORY_TABLES) {
        const rows = dir[table] as readonly Record<string, unknown>[];
        const columns = [...new Set(rows.flatMap((r, i) => (i < 50 ? Object.keys(r) : [])))];
        const insert = sqlite.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
        for (const r of rows) insert.run(columns.map((c) => r[c] ?? null));
      }
    })();
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    sqlite.close();
  }
}

/**
 * The records with the place names of their locations' addresses, as the app's loader reads them
 * (match-corpus.ts: the city, and the second line when it reads as a locality), so the direct
 * engine learns the same gazetteer as the database engines. `toMatchable` keeps a service's
 * locations with coordinates in its service_at_location order; so does this.
 */
function withPlaces(records: MatchableService[], dir: GeneratedDirectory): MatchableService[] {
  const names = new Map<string, string[]>();
  for (const a of dir.address) {
    if (a.address_type.trim().toLowerCase() !== 'physical') continue;
    const list = names.get(a.location_id) ?? [];
    for (const name of [a.city.replace(/\s+/g, ' ').trim(), localityOf(a.address_2)]) if (name !== null && name !== '' && !list.includes(name)) list.push(name);
    names.set(a.location_id, list);
  }
  const located = new Set(dir.location.filter((l) => l.latitude != null && l.longitude != null).map((l) => l.id));
  const byService = new Map<string, string[]>();
  for (const x of dir.service_at_location) {
    if (!located.has(x.location_id)) continue;
    const list = byService.get(x.service_id) ?? [];
    list.push(x.location_id);
    byService.set(x.service_id, list);
  }
  return records.map((r) => {
    const ids = byService.get(r.id) ?? [];
    if (ids.length !== r.locations.length) throw new Error(`service ${r.id}: ${ids.length} located places for ${r.locations.length} locations`);
    return { ...r, locations: r.locations.map((l, i) => ({ ...l, places: names.get(ids[i]!) ?? [] })) };
  });
}

/** A query's postcode as the service layer resolves it: a full postcode is a point near its district's
 * centroid (precision 'postcode'); an outcode alone is the centroid ('outcode'). */
function locate(q: DirectoryQuery, outcodes: ReadonlyMap<string, Outcode>, rnd: Random): PersonLocation | undefined {
  if (q.postcode === undefined) return undefined;
  const [out, inward] = q.postcode.split(' ');
  const c = outcodes.get(out ?? '');
  if (c === undefined) return undefined;
  if (inward === undefined) return { latitude: c.latitude, longitude: c.longitude, precision: 'outcode' };
  return { latitude: c.latitude + (rnd.next() - 0.5) * 0.02, longitude: c.longitude + (rnd.next() - 0.5) * 0.03, precision: 'postcode' };
}

interface Prepared {
  dir: string;
  recordsFile: string;
  dbFile: string;
  queriesFile: string;
  services: number;
  reused: boolean;
  notes: string[];
}

async function prepare(services: number, seed: number, queryCount: number, warmupCount: number): Promise<Prepared> {
  const dir = join(DATA, 'directory-speed', `${services}-${seed}-${queryCount}-${warmupCount}-${inputsHash()}`);
  const p = {
    dir,
    recordsFile: join(dir, 'records.json'),
    dbFile: join(dir, 'directory.db'),
    queriesFile: join(dir, 'queries.json'),
    services,
    notes: [] as string[],
  };
  const done = join(dir, 'done.json');
  if (existsSync(done)) return { ...p, reused: true, notes: JSON.parse(readFileSync(done, 'utf8')) as string[] };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const outcodes = loadOutcodes();
  const ms = (t: number): string => `${((performance.now() - t) / 1000).toFixed(1)} s`;

  let t = performance.now();
  const generated = generateDirectory({ ...DEFAULT_SHAPE, services, seed }, outcodes);
  p.notes.push(
    `generated ${services.toLocaleString('en-GB')} services of ${generated.organisation.length.toLocaleString('en-GB')} organisations, ${generated.location.length.toLocaleString('en-GB')} locations in ${ms(t)}`,
  );
  t = performance.now();
  const withNeeds = classifyDirectory(generated);
  p.notes.push(`classified them into needs as the importer does (${withNeeds.toLocaleString('en-GB')} with a need ≥ 0.5) in ${ms(t)}`);
  t = performance.now();
  writeFileSync(p.recordsFile, JSON.stringify(withPlaces(toMatchable(generated), generated)));
  p.notes.push(`records file ${Math.round(statSync(p.recordsFile).size / 1048576)} MB in ${ms(t)}`);
  t = performance.now();
  await writeDatabase(p.dbFile, generated);
  p.notes.push(`SQLite file ${Math.round(statSync(p.dbFile).size / 1048576)} MB written in ${ms(t)}`);

  const byOutcode = new Map(outcodes.map((o) => [o.outcode, o]));
  const rnd = new Random(seed + 1);
  const resolve = (qs: DirectoryQuery[]): BenchQuery[] =>
    qs.map((q) => {
      const location = locate(q, byOutcode, rnd);
      return location === undefined ? q : { ...q, location };
    });
  writeFileSync(
    p.queriesFile,
    JSON.stringify({ warmup: resolve(generateQueries(warmupCount, seed + 2, outcodes)), queries: resolve(generateQueries(queryCount, seed + 3, outcodes)) }),
  );
  writeFileSync(done, JSON.stringify(p.notes));
  return { ...p, reused: false };
}

function measure(args: ChildArgs, profileDir: string | null): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const execArgv = [...process.execArgv, '--expose-gc'];
    // One directory per run and engine: node writes a profile per thread; CPU.*.0.001.cpuprofile is the main thread.
    if (profileDir !== null)
      execArgv.push('--cpu-prof', `--cpu-prof-dir=${join(profileDir, `${args.engine}-${new Date().toISOString().replace(/[:.]/g, '')}`)}`);
    const child = fork(CHILD, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
    let settled = false;
    child.on('message', (m: { ok: true; result: ChildResult } | { ok: false; error: string }) => {
      settled = true;
      if (m.ok) resolve(m.result);
      else reject(new Error(m.error));
    });
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`${args.engine} child exited with code ${String(code)} before reporting`));
    });
    child.send(args);
  });
}

const f1 = (n: number): string => n.toFixed(1);
const f2 = (n: number): string => n.toFixed(2);
const lat = (s: Summary, f: (n: number) => string = f2): string => `${f(s.p50)} / ${f(s.p95)} / ${f(s.p99)}`;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export async function runDirectorySpeedBench(): Promise<void> {
  const services = intFromEnv('BENCH_DIR_SERVICES', DEFAULT_SHAPE.services);
  const seed = intFromEnv('BENCH_DIR_SEED', DEFAULT_SHAPE.seed);
  const queryCount = intFromEnv('BENCH_DIR_QUERIES', 500);
  const warmupCount = intFromEnv('BENCH_DIR_WARMUP', 100);
  const rounds = intFromEnv('BENCH_DIR_ROUNDS', 1);
  const engines = (process.env['BENCH_DIR_ENGINES'] ?? ALL_ENGINES.join(','))
    .split(',')
    .map((e) => e.trim())
    .filter((e): e is EngineName => (ALL_ENGINES as string[]).includes(e));
  if (engines.length === 0) throw new Error(`BENCH_DIR_ENGINES names no known engine (${ALL_ENGINES.join(', ')})`);
  const profileDir = process.env['BENCH_DIR_PROFILE'] === '1' ? join(DATA, 'profiles') : null;
  if (profileDir !== null) mkdirSync(profileDir, { recursive: true });

  process.stdout.write(
    `\nDirectory matching speed — ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 1073741824)} GB RAM ` +
      `(${Math.round(freemem() / 1073741824)} GB free), Node ${process.version}, ${codeVersion()}; load average ${load()}\n`,
  );
  const t = performance.now();
  const p = await prepare(services, seed, queryCount, warmupCount);
  process.stdout.write(
    `Directory: ${services.toLocaleString('en-GB')} services, seed ${seed}${p.reused ? ` (kept from an earlier run in ${p.dir})` : ` (${((performance.now() - t) / 1000).toFixed(1)} s)`}\n` +
      p.notes.map((n) => `  ${n}\n`).join('') +
      `Queries: ${queryCount} link-worker queries × ${rounds} rounds after ${warmupCount} warm-up queries, one after another on one thread\n`,
  );

  const results: ChildResult[] = [];
  for (const engine of engines) {
    const before = load();
    try {
      const r = await measure(
        {
          engine,
          recordsFile: p.recordsFile,
          dbFile: p.dbFile,
          queriesFile: p.queriesFile,
          rounds,
          now: DEFAULT_SHAPE.now.toISOString(),
          staleMonths: STALE_MONTHS,
        },
        profileDir,
      );
      results.push(r);
      process.stdout.write(`  ${engine}: done (matcher source ${r.codeHash}; load average before ${before}, after ${load()})\n`);
    } catch (e) {
      process.stdout.write(`  ${engine}: FAILED — ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
    }
  }
  if (results.length === 0) return;

  const rows: string[][] = [
    [
      'engine',
      'services',
      'load s',
      'build s (CPU)',
      'RSS MB',
      'heap MB',
      'before build RSS/heap',
      'warm RSS/heap',
      'settled RSS/heap',
      'peak RSS build/run',
      'wall ms p50 / p95 / p99',
      'max ms',
      'CPU ms p50 / p95 / p99',
      'answered',
      'results',
    ],
    ...results.map((r) => [
      r.engine,
      r.services.toLocaleString('en-GB'),
      r.engine === 'linkwork-usecase' ? '—' : r.engine === 'linkwork-db' ? f2(r.loadMs / 1000) : `(${f2(r.loadMs / 1000)})`,
      `${f2(r.buildMs / 1000)} (${f2(r.buildCpuMs / 1000)})`,
      String(r.rssMb),
      String(r.heapUsedMb),
      `${r.recordsRssMb} / ${r.recordsHeapMb}`,
      `${r.warmRssMb} / ${r.warmHeapMb}`,
      `${r.settledRssMb} / ${r.settledHeapMb}`,
      `${r.peakBuildRssMb} / ${r.peakRssMb}`,
      lat(r.wallMs),
      f1(r.wallMs.max),
      lat(r.cpuMs, f1),
      `${r.answered}/${queryCount}`,
      f1(r.meanResults),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  process.stdout.write('\n' + rows.map((r) => '  ' + r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')).join('\n') + '\n');
  process.stdout.write(
    '  load: reading the records — linkwork-db through the app loader from SQLite; in brackets JSON.parse of the records file (not an app path); linkwork-usecase: in its build.\n' +
      "  build: the index, wall (this process's CPU, all threads, in brackets); linkwork-usecase: its first call — version check, loader and index build, one query.\n" +
      '  RSS/heap: after the build and a full GC; "before build": after loading the records; "warm": after the warm-up and a full GC (WordNet\'s files read by then, if a warm-up query needed them);\n' +
      '  "settled": after the queries, a pause and a full GC (a server between requests); peak: the kernel\'s max RSS up to the end of the build / of the whole run.\n' +
      "  CPU: this process's CPU time per query (user + system, all threads, so GC helpers count); it does not grow when other jobs share the machine, wall time does.\n",
  );
  for (const r of results) {
    const probes = Object.entries(r.probes)
      .map(([name, p]) => `${name} (${p.count}) wall ${lat(p.wallMs)}, CPU ${lat(p.cpuMs, f1)}`)
      .join('; ');
    if (r.engine !== 'minisearch')
      process.stdout.write(
        `  ${r.engine}: probe queries, ms p50 / p95 / p99: ${probes === '' ? 'none' : probes}; ${r.bridged} answers with a bridge, ${r.placed} with a named place standing in for the postcode; ` +
          `ArrayBuffers ${r.buffersAfterBuildMb} MB after build, ${r.buffersWarmMb} MB after warm-up; ` +
          (r.lexiconLoadQueryMs === null
            ? 'no warm-up query read WordNet (read earlier, or never needed)\n'
            : `the warm-up query that read WordNet took ${f1(r.lexiconLoadQueryMs)} ms\n`),
      );
  }
  for (const r of results) {
    const head = r.extra['headCheckCpuMs'];
    const full = r.extra['versionCheckCpuMs'];
    if (head !== undefined && full !== undefined) {
      process.stdout.write(
        `  ${r.engine}: index freshness checks on their own, CPU p50: directory head (every match) ${f2(head)} ms, full stamp (counts, max updated_at) ${f2(full)} ms\n`,
      );
    }
  }

  for (const r of results.filter((x) => x.engine !== 'minisearch')) {
    const check = (ok: boolean): string => (ok ? 'meets' : 'MISSES');
    process.stdout.write(
      `  ${r.engine} vs targets: build ${f2(r.buildMs / 1000)} s wall, ${f2(r.buildCpuMs / 1000)} s CPU (${check(r.buildMs / 1000 <= TARGETS.buildS)} / ${check(r.buildCpuMs / 1000 <= TARGETS.buildS)} ≤ ${TARGETS.buildS} s), ` +
        `p95 ${f2(r.wallMs.p95)} ms wall, ${f1(r.cpuMs.p95)} ms CPU (${check(r.wallMs.p95 <= TARGETS.p95Ms)} / ${check(r.cpuMs.p95 <= TARGETS.p95Ms)} ≤ ${TARGETS.p95Ms} ms), ` +
        `RSS after build ${r.rssMb} MB, warm ${r.warmRssMb} MB, settled ${r.settledRssMb} MB, peak ${r.peakBuildRssMb} MB in build, ${r.peakRssMb} MB in the run ` +
        `(${[r.rssMb, r.warmRssMb, r.settledRssMb, r.peakBuildRssMb, r.peakRssMb].map((x) => check(x <= TARGETS.rssMb)).join(' / ')} ≤ ${TARGETS.rssMb} MB)\n`,
    );
  }
  const mini = results.find((r) => r.engine === 'minisearch');
  const lw = results.find((r) => r.engine === 'linkwork');
  if (mini !== undefined && lw !== undefined) {
    let overlap = 0;
    let pairs = 0;
    for (const [id, ids] of Object.entries(lw.top)) {
      const other = new Set(mini.top[id] ?? []);
      if (ids.length === 0 && other.size === 0) continue;
      overlap += ids.filter((x) => other.has(x)).length / Math.max(ids.length, other.size);
      pairs++;
    }
    process.stdout.write(
      `  top-10 overlap between linkwork and minisearch: ${((overlap / Math.max(1, pairs)) * 100).toFixed(0)}% on average (they rank differently by design)\n`,
    );
  }
}

// `npx tsx bench/directory-speed.ts` runs this bench alone (bench/run.ts runs it with the others).
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await runDirectorySpeedBench();
