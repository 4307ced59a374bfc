/**
 * Explainable need-to-service matching (issue 4 part 6). Pure: `buildMatchIndex` turns the
 * directory into an in-memory index once; `matchServices` answers a query from it.
 *
 * Score of a service = relevance × context factors, then a diversity pass:
 * - relevance (0–1): 0.75 × need score + 0.25 × text score when needs were understood (0.55,
 *   0.2 and 0.25 × interest score when the person's interests were heard too); text alone
 *   otherwise (0.8 text + 0.2 interest).
 *   · need score: for each understood need q (weight w = 1 if coded, else the classifier's
 *     confidence) the service's strength for q — 1 for a need a curator set, else the classifier's
 *     confidence on the service text — or 0.4 × its strength for a need of the same group (low mood
 *     → mental wellbeing); half of that when the person named one aspect of a broad need
 *     ("stop smoking": substance use, smoking) and the service names none of that aspect's words
 *     (an alcohol service). Weight w of a need heard in the text is its confidence squared; Σ w·strength / Σ w, so meeting all of the person's needs counts most.
 *     For a need the classifier found (not set by a curator), strength = confidence² × (0.4 + 0.6 ×
 *     focus), focus = its confidence over the sum of all the service's need confidences: a passing
 *     hint in a long description ("working", 0.34) counts little, and a listing about ten things
 *     counts less for each than one about two; a need named in the service's name counts ≥ 0.9.
 *   · text score: BM25 (k1 1.2, b 0.75) over name ×3, taxonomy terms ×2, description and
 *     eligibility ×1, organisation name ×0.5, divided by the best candidate's.
 *   · interest score: share of the person's interests ("likes singing") the service text mentions.
 * - context factors (each ≤ 1, so the score stays in 0–1): distance (0.6 + 0.4·e^(−km/8); with a
 *   transport or mobility barrier 0.4 + 0.6·e^(−km/3); 0.85 when the service has no location and
 *   is not online/phone/home visits); cost barrier (free 1, unknown 0.9, paid 0.7); mobility barrier
 *   (step-free 1, unknown 0.9, not step-free 0.6); language barrier (interpreters or other languages
 *   1, else 0.9); digital barrier (online-only 0.6); days (none of the person's days 0.6); waiting
 *   list (1 − 0.03/week, at most −0.3; 0.9 when weeks unknown); stale listing 0.6.
 * - left out: archived, ORUK status other than active, capacity closed, age outside min/max.
 * - diversity: picked greedily from the best; each earlier pick from the same organisation
 *   multiplies by 0.75, a near-identical name (stem Jaccard ≥ 0.6) by 0.5.
 * Ties are broken by service id, so the same directory and query always give the same answer.
 *
 * Speed (100,000 services): the index keeps per-service facts in typed arrays and postings as
 * typed arrays over interned stems; a query touches only services with one of its needs or
 * uncommon words (related needs and words in over 30% of services only add to those), and since
 * every context factor is ≤ 1 a service whose relevance cannot beat the worst of the best
 * max(6 × limit, 60) so far is skipped before distance and the rest are computed.
 */
import { classifyText, classifyTokens, findInterests, type NeedClassification } from '../needs-classifier.ts';
import { INTERESTS, NEEDS, needLabel, type NeedCode } from '../needs.ts';
import { lastKnownGood, staleBefore } from '../freshness.ts';
import { attendanceOf, costOf, daysOf, describeDays, haversineKm, languagesOf, stepFreeOf } from './facts.ts';
import { lowered, stem, tokenize, tokenizeLowered, type Token } from './text.ts';
import { WEEKDAYS, type MatchableService, type MatchAnswer, type MatchedService, type MatchOptions, type MatchQuery, type MatchResult, type UnderstoodNeed, type Weekday } from './types.ts';

const K1 = 1.2;
const B = 0.75;
const FIELD_WEIGHTS = { name: 3, taxonomy: 2, description: 1, organisation: 0.5 } as const;
const RELATED_CREDIT = 0.4;
const SPECIFICITY_CREDIT = 0.5;
const MAX_QUERY_TERMS = 30;
/** A query word in more than this share of services only adds to services already found. */
const COMMON_TERM_SHARE = 0.3;
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 50;

