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
 */
import { classifyText, classifyTokens, findInterests } from '../needs-classifier.ts';
import { INTERESTS, NEEDS, needLabel, type NeedCode } from '../needs.ts';
import { lastKnownGood, staleBefore } from '../freshness.ts';
import { attendanceOf, costOf, daysOf, describeDays, haversineKm, languagesOf, stepFreeOf, type AttendFact, type CostFact } from './facts.ts';
import { lowered, stem, tokenize, tokenizeLowered, type Token } from './text.ts';
import type { MatchableService, MatchAnswer, MatchOptions, MatchQuery, MatchResult, UnderstoodNeed, Weekday } from './types.ts';

const K1 = 1.2;
const B = 0.75;
const FIELD_WEIGHTS = { name: 3, taxonomy: 2, description: 1, organisation: 0.5 } as const;
const RELATED_CREDIT = 0.4;
const SPECIFICITY_CREDIT = 0.5;
const MAX_QUERY_TERMS = 30;
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 50;

interface NeedStrength {
  strength: number;
  /** Words from the service's text that show it (for the reason); empty when only coded. */
  terms: readonly string[];
}

interface Doc {
  s: MatchableService;
  len: number;
  needs: Map<NeedCode, NeedStrength>;
  cost: CostFact;
  days: Weekday[];
  stepFree: boolean | null;
  attend: AttendFact;
  languages: string[];
  interpreters: boolean;
  lastGood: number;
  nameStems: Set<string>;
  excluded: boolean;
}

export interface MatchIndex {
  readonly size: number;
  readonly docs: readonly Doc[];
  readonly postings: ReadonlyMap<string, { docs: Int32Array; tf: Float32Array }>;
  readonly byNeed: ReadonlyMap<NeedCode, { docs: Int32Array; strength: Float32Array }>;
  readonly avgLen: number;
  /** Scratch space reused by queries (matching is synchronous, so never shared mid-query). */
  readonly scratch: { bm25: Float64Array; need: Float64Array; perNeed: Float64Array; mask: Int32Array; seen: Uint8Array };
}

const RELATED = new Map<NeedCode, NeedCode[]>(
  NEEDS.map((n) => [n.code, NEEDS.filter((m) => m.group === n.group && m.code !== n.code).map((m) => m.code)]),
);
const INACTIVE_STATUS = (status: string): boolean => status.trim().toLowerCase() !== 'active';

function needStrengths(s: MatchableService, tokens: readonly Token[], text: string, nameTokens: readonly Token[]): Map<NeedCode, NeedStrength> {
  const classification = s.classification.length > 0 ? s.classification : classifyTokens(tokens, text);
  const authoritative = s.needsSource === 'manual' || s.needsSource === 'corrected';
  const inName = new Set(classifyTokens(nameTokens).filter((c) => c.confidence >= 0.6).map((c) => c.need));
  const kept = classification.filter((c) => !authoritative || s.needs.includes(c.need));
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
  for (const n of s.needs) {
    const had = out.get(n);
    out.set(n, { strength: authoritative ? 1 : Math.max(had?.strength ?? 0, 0.5), terms: had?.terms ?? [] });
  }
  return out;
}

