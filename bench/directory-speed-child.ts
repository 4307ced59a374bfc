/**
 * One engine measured in a process of its own (so its RSS is its own): loads the directory (from
 * the records file, or from the SQLite database through the app's loader), builds the engine's
 * index, measures memory, warms up (WordNet's files are read on the first query that needs them),
 * measures memory again, then runs every query one after another on this one thread and times each
 * with process.hrtime.bigint() (wall) and process.cpuUsage() (this process's CPU). Sends the
 * figures to the parent over IPC. Started by bench/directory-speed.ts.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { fixedClock } from '../src/domain/clock.ts';
import { buildMatchIndex, matchServices, type MatchIndex } from '../src/domain/matching/engine.ts';
import { openDatabase, type Database } from '../src/db/connection.ts';
import { directoryHead, directoryVersion, loadMatchableServices } from '../src/db/repositories/directory/match-corpus.ts';
import { DEFAULT_SERVICE_CONFIG, systemActor, type ServiceDeps } from '../src/services/kernel/context.ts';
import { matchServicesForNeed } from '../src/services/directory/match-services.ts';
import { wordNet } from '../src/services/directory/shared/wordnet.ts';
import type { MatchableService, MatchQuery, PersonLocation } from '../src/domain/matching/types.ts';
import type { DirectoryQuery } from './directory-generate.ts';

export type EngineName = 'minisearch' | 'linkwork' | 'linkwork-db' | 'linkwork-usecase';

export interface ChildArgs {
  engine: EngineName;
  /** JSON array of MatchableService (engines minisearch, linkwork). */
  recordsFile: string;
  /** Migrated SQLite file holding the generated directory (engine linkwork-db). */
  dbFile: string;
  /** JSON: { warmup: Query[], queries: Query[] } with locations already resolved. */
  queriesFile: string;
  rounds: number;
  now: string;
  staleMonths: number;
}

export interface BenchQuery extends DirectoryQuery {
  location?: PersonLocation;
}

export interface Summary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface ChildResult {
  engine: EngineName;
  services: number;
  /** Reading the records: JSON.parse of the records file, or the loader's database read. */
  loadMs: number;
  buildMs: number;
  /** This process's CPU time for the build (all threads): what it would take on a quiet machine, roughly. */
  buildCpuMs: number;
  baselineRssMb: number;
  /** After loading the records, before the index (after a full GC). */
  recordsRssMb: number;
  recordsHeapMb: number;
  /** After building the index (after a full GC), records still held. */
  rssMb: number;
  heapUsedMb: number;
  /** After the queries, a pause and a full GC: the steady state a server would sit at. */
  settledRssMb: number;
  settledHeapMb: number;
  /** Kernel's peak RSS of this process up to the end of the build. */
  peakBuildRssMb: number;
  /** After the warm-up and a full GC: the index plus WordNet's files once a query has needed them. */
  warmRssMb: number;
  warmHeapMb: number;
  /** Node's ArrayBuffers and Buffers (outside the JS heap) after the build and after the warm-up:
   * WordNet's files are Buffers, so the difference is mostly theirs. */
  buffersAfterBuildMb: number;
  buffersWarmMb: number;
  /** The warm-up query during which the ArrayBuffers grew by over 10 MB (WordNet read), wall ms; null if none did. */
  lexiconLoadQueryMs: number | null;
  /** Kernel's peak RSS of this process over the whole run (build, warm-up, queries). */
  peakRssMb: number;
  samples: number;
  wallMs: Summary;
  cpuMs: Summary;
  /** Queries with at least one result, and mean results returned (top 10). */
  answered: number;
  meanResults: number;
  /** Top-10 ids of each query (first round), to compare engines. */
  top: Record<string, string[]>;
  /** Latency of the queries made to exercise the lexicon or a named place (first round and later). */
  probes: Record<string, { count: number; wallMs: Summary; cpuMs: Summary }>;
  /** Queries (first round) with a result whose reasons show a bridge ("x → y"), and whose answer
   * names a place (one named in the text, standing in for a missing postcode). */
  bridged: number;
  placed: number;
  /** sha256 (10 hex) of the matcher's source as this child loaded it (src/domain/matching, the
   * classifier, the loader and the use case), so figures taken mid-change name the code they measured. */
  codeHash: string;
  /** Engine-specific figures (database engines: headCheckCpuMs, versionCheckCpuMs — p50 CPU of the index freshness checks). */
  extra: Record<string, number>;
}

