/**
 * Runs one judged set end to end: imports the set's feed into a throwaway database through the real
 * importer, answers every judged query with the matcher and the BM25 baseline (`runBoth` of
 * directory-quality.ts) and scores both per query (nDCG@10, recall@10) and on average.
 *
 *   npx tsx bench/directory/judged-run.ts north-lincs        # a set named in judged-sets.ts
 *   npx tsx bench/directory/judged-run.ts --feed FEED.json --judged JUDGED.jsonl --label NAME
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ndcgAt, readJudgedSet, recallAt, runBoth } from '../directory-quality.ts';
import { feedDatabase } from './feed-db.ts';
import { judgedSet, setFile } from './judged-sets.ts';

export interface SystemScore {
  ndcg: number;
  recall: number;
}

export interface JudgedQueryScore {
  id: string;
  text: string;
  matcher: SystemScore;
  bm25: SystemScore;
}

export interface JudgedSetRun {
  label: string;
  servicesImported: number;
  queries: JudgedQueryScore[];
  mean: { matcher: SystemScore; bm25: SystemScore };
  /** Queries where the matcher's nDCG@10 is above / below BM25's. */
  wins: number;
  losses: number;
  /** Queries where the matcher's nDCG@10 is below BM25's by more than 0.1. */
  worseByMoreThanTenth: number;
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const toUrl = (f: URL | string): URL => (f instanceof URL ? f : pathToFileURL(f));

/** A directory source name from a label ("North Lincolnshire" → "north-lincolnshire"). */
const sourceName = (label: string): string =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '') || 'judged';

/** Scores the matcher and BM25 on `judgedSetFile` against `feedFile` (imported as a source named after `label`). */
export async function runJudgedSet(feedFile: URL | string, judgedSetFile: URL | string, label: string): Promise<JudgedSetRun> {
  const judged = readJudgedSet(toUrl(judgedSetFile));
  const db = await feedDatabase(feedFile, sourceName(label));
  try {
    const runs = await runBoth(db.deps, judged);
    const queries = judged.map((q) => {
      const m = runs.matcher.get(q.id) ?? [];
      const b = runs.bm25.get(q.id) ?? [];
      return {
        id: q.id,
        text: q.text,
        matcher: { ndcg: ndcgAt(m, q.grades), recall: recallAt(m, q.grades) },
        bm25: { ndcg: ndcgAt(b, q.grades), recall: recallAt(b, q.grades) },
      };
    });
    const eps = 1e-9;
    return {
      label,
      servicesImported: db.summary.created,
      queries,
      mean: {
        matcher: { ndcg: mean(queries.map((r) => r.matcher.ndcg)), recall: mean(queries.map((r) => r.matcher.recall)) },
        bm25: { ndcg: mean(queries.map((r) => r.bm25.ndcg)), recall: mean(queries.map((r) => r.bm25.recall)) },
      },
      wins: queries.filter((r) => r.matcher.ndcg > r.bm25.ndcg + eps).length,
      losses: queries.filter((r) => r.bm25.ndcg > r.matcher.ndcg + eps).length,
      worseByMoreThanTenth: queries.filter((r) => r.bm25.ndcg - r.matcher.ndcg > 0.1 + eps).length,
    };
  } finally {
    await db.close();
  }
}

/** The run as a plain-text table (per query, then the means and the sign counts). */
export function formatJudgedSetRun(run: JudgedSetRun): string {
  const f3 = (x: number): string => x.toFixed(3);
  const lines = [
    `== Directory matching quality: ${run.queries.length} judged queries, ${run.label} (${run.servicesImported} services imported) ==`,
    'query  nDCG@10 matcher  bm25   recall@10 matcher  bm25   text',
    ...run.queries.map(
      (r) =>
        `${r.id.padEnd(6)} ${f3(r.matcher.ndcg).padStart(15)} ${f3(r.bm25.ndcg).padStart(6)} ${f3(r.matcher.recall).padStart(17)} ${f3(r.bm25.recall).padStart(6)}   ${r.text}`,
    ),
    `mean   ${f3(run.mean.matcher.ndcg).padStart(15)} ${f3(run.mean.bm25.ndcg).padStart(6)} ${f3(run.mean.matcher.recall).padStart(17)} ${f3(run.mean.bm25.recall).padStart(6)}`,
    `matcher better on ${run.wins} queries, worse on ${run.losses} (by more than 0.1 on ${run.worseByMoreThanTenth}), equal on ${run.queries.length - run.wins - run.losses}`,
  ];
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { feed: { type: 'string' }, judged: { type: 'string' }, label: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const set = positionals[0] === undefined ? undefined : judgedSet(positionals[0]);
  const feed = values.feed ?? set?.feed;
  const judged = values.judged ?? (set === undefined ? undefined : setFile(set, 'judged-set.jsonl'));
  if (feed === undefined || judged === undefined) throw new Error('usage: judged-run.ts SET | --feed FEED.json --judged JUDGED.jsonl [--label NAME]');
  const run = await runJudgedSet(feed, judged, values.label ?? set?.label ?? 'judged set');
  process.stdout.write(values.json ? `${JSON.stringify(run, null, 1)}\n` : formatJudgedSetRun(run));
}
