/**
 * Explainable need-to-service matching (issues 4 and 13). Pure: `buildMatchIndex` turns the
 * directory into an in-memory index once; `matchServices` answers a query from it.
 *
 * Score of a service = relevance × context factors, then a diversity pass (issue 13: hybrid
 * retrieval, so that direct evidence in the words is never drowned by the needs layer):
 * - a place named in the words ("lives in Sowerby", places.ts, learnt from the directory's
 *   addresses) is where the person is when no postcode was given, and is taken out of the words.
 * - two channels, each ranking the services it found:
 *   · lexical: BM25F (k1 1.2) over the name (its own field: weight NAME_WEIGHT, b 0.5) and the
 *     body (name, description, eligibility ×1, taxonomy terms ×2, organisation ×0.5; b 0.75). A
 *     word the directory hardly uses (in fewer than BRIDGE_WHEN_FEWER services) is bridged through
 *     the lexicon (WordNet, bridges.ts: same meaning, other forms, broader and narrower words, each
 *     counting a share of the word); a service counts the best of a word and its bridges.
 *   · needs: for each understood need q (weight w = 1 if coded, else the classifier's confidence
 *     squared) the service's strength for q — 1 for a need a curator set, else confidence² × (0.4 +
 *     0.6 × focus), focus = its confidence over the sum of all the service's need confidences (a
 *     passing hint in a long description counts little; a listing about ten things less for each
 *     than one about two; a need in the service's name ≥ 0.9) — or 0.4 × its strength for a need
 *     of the same group (low mood → mental wellbeing); half of that when the person named one
 *     aspect of a broad need ("stop smoking") and the service names none of that aspect's words.
 *     Σ w·strength / Σ w, plus 0.5 × the share of the person's interests the service mentions.
 * - fusion (0–1): reciprocal rank, Σ w_c / (RRF_K + rank_c) over the channels (equal scores share a
 *   rank), scaled so first in both is 1, blended 0.7 / 0.3 with each channel's score over its best
 *   (so a clear lead in one channel breaks a near-tie of ranks). The needs channel weighs 1; the
 *   lexical channel from LEXICAL_FLOOR up to 1 as its best service covers FULL_COVERAGE of the
 *   query's words by idf: "walking football" is trusted to its words, a long narrative matched on
 *   one of them much less.
 * - context factors (each ≤ 1, so the score stays in 0–1): distance (0.6 + 0.4·e^(−km/8); with a
 *   transport or mobility barrier 0.4 + 0.6·e^(−km/3); 0.85 when the service has no location and
 *   is not online/phone/home visits); cost barrier (free 1, unknown 0.9, paid 0.7); mobility barrier
 *   (step-free 1, unknown 0.9, not step-free 0.6); language barrier (interpreters or other languages
 *   1, else 0.9); digital barrier (online-only 0.6); days (none of the person's days 0.6); waiting
 *   list (1 − 0.03/week, at most −0.3; 0.9 when weeks unknown); stale listing 0.6.
 * - left out: archived, ORUK status other than active, capacity closed (not in the index at all),
 *   age outside min/max, a service only for the other sex (eligibility.ts) when the person's is known.
 * - diversity: picked greedily from the best; each earlier pick from the same organisation
 *   multiplies by 0.9, a near-identical name (stem Jaccard ≥ 0.6) by 0.8 (branches at other
 *   places are other options, so they are demoted, not hidden).
 * - reasons cite what matched: query words in the name, needs the service is clearly about
 *   (strength ≥ NEED_REASON_MIN, with its words for them), interests, a bridge ("badminton →
 *   sport (a broader word)"), other words it mentions; then distance, cost, days, access.
 * Ties are broken by service id, so the same directory and query always give the same answer.
 *
 * Speed (100,000 services): the index (build.ts) keeps per-service facts in typed arrays and
 * postings as typed arrays over interned stems; a query keeps its running scores in the index's
 * preallocated scratch arrays and resets only what it touched; it touches only services with one of its needs or
 * uncommon words (related needs and words in over 30% of services only add to those), and since
 * every context factor is ≤ 1 a service whose relevance cannot beat the worst of the best
 * max(6 × limit, 60) so far is skipped before distance and the rest are computed.
 */
import { classifyText, findInterests } from '../needs-classifier.ts';
import { INTERESTS, NEEDS, needLabel, type NeedCode } from '../needs.ts';
import { staleBefore } from '../freshness.ts';
import { describeDays, haversineKm } from './facts.ts';
import {
  ATTEND,
  COST,
  DAY_BIT,
  IN_NAME,
  K1,
  NAME_WEIGHT,
  RELATED,
  SEX,
  STEP,
  TF2_MAX,
  needStrengths,
  reasonFacts,
  type Columns,
  type MatchIndex,
} from './build.ts';
import { bridgesFor, type Bridge } from './bridges.ts';
import { findPlaces, personPlace, withoutPlaces } from './places.ts';
import { foldWord, lowered, stem, tokenize } from './text.ts';
import { WEEKDAYS, type MatchAnswer, type MatchOptions, type MatchQuery, type MatchResult, type UnderstoodNeed } from './types.ts';

