/**
 * Directory matching quality (issue 4 part 7): Linkwork's matcher against a plain BM25 baseline on
 * the judged set in bench/directory/judged-set.jsonl (method in bench/directory/README.md).
 *
 * The Bristol ORUK feed is imported into a throwaway SQLite database through the real importer;
 * the matcher answers each query through the real use case (`matchServicesForNeed`: loader,
 * cached index, engine), and the baseline is MiniSearch with its defaults — BM25 scoring, no fuzzy,
 * no prefix, no boosts, default tokeniser — over name + description of the same imported records.
 * Both get the query text only (and the age, which the feed never restricts). Reports nDCG@10
 * (gain 2^grade − 1, log2 discount, ideal from every judged service) and recall@10 (services
 * graded ≥ 2 found in the top 10), per query and on average, with a paired sign count.
 *
 *   npx tsx bench/directory-quality.ts          # alone
 *   BENCH_ONLY=directory-quality npm run bench  # through bench/run.ts
 */
import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { fixedClock } from '../src/domain/clock.ts';
import { loadMatchableServices } from '../src/db/repositories/directory/match-corpus.ts';
import { matchServicesForNeed } from '../src/services/directory/match-services.ts';
import { systemActor, type ServiceDeps } from '../src/services/kernel/context.ts';
import { runJudgedSet, type JudgedSetRun } from './directory/judged-run.ts';
import { JUDGED_SETS, setFile } from './directory/judged-sets.ts';

export interface JudgedQuery {
  id: string;
  text: string;
  age?: number;
  /** externalId (the feed's id) → grade 0–3 */
  grades: Record<string, number>;
}

export const JUDGED_SET = new URL('./directory/judged-set.jsonl', import.meta.url);
/** Freshness is judged against this date, so the figures do not drift as the feed ages. */
export const BENCH_NOW = new Date('2026-11-21T00:00:00Z');
const K = 10;
const RELEVANT = 2;

export function readJudgedSet(file: URL = JUDGED_SET): JudgedQuery[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as JudgedQuery);
}

export function ndcgAt(ranked: readonly string[], grades: Readonly<Record<string, number>>, k = K): number {
  const gain = (g: number): number => 2 ** g - 1;
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    dcg += gain(grades[id] ?? 0) / Math.log2(i + 2);
  });
  const ideal = Object.values(grades)
    .sort((a, b) => b - a)
    .slice(0, k);
  let idcg = 0;
  ideal.forEach((g, i) => {
    idcg += gain(g) / Math.log2(i + 2);
  });
  return idcg === 0 ? 0 : dcg / idcg;
}