// small-int codes for the facts kept in typed arrays
const COST = { unknown: 0, free: 1, paid: 2 } as const;
const STEP = { unknown: 0, yes: 1, no: 2 } as const;
const ATTEND = { unknown: 0, online_only: 1, phone_or_online: 2, in_person: 3, home_visits: 4 } as const;
const DAY_BIT = new Map<Weekday, number>(WEEKDAYS.map((d, i) => [d, 1 << i]));

/** What the reasons of the few services shown need (rebuilt from `DocInfo.packed` for those only). */
interface ReasonFacts {
  classification: readonly NeedClassification[];
  needs: readonly NeedCode[];
  needsSource: string;
  /** interest code → the service's first word for it ("choir"), when it has any */
  interestWords: Record<string, string> | undefined;
  languages: readonly string[] | undefined;
}

/** What is kept of each service (the rest is in typed arrays). `packed` is ReasonFacts as one JSON
 * string: 100,000 small strings instead of millions of objects (and no slices of the descriptions
 * keeping whole descriptions alive). */
interface DocInfo {
  service: MatchedService;
  packed: string;
}

type Packed = [[NeedCode, number, string[]][], readonly NeedCode[], string, Record<string, string> | null, readonly string[] | null];

const pack = (f: ReasonFacts): string =>
  JSON.stringify([f.classification.map((c) => [c.need, c.confidence, c.terms.slice(0, 3)]), f.needs, f.needsSource, f.interestWords ?? null, f.languages ?? null] satisfies Packed);

function unpack(info: DocInfo): ReasonFacts {
  const [c, needs, needsSource, interestWords, languages] = JSON.parse(info.packed) as Packed;
  return { classification: c.map(([need, confidence, terms]) => ({ need, confidence, terms })), needs, needsSource, interestWords: interestWords ?? undefined, languages: languages ?? undefined };
}

interface Columns {
  len: Float32Array;
  excluded: Uint8Array;
  minAge: Int16Array;
  maxAge: Int16Array;
  lastGood: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
  cost: Uint8Array;
  step: Uint8Array;
  attend: Uint8Array;
  days: Uint8Array;
  waitlist: Uint8Array;
  waitWeeks: Int16Array;
  langs: Uint8Array;
  org: Int32Array;
  /** name stems as ids, flat: nameIds[nameOff[d] .. nameOff[d+1]) sorted */
  nameOff: Int32Array;
  nameIds: Int32Array;
}

export interface MatchIndex {
  readonly size: number;
  readonly info: readonly DocInfo[];
  readonly col: Columns;
  /** services with more than one location: all of them (col.lat/lon hold the first) */
  readonly extraLocations: ReadonlyMap<number, readonly { latitude: number; longitude: number }[]>;
  readonly stemIds: ReadonlyMap<string, number>;
  readonly postings: readonly { docs: Int32Array; tf: Float32Array }[];
  readonly byNeed: ReadonlyMap<NeedCode, { docs: Int32Array; strength: Float32Array }>;
  readonly avgLen: number;
  /** Scratch space reused by queries (matching is synchronous, so never shared mid-query). */
  readonly scratch: { bm25: Float64Array; need: Float64Array; perNeed: Float64Array; mask: Int32Array; directNeeds: Int32Array; seen: Uint8Array };
}

const RELATED = new Map<NeedCode, NeedCode[]>(
  NEEDS.map((n) => [n.code, NEEDS.filter((m) => m.group === n.group && m.code !== n.code).map((m) => m.code)]),
);
const INACTIVE_STATUS = (status: string): boolean => status.trim().toLowerCase() !== 'active';
const INTEREST_STEM = new Map<string, string>();
for (const i of INTERESTS) for (const t of i.terms) {
  const st = tokenize(t);
  if (st.length === 1 && !INTEREST_STEM.has(st[0]!.stem)) INTEREST_STEM.set(st[0]!.stem, i.code);
}

interface NeedStrength {
  strength: number;
  terms: readonly string[];
}