export { buildMatchIndex, matchIndexBuilder, type MatchIndex, type MatchIndexBuilder } from './build.ts';

const RELATED_CREDIT = 0.4;
/** Reciprocal rank fusion: a service's relevance is Σ 1 / (RRF_K + its rank) over the channels
 * (lexical, needs), scaled so the first in both scores 1. A small k trusts each channel's head. */
const RRF_K = 10;
/** Ranks alone ignore how far apart scores are: this share of relevance is each channel's score
 * over its best, so a clear lead in one channel breaks a near-tie of ranks. */
const SCORE_SHARE = 0.3;
/** The lexical channel's weight in the fusion: LEXICAL_FLOOR, rising to 1 as its best service
 * covers FULL_COVERAGE of the query's words (by idf); the needs channel weighs 1. */
const LEXICAL_FLOOR = 0.25;
const FULL_COVERAGE = 0.6;
/** Ranks are kept for each channel's best CHANNEL_DEPTH; beyond, a rank adds under 1/(k + 200). */
const CHANNEL_DEPTH = 200;
/** The person's interests weigh this much against a fully met need in the needs channel. */
const INTEREST_SHARE = 0.5;
/** A bridged word in more than this share of services (and more than 20) says too little to bring anything in. */
const BRIDGE_MAX_SHARE = 0.05;
const MAX_BRIDGES_PER_WORD = 40;
/** Bridges are for the person's words the directory hardly uses: a word in this many services or
 * more is evidence enough itself, and bridging it would only add noise. */
const BRIDGE_WHEN_FEWER = 5;
/** Diversity: each earlier pick of the same organisation, and a near-identical name, multiply by these. */
const SAME_ORGANISATION = 0.9;
const SAME_NAME = 0.8;
/** A need is given as a reason only where the service is clearly about it (not a passing hint). */
const NEED_REASON_MIN = 0.15;
const SPECIFICITY_CREDIT = 0.5;
const MAX_QUERY_TERMS = 30;
/** A query word in more than this share of services only adds to services already found. */
const COMMON_TERM_SHARE = 0.3;
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 50;

/** What the query was understood to ask for: coded needs first, then needs heard in the text. */
export function understandQuery(query: Pick<MatchQuery, 'text' | 'needs'>): UnderstoodNeed[] {
  const out: UnderstoodNeed[] = [];
  for (const need of query.needs ?? []) {
    if (!out.some((u) => u.need === need)) out.push({ need, label: needLabel(need), confidence: 1, terms: [], source: 'coded' });
  }
  if (query.text !== undefined && query.text.trim() !== '') {
    for (const c of classifyText(query.text)) {
      if (!out.some((u) => u.need === c.need)) out.push({ need: c.need, label: needLabel(c.need), confidence: c.confidence, terms: c.terms, source: 'text' });
    }
  }
  return out;
}

const CUE_WORDS = new Set(
  ['like', 'likes', 'liked', 'enjoys', 'enjoy', 'loves', 'love', 'wants', 'want', 'used', 'interested', 'needs', 'need', 'help', 'support', 'would'].map(stem),
);

/** Words the tokeniser keeps for the needs vocabulary ("on my own", "can't pay", "cut off") that
 * are no evidence of what a service is about by themselves. */
const LEXICAL_SKIP = new Set([
  'no',
  'not',
  'on',
  'off',
  'own',
  'after',
  'out',
  'up',
  'cant',
  'dont',
  'doesnt',
  'wont',
  'isnt',
  'didnt',
  'couldnt',
  'hasnt',
  'havent',
  'im',
]);

interface Candidate {
  doc: number;
  score: number;
  distanceKm: number | null;
  stale: boolean;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
/** a ranks before b: higher score, then lower doc index (= lower service id: docs are sorted by id) */
const before = (a: Candidate, b: Candidate): boolean => a.score > b.score || (a.score === b.score && a.doc < b.doc);

/** A bounded min-heap keeping the best `k` candidates. */
class TopK {
  readonly items: Candidate[] = [];
  constructor(private readonly k: number) {}
  /** The worst kept, once full. */
  floor(): Candidate | undefined {
    return this.items.length < this.k ? undefined : this.items[0];
  }
  push(c: Candidate): void {
    const h = this.items;
    if (h.length < this.k) {
      h.push(c);
      let i = h.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!before(h[p]!, h[i]!)) break;
        [h[p], h[i]] = [h[i]!, h[p]!];
        i = p;
      }
      return;
    }
    if (!before(c, h[0]!)) return;
    h[0] = c;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < h.length && before(h[worst]!, h[l]!)) worst = l;
      if (r < h.length && before(h[worst]!, h[r]!)) worst = r;
      if (worst === i) break;
      [h[worst], h[i]] = [h[i]!, h[worst]!];
      i = worst;
    }
  }
}