export function recallAt(ranked: readonly string[], grades: Readonly<Record<string, number>>, k = K): number {
  const relevant = Object.entries(grades)
    .filter(([, g]) => g >= RELEVANT)
    .map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

export interface Runs {
  matcher: Map<string, string[]>;
  bm25: Map<string, string[]>;
}

/** Both systems' top `depth` (external ids) for each query, against the imported Bristol feed. */
export async function runBoth(deps: ServiceDeps, queries: readonly { id: string; text: string; age?: number }[], depth = K): Promise<Runs> {
  const matcher = new Map<string, string[]>();
  const d = { ...deps, clock: fixedClock(BENCH_NOW) };
  for (const q of queries) {
    const m = await matchServicesForNeed(d, systemActor('bench'), { text: q.text, ...(q.age === undefined ? {} : { age: q.age }), limit: Math.min(depth, 50) });
    matcher.set(
      q.id,
      m.results.map((r) => r.service.externalId ?? r.service.id),
    );
  }
  const services = await loadMatchableServices(deps.db);
  const mini = new MiniSearch<{ id: string; name: string; description: string }>({ fields: ['name', 'description'], idField: 'id' });
  mini.addAll(services.map((s) => ({ id: s.externalId ?? s.id, name: s.name, description: s.description ?? '' })));
  const bm25 = new Map<string, string[]>();
  for (const q of queries)
    bm25.set(
      q.id,
      mini
        .search(q.text)
        .slice(0, depth)
        .map((r) => String(r.id)),
    );
  return { matcher, bm25 };
}

const f3 = (x: number): string => x.toFixed(3);

export interface QualityFigures {
  matcher: { ndcg: number; recall: number };
  bm25: { ndcg: number; recall: number };
  worseByMoreThanTenth: number;
  queries: number;
}

/** Prints one judged set's per-query table and summary. */
function printRun(run: JudgedSetRun): void {
  process.stdout.write(`\n== Directory matching quality: ${run.queries.length} judged queries, ${run.label} (${run.servicesImported} services imported) ==\n`);
  process.stdout.write('query  nDCG@10 matcher  bm25   recall@10 matcher  bm25   text\n');
  for (const r of run.queries) {
    const flag = r.bm25.ndcg - r.matcher.ndcg > 0.1 ? '  ← worse by > 0.1' : '';
    process.stdout.write(
      `${r.id.padEnd(6)} ${f3(r.matcher.ndcg).padStart(15)} ${f3(r.bm25.ndcg).padStart(6)} ${f3(r.matcher.recall).padStart(17)} ${f3(r.bm25.recall).padStart(6)}   ${r.text}${flag}\n`,
    );
  }
  const m = run.mean.matcher;
  const b = run.mean.bm25;
  process.stdout.write(`mean   ${f3(m.ndcg).padStart(15)} ${f3(b.ndcg).padStart(6)} ${f3(m.recall).padStart(17)} ${f3(b.recall).padStart(6)}\n`);
  process.stdout.write(
    `${run.label}: matcher vs BM25 nDCG@10 ${f3(m.ndcg)} vs ${f3(b.ndcg)} (${m.ndcg >= b.ndcg ? '+' : ''}${f3(m.ndcg - b.ndcg)}); ` +
      `recall@10 ${f3(m.recall)} vs ${f3(b.recall)} (${m.recall >= b.recall ? '+' : ''}${f3(m.recall - b.recall)}); ` +
      `better on ${run.wins}, worse on ${run.losses}, equal on ${run.queries.length - run.wins - run.losses}; ` +
      `worse than BM25 by more than 0.1 on ${run.worseByMoreThanTenth} of ${run.queries.length} (${((100 * run.worseByMoreThanTenth) / Math.max(1, run.queries.length)).toFixed(0)}%)\n`,
  );
}

/**
 * Both judged sets: Bristol (developed against) and North Lincolnshire (held out: never tuned to,
 * evaluated once per design change). Returns each set's figures by set name.
 */
export async function runDirectoryQualityBench(): Promise<Record<string, QualityFigures>> {
  const out: Record<string, QualityFigures> = {};
  for (const set of Object.values(JUDGED_SETS)) {
    const run = await runJudgedSet(set.feed, setFile(set, 'judged-set.jsonl'), set.label);
    printRun(run);
    out[set.name] = { matcher: run.mean.matcher, bm25: run.mean.bm25, worseByMoreThanTenth: run.worseByMoreThanTenth, queries: run.queries.length };
  }
  process.stdout.write('\nset                              nDCG@10 Linkwork  BM25   recall@10 Linkwork  BM25   worse by > 0.1\n');
  for (const set of Object.values(JUDGED_SETS)) {
    const f = out[set.name]!;
    process.stdout.write(
      `${set.label.padEnd(32)} ${f3(f.matcher.ndcg).padStart(16)} ${f3(f.bm25.ndcg).padStart(6)} ${f3(f.matcher.recall).padStart(18)} ${f3(f.bm25.recall).padStart(6)}   ${f.worseByMoreThanTenth} of ${f.queries}\n`,
    );
  }
  return out;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await runDirectoryQualityBench();
}