/** Builds the index from every service (excluded ones are kept but never returned). */
export function buildMatchIndex(services: readonly MatchableService[]): MatchIndex {
  const sorted = [...services].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const docs: Doc[] = [];
  const post = new Map<string, { docs: number[]; tf: number[] }>();
  const needPost = new Map<NeedCode, { docs: number[]; strength: number[] }>();
  let totalLen = 0;
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i]!;
    const tf = new Map<string, number>();
    let len = 0;
    const add = (tokens: readonly Token[], w: number): void => {
      for (const t of tokens) tf.set(t.stem, (tf.get(t.stem) ?? 0) + w);
      len += tokens.length * w;
    };
    const nameLower = lowered(s.name);
    const nameTokens = tokenizeLowered(nameLower);
    const bodyLower = lowered(`${s.name}\n${s.description ?? ''}\n${s.eligibilityDescription ?? ''}`);
    const bodyTokens = tokenizeLowered(bodyLower);
    add(nameTokens, FIELD_WEIGHTS.name - 1);
    add(tokenize(s.taxonomyTerms.join('. ')), FIELD_WEIGHTS.taxonomy);
    add(bodyTokens, FIELD_WEIGHTS.description);
    add(tokenize(s.organisationName), FIELD_WEIGHTS.organisation);
    for (const [st, f] of tf) {
      let p = post.get(st);
      if (p === undefined) post.set(st, (p = { docs: [], tf: [] }));
      p.docs.push(i);
      p.tf.push(f);
    }
    totalLen += len;
    const needs = needStrengths(s, bodyTokens, bodyLower, nameTokens);
    for (const [need, ns] of needs) {
      let p = needPost.get(need);
      if (p === undefined) needPost.set(need, (p = { docs: [], strength: [] }));
      p.docs.push(i);
      p.strength.push(ns.strength);
    }
    const langs = languagesOf(s);
    docs.push({
      s,
      len,
      needs,
      cost: costOf(s),
      days: daysOf(s),
      stepFree: stepFreeOf(s),
      attend: attendanceOf(s),
      languages: langs.languages,
      interpreters: langs.interpreters,
      lastGood: Date.parse(lastKnownGood({ lastVerifiedAt: s.lastVerifiedAt, assuredDate: s.assuredDate, createdAt: s.createdAt })),
      nameStems: new Set(nameTokens.map((t) => t.stem)),
      excluded: s.archived || INACTIVE_STATUS(s.status) || s.capacity === 'closed',
    });
  }
  const postings = new Map<string, { docs: Int32Array; tf: Float32Array }>();
  for (const [k, v] of post) postings.set(k, { docs: Int32Array.from(v.docs), tf: Float32Array.from(v.tf) });
  const byNeed = new Map<NeedCode, { docs: Int32Array; strength: Float32Array }>();
  for (const [k, v] of needPost) byNeed.set(k, { docs: Int32Array.from(v.docs), strength: Float32Array.from(v.strength) });
  const n = docs.length;
  return {
    size: n,
    docs,
    postings,
    byNeed,
    avgLen: n === 0 ? 0 : totalLen / n,
    scratch: { bm25: new Float64Array(n), need: new Float64Array(n), perNeed: new Float64Array(n), mask: new Int32Array(n), seen: new Uint8Array(n) },
  };
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
const byScoreThenId = (docs: readonly Doc[]) => (a: Candidate, b: Candidate): number =>
  b.score - a.score || (docs[a.doc]!.s.id < docs[b.doc]!.s.id ? -1 : 1);