/** Ranks `count` services of `list` by their `score` (higher first) and writes each one's rank
 * (1…depth, equal scores sharing one) into `rankOut`; services not in the best `depth`, or scoring
 * 0, keep 0. Returns how many were ranked. */
function rankChannel(list: Int32Array, count: number, score: Float64Array, depth: number, rankOut: Int32Array): number {
  const top = new TopK(depth);
  for (let k = 0; k < count; k++) {
    const d = list[k]!;
    const s = score[d]!;
    if (s <= 0) continue;
    const floor = top.floor();
    if (floor !== undefined && (s < floor.score || (s === floor.score && d > floor.doc))) continue;
    top.push({ doc: d, score: s, distanceKm: null, stale: false });
  }
  const ranked = top.items.sort((a, b) => (before(a, b) ? -1 : 1));
  // equal scores share a rank (1, 2, 2, 4): a tie in a channel is no evidence either way
  ranked.forEach((c, r) => {
    rankOut[c.doc] = r > 0 && c.score === ranked[r - 1]!.score ? rankOut[ranked[r - 1]!.doc]! : r + 1;
  });
  return ranked.length;
}

/** The words of the text in order, lower case, stopwords kept (for the lexicon's phrases). */
const rawWords = (text: string): string[] =>
  lowered(text)
    .split(/[^a-z0-9']+/)
    .filter((w) => w !== '');

/** Ranks services for a query. */
export function matchServices(index: MatchIndex, asked: MatchQuery, opts: MatchOptions): MatchAnswer {
  const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(asked.limit ?? DEFAULT_LIMIT)));
  // a place named in the words ("lives in Sowerby") is where the person is when no postcode was
  // given, and is never a keyword (a "Hebden Bridge" listing is not a bridge club)
  const named = asked.text === undefined ? [] : findPlaces(index.gazetteer, asked.text);
  const place = named.length === 0 ? null : personPlace(index.gazetteer, asked.text!);
  const query: MatchQuery =
    named.length === 0
      ? asked
      : {
          ...asked,
          text: withoutPlaces(asked.text!, named),
          location: asked.location ?? { latitude: place!.latitude, longitude: place!.longitude, precision: 'place', place: place!.name },
        };
  const understood = understandQuery(query);
  const interests = query.text === undefined ? [] : findInterests(query.text);
  const { col, scratch } = index;
  const n = index.size;
  // services touched so far: listed once each in scratch.touched (marked in scratch.seen)
  const touchedList = scratch.touched;
  let touchedCount = 0;

  // the lexical channel: BM25F over the query's words, each word counting the best of itself and
  // its bridges in a service; very common words only add to services found otherwise
  const qTokens = query.text === undefined ? [] : tokenize(query.text);
  const qStems: string[] = [];
  const qWords: string[] = [];
  for (const t of qTokens) {
    if (CUE_WORDS.has(t.stem) || LEXICAL_SKIP.has(t.word) || qStems.includes(t.stem) || qStems.length >= MAX_QUERY_TERMS) continue;
    qStems.push(t.stem);
    qWords.push(t.word);
  }
  const bridges: Bridge[] = [];
  const bridgedTerms: { stemId: number; weight: number; bridge: number }[][] = qStems.map(() => []);
  if (opts.lexicon !== undefined && query.text !== undefined && qStems.length > 0) {
    const rare = (w: string): boolean => {
      const id = index.stemIds.get(stem(w));
      return (id === undefined ? 0 : index.postings[id]!.docs.length) < BRIDGE_WHEN_FEWER;
    };
    const skip = (w: string): boolean => {
      const f = foldWord(w);
      return f === null || CUE_WORDS.has(stem(f)) || !qStems.includes(stem(f)) || !rare(f);
    };
    for (const b of bridgesFor(rawWords(query.text).slice(0, 60), opts.lexicon, skip)) {
      const qi = qStems.indexOf(stem(foldWord(b.from.split(' ').at(-1)!) ?? ''));
      const to = tokenize(b.to);
      if (qi < 0 || to.length !== 1 || qStems.includes(to[0]!.stem)) continue;
      const stemId = index.stemIds.get(to[0]!.stem);
      if (stemId === undefined || index.postings[stemId]!.docs.length > Math.max(BRIDGE_MAX_SHARE * n, 20)) continue;
      const list = bridgedTerms[qi]!;
      const had = list.find((x) => x.stemId === stemId);
      if (had !== undefined) {
        if (had.weight < b.weight) {
          had.weight = b.weight;
          had.bridge = bridges.length;
          bridges.push(b);
        }
      } else if (list.length < MAX_BRIDGES_PER_WORD) {
        list.push({ stemId, weight: b.weight, bridge: bridges.length });
        bridges.push(b);
      }
    }
  }
  const { bm25, mask, seen, nameMask, bridgeOf, term, termSource, termDocs } = scratch;
  const norm = col.norm;
  const nameNorm = col.nameNorm;
  let termCount = 0;
  /**
   * Scores stem `id` (× `weight`) in each service that has it. For a word with no bridges the score
   * goes straight into the running totals (`direct`); otherwise into the word's best so far, which
   * the word and each of its bridges compete for (see scoreTerm).
   */
  const contribute = (id: number, weight: number, source: number, onlySeen: boolean, bit: number, direct: boolean): void => {
    const p = index.postings[id]!;
    const docs = p.docs;
    const tf2 = p.tf2;
    const df = docs.length;
    const idf = weight * Math.log(1 + (n - df + 0.5) / (df + 0.5));
    for (let j = 0; j < df; j++) {
      const d = docs[j]!;
      if (seen[d] === 0) {
        if (onlySeen) continue;
        seen[d] = 1;
        touchedList[touchedCount++] = d;
      }
      const t = tf2[j]!;
      const inName = t >= IN_NAME;
      let f = ((t & TF2_MAX) * 0.5) / norm[d]!;
      if (inName) f += NAME_WEIGHT / nameNorm[d]!;
      const s = (idf * f * (K1 + 1)) / (f + K1);
      if (direct) {
        bm25[d]! += s;
        mask[d]! |= bit;
        if (inName) nameMask[d]! |= bit;
        continue;
      }
      if (term[d] === 0) termDocs[termCount++] = d;
      if (s > term[d]!) {
        term[d] = s;
        // source: 0 the word itself (−1 in the name), else 1 + the bridge's number
        termSource[d] = source === 0 && inName ? -1 : source;
      }
    }
  };
  const scoreTerm = (qi: number, onlySeen: boolean): void => {
    const id = index.stemIds.get(qStems[qi]!);
    const bit = 1 << qi;
    const bridged = onlySeen ? [] : bridgedTerms[qi]!;
    if (bridged.length === 0) {
      if (id !== undefined) contribute(id, 1, 0, onlySeen, bit, true);
      return;
    }
    termCount = 0;
    if (id !== undefined) contribute(id, 1, 0, onlySeen, bit, false);
    for (const b of bridged) contribute(b.stemId, b.weight, b.bridge + 1, false, bit, false);
    for (let k = 0; k < termCount; k++) {
      const d = termDocs[k]!;
      bm25[d]! += term[d]!;
      const source = termSource[d]!;
      if (source <= 0) mask[d]! |= bit;
      if (source === -1) nameMask[d]! |= bit;
      if (source > 0 && bridgeOf[d] === 0) bridgeOf[d] = source;
      term[d] = 0;
      termSource[d] = 0;
    }
  };
  const common: number[] = [];
  qStems.forEach((st, qi) => {
    const id = index.stemIds.get(st);
    if (id !== undefined && index.postings[id]!.docs.length > COMMON_TERM_SHARE * n) common.push(qi);
    else scoreTerm(qi, false);
  });

  // needs: direct strength, or partial credit for a need of the same group; where the person named
  // one kind of help inside a broad need ("stop smoking": substance use, aspect smoking), services
  // that do not name that kind (an alcohol service) count half. A need heard in the text weighs
  // its confidence squared, like the services' (a passing "home" matters little beside "controlling").
  let weightSum = 0;
  const weights: number[] = [];
  /** bit u: the u-th need has aspects the person named (scratch.specific marks the services naming them) */
  let specificNeeds = 0;
  const specificList: number[] = [];
  understood.forEach((u, ui) => {
    const weight = u.source === 'coded' ? 1 : u.confidence * u.confidence;
    weights.push(weight);
    weightSum += weight;
    const aspectPhrases = u.source === 'text' ? aspectPhrasesHeard(u.need, u.terms) : [];
    if (aspectPhrases.length > 0) {
      specificNeeds |= 1 << ui;
      markDocsWithAnyPhrase(index, aspectPhrases, 1 << ui, specificList);
    }
  });
  const { need: needScore, directNeeds, specific, perNeed } = scratch;
  understood.forEach((u, ui) => {
    const direct = index.byNeed.get(u.need);
    if (direct === undefined) return;
    const weight = weights[ui]!;
    const bit = 1 << ui;
    const narrowed = (specificNeeds & bit) !== 0;
    const docs = direct.docs;
    const strength = direct.strength;
    for (let j = 0; j < docs.length; j++) {
      const d = docs[j]!;
      const v = strength[j]!;
      needScore[d]! += weight * (!narrowed || (specific[d]! & bit) !== 0 ? v : SPECIFICITY_CREDIT * v);
      directNeeds[d]! |= bit;
      if (seen[d] === 0) {
        seen[d] = 1;
        touchedList[touchedCount++] = d;
      }
    }
  });
  // related needs add only to services found already (otherwise a whole group of needs would
  // pull in most of the directory), and only where the service lacks the need itself
  const perTouched = scratch.list;
  understood.forEach((u, ui) => {
    const bit = 1 << ui;
    const narrowed = (specificNeeds & bit) !== 0;
    let perCount = 0;
    for (const rel of RELATED.get(u.need) ?? []) {
      const p = index.byNeed.get(rel);
      if (p === undefined) continue;
      const docs = p.docs;
      const strength = p.strength;
      for (let j = 0; j < docs.length; j++) {
        const d = docs[j]!;
        if (seen[d] === 0 || (directNeeds[d]! & bit) !== 0) continue;
        let v = RELATED_CREDIT * strength[j]!;
        if (narrowed && (specific[d]! & bit) === 0) v *= SPECIFICITY_CREDIT;
        if (perNeed[d] === 0) perTouched[perCount++] = d;
        if (v > perNeed[d]!) perNeed[d] = v;
      }
    }
    const w = weights[ui]!;
    for (let k = 0; k < perCount; k++) {
      const d = perTouched[k]!;
      needScore[d]! += w * perNeed[d]!;
      perNeed[d] = 0;
    }
  });
  for (const d of specificList) specific[d] = 0;
  const onlySeen = touchedCount > 0;
  for (const qi of common) scoreTerm(qi, onlySeen);

  // interests: which of them each service mentions (bit k: the k-th interest)
  const interestHits = scratch.interest;
  interests.forEach((i, k) => {
    const def = INTERESTS.find((x) => x.code === i.interest)!;
    const bit = 1 << k;
    for (const t of def.terms) {
      const st = tokenize(t);
      if (st.length !== 1) continue;
      const id = index.stemIds.get(st[0]!.stem);
      if (id === undefined) continue;
      for (const d of index.postings[id]!.docs) {
        interestHits[d]! |= bit;
        if (seen[d] === 0) {
          seen[d] = 1;
          touchedList[touchedCount++] = d;
        }
      }
    }
  });

  // fusion: each service's rank in the lexical channel (BM25F) and in the needs channel (need
  // score, and the person's interests), fused by reciprocal rank, so strong direct evidence in
  // either is never drowned by the other
  // only services the person can use are ranked (age, sex), so none they cannot use takes a place
  const staleCut = staleBefore(opts.now, opts.staleMonths).getTime();
  const age = query.age ?? null;
  const sex = query.sex === 'female' ? SEX.female : query.sex === 'male' ? SEX.male : SEX.any;
  const { lexRank, needRank, needChannel } = scratch;
  const eligible = scratch.list;
  let eligibleCount = 0;
  let maxBm25 = 0;
  let maxNeed = 0;
  for (let k = 0; k < touchedCount; k++) {
    const d = touchedList[k]!;
    if (age !== null && ((col.minAge[d]! >= 0 && age < col.minAge[d]!) || (col.maxAge[d]! >= 0 && age > col.maxAge[d]!))) continue;
    if (sex !== SEX.any && col.sex[d] !== SEX.any && col.sex[d] !== sex) continue;
    eligible[eligibleCount++] = d;
    const v = (weightSum > 0 ? needScore[d]! / weightSum : 0) + (interests.length > 0 ? (INTEREST_SHARE * bitCount(interestHits[d]!)) / interests.length : 0);
    needChannel[d] = v;
    if (v > maxNeed) maxNeed = v;
    if (bm25[d]! > maxBm25) maxBm25 = bm25[d]!;
  }
  const lexCount = rankChannel(eligible, eligibleCount, bm25, CHANNEL_DEPTH, lexRank);
  const needCount = rankChannel(eligible, eligibleCount, needChannel, CHANNEL_DEPTH, needRank);
  // how sure the lexical channel is: the share of the query's words (by idf) its best service
  // matches, as if each were in its name; a long narrative matched on one word is weak evidence
  let idealLex = 0;
  for (const st of qStems) {
    const id = index.stemIds.get(st);
    if (id === undefined) continue;
    const df = index.postings[id]!.docs.length;
    const f = 1 + NAME_WEIGHT;
    idealLex += (Math.log(1 + (n - df + 0.5) / (df + 0.5)) * ((K1 + 1) * f)) / (f + K1);
  }
  const coverage = idealLex > 0 ? maxBm25 / idealLex : 0;
  const wLex = lexCount === 0 ? 0 : LEXICAL_FLOOR + (1 - LEXICAL_FLOOR) * Math.min(1, coverage / FULL_COVERAGE);
  const wNeed = needCount === 0 ? 0 : 1;

  const barriers = new Set(query.barriers ?? []);
  const wantDays = (query.days ?? []).reduce((m, d) => m | (DAY_BIT.get(d) ?? 0), 0);
  const loc = query.location ?? null;
  const nearBarrier = barriers.has('transport') || barriers.has('mobility');
  const poolSize = Math.max(limit * 6, 60);
  const top = new TopK(poolSize);

  for (let k = 0; k < eligibleCount; k++) {
    const d = eligible[k]!;
    // beyond a channel's best CHANNEL_DEPTH, a service with any evidence there ranks just after
    // them: nearness and the rest can still lift it above a far one ranked 150th
    const lr = lexRank[d]! || (bm25[d]! > 0 ? CHANNEL_DEPTH + 1 : 0);
    const nr = needRank[d]! || (needChannel[d]! > 0 ? CHANNEL_DEPTH + 1 : 0);
    if (lr === 0 && nr === 0) continue;
    const rrf = ((RRF_K + 1) * ((lr > 0 ? wLex / (RRF_K + lr) : 0) + (nr > 0 ? wNeed / (RRF_K + nr) : 0))) / (wLex + wNeed);
    const rel =
      (1 - SCORE_SHARE) * rrf +
      (SCORE_SHARE / (wLex + wNeed)) * (wLex * (maxBm25 > 0 ? bm25[d]! / maxBm25 : 0) + wNeed * (maxNeed > 0 ? needChannel[d]! / maxNeed : 0));
    // every factor below is ≤ 1: a service whose relevance cannot beat the pool's worst is done
    const floor = top.floor();
    if (floor !== undefined && (rel < floor.score || (rel === floor.score && d > floor.doc))) continue;
    let factor = 1;
    let distanceKm: number | null = null;
    if (loc !== null) {
      if (!Number.isNaN(col.lat[d]!)) {
        distanceKm = haversineKm(loc, { latitude: col.lat[d]!, longitude: col.lon[d]! });
        for (const l of index.extraLocations.get(d) ?? []) distanceKm = Math.min(distanceKm, haversineKm(loc, l));
        factor *= nearBarrier ? 0.4 + 0.6 * Math.exp(-distanceKm / 3) : 0.6 + 0.4 * Math.exp(-distanceKm / 8);
      } else if (col.attend[d] !== ATTEND.online_only && col.attend[d] !== ATTEND.phone_or_online && col.attend[d] !== ATTEND.home_visits) {
        factor *= 0.85;
      }
    }
    if (barriers.has('cost')) factor *= col.cost[d] === COST.free ? 1 : col.cost[d] === COST.unknown ? 0.9 : 0.7;
    if (barriers.has('mobility')) factor *= col.step[d] === STEP.yes || col.attend[d] === ATTEND.home_visits ? 1 : col.step[d] === STEP.unknown ? 0.9 : 0.6;
    if (barriers.has('language')) factor *= col.langs[d]! > 0 ? 1 : 0.9;
    if (barriers.has('digital') && col.attend[d] === ATTEND.online_only) factor *= 0.6;
    if (wantDays !== 0 && col.days[d] !== 0 && (col.days[d]! & wantDays) === 0) factor *= 0.6;
    if (col.waitlist[d] === 1) factor *= col.waitWeeks[d]! < 0 ? 0.9 : Math.max(0.7, 1 - 0.03 * col.waitWeeks[d]!);
    const stale = Number.isNaN(col.lastGood[d]!) || col.lastGood[d]! < staleCut;
    if (stale) factor *= 0.6;
    top.push({ doc: d, score: rel * factor, distanceKm, stale });
  }

  // diversity: greedy over the pool
  const pool = top.items.sort((a, b) => (before(a, b) ? -1 : 1));
  const picked: Candidate[] = [];
  const orgCount = new Map<number, number>();
  while (picked.length < limit && pool.length > 0) {
    let best = -1;
    let bestScore = -1;
    for (let i = 0; i < pool.length; i++) {
      const c = pool[i]!;
      let adj = c.score * SAME_ORGANISATION ** (orgCount.get(col.org[c.doc]!) ?? 0);
      if (picked.some((p) => nameJaccard(col, p.doc, c.doc) >= 0.6)) adj *= SAME_NAME;
      if (adj > bestScore || (adj === bestScore && c.doc < pool[best]!.doc)) {
        best = i;
        bestScore = adj;
      }
    }
    const chosen = pool.splice(best, 1)[0]!;
    orgCount.set(col.org[chosen.doc]!, (orgCount.get(col.org[chosen.doc]!) ?? 0) + 1);
    picked.push({ ...chosen, score: bestScore });
  }

  const ctx = { understood, interests, qStems, qWords, query, wantDays, barriers, bridges };
  const results: MatchResult[] = picked.map((c) => ({
    service: index.services[c.doc]!,
    score: round3(c.score),
    reasons: reasonsFor(index, c, { mask: mask[c.doc]!, nameMask: nameMask[c.doc]!, bridge: bridgeOf[c.doc]! }, ctx),
    stale: c.stale,
    distanceKm: c.distanceKm === null ? null : Math.round(c.distanceKm * 10) / 10,
  }));
  for (let k = 0; k < touchedCount; k++) {
    const d = touchedList[k]!;
    bm25[d] = 0;
    needScore[d] = 0;
    mask[d] = 0;
    nameMask[d] = 0;
    bridgeOf[d] = 0;
    directNeeds[d] = 0;
    interestHits[d] = 0;
    lexRank[d] = 0;
    needRank[d] = 0;
    needChannel[d] = 0;
    seen[d] = 0;
  }
  return {
    understoodNeeds: understood,
    place: place === null || asked.location != null ? null : { name: place.name, latitude: place.latitude, longitude: place.longitude },
    interests: interests.map((i) => i.interest),
    results,
  };
}

