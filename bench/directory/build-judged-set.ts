/**
 * Builds judged-set.jsonl from the queries (queries.jsonl), the pooled candidates (pool.json, from
 * pool.ts) and the grades a person gave after reading each candidate (grades.txt: "query id8
 * grade", ids shortened to their first 8 characters; every pooled service not listed there was read
 * and judged 0). Run again after changing any of the three.
 *
 *   npx tsx bench/directory/build-judged-set.ts               # the Bristol set (bench/directory/)
 *   npx tsx bench/directory/build-judged-set.ts north-lincs   # a set named in judged-sets.ts
 *   npx tsx bench/directory/build-judged-set.ts --dir DIR --feed FEED.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { readFeedServices } from './feed-services.ts';
import { judgedSet } from './judged-sets.ts';

export interface BuildSummary {
  queries: number;
  judgements: number;
  relevant: number;
}

/** Writes `dir`/judged-set.jsonl from `dir`/queries.jsonl, pool.json and grades.txt, against `feed`'s ids. */
export function buildJudgedSet(dir: URL, feed: URL | string): BuildSummary {
  const here = (f: string): URL => new URL(f, dir);
  const queries = readFileSync(here('queries.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { id: string; text: string; age?: number });
  const pool = JSON.parse(readFileSync(here('pool.json'), 'utf8')) as Record<string, string[]>;
  const ids = readFeedServices(feed).map((s) => s.id);
  const full = (prefix: string): string => {
    const hits = ids.filter((id) => id.startsWith(prefix));
    if (hits.length !== 1) throw new Error(`${prefix} matches ${hits.length} services`);
    return hits[0]!;
  };
  const grades = new Map<string, Map<string, number>>();
  for (const line of readFileSync(here('grades.txt'), 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [q, prefix, g] = line.trim().split(/\s+/);
    const grade = Number(g);
    if (!Number.isInteger(grade) || grade < 0 || grade > 3) throw new Error(`bad grade: ${line}`);
    const m = grades.get(q!) ?? new Map<string, number>();
    if (m.has(full(prefix!))) throw new Error(`graded twice: ${line}`);
    m.set(full(prefix!), grade);
    grades.set(q!, m);
  }
  const out: string[] = [];
  for (const q of queries) {
    const g: Record<string, number> = {};
    for (const id of [...(pool[q.id] ?? []), ...(grades.get(q.id)?.keys() ?? [])].sort()) g[id] = grades.get(q.id)?.get(id) ?? 0;
    out.push(JSON.stringify({ id: q.id, text: q.text, ...(q.age === undefined ? {} : { age: q.age }), grades: g }));
  }
  writeFileSync(here('judged-set.jsonl'), `${out.join('\n')}\n`);
  const judged = out.map((l) => JSON.parse(l) as { grades: Record<string, number> });
  return {
    queries: queries.length,
    judgements: judged.reduce((a, q) => a + Object.keys(q.grades).length, 0),
    relevant: judged.reduce((a, q) => a + Object.values(q.grades).filter((x) => x >= 2).length, 0),
  };
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { dir: { type: 'string' }, feed: { type: 'string' } } });
  const set = judgedSet(positionals[0] ?? 'bristol');
  const dir = values.dir === undefined ? set.dir : pathToFileURL(values.dir.endsWith('/') ? values.dir : `${values.dir}/`);
  const s = buildJudgedSet(dir, values.feed ?? set.feed);
  process.stdout.write(`${s.queries} queries, ${s.judgements} judgements, ${s.relevant} graded ≥ 2\n`);
}
