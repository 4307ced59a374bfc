/**
 * Top-up judging for a judged set after the matcher changes (method in README.md next to this
 * file). Runs the matcher and the BM25 baseline (`runBoth` of bench/directory-quality.ts) on the
 * set's queries against its feed and prints, for each query, the services in either system's top
 * DEPTH (10) that have no judgement yet — neither pooled nor in grades.txt — with name,
 * organisation and description, sorted by id so the listing does not say which system found them.
 *
 * Grade them blind on the set's scale, append the non-zero grades to grades.txt, then run again
 * with --write-pool to add every printed id to pool.json (so the ones left out of grades.txt count
 * as judged 0) and rebuild judged-set.jsonl with build-judged-set.ts.
 *
 *   npx tsx bench/directory/north-lincs/top-up.ts [SET] [--depth 10] [--full] [--write-pool]
 *
 * SET is a name from bench/directory/judged-sets.ts (default north-lincs). --full prints whole
 * descriptions (default: the first 600 characters).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { loadMatchableServices } from '../../../src/db/repositories/directory/match-corpus.ts';
import { runBoth } from '../../directory-quality.ts';
import { feedDatabase } from '../feed-db.ts';
import { judgedSet, setFile } from '../judged-sets.ts';
import { readJsonl, type PoolQuery } from '../pool.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { depth: { type: 'string', default: '10' }, full: { type: 'boolean', default: false }, 'write-pool': { type: 'boolean', default: false } },
});
const set = judgedSet(positionals[0] ?? 'north-lincs');
const depth = Number(values.depth);
const queries = readJsonl<PoolQuery>(setFile(set, 'queries.jsonl'));
const poolFile = setFile(set, 'pool.json');
const pool = JSON.parse(readFileSync(poolFile, 'utf8')) as Record<string, string[]>;
const graded = new Map<string, string[]>();
for (const line of readFileSync(setFile(set, 'grades.txt'), 'utf8').split('\n')) {
  if (line.trim() === '' || line.startsWith('#')) continue;
  const [q, prefix] = line.trim().split(/\s+/);
  graded.set(q!, [...(graded.get(q!) ?? []), prefix!]);
}
const judged = (q: string, id: string): boolean => (pool[q] ?? []).includes(id) || (graded.get(q) ?? []).some((p) => id.startsWith(p));

const db = await feedDatabase(set.feed, set.source);
try {
  const runs = await runBoth(db.deps, queries, depth);
  const byExt = new Map((await loadMatchableServices(db.deps.db)).map((s) => [s.externalId ?? s.id, s]));
  let total = 0;
  for (const q of queries) {
    const fresh = [...new Set([...(runs.matcher.get(q.id) ?? []), ...(runs.bm25.get(q.id) ?? [])])].filter((id) => !judged(q.id, id)).sort();
    if (fresh.length === 0) continue;
    total += fresh.length;
    process.stdout.write(`\n### ${q.id} ${q.text}${q.age === undefined ? '' : ` (age ${q.age})`} — ${fresh.length} unjudged\n`);
    for (const id of fresh) {
      const s = byExt.get(id);
      const desc = (s?.description ?? '').replace(/\s+/g, ' ');
      process.stdout.write(`${id.slice(0, 8)} | ${s?.name ?? '?'} | ${s?.organisationName ?? ''} | ${values.full ? desc : desc.slice(0, 600)}\n`);
    }
    if (values['write-pool']) pool[q.id] = [...new Set([...(pool[q.id] ?? []), ...fresh])].sort();
  }
  process.stdout.write(`\n${total} unjudged services in the top ${depth} of the matcher or BM25 (${set.label})\n`);
  if (values['write-pool'] && total > 0) {
    // in the repository's format, so the format check passes without a separate step
    writeFileSync(poolFile, await format(JSON.stringify(pool), { ...(await resolveConfig(poolFile)), parser: 'json' }));
    process.stdout.write(`added them to ${poolFile.pathname}; rebuild judged-set.jsonl with build-judged-set.ts ${set.name}\n`);
  }
} finally {
  await db.close();
}