function needStrengths(info: Pick<ReasonFacts, 'classification' | 'needs' | 'needsSource'>, nameTokens: readonly Token[]): Map<NeedCode, NeedStrength> {
  const authoritative = info.needsSource === 'manual' || info.needsSource === 'corrected';
  const inName = new Set(classifyTokens(nameTokens).filter((c) => c.confidence >= 0.6).map((c) => c.need));
  const kept = info.classification.filter((c) => !authoritative || info.needs.includes(c.need));
  const total = kept.reduce((sum, c) => sum + c.confidence, 0);
  const out = new Map<NeedCode, NeedStrength>();
  for (const c of kept) {
    // evidence (squared: a passing hint, 0.34, counts 0.12) × focus (a listing about ten things
    // is less about each than one about two); a need named in the service's name counts ≥ 0.9
    const focus = c.confidence / Math.max(1, total);
    let strength = c.confidence * c.confidence * (0.4 + 0.6 * focus);
    if (inName.has(c.need)) strength = Math.max(strength, 0.9);
    out.set(c.need, { strength, terms: c.terms.slice(0, 6) });
  }
  for (const n of info.needs) {
    const had = out.get(n);
    out.set(n, { strength: authoritative ? 1 : Math.max(had?.strength ?? 0, 0.5), terms: had?.terms ?? [] });
  }
  return out;
}

/** Builds the index from every service (excluded ones are kept but never returned). */
export function buildMatchIndex(services: readonly MatchableService[]): MatchIndex {
  const b = matchIndexBuilder();
  for (const s of [...services].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) b.add(s);
  return b.finish();
}

export interface MatchIndexBuilder {
  /** Adds one service. Feed them in id order: ties in score are broken by the order added. */
  add(s: MatchableService): void;
  finish(): MatchIndex;
}

/**
 * Builds the index a service at a time, so a caller can read the directory page by page (in id
 * order) and never hold every record at once.
 */