/** Ranks services for a query. */
export function matchServices(index: MatchIndex, query: MatchQuery, opts: MatchOptions): MatchAnswer {
  const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(query.limit ?? DEFAULT_LIMIT)));
  const understood = understandQuery(query);
  const interests = query.text === undefined ? [] : findInterests(query.text);
  const { docs, scratch } = index;
  const touched: number[] = [];
  const touch = (d: number): void => {
    if (scratch.seen[d] === 0) {
      scratch.seen[d] = 1;
      touched.push(d);
    }
  };

  // text: BM25 over the query's words
  const qTokens = query.text === undefined ? [] : tokenize(query.text);
  const qStems: string[] = [];
  const qWords: string[] = [];
  for (const t of qTokens) {
    if (CUE_WORDS.has(t.stem) || qStems.includes(t.stem) || qStems.length >= MAX_QUERY_TERMS) continue;
    qStems.push(t.stem);
    qWords.push(t.word);
  }
  const n = index.size;
  qStems.forEach((st, qi) => {
    const p = index.postings.get(st);
    if (p === undefined) return;
    const df = p.docs.length;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    for (let j = 0; j < p.docs.length; j++) {
      const d = p.docs[j]!;
      const f = p.tf[j]!;
      const norm = f + K1 * (1 - B + (B * docs[d]!.len) / (index.avgLen || 1));
      scratch.bm25[d]! += (idf * (f * (K1 + 1))) / norm;
      scratch.mask[d]! |= 1 << qi;
      touch(d);
    }
  });

  // needs: direct strength, or partial credit for a need of the same group; where the person named
  // one kind of help inside a broad need ("stop smoking": substance use, aspect smoking), services
  // that do not name that kind (an alcohol service) count half. A need heard in the text weighs
  // its confidence squared, like the services' (a passing "home" matters little beside "controlling").
  let weightSum = 0;
  for (const u of understood) {
    const weight = u.source === 'coded' ? 1 : u.confidence * u.confidence;
    weightSum += weight;
    const aspectPhrases = u.source === 'text' ? aspectPhrasesHeard(u.need, u.terms) : [];
    const specific = aspectPhrases.length > 0 ? docsWithAnyPhrase(index, aspectPhrases) : null;
    const perTouched: number[] = [];
    const put = (d: number, v: number): void => {
      if (!(v > 0)) return;
      const w = specific === null || specific.has(d) ? v : SPECIFICITY_CREDIT * v;
      if (scratch.perNeed[d] === 0) perTouched.push(d);
      if (w > scratch.perNeed[d]!) scratch.perNeed[d] = w;
    };
    const direct = index.byNeed.get(u.need);
    if (direct !== undefined) for (let j = 0; j < direct.docs.length; j++) put(direct.docs[j]!, direct.strength[j]!);
    for (const rel of RELATED.get(u.need) ?? []) {
      const p = index.byNeed.get(rel);
      if (p !== undefined) for (let j = 0; j < p.docs.length; j++) put(p.docs[j]!, RELATED_CREDIT * p.strength[j]!);
    }
    for (const d of perTouched) {
      scratch.need[d]! += weight * scratch.perNeed[d]!;
      scratch.perNeed[d] = 0;
      touch(d);
    }
  }

  // interests: which services mention them
  const interestStems = interests.map((i) => {
    const def = INTERESTS.find((x) => x.code === i.interest)!;
    return [...new Set(def.terms.map((t) => tokenize(t).map((k) => k.stem)).filter((s) => s.length === 1).map((s) => s[0]!))];
  });
  const interestHits = new Map<number, number>();
  interestStems.forEach((stemsOfInterest) => {
    const hit = new Set<number>();
    for (const st of stemsOfInterest) {
      const p = index.postings.get(st);
      if (p !== undefined) for (const d of p.docs) hit.add(d);
    }
    for (const d of hit) {
      interestHits.set(d, (interestHits.get(d) ?? 0) + 1);
      touch(d);
    }
  });

  let maxBm25 = 0;
  for (const d of touched) if (scratch.bm25[d]! > maxBm25) maxBm25 = scratch.bm25[d]!;
  const staleCut = staleBefore(opts.now, opts.staleMonths).getTime();
  const barriers = new Set(query.barriers ?? []);
  const wantDays = new Set(query.days ?? []);
  const age = query.age ?? null;

  const candidates: Candidate[] = [];
  const masks = new Map<number, number>();
  for (const d of touched) {
    const bm = scratch.bm25[d]!;
    const needAcc = scratch.need[d]!;
    masks.set(d, scratch.mask[d]!);
    scratch.bm25[d] = 0;
    scratch.need[d] = 0;
    scratch.mask[d] = 0;
    scratch.seen[d] = 0;
    const doc = docs[d]!;
    if (doc.excluded) continue;
    if (age !== null && ((doc.s.minimumAge !== null && age < doc.s.minimumAge) || (doc.s.maximumAge !== null && age > doc.s.maximumAge))) continue;
    const text = maxBm25 > 0 ? bm / maxBm25 : 0;
    const need = weightSum > 0 ? needAcc / weightSum : 0;
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
    let factor = 1;
    let distanceKm: number | null = null;
    if (query.location != null) {
      if (doc.s.locations.length > 0) {
        distanceKm = Math.min(...doc.s.locations.map((l) => haversineKm(query.location!, l)));
        factor *= barriers.has('transport') || barriers.has('mobility') ? 0.4 + 0.6 * Math.exp(-distanceKm / 3) : 0.6 + 0.4 * Math.exp(-distanceKm / 8);
      } else if (doc.attend !== 'online_only' && doc.attend !== 'phone_or_online' && doc.attend !== 'home_visits') {
        factor *= 0.85;
      }
    }
    if (barriers.has('cost')) factor *= doc.cost === 'free' ? 1 : doc.cost === null ? 0.9 : 0.7;
    if (barriers.has('mobility')) factor *= doc.stepFree === true || doc.attend === 'home_visits' ? 1 : doc.stepFree === null ? 0.9 : 0.6;
    if (barriers.has('language')) factor *= doc.interpreters || doc.languages.length > 0 ? 1 : 0.9;
    if (barriers.has('digital') && doc.attend === 'online_only') factor *= 0.6;
    if (wantDays.size > 0 && doc.days.length > 0 && !doc.days.some((x) => wantDays.has(x))) factor *= 0.6;
    if (doc.s.capacity === 'waiting_list') factor *= doc.s.waitingWeeks === null ? 0.9 : Math.max(0.7, 1 - 0.03 * doc.s.waitingWeeks);
    const stale = Number.isNaN(doc.lastGood) || doc.lastGood < staleCut;
    if (stale) factor *= 0.6;
    candidates.push({ doc: d, score: rel * factor, distanceKm, stale });
  }
  candidates.sort(byScoreThenId(docs));

  // diversity: greedy over the best few
  const pool = candidates.slice(0, Math.max(limit * 6, 60));
  const picked: Candidate[] = [];
  const orgCount = new Map<string, number>();
  while (picked.length < limit && pool.length > 0) {
    let best = -1;
    let bestScore = -1;
    for (let i = 0; i < pool.length; i++) {
      const c = pool[i]!;
      const doc = docs[c.doc]!;
      let adj = c.score * 0.75 ** (orgCount.get(doc.s.organisationId) ?? 0);
      if (picked.some((p) => jaccard(docs[p.doc]!.nameStems, doc.nameStems) >= 0.6)) adj *= 0.5;
      if (adj > bestScore || (adj === bestScore && best >= 0 && doc.s.id < docs[pool[best]!.doc]!.s.id)) {
        best = i;
        bestScore = adj;
      }
    }
    const chosen = pool.splice(best, 1)[0]!;
    const orgId = docs[chosen.doc]!.s.organisationId;
    orgCount.set(orgId, (orgCount.get(orgId) ?? 0) + 1);
    picked.push({ ...chosen, score: bestScore });
  }

  const results: MatchResult[] = picked.map((c) => ({
    service: docs[c.doc]!.s,
    score: round3(c.score),
    reasons: reasonsFor(docs[c.doc]!, c, { understood, interests, qStems, qWords, mask: masks.get(c.doc) ?? 0, query, wantDays, barriers }),
    stale: c.stale,
    distanceKm: c.distanceKm === null ? null : Math.round(c.distanceKm * 10) / 10,
  }));
  return { understoodNeeds: understood, interests: interests.map((i) => i.interest), results };
}

