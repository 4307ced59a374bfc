/**
 * Pools judged-set candidates (see README.md): for each query, the union of the matcher's and the
 * BM25 baseline's top POOL_DEPTH (15), printed with each service's name, organisation and the start
 * of its description for a person to grade. Writes pool.json next to this file (ids per query).
 *
 *   npx tsx bench/directory/pool.ts [QUERIES.jsonl]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadMatchableServices } from '../../src/db/repositories/directory/match-corpus.ts';
import { runBoth } from '../directory-quality.ts';
import { bristolDatabase } from './bristol-db.ts';

const DEPTH = Number(process.env['POOL_DEPTH'] ?? 15);
const file = process.argv[2] ?? new URL('./queries.jsonl', import.meta.url).pathname;
const queries = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { id: string; text: string; age?: number });
const db = await bristolDatabase();
try {
  const runs = await runBoth(db.deps, queries, DEPTH);
  const byExt = new Map((await loadMatchableServices(db.deps.db)).map((s) => [s.externalId ?? s.id, s]));
  const pool: Record<string, string[]> = {};
  for (const q of queries) {
    const ids = [...new Set([...(runs.matcher.get(q.id) ?? []), ...(runs.bm25.get(q.id) ?? [])])].sort();
    pool[q.id] = ids;
    process.stdout.write(`\n### ${q.id} ${q.text}${q.age === undefined ? '' : ` (age ${q.age})`} — ${ids.length} pooled\n`);
    for (const id of ids) {
      const s = byExt.get(id);
      const desc = (s?.description ?? '').replace(/\s+/g, ' ').slice(0, 260);
      process.stdout.write(`${id.slice(0, 8)} | ${s?.name ?? '?'} | ${s?.organisationName ?? ''} | ${desc}\n`);
    }
  }
  writeFileSync(new URL('./pool.json', import.meta.url), `${JSON.stringify(pool, null, 1)}\n`);
} finally {
  await db.close();
}