export function matchIndexBuilder(): MatchIndexBuilder {
  // columns grow as JS arrays and become typed arrays in finish()
  const c = {
    len: [] as number[], excluded: [] as number[], minAge: [] as number[], maxAge: [] as number[], lastGood: [] as number[],
    lat: [] as number[], lon: [] as number[], cost: [] as number[], step: [] as number[], attend: [] as number[],
    days: [] as number[], waitlist: [] as number[], waitWeeks: [] as number[], langs: [] as number[], org: [] as number[], nameOff: [] as number[],
  };
  const info: DocInfo[] = [];
  const extraLocations = new Map<number, readonly { latitude: number; longitude: number }[]>();
  const stemIds = new Map<string, number>();
  // postings grow in typed arrays (doubling), not JS arrays: a 100k directory has ~7M entries
  const postDocs: Int32Array[] = [];
  const postTf: Float32Array[] = [];
  const postCount: number[] = [];
  const needPost = new Map<NeedCode, { docs: number[]; strength: number[] }>();
  const orgIds = new Map<string, number>();
  const nameIds: number[] = [];
  let acc = new Float64Array(1024);
  const touched: number[] = [];
  let totalLen = 0;
  const idOf = (st: string): number => {
    let id = stemIds.get(st);
    if (id === undefined) {
      id = stemIds.size;
      stemIds.set(st, id);
      postDocs.push(new Int32Array(4));
      postTf.push(new Float32Array(4));
      postCount.push(0);
      if (id >= acc.length) {
        const bigger = new Float64Array(acc.length * 2);
        bigger.set(acc);
        acc = bigger;
      }
    }
    return id;
  };
  const add = (s: MatchableService): void => {
    const i = info.length;
    let len = 0;
    const addTokens = (tokens: readonly Token[], w: number): void => {
      for (const t of tokens) {
        const id = idOf(t.stem);
        if (acc[id] === 0) touched.push(id);
        acc[id]! += w;
      }
      len += tokens.length * w;
    };
    const nameTokens = tokenizeLowered(lowered(s.name));
    const bodyLower = lowered(`${s.name}\n${s.description ?? ''}\n${s.eligibilityDescription ?? ''}`);
    const bodyTokens = tokenizeLowered(bodyLower);
    addTokens(nameTokens, FIELD_WEIGHTS.name - 1);
    addTokens(tokenize(s.taxonomyTerms.join('. ')), FIELD_WEIGHTS.taxonomy);
    addTokens(bodyTokens, FIELD_WEIGHTS.description);
    addTokens(tokenize(s.organisationName), FIELD_WEIGHTS.organisation);
    for (const id of touched) {
      const k = postCount[id]!;
      if (k === postDocs[id]!.length) {
        const docs = new Int32Array(k * 2);
        docs.set(postDocs[id]!);
        postDocs[id] = docs;
        const tf = new Float32Array(k * 2);
        tf.set(postTf[id]!);
        postTf[id] = tf;
      }
      postDocs[id]![k] = i;
      postTf[id]![k] = acc[id]!;
      postCount[id] = k + 1;
      acc[id] = 0;
    }
    touched.length = 0;
    c.len.push(len);
    totalLen += len;

    const classification = s.classification.length > 0 ? s.classification : classifyTokens(bodyTokens, bodyLower);
    const base = { classification, needs: s.needs, needsSource: s.needsSource };
    for (const [need, ns] of needStrengths(base, nameTokens)) {
      let p = needPost.get(need);
      if (p === undefined) needPost.set(need, (p = { docs: [], strength: [] }));
      p.docs.push(i);
      p.strength.push(ns.strength);
    }
    let interestWords: Record<string, string> | undefined;
    for (const t of bodyTokens) {
      const code = INTEREST_STEM.get(t.stem);
      if (code === undefined) continue;
      interestWords ??= {};
      interestWords[code] ??= t.word;
    }
    const langs = languagesOf(s);
    info.push({
      service: {
        id: s.id, externalId: s.externalId, name: s.name, organisationId: s.organisationId, organisationName: s.organisationName,
        takesReferrals: s.takesReferrals, capacity: s.capacity, waitingWeeks: s.waitingWeeks, minimumAge: s.minimumAge, maximumAge: s.maximumAge,
      },
      packed: pack({ classification, needs: s.needs, needsSource: s.needsSource, interestWords, languages: langs.languages.length > 0 ? langs.languages : undefined }),
    });
    c.excluded.push(s.archived || INACTIVE_STATUS(s.status) || s.capacity === 'closed' ? 1 : 0);
    c.minAge.push(s.minimumAge ?? -1);
    c.maxAge.push(s.maximumAge ?? -1);
    c.lastGood.push(Date.parse(lastKnownGood({ lastVerifiedAt: s.lastVerifiedAt, assuredDate: s.assuredDate, createdAt: s.createdAt })));
    c.lat.push(s.locations[0]?.latitude ?? Number.NaN);
    c.lon.push(s.locations[0]?.longitude ?? Number.NaN);
    if (s.locations.length > 1) extraLocations.set(i, s.locations);
    const cost = costOf(s);
    c.cost.push(cost === null ? COST.unknown : COST[cost]);
    const step = stepFreeOf(s);
    c.step.push(step === null ? STEP.unknown : step ? STEP.yes : STEP.no);
    const attend = attendanceOf(s);
    c.attend.push(attend === null ? ATTEND.unknown : ATTEND[attend]);
    c.days.push(daysOf(s).reduce((m, d) => m | DAY_BIT.get(d)!, 0));
    c.waitlist.push(s.capacity === 'waiting_list' ? 1 : 0);
    c.waitWeeks.push(s.waitingWeeks ?? -1);
    c.langs.push(langs.interpreters ? 2 : langs.languages.length > 0 ? 1 : 0);
    let org = orgIds.get(s.organisationId);
    if (org === undefined) orgIds.set(s.organisationId, (org = orgIds.size));
    c.org.push(org);
    const ids = [...new Set(nameTokens.map((t) => idOf(t.stem)))].sort((a, b) => a - b);
    c.nameOff.push(nameIds.length);
    nameIds.push(...ids);
  };
  const finish = (): MatchIndex => {
    const n = info.length;
    c.nameOff.push(nameIds.length);
    const col: Columns = {
      len: Float32Array.from(c.len), excluded: Uint8Array.from(c.excluded), minAge: Int16Array.from(c.minAge), maxAge: Int16Array.from(c.maxAge),
      lastGood: Float64Array.from(c.lastGood), lat: Float64Array.from(c.lat), lon: Float64Array.from(c.lon), cost: Uint8Array.from(c.cost),
      step: Uint8Array.from(c.step), attend: Uint8Array.from(c.attend), days: Uint8Array.from(c.days), waitlist: Uint8Array.from(c.waitlist),
      waitWeeks: Int16Array.from(c.waitWeeks), langs: Uint8Array.from(c.langs), org: Int32Array.from(c.org), nameOff: Int32Array.from(c.nameOff),
      nameIds: Int32Array.from(nameIds),
    };
    const postings = postDocs.map((d, k) => ({ docs: d.slice(0, postCount[k]), tf: postTf[k]!.slice(0, postCount[k]) }));
    const byNeed = new Map<NeedCode, { docs: Int32Array; strength: Float32Array }>();
    for (const [k, v] of needPost) byNeed.set(k, { docs: Int32Array.from(v.docs), strength: Float32Array.from(v.strength) });
    return {
      size: n,
      info,
      col,
      extraLocations,
      stemIds,
      postings,
      byNeed,
      avgLen: n === 0 ? 0 : totalLen / n,
      scratch: { bm25: new Float64Array(n), need: new Float64Array(n), perNeed: new Float64Array(n), mask: new Int32Array(n), directNeeds: new Int32Array(n), seen: new Uint8Array(n) },
    };
  };
  return { add, finish };
}

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