const ASPECTS = new Map<NeedCode, { phrases: readonly string[]; stems: string[][] }[]>(
  NEEDS.map((n) => [
    n.code,
    Object.values(n.aspects ?? {}).map((phrases) => ({ phrases, stems: phrases.map((p) => tokenize(p).map((t) => t.stem)) })),
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
      .map((t) => index.postings.get(t.stem)?.docs)
      .sort((a, b) => (a?.length ?? 0) - (b?.length ?? 0));
    if (lists.length === 0 || lists.some((l) => l === undefined)) continue;
    const [first, ...rest] = lists as Int32Array[];
    const others = rest.map((l) => new Set(l));
    for (const d of first!) if (others.every((o) => o.has(d))) out.add(d);
  }
  return out;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

/** The service's word for a need to show: one sharing a stem with the person's words if any. */
function shownTerm(serviceTerms: readonly string[], queryTerms: readonly string[]): string | null {
  const heard = new Set(queryTerms.flatMap((t) => tokenize(t).map((k) => k.stem)));
  return serviceTerms.find((t) => tokenize(t).some((k) => heard.has(k.stem))) ?? serviceTerms[0] ?? null;
}

const lower = (label: string): string => label.charAt(0).toLowerCase() + label.slice(1);

/** The first word of the service's own text whose stem is one of `wanted` (for "choir — …"). */
function wordInService(doc: Doc, wanted: ReadonlySet<string>): string | null {
  for (const t of tokenize(`${doc.s.name}\n${doc.s.taxonomyTerms.join('. ')}\n${doc.s.description ?? ''}`)) if (wanted.has(t.stem)) return t.word;
  return null;
}

function ageReason(min: number | null, max: number | null): string | null {
  if (min !== null && max !== null) return `ages ${min}–${max}`;
  if (min !== null) return `ages ${min}+`;
  if (max !== null) return `up to age ${max}`;
  return null;
}

function reasonsFor(
  doc: Doc,
  c: Candidate,
  ctx: {
    understood: readonly UnderstoodNeed[];
    interests: readonly { interest: string; label: string }[];
    qStems: readonly string[];
    qWords: readonly string[];
    mask: number;
    query: MatchQuery;
    wantDays: ReadonlySet<Weekday>;
    barriers: ReadonlySet<string>;
  },
): string[] {
  const reasons: string[] = [];
  // what it is for
  let needReasons = 0;
  for (const u of ctx.understood) {
    const direct = doc.needs.get(u.need);
    if (direct === undefined || needReasons >= 2) continue;
    reasons.push(`${shownTerm(direct.terms, u.terms) ?? `listed for ${lower(u.label)}`} — matches ${lower(u.label)}`);
    needReasons++;
  }
  for (const u of ctx.understood) {
    if (needReasons > 0) break;
    const rel = (RELATED.get(u.need) ?? []).map((r) => ({ r, s: doc.needs.get(r) })).find((x) => x.s !== undefined);
    if (rel === undefined) continue;
    reasons.push(`${rel.s!.terms[0] ?? lower(needLabel(rel.r))} — related to ${lower(u.label)}`);
    needReasons++;
  }
  for (const i of ctx.interests) {
    const def = INTERESTS.find((x) => x.code === i.interest)!;
    const word = wordInService(doc, new Set(def.terms.map((t) => tokenize(t)).filter((k) => k.length === 1).map((k) => k[0]!.stem)));
    if (word !== null) reasons.push(`${word} — matches interest in ${i.label}`);
  }
  if (needReasons === 0) {
    const words = ctx.qStems.map((_, qi) => qi).filter((qi) => (ctx.mask & (1 << qi)) !== 0).slice(0, 3).map((qi) => `"${ctx.qWords[qi]!}"`);
    if (words.length > 0) reasons.push(`mentions ${words.join(', ')}`);
  }
  // where, when, how much
  if (c.distanceKm !== null) reasons.push(ctx.query.location?.precision === 'outcode' ? `about ${c.distanceKm.toFixed(1)} km (postcode district)` : `${c.distanceKm.toFixed(1)} km`);
  if (doc.attend === 'online_only') reasons.push('online');
  else if (doc.attend === 'phone_or_online') reasons.push('by phone or online');
  else if (doc.attend === 'home_visits') reasons.push('home visits');
  if (doc.cost === 'free') reasons.push('free');
  else if (doc.cost === 'paid') reasons.push('charges apply');
  if (doc.days.length > 0) {
    const when = describeDays(doc.days);
    reasons.push(ctx.wantDays.size > 0 && !doc.days.some((d) => ctx.wantDays.has(d)) ? `${when} — not on the days available` : when);
  }
  if (doc.stepFree === true) reasons.push('step-free access');
  else if (doc.stepFree === false && ctx.barriers.has('mobility')) reasons.push('not step-free');
  if (doc.interpreters) reasons.push('interpreters available');
  if (doc.languages.length > 0) reasons.push(`also in ${doc.languages.slice(0, 3).join(', ')}`);
  const ages = ageReason(doc.s.minimumAge, doc.s.maximumAge);
  if (ages !== null) reasons.push(ages);
  if (doc.s.capacity === 'waiting_list') reasons.push(doc.s.waitingWeeks === null ? 'waiting list' : `waiting list ${doc.s.waitingWeeks} week${doc.s.waitingWeeks === 1 ? '' : 's'}`);
  if (c.stale) reasons.push(`not verified since ${Number.isNaN(doc.lastGood) ? 'it was listed' : new Date(doc.lastGood).toISOString().slice(0, 10)} — check it is still running`);
  reasons.push(doc.s.takesReferrals ? 'takes referrals through Linkwork' : 'signpost only');
  return reasons;
}
