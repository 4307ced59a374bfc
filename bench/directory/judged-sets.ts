/**
 * The judged sets for directory matching quality, one per ORUK feed: where each set's files live
 * (queries.jsonl, pool.json, grades.txt, judged-set.jsonl and, for sets pooled with a keyword
 * search, keywords.jsonl), which feed it was judged on and the directory source name to import it as.
 */
import { BRISTOL_FEED, NORTH_LINCS_FEED } from './feed-services.ts';

export interface JudgedSetConfig {
  /** Short name, as given on the command line. */
  name: string;
  /** How reports name the set. */
  label: string;
  /** Directory holding the set's files (a URL ending in a slash). */
  dir: URL;
  feed: URL;
  /** Directory source name the feed is imported as. */
  source: string;
}

export const JUDGED_SETS: Readonly<Record<string, JudgedSetConfig>> = {
  bristol: { name: 'bristol', label: 'Bristol', dir: new URL('./', import.meta.url), feed: BRISTOL_FEED, source: 'bristol' },
  'north-lincs': {
    name: 'north-lincs',
    label: 'North Lincolnshire (held out)',
    dir: new URL('./north-lincs/', import.meta.url),
    feed: NORTH_LINCS_FEED,
    source: 'north-lincolnshire',
  },
};

/** The set called `name` (throws, listing the known names, when there is none). */
export function judgedSet(name: string): JudgedSetConfig {
  const set = JUDGED_SETS[name];
  if (set === undefined) throw new Error(`unknown judged set "${name}" (known: ${Object.keys(JUDGED_SETS).join(', ')})`);
  return set;
}

/** A file of the set's directory. */
export const setFile = (set: JudgedSetConfig, file: string): URL => new URL(file, set.dir);