const CUE_WORDS = new Set(['like', 'likes', 'liked', 'enjoys', 'enjoy', 'loves', 'love', 'wants', 'want', 'used', 'interested', 'needs', 'need', 'help', 'support', 'would'].map(stem));

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

/** Ranks services for a query. */
export function matchServices(index: MatchIndex, query: MatchQuery, opts: MatchOptions): MatchAnswer {
  const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(query.limit ?? DEFAULT_LIMIT)));
  const understood = understandQuery(query);
  const interests = query.text === undefined ? [] : findInterests(query.text);
  const { col, scratch } = index;
  const n = index.size;
  const touched: number[] = [];
  const touch = (d: number): void => {
    if (scratch.seen[d] === 0) {
      scratch.seen[d] = 1;
      touched.push(d);
    }
  };

  // text: BM25 over the query's words; very common words only add to services found otherwise
  const qTokens = query.text === undefined ? [] : tokenize(query.text);
  const qStems: string[] = [];
  const qWords: string[] = [];
  for (const t of qTokens) {
    if (CUE_WORDS.has(t.stem) || qStems.includes(t.stem) || qStems.length >= MAX_QUERY_TERMS) continue;
    qStems.push(t.stem);
    qWords.push(t.word);
  }
  const avgLen = index.avgLen || 1;
  const scoreTerm = (qi: number, onlySeen: boolean): void => {
    const id = index.stemIds.get(qStems[qi]!);
    if (id === undefined) return;
    const p = index.postings[id]!;
    const df = p.docs.length;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const bit = 1 << qi;
    for (let j = 0; j < df; j++) {
      const d = p.docs[j]!;
      if (onlySeen && scratch.seen[d] === 0) continue;
      const f = p.tf[j]!;
      scratch.bm25[d]! += (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * col.len[d]!) / avgLen));
      scratch.mask[d]! |= bit;
      touch(d);
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
  const specifics: (Set<number> | null)[] = [];
  understood.forEach((u, ui) => {
    const weight = u.source === 'coded' ? 1 : u.confidence * u.confidence;
    weights.push(weight);
    weightSum += weight;
    const aspectPhrases = u.source === 'text' ? aspectPhrasesHeard(u.need, u.terms) : [];
    const specific = aspectPhrases.length > 0 ? docsWithAnyPhrase(index, aspectPhrases) : null;
    specifics.push(specific);
    const direct = index.byNeed.get(u.need);
    if (direct === undefined) return;
    for (let j = 0; j < direct.docs.length; j++) {
      const d = direct.docs[j]!;
      const v = direct.strength[j]!;
      scratch.need[d]! += weight * (specific === null || specific.has(d) ? v : SPECIFICITY_CREDIT * v);
      scratch.directNeeds[d]! |= 1 << ui;
      touch(d);
    }
  });
  // related needs add only to services found already (otherwise a whole group of needs would
  // pull in most of the directory), and only where the service lacks the need itself
  understood.forEach((u, ui) => {
    const bit = 1 << ui;
    const specific = specifics[ui]!;
    const perTouched: number[] = [];
    for (const rel of RELATED.get(u.need) ?? []) {
      const p = index.byNeed.get(rel);
      if (p === undefined) continue;
      for (let j = 0; j < p.docs.length; j++) {
        const d = p.docs[j]!;
        if (scratch.seen[d] === 0 || (scratch.directNeeds[d]! & bit) !== 0) continue;
        let v = RELATED_CREDIT * p.strength[j]!;
        if (specific !== null && !specific.has(d)) v *= SPECIFICITY_CREDIT;
        if (scratch.perNeed[d] === 0) perTouched.push(d);
        if (v > scratch.perNeed[d]!) scratch.perNeed[d] = v;
      }
    }
    for (const d of perTouched) {
      scratch.need[d]! += weights[ui]! * scratch.perNeed[d]!;
      scratch.perNeed[d] = 0;
    }
  });
  const onlySeen = touched.length > 0;
  for (const qi of common) scoreTerm(qi, onlySeen);

  // interests: which services mention them
  const interestHits = new Map<number, number>();
  for (const i of interests) {
    const def = INTERESTS.find((x) => x.code === i.interest)!;
    const hit = new Set<number>();
    for (const t of def.terms) {
      const st = tokenize(t);
      if (st.length !== 1) continue;
      const id = index.stemIds.get(st[0]!.stem);
      if (id !== undefined) for (const d of index.postings[id]!.docs) hit.add(d);
    }
    for (const d of hit) {
      interestHits.set(d, (interestHits.get(d) ?? 0) + 1);
      touch(d);
    }
  }

  let maxBm25 = 0;
  for (const d of touched) if (scratch.bm25[d]! > maxBm25) maxBm25 = scratch.bm25[d]!;
  const staleCut = staleBefore(opts.now, opts.staleMonths).getTime();
  const barriers = new Set(query.barriers ?? []);
  const wantDays = (query.days ?? []).reduce((m, d) => m | (DAY_BIT.get(d) ?? 0), 0);
  const age = query.age ?? null;
  const loc = query.location ?? null;
  const nearBarrier = barriers.has('transport') || barriers.has('mobility');
  const poolSize = Math.max(limit * 6, 60);
  const top = new TopK(poolSize);

  for (const d of touched) {
    if (col.excluded[d] === 1) continue;
    if (age !== null && ((col.minAge[d]! >= 0 && age < col.minAge[d]!) || (col.maxAge[d]! >= 0 && age > col.maxAge[d]!))) continue;
    const text = maxBm25 > 0 ? scratch.bm25[d]! / maxBm25 : 0;
    const need = weightSum > 0 ? scratch.need[d]! / weightSum : 0;
    const interest = interests.length > 0 ? (interestHits.get(d) ?? 0) / interests.length : 0;
    const rel =
      understood.length > 0
        ? interests.length > 0
          ? 0.55 * need + 0.2 * text + 0.25 * interest
          : 0.75 * need + 0.25 * text
        : interests.length > 0
          ? 0.8 * text + 0.2 * interest
          : text;
    if (rel < 0.05) continue;
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
      let adj = c.score * 0.75 ** (orgCount.get(col.org[c.doc]!) ?? 0);
      if (picked.some((p) => nameJaccard(col, p.doc, c.doc) >= 0.6)) adj *= 0.5;
      if (adj > bestScore || (adj === bestScore && c.doc < pool[best]!.doc)) {
        best = i;
        bestScore = adj;
      }
    }
    const chosen = pool.splice(best, 1)[0]!;
    orgCount.set(col.org[chosen.doc]!, (orgCount.get(col.org[chosen.doc]!) ?? 0) + 1);
    picked.push({ ...chosen, score: bestScore });
  }

  const ctx = { understood, interests, qStems, qWords, query, wantDays, barriers };
  const results: MatchResult[] = picked.map((c) => ({
    service: index.info[c.doc]!.service,
    score: round3(c.score),
    reasons: reasonsFor(index, c, scratch.mask[c.doc]!, ctx),
    stale: c.stale,
    distanceKm: c.distanceKm === null ? null : Math.round(c.distanceKm * 10) / 10,
  }));
  for (const d of touched) {
    scratch.bm25[d] = 0;
    scratch.need[d] = 0;
    scratch.mask[d] = 0;
    scratch.directNeeds[d] = 0;
    scratch.seen[d] = 0;
  }
  return { understoodNeeds: understood, interests: interests.map((i) => i.interest), results };
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
  NEEDS.map((nd) => [
    nd.code,
    Object.values(nd.aspects ?? {}).map((phrases) => ({ phrases, stems: phrases.map((p) => tokenize(p).map((t) => t.stem)) })),
  ]),
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