const mb = (bytes: number): number => Math.round(bytes / 1048576);

const MATCHER_SOURCES = [
  ...readdirSync(new URL('../src/domain/matching/', import.meta.url))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort()
    .map((f) => `../src/domain/matching/${f}`),
  '../src/domain/needs-classifier.ts',
  '../src/domain/needs.ts',
  '../src/db/repositories/directory/match-corpus.ts',
  '../src/services/directory/match-services.ts',
];

function matcherCodeHash(): string {
  const h = createHash('sha256');
  for (const f of MATCHER_SOURCES) h.update(readFileSync(new URL(f, import.meta.url)));
  return h.digest('hex').slice(0, 10);
}

function summarise(values: number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] ?? 0, mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length) };
}

function fullGc(): void {
  // --expose-gc is passed by the parent; twice so weak and finalised objects go too.
  global.gc?.();
  global.gc?.();
}

/** What an engine answered: its top ids, whether a result was reached through a bridge, whether a place was understood. */
interface Answered {
  ids: string[];
  bridged: boolean;
  place: boolean;
}

/** An engine: built once over the records, then asked each query. */
interface Engine {
  build(records: MatchableService[]): void;
  query(q: BenchQuery): Answered | Promise<Answered>;
}

/** The matcher's answer as the bench counts it: a bridge shows in a reason as "from → to (relation)". */
const answered = (a: { results: readonly { service: { id: string }; reasons: readonly string[] }[]; place: unknown }): Answered => ({
  ids: a.results.map((r) => r.service.id),
  bridged: a.results.some((r) => r.reasons.some((x) => x.includes(' → '))),
  place: a.place !== null,
});

/** The hard filters both engines apply, so MiniSearch is not penalised for results Linkwork would drop. */
function eligible(s: MatchableService, age: number | undefined): boolean {
  if (s.archived || s.status !== 'active' || s.capacity === 'closed') return false;
  if (age !== undefined && ((s.minimumAge !== null && age < s.minimumAge) || (s.maximumAge !== null && age > s.maximumAge))) return false;
  return true;
}

/** MiniSearch (BM25+) over name, organisation and description with its default tokeniser and
 * options: OR of the query's words, no prefix or fuzzy matching; eligibility as a filter; top 10. */
function miniSearchEngine(): Engine {
  let records: MatchableService[] = [];
  const index = new MiniSearch<{ i: number; name: string; org: string; description: string }>({
    idField: 'i',
    fields: ['name', 'org', 'description'],
    searchOptions: { boost: { name: 2 } },
  });
  return {
    build(r) {
      records = r;
      index.addAll(r.map((s, i) => ({ i, name: s.name, org: s.organisationName, description: s.description ?? '' })));
    },
    query(q) {
      const hits = index.search(q.text, {
        filter: (h) => {
          const s = records[h.id as number];
          return s !== undefined && eligible(s, q.age);
        },
      });
      return { ids: hits.slice(0, 10).map((h) => records[h.id as number]?.id ?? ''), bridged: false, place: false };
    },
  };
}

