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
import { bristolDatabase } from './directory/bristol-db.ts';

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

const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const f3 = (x: number): string => x.toFixed(3);

export async function runDirectoryQualityBench(): Promise<{ matcher: { ndcg: number; recall: number }; bm25: { ndcg: number; recall: number } }> {
  const judged = readJudgedSet();
  const db = await bristolDatabase();
  try {
    process.stdout.write(`\n== Directory matching quality: ${judged.length} judged queries on the Bristol feed (${db.summary.created} services imported) ==\n`);
    const runs = await runBoth(db.deps, judged);
    const rows: { id: string; mN: number; bN: number; mR: number; bR: number }[] = [];
    for (const q of judged) {
      rows.push({
        id: q.id,
        mN: ndcgAt(runs.matcher.get(q.id) ?? [], q.grades),
        bN: ndcgAt(runs.bm25.get(q.id) ?? [], q.grades),
        mR: recallAt(runs.matcher.get(q.id) ?? [], q.grades),
        bR: recallAt(runs.bm25.get(q.id) ?? [], q.grades),
      });
    }
    process.stdout.write('query  nDCG@10 matcher  bm25   recall@10 matcher  bm25   text\n');
    for (const [i, r] of rows.entries()) {
      process.stdout.write(
        `${r.id.padEnd(6)} ${f3(r.mN).padStart(15)} ${f3(r.bN).padStart(6)} ${f3(r.mR).padStart(17)} ${f3(r.bR).padStart(6)}   ${judged[i]!.text}\n`,
      );
    }
    const m = { ndcg: mean(rows.map((r) => r.mN)), recall: mean(rows.map((r) => r.mR)) };
    const b = { ndcg: mean(rows.map((r) => r.bN)), recall: mean(rows.map((r) => r.bR)) };
    const wins = rows.filter((r) => r.mN > r.bN + 1e-9).length;
    const losses = rows.filter((r) => r.bN > r.mN + 1e-9).length;
    process.stdout.write(`mean   ${f3(m.ndcg).padStart(15)} ${f3(b.ndcg).padStart(6)} ${f3(m.recall).padStart(17)} ${f3(b.recall).padStart(6)}\n`);
    process.stdout.write(
      `matcher vs BM25: nDCG@10 ${f3(m.ndcg)} vs ${f3(b.ndcg)} (${m.ndcg >= b.ndcg ? '+' : ''}${f3(m.ndcg - b.ndcg)}, ${b.ndcg > 0 ? `×${(m.ndcg / b.ndcg).toFixed(2)}` : 'n/a'}); ` +
        `recall@10 ${f3(m.recall)} vs ${f3(b.recall)} (${m.recall >= b.recall ? '+' : ''}${f3(m.recall - b.recall)}); ` +
        `matcher better on ${wins} queries, worse on ${losses}, equal on ${rows.length - wins - losses}\n`,
    );
    return { matcher: m, bm25: b };
  } finally {
    await db.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await runDirectoryQualityBench();
}