/** Services whose text holds every word of at least one of the phrases. */
function docsWithAnyPhrase(index: MatchIndex, phrases: readonly string[]): Set<number> {
  const out = new Set<number>();
  for (const phrase of phrases) {
    const lists = tokenize(phrase)
      .map((t) => {
        const id = index.stemIds.get(t.stem);
        return id === undefined ? undefined : index.postings[id]!.docs;
      })
      .sort((a, b) => (a?.length ?? 0) - (b?.length ?? 0));
    if (lists.length === 0 || lists.some((l) => l === undefined)) continue;
    const [first, ...rest] = lists as Int32Array[];
    const others = rest.map((l) => new Set(l));
    for (const d of first!) if (others.every((o) => o.has(d))) out.add(d);
  }
  return out;
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

function reasonsFor(
  index: MatchIndex,
  c: Candidate,
  mask: number,
  ctx: {
    understood: readonly UnderstoodNeed[];
    interests: readonly { interest: string; label: string }[];
    qStems: readonly string[];
    qWords: readonly string[];
    query: MatchQuery;
    wantDays: number;
    barriers: ReadonlySet<string>;
  },
): string[] {
  const d = c.doc;
  const info = index.info[d]!;
  const facts = unpack(info);
  const col = index.col;
  const needs = needStrengths(facts, tokenize(info.service.name));
  const reasons: string[] = [];
  // what it is for
  let needReasons = 0;
  for (const u of ctx.understood) {
    const direct = needs.get(u.need);
    if (direct === undefined || needReasons >= 2) continue;
    reasons.push(`${shownTerm(direct.terms, u.terms) ?? `listed for ${lower(u.label)}`} — matches ${lower(u.label)}`);
    needReasons++;
  }
  for (const u of ctx.understood) {
    if (needReasons > 0) break;
    const rel = (RELATED.get(u.need) ?? []).map((r) => ({ r, s: needs.get(r) })).find((x) => x.s !== undefined);
    if (rel === undefined) continue;
    reasons.push(`${rel.s!.terms[0] ?? lower(needLabel(rel.r))} — related to ${lower(u.label)}`);
    needReasons++;
  }
  for (const i of ctx.interests) {
    const word = facts.interestWords?.[i.interest];
    if (word !== undefined) reasons.push(`${word} — matches interest in ${i.label}`);
  }
  if (needReasons === 0) {
    const words = ctx.qStems.map((_, qi) => qi).filter((qi) => (mask & (1 << qi)) !== 0).slice(0, 3).map((qi) => `"${ctx.qWords[qi]!}"`);
    if (words.length > 0) reasons.push(`mentions ${words.join(', ')}`);
  }
  // where, when, how much
  if (c.distanceKm !== null) reasons.push(ctx.query.location?.precision === 'outcode' ? `about ${c.distanceKm.toFixed(1)} km (postcode district)` : `${c.distanceKm.toFixed(1)} km`);
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
  const ages = ageReason(info.service.minimumAge, info.service.maximumAge);
  if (ages !== null) reasons.push(ages);
  if (col.waitlist[d] === 1) reasons.push(col.waitWeeks[d]! < 0 ? 'waiting list' : `waiting list ${col.waitWeeks[d]!} week${col.waitWeeks[d] === 1 ? '' : 's'}`);
  if (c.stale) reasons.push(`not verified since ${Number.isNaN(col.lastGood[d]!) ? 'it was listed' : new Date(col.lastGood[d]!).toISOString().slice(0, 10)} — check it is still running`);
  reasons.push(info.service.takesReferrals ? 'takes referrals through Linkwork' : 'signpost only');
  return reasons;
}