/** Linkwork's matcher (src/domain/matching/engine.ts), asked as the CLI and the case page ask it. */
function linkworkEngine(args: ChildArgs): Engine {
  let index: MatchIndex = buildMatchIndex([]);
  // with WordNet, as the use case asks it: its files are read on the first query (the warm-up)
  const options = { now: new Date(args.now), staleMonths: args.staleMonths, lexicon: wordNet() };
  return {
    build(r) {
      index = buildMatchIndex(r);
    },
    query(q) {
      const mq: MatchQuery = { text: q.text, needs: q.needs, age: q.age, location: q.location ?? null, barriers: q.barriers, days: q.days, limit: 10 };
      return answered(matchServices(index, mq, options));
    },
  };
}

/** The whole request path without HTTP: the `matchServicesForNeed` use case on the SQLite file —
 * permission, transaction, postcode lookup, the directory version check (two aggregate queries),
 * the cached index (built from the database on the first call), ranking, the audit event. */
function useCaseEngine(database: Database, args: ChildArgs): Engine {
  const deps: ServiceDeps = {
    db: database.db,
    dialect: database.dialect,
    clock: fixedClock(new Date(args.now)),
    config: { ...DEFAULT_SERVICE_CONFIG, directoryStaleMonths: args.staleMonths },
  };
  const actor = systemActor('directory-speed-bench');
  return {
    build() {},
    async query(q) {
      const answer = await matchServicesForNeed(deps, actor, {
        text: q.text,
        needs: q.needs,
        age: q.age,
        postcode: q.postcode,
        barriers: q.barriers,
        days: q.days,
        limit: 10,
      });
      return answered(answer);
    },
  };
}

