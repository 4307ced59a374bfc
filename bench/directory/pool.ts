/**
 * Pools judged-set candidates (see README.md): for each query, the union of the matcher's and the
 * BM25 baseline's top POOL_DEPTH (15) and, when a keywords file is given, of the services whose name
 * or description matches that query's keyword regexes. Prints each candidate's name, organisation
 * and description, sorted by id (so the order does not say which system found it), for a person to
 * grade, and writes the pooled ids per query (pool.json).
 *
 *   npx tsx bench/directory/pool.ts [QUERIES.jsonl]          # Bristol, as before
 *   npx tsx bench/directory/pool.ts --set north-lincs --found-by /tmp/found-by.json   # a set of judged-sets.ts
 *   npx tsx bench/directory/pool.ts --feed FEED.json --source NAME --queries Q.jsonl --out POOL.json \
 *     [--keywords K.jsonl] [--found-by FOUND.json] [--print short|full|none]
 *
 * `--set NAME` takes the feed, source, queries.jsonl, pool.json and (if the set has one)
 * keywords.jsonl of that set; explicit options override it.
 *
 * Keywords file: one line per query, {"id", "name": regex over names, "description": regex over
 * descriptions} (JavaScript regexes, case-insensitive; either may be omitted). `--found-by` writes
 * which source (matcher, bm25, keyword) found each pooled service — keep it out of sight while grading.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadMatchableServices } from '../../src/db/repositories/directory/match-corpus.ts';
import type { MatchableService } from '../../src/domain/matching/types.ts';
import { runBoth } from '../directory-quality.ts';
import { feedDatabase } from './feed-db.ts';
import { BRISTOL_FEED } from './feed-services.ts';
import { judgedSet, setFile } from './judged-sets.ts';

export interface PoolQuery {
  id: string;
  text: string;
  age?: number;
}

export interface KeywordSearch {
  id: string;
  name?: string;
  description?: string;
}

export const readJsonl = <T>(file: string | URL): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);

/** External ids of the services whose name matches `k.name` or whose description matches `k.description`. */
export function keywordHits(services: readonly MatchableService[], k: KeywordSearch | undefined): string[] {
  if (k === undefined) return [];
  const name = k.name === undefined ? undefined : new RegExp(k.name, 'i');
  const desc = k.description === undefined ? undefined : new RegExp(k.description, 'i');
  return services.filter((s) => (name?.test(s.name) ?? false) || (desc?.test(s.description ?? '') ?? false)).map((s) => s.externalId ?? s.id);
}

/** One candidate as a person grades it: id prefix, name, organisation, description (whole or its start). */
export function describe(s: MatchableService | undefined, id: string, full: boolean): string {
  const desc = (s?.description ?? '').replace(/\s+/g, ' ');
  return `${id.slice(0, 8)} | ${s?.name ?? '?'} | ${s?.organisationName ?? ''} | ${full ? desc : desc.slice(0, 260)}`;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      set: { type: 'string' },
      feed: { type: 'string' },
      source: { type: 'string' },
      queries: { type: 'string' },
      out: { type: 'string' },
      keywords: { type: 'string' },
      'found-by': { type: 'string' },
      print: { type: 'string', default: 'short' },
    },
  });
  const DEPTH = Number(process.env['POOL_DEPTH'] ?? 15);
  const set = values.set === undefined ? undefined : judgedSet(values.set);
  const setKeywords = set === undefined ? undefined : setFile(set, 'keywords.jsonl');
  const queries = readJsonl<PoolQuery>(
    values.queries ?? positionals[0] ?? (set === undefined ? new URL('./queries.jsonl', import.meta.url) : setFile(set, 'queries.jsonl')),
  );
  const keywordFile = values.keywords ?? (setKeywords !== undefined && existsSync(setKeywords) ? setKeywords : undefined);
  const keywords = new Map((keywordFile === undefined ? [] : readJsonl<KeywordSearch>(keywordFile)).map((k) => [k.id, k]));
  const db = await feedDatabase(values.feed ?? set?.feed ?? BRISTOL_FEED, values.source ?? set?.source ?? 'bristol');
  try {
    const runs = await runBoth(db.deps, queries, DEPTH);
    const services = await loadMatchableServices(db.deps.db);
    const byExt = new Map(services.map((s) => [s.externalId ?? s.id, s]));
    const pool: Record<string, string[]> = {};
    const foundBy: Record<string, Record<string, string[]>> = {};
    for (const q of queries) {
      const found: Record<string, string[]> = {};
      const add = (ids: readonly string[], by: string): void => {
        for (const id of ids) (found[id] ??= []).push(by);
      };
      add(runs.matcher.get(q.id) ?? [], 'matcher');
      add(runs.bm25.get(q.id) ?? [], 'bm25');
      add(keywordHits(services, keywords.get(q.id)), 'keyword');
      const ids = Object.keys(found).sort();
      pool[q.id] = ids;
      foundBy[q.id] = Object.fromEntries(ids.map((id) => [id, found[id]!]));
      if (values.print === 'none') continue;
      process.stdout.write(`\n### ${q.id} ${q.text}${q.age === undefined ? '' : ` (age ${q.age})`} — ${ids.length} pooled\n`);
      for (const id of ids) process.stdout.write(`${describe(byExt.get(id), id, values.print === 'full')}\n`);
    }
    writeFileSync(
      values.out ?? (set === undefined ? new URL('./pool.json', import.meta.url) : setFile(set, 'pool.json')),
      `${JSON.stringify(pool, null, 1)}\n`,
    );
    if (values['found-by'] !== undefined) writeFileSync(values['found-by'], `${JSON.stringify(foundBy, null, 1)}\n`);
  } finally {
    await db.close();
  }
}
