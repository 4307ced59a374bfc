/**
 * Builds judged-set.jsonl from the queries (queries.jsonl), the pooled candidates (pool.json, from
 * pool.ts) and the grades a person gave after reading each candidate (grades.txt: "query id8
 * grade", ids shortened to their first 8 characters; every pooled service not listed there was read
 * and judged 0). Run again after changing any of the three.
 *
 *   npx tsx bench/directory/build-judged-set.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readFeedServices } from './feed-services.ts';

const here = (f: string): URL => new URL(`./${f}`, import.meta.url);
const queries = readFileSync(here('queries.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { id: string; text: string; age?: number });
const pool = JSON.parse(readFileSync(here('pool.json'), 'utf8')) as Record<string, string[]>;
const ids = readFeedServices().map((s) => s.id);
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
const n = judged.reduce((a, q) => a + Object.keys(q.grades).length, 0);
const rel = judged.reduce((a, q) => a + Object.values(q.grades).filter((x) => x >= 2).length, 0);
process.stdout.write(`${queries.length} queries, ${n} judgements, ${rel} graded ≥ 2\n`);