async function run(args: ChildArgs): Promise<ChildResult> {
  const codeHash = matcherCodeHash();
  fullGc();
  const baselineRss = process.memoryUsage.rss();
  const { warmup, queries } = JSON.parse(readFileSync(args.queriesFile, 'utf8')) as { warmup: BenchQuery[]; queries: BenchQuery[] };
  const database = args.engine === 'linkwork-db' || args.engine === 'linkwork-usecase' ? openDatabase({ kind: 'sqlite', file: args.dbFile }) : null;
  const extra: Record<string, number> = {};
  try {
    const engine =
      args.engine === 'minisearch'
        ? miniSearchEngine()
        : database !== null && args.engine === 'linkwork-usecase'
          ? useCaseEngine(database, args)
          : linkworkEngine(args);
    const loadStart = process.hrtime.bigint();
    let records: MatchableService[] =
      database === null
        ? (JSON.parse(readFileSync(args.recordsFile, 'utf8')) as MatchableService[])
        : args.engine === 'linkwork-db'
          ? await loadMatchableServices(database.db)
          : [];
    const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
    fullGc();
    const recordsRss = process.memoryUsage.rss();
    const recordsHeap = process.memoryUsage().heapUsed;

    const buildCpu = process.cpuUsage();
    const buildStart = process.hrtime.bigint();
    engine.build(records);
    // The use case loads and builds on its first call: that call's time is its build.
    const first = warmup[0];
    if (args.engine === 'linkwork-usecase' && first !== undefined) await engine.query(first);
    const buildMs = Number(process.hrtime.bigint() - buildStart) / 1e6;
    const buildCpuUsed = process.cpuUsage(buildCpu);
    const buildCpuMs = (buildCpuUsed.user + buildCpuUsed.system) / 1000;
    const peakBuildRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const buffersAfterBuild = process.memoryUsage().arrayBuffers;
    const services =
      args.engine === 'linkwork-usecase' && database !== null
        ? Number(
            (
              await database.db
                .selectFrom('service')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .where('archived', '=', 0)
                .where('status', '=', 'active')
                .where('capacity', '<>', 'closed')
                .executeTakeFirstOrThrow()
            ).n,
          )
        : records.length;
    records = [];
    fullGc();
    const rss = process.memoryUsage.rss();
    const heapUsed = process.memoryUsage().heapUsed;

    if (database !== null) {
      // The index freshness checks the use case makes: the head (every match) and the full stamp
      // (every match on a small directory, else at most every few seconds).
      const time = async (check: () => Promise<unknown>): Promise<number> => {
        const times: number[] = [];
        for (let i = 0; i < 30; i++) {
          const c0 = process.cpuUsage();
          await check();
          const c = process.cpuUsage(c0);
          times.push((c.user + c.system) / 1000);
        }
        return summarise(times).p50;
      };
      extra['headCheckCpuMs'] = await time(() => directoryHead(database.db));
      extra['versionCheckCpuMs'] = await time(() => directoryVersion(database.db));
    }
    // warm-up: WordNet's files are read on the first query that needs them, unless the lexicon read them when opened
    let lexiconLoadQueryMs: number | null = null;
    for (const q of warmup) {
      const b0 = process.memoryUsage().arrayBuffers;
      const t0 = process.hrtime.bigint();
      await engine.query(q);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (lexiconLoadQueryMs === null && process.memoryUsage().arrayBuffers - b0 > 10 * 1048576) lexiconLoadQueryMs = ms;
    }
    fullGc();
    const warm = process.memoryUsage();

    const wall: number[] = [];
    const cpu: number[] = [];
    const byProbe = new Map<string, { wall: number[]; cpu: number[] }>();
    const top: Record<string, string[]> = {};
    let answeredCount = 0;
    let returned = 0;
    let bridged = 0;
    let placed = 0;
    for (let round = 0; round < args.rounds; round++) {
      for (const q of queries) {
        const c0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        const a = await engine.query(q);
        const t1 = process.hrtime.bigint();
        const c1 = process.cpuUsage(c0);
        const w = Number(t1 - t0) / 1e6;
        const c = (c1.user + c1.system) / 1000;
        wall.push(w);
        cpu.push(c);
        if (q.probe !== undefined) {
          let p = byProbe.get(q.probe);
          if (p === undefined) byProbe.set(q.probe, (p = { wall: [], cpu: [] }));
          p.wall.push(w);
          p.cpu.push(c);
        }
        if (round === 0) {
          top[q.id] = a.ids;
          if (a.ids.length > 0) answeredCount++;
          returned += a.ids.length;
          if (a.bridged) bridged++;
          if (a.place) placed++;
        }
      }
    }
    // Settled: the database engines' connection keeps the loader's last result until its next
    // query, and V8 hands freed pages back after GC; a server sits here between requests.
    await new Promise((resolve) => setTimeout(resolve, 250));
    fullGc();
    await new Promise((resolve) => setTimeout(resolve, 250));
    const settledRss = process.memoryUsage.rss();
    const settledHeap = process.memoryUsage().heapUsed;
    const probes: ChildResult['probes'] = {};
    for (const [name, p] of byProbe) probes[name] = { count: p.wall.length / args.rounds, wallMs: summarise(p.wall), cpuMs: summarise(p.cpu) };
    return {
      engine: args.engine,
      services,
      settledRssMb: mb(settledRss),
      settledHeapMb: mb(settledHeap),
      loadMs,
      buildMs,
      buildCpuMs,
      baselineRssMb: mb(baselineRss),
      recordsRssMb: mb(recordsRss),
      recordsHeapMb: mb(recordsHeap),
      rssMb: mb(rss),
      heapUsedMb: mb(heapUsed),
      peakBuildRssMb,
      warmRssMb: mb(warm.rss),
      warmHeapMb: mb(warm.heapUsed),
      buffersAfterBuildMb: mb(buffersAfterBuild),
      buffersWarmMb: mb(warm.arrayBuffers),
      lexiconLoadQueryMs,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      samples: wall.length,
      wallMs: summarise(wall),
      cpuMs: summarise(cpu),
      answered: answeredCount,
      meanResults: returned / Math.max(1, queries.length),
      top,
      probes,
      bridged,
      placed,
      codeHash,
      extra,
    };
  } finally {
    await database?.close();
  }
}

process.once('message', (args: ChildArgs) => {
  run(args).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (error: unknown) => process.send?.({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1)),
  );
});