function nameJaccard(col: Columns, a: number, b: number): number {
  let i = col.nameOff[a]!;
  const ie = col.nameOff[a + 1]!;
  let j = col.nameOff[b]!;
  const je = col.nameOff[b + 1]!;
  const na = ie - i;
  const nb = je - j;
  if (na === 0 || nb === 0) return 0;
  let both = 0;
  while (i < ie && j < je) {
    const x = col.nameIds[i]!;
    const y = col.nameIds[j]!;
    if (x === y) {
      both++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return both / (na + nb - both);
}

const ASPECTS = new Map<NeedCode, { phrases: readonly string[]; stems: string[][] }[]>(
  NEEDS.map((nd) => [nd.code, Object.values(nd.aspects ?? {}).map((phrases) => ({ phrases, stems: phrases.map((p) => tokenize(p).map((t) => t.stem)) }))]),
);

/** The phrases of every aspect of `need` that the person's words (`terms`) name; [] for none. */
function aspectPhrasesHeard(need: NeedCode, terms: readonly string[]): string[] {
  const heard = terms.map((t) => new Set(tokenize(t).map((k) => k.stem)));
  const out: string[] = [];
  for (const a of ASPECTS.get(need) ?? []) {
    if (a.stems.some((st) => st.length > 0 && heard.some((h) => st.every((x) => h.has(x))))) out.push(...a.phrases);
  }
  return out;
}

/** Marks with `bit` (in scratch.specific, listing newly marked services in `marked`) the services
 * whose text holds every word of at least one of the phrases. Postings are in service order, so
 * the lists are intersected by merging. */
function markDocsWithAnyPhrase(index: MatchIndex, phrases: readonly string[], bit: number, marked: number[]): void {
  const specific = index.scratch.specific;
  for (const phrase of phrases) {
    const lists = tokenize(phrase)
      .map((t) => {
        const id = index.stemIds.get(t.stem);
        return id === undefined ? undefined : index.postings[id]!.docs;
      })
      .sort((a, b) => (a?.length ?? 0) - (b?.length ?? 0));
    if (lists.length === 0 || lists.some((l) => l === undefined)) continue;
    const [first, ...rest] = lists as Int32Array[];
    const at = rest.map(() => 0);
    for (const d of first!) {
      let all = true;
      for (let r = 0; r < rest.length && all; r++) {
        const l = rest[r]!;
        let i = at[r]!;
        while (i < l.length && l[i]! < d) i++;
        at[r] = i;
        all = i < l.length && l[i] === d;
      }
      if (!all) continue;
      if (specific[d] === 0) marked.push(d);
      specific[d]! |= bit;
    }
  }
}

/** The number of bits set. */
function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The service's word for a need to show: one sharing a stem with the person's words if any. */
function shownTerm(serviceTerms: readonly string[], queryTerms: readonly string[]): string | null {
  const heard = new Set(queryTerms.flatMap((t) => tokenize(t).map((k) => k.stem)));
  return serviceTerms.find((t) => tokenize(t).some((k) => heard.has(k.stem))) ?? serviceTerms[0] ?? null;
}

const lower = (label: string): string => label.charAt(0).toLowerCase() + label.slice(1);

function ageReason(min: number | null, max: number | null): string | null {
  if (min !== null && max !== null) return `ages ${min}–${max}`;
  if (min !== null) return `ages ${min}+`;
  if (max !== null) return `up to age ${max}`;
  return null;
}

const RELATION_WORDS: Record<Bridge['relation'], string> = {
  'same meaning': 'same meaning',
  'another form': 'same word',
  broader: 'a broader word',
  narrower: 'a kind of it',
};

/** What actually matched in a service shown, in words: words of the query in its name, needs it is
 * clearly about (with its words for them), interests, a bridge ("badminton → sport"), other words
 * it mentions; then where, when, how much. */
function reasonsFor(
  index: MatchIndex,
  c: Candidate,
  ev: { mask: number; nameMask: number; bridge: number },
  ctx: {
    understood: readonly UnderstoodNeed[];
    interests: readonly { interest: string; label: string }[];
    qStems: readonly string[];
    qWords: readonly string[];
    query: MatchQuery;
    wantDays: number;
    barriers: ReadonlySet<string>;
    bridges: readonly Bridge[];
  },
): string[] {
  const d = c.doc;
  const service = index.services[d]!;
  const facts = reasonFacts(index, d);
  const col = index.col;
  const needs = needStrengths(facts, tokenize(service.name));
  const reasons: string[] = [];
  const wordsOf = (bits: number): string[] =>
    ctx.qStems
      .map((_, qi) => qi)
      .filter((qi) => (bits & (1 << qi)) !== 0)
      .slice(0, 3)
      .map((qi) => `"${ctx.qWords[qi]!}"`);
  // what it is for
  const inName = wordsOf(ev.nameMask);
  if (inName.length > 0) reasons.push(`${inName.join(', ')} in its name`);
  let needReasons = 0;
  for (const u of ctx.understood) {
    const direct = needs.get(u.need);
    if (direct === undefined || direct.strength < NEED_REASON_MIN || needReasons >= 2) continue;
    reasons.push(`${shownTerm(direct.terms, u.terms) ?? `listed for ${lower(u.label)}`} — matches ${lower(u.label)}`);
    needReasons++;
  }
  for (const u of ctx.understood) {
    if (needReasons > 0) break;
    const rel = (RELATED.get(u.need) ?? []).map((r) => ({ r, s: needs.get(r) })).find((x) => x.s !== undefined && x.s.strength >= NEED_REASON_MIN);
    if (rel === undefined) continue;
    reasons.push(`${rel.s!.terms[0] ?? lower(needLabel(rel.r))} — related to ${lower(u.label)}`);
    needReasons++;
  }
  for (const i of ctx.interests) {
    const word = facts.interestWords?.[i.interest];
    if (word !== undefined) reasons.push(`${word} — matches interest in ${i.label}`);
  }
  const bridge = ev.bridge > 0 ? ctx.bridges[ev.bridge - 1] : undefined;
  if (bridge !== undefined) reasons.push(`${bridge.from} → ${bridge.to} (${RELATION_WORDS[bridge.relation]})`);
  if (needReasons === 0 && inName.length === 0) {
    const words = wordsOf(ev.mask & ~ev.nameMask);
    if (words.length > 0) reasons.push(`mentions ${words.join(', ')}`);
  }
  // where, when, how much
  if (c.distanceKm !== null)
    reasons.push(
      ctx.query.location?.precision === 'outcode'
        ? `about ${c.distanceKm.toFixed(1)} km (postcode district)`
        : ctx.query.location?.precision === 'place'
          ? `about ${c.distanceKm.toFixed(1)} km from ${ctx.query.location.place ?? 'the place named'}`
          : `${c.distanceKm.toFixed(1)} km`,
    );
  if (col.attend[d] === ATTEND.online_only) reasons.push('online');
  else if (col.attend[d] === ATTEND.phone_or_online) reasons.push('by phone or online');
  else if (col.attend[d] === ATTEND.home_visits) reasons.push('home visits');
  if (col.cost[d] === COST.free) reasons.push('free');
  else if (col.cost[d] === COST.paid) reasons.push('charges apply');
  if (col.days[d] !== 0) {
    const days = WEEKDAYS.filter((w) => (col.days[d]! & DAY_BIT.get(w)!) !== 0);
    const when = describeDays(days);
    reasons.push(ctx.wantDays !== 0 && (col.days[d]! & ctx.wantDays) === 0 ? `${when} — not on the days available` : when);
  }
  if (col.step[d] === STEP.yes) reasons.push('step-free access');
  else if (col.step[d] === STEP.no && ctx.barriers.has('mobility')) reasons.push('not step-free');
  if (col.langs[d] === 2) reasons.push('interpreters available');
  if (facts.languages !== undefined) reasons.push(`also in ${facts.languages.slice(0, 3).join(', ')}`);
  if (col.sex[d] === SEX.female) reasons.push('for women');
  else if (col.sex[d] === SEX.male) reasons.push('for men');
  const ages = ageReason(service.minimumAge, service.maximumAge);
  if (ages !== null) reasons.push(ages);
  if (col.waitlist[d] === 1)
    reasons.push(col.waitWeeks[d]! < 0 ? 'waiting list' : `waiting list ${col.waitWeeks[d]!} week${col.waitWeeks[d] === 1 ? '' : 's'}`);
  if (c.stale)
    reasons.push(
      `not verified since ${Number.isNaN(col.lastGood[d]!) ? 'it was listed' : new Date(col.lastGood[d]!).toISOString().slice(0, 10)} — check it is still running`,
    );
  reasons.push(service.takesReferrals ? 'takes referrals through Linkwork' : 'signpost only');
  return reasons;
}
