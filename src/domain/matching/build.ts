/**
 * The matcher's in-memory index (issue 4 part 6): built once from the directory, then asked many
 * queries by `matchServices` in engine.ts. Pure.
 *
 * Built for 100,000 services in a few seconds and little memory (bench/directory-speed.ts):
 * - words: a body is scanned once; each raw word maps straight to its stem's id through a hash
 *   table keyed by its characters where they lie in the text (stopwords to -1), so neither a
 *   string nor a token object is made per word of a description;
 * - postings: appended to a log of fixed-size typed-array chunks while services are added, then laid
 *   out once, in one pair of typed arrays (compressed sparse rows), each stem's list a view into
 *   them, in service order;
 * - per-service facts: in typed-array columns; what the reasons of the few services shown need
 *   (classification terms, interest words, languages) in one Int32Array over a table of strings,
 *   decoded by `reasonFacts` for those services only.
 */
import { classifyTokens, type NeedClassification } from '../needs-classifier.ts';
import { INTERESTS, NEEDS, type NeedCode } from '../needs.ts';
import { lastKnownGood } from '../freshness.ts';
import { sexEligibility } from './eligibility.ts';
import { attendanceOf, costOf, daysOf, languagesOf, stepFreeOf } from './facts.ts';
import { gazetteerBuilder, type Gazetteer } from './places.ts';
import { foldWord, lowered, scanWords, stem, tokenize, tokenizeLowered, type Token } from './text.ts';
import { WEEKDAYS, type MatchableService, type MatchedService, type Weekday } from './types.ts';

export const K1 = 1.2;
export const B = 0.75;
/** BM25F: the name is a field of its own, with its own length normalisation and a high weight
 * (many real listings say little more than their name); the body (name once, description and
 * eligibility, taxonomy terms ×2, organisation ×0.5) is the other. */
export const NAME_WEIGHT = 3;
export const NAME_B = 0.5;
const FIELD_WEIGHTS = { taxonomy: 2, description: 1, organisation: 0.5 } as const;

// small-int codes for the facts kept in typed arrays
export const COST = { unknown: 0, free: 1, paid: 2 } as const;
export const STEP = { unknown: 0, yes: 1, no: 2 } as const;
export const ATTEND = { unknown: 0, online_only: 1, phone_or_online: 2, in_person: 3, home_visits: 4 } as const;
export const SEX = { any: 0, female: 1, male: 2 } as const;
export const DAY_BIT = new Map<Weekday, number>(WEEKDAYS.map((d, i) => [d, 1 << i]));

/** What the reasons of a service shown need (decoded from the index for the few shown only). */
export interface ReasonFacts {
  classification: readonly NeedClassification[];
  needs: readonly NeedCode[];
  needsSource: string;
  /** interest code → the service's first word for it ("choir"), when it has any */
  interestWords: Record<string, string> | undefined;
  languages: readonly string[] | undefined;
}

export interface Columns {
  /** BM25F's length normalisation of each service's body, 1 − B + B × len / avgLen, len being its
   * field-weighted word count */
  norm: Float64Array;
  /** the same for its name: 1 − NAME_B + NAME_B × words / average words */
  nameNorm: Float64Array;
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
  /** SEX.female or SEX.male for a service only for women (or men), else 0 */
  sex: Uint8Array;
  org: Int32Array;
  /** name stems as ids, flat: nameIds[nameOff[d] .. nameOff[d+1]) sorted */
  nameOff: Int32Array;
  nameIds: Int32Array;
}

export interface Scratch {
  bm25: Float64Array;
  need: Float64Array;
  perNeed: Float64Array;
  mask: Int32Array;
  directNeeds: Int32Array;
  /** bit u set: the service names an aspect the person named for their u-th need */
  specific: Int32Array;
  /** bit k set: the service mentions the query's k-th interest */
  interest: Int32Array;
  seen: Uint8Array;
  /** services touched by the query so far, in the order touched */
  touched: Int32Array;
  /** a second list of services, for a pass that needs its own (related needs, aspects) */
  list: Int32Array;
  /** bit k set: the query's k-th word is in the service's name */
  nameMask: Int32Array;
  /** 1 + the number of a bridge that brought the service evidence, or 0 */
  bridgeOf: Int32Array;
  /** one query word's best score in each service, and where it came from (see engine.ts) */
  term: Float64Array;
  termSource: Int32Array;
  termDocs: Int32Array;
  /** each service's rank in the lexical and the needs channel (0: not in the channel's head) */
  lexRank: Int32Array;
  needRank: Int32Array;
  /** each service's score in the needs channel */
  needChannel: Float64Array;
}

export interface MatchIndex {
  readonly size: number;
  readonly services: readonly MatchedService[];
  readonly col: Columns;
  /** services with more than one location: all of them (col.lat/lon hold the first) */
  readonly extraLocations: ReadonlyMap<number, readonly { latitude: number; longitude: number }[]>;
  readonly stemIds: ReadonlyMap<string, number>;
  /** per stem id, the services whose text has it (ascending) and twice its weighted frequency in
   * each (field weights are halves, so twice the frequency is a whole number), with IN_NAME set
   * when it is in the service's name too */
  readonly postings: readonly { docs: Int32Array; tf2: Uint16Array }[];
  readonly byNeed: ReadonlyMap<NeedCode, { docs: Int32Array; strength: Float32Array }>;
  /** The places of the directory's addresses, for places named in a query. */
  readonly gazetteer: Gazetteer;
  readonly avgLen: number;
  /** ReasonFacts of service d, encoded at facts[factsOff[d]] over `strings` (see `reasonFacts`) */
  readonly facts: Int32Array;
  readonly factsOff: Int32Array;
  readonly strings: readonly string[];
  /** Scratch space reused by queries (matching is synchronous, so never shared mid-query). */
  readonly scratch: Scratch;
}

export const RELATED = new Map<NeedCode, NeedCode[]>(
  NEEDS.map((n) => [n.code, NEEDS.filter((m) => m.group === n.group && m.code !== n.code).map((m) => m.code)]),
);
const INACTIVE_STATUS = (status: string): boolean => status.trim().toLowerCase() !== 'active';
const INTEREST_STEM = new Map<string, string>();
for (const i of INTERESTS)
  for (const t of i.terms) {
    const st = tokenize(t);
    if (st.length === 1 && !INTEREST_STEM.has(st[0]!.stem)) INTEREST_STEM.set(st[0]!.stem, i.code);
  }

export interface NeedStrength {
  strength: number;
  terms: readonly string[];
}

/** How strongly a service is about each of its needs (see the score in engine.ts). */
export function needStrengths(info: Pick<ReasonFacts, 'classification' | 'needs' | 'needsSource'>, nameTokens: readonly Token[]): Map<NeedCode, NeedStrength> {
  const authoritative = info.needsSource === 'manual' || info.needsSource === 'corrected';
  const inName = new Set(
    classifyTokens(nameTokens)
      .filter((c) => c.confidence >= 0.6)
      .map((c) => c.need),
  );
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

/** A growable Int32Array (doubling). */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }
  finish(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** A posting's Uint16: twice the body's weighted frequency (at most TF2_MAX), and IN_NAME when the
 * word is also in the service's name (so scoring need not look the name up). */
export const IN_NAME = 0x8000;
export const TF2_MAX = 0x7fff;

/** Postings appended as (stem, service, twice the frequency) to fixed-size chunks: no copying as they grow. */
const CHUNK = 1 << 20;
class PostingLog {
  readonly stems: Int32Array[] = [];
  readonly docs: Int32Array[] = [];
  readonly tf2: Uint16Array[] = [];
  length = 0;
  readonly count = new IntList();
  push(stemId: number, doc: number, tf: number, inName: boolean): void {
    const at = this.length & (CHUNK - 1);
    if (at === 0) {
      this.stems.push(new Int32Array(CHUNK));
      this.docs.push(new Int32Array(CHUNK));
      this.tf2.push(new Uint16Array(CHUNK));
    }
    const k = this.stems.length - 1;
    this.stems[k]![at] = stemId;
    this.docs[k]![at] = doc;
    this.tf2[k]![at] = Math.min(TF2_MAX, tf * 2) | (inName ? IN_NAME : 0);
    this.length++;
    this.count.data[stemId]!++;
  }
  /** Lays the postings out by stem (in the order added within each), dropping the chunks as it goes. */
  finish(stemCount: number): { docs: Int32Array; tf2: Uint16Array }[] {
    const off = new Int32Array(stemCount + 1);
    for (let s = 0; s < stemCount; s++) off[s + 1] = off[s]! + this.count.data[s]!;
    const docs = new Int32Array(this.length);
    const tf2 = new Uint16Array(this.length);
    const at = off.slice(0, stemCount);
    for (let k = 0; k < this.stems.length; k++) {
      const st = this.stems[k]!;
      const dc = this.docs[k]!;
      const f = this.tf2[k]!;
      const end = Math.min(CHUNK, this.length - k * CHUNK);
      for (let j = 0; j < end; j++) {
        const p = at[st[j]!]!++;
        docs[p] = dc[j]!;
        tf2[p] = f[j]!;
      }
      this.stems[k] = new Int32Array(0);
      this.docs[k] = new Int32Array(0);
      this.tf2[k] = new Uint16Array(0);
    }
    const out: { docs: Int32Array; tf2: Uint16Array }[] = [];
    for (let s = 0; s < stemCount; s++) out.push({ docs: docs.subarray(off[s], off[s + 1]), tf2: tf2.subarray(off[s], off[s + 1]) });
    return out;
  }
}

/**
 * Raw words seen so far → their stem's id (-1 for a stopword): an open-addressing hash table keyed
 * by the word's characters, so a word already seen is found where it lies in the text, without
 * cutting it out as a string of its own (a directory's text is millions of words over a vocabulary
 * of thousands).
 */
class WordTable {
  static readonly MISSING = -2;
  private slots = new Int32Array(1 << 14);
  private readonly hashes = new IntList();
  private readonly starts = new IntList();
  private readonly lengths = new IntList();
  private readonly ids = new IntList();
  private chars = new Uint16Array(1 << 16);
  private used = 0;

  private static hash(text: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h | 1;
  }

  find(text: string, start: number, end: number): number {
    const h = WordTable.hash(text, start, end);
    const mask = this.slots.length - 1;
    const len = end - start;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const e = this.slots[at]! - 1;
      if (e < 0) return WordTable.MISSING;
      if (this.hashes.data[e] !== h || this.lengths.data[e] !== len) continue;
      const from = this.starts.data[e]!;
      let same = true;
      for (let k = 0; k < len && same; k++) same = this.chars[from + k] === text.charCodeAt(start + k);
      if (same) return this.ids.data[e]!;
    }
  }

  insert(text: string, start: number, end: number, id: number): void {
    const len = end - start;
    if (this.used + len > this.chars.length) {
      const bigger = new Uint16Array(Math.max(this.chars.length * 2, this.used + len));
      bigger.set(this.chars);
      this.chars = bigger;
    }
    for (let k = 0; k < len; k++) this.chars[this.used + k] = text.charCodeAt(start + k);
    const e = this.ids.length;
    this.hashes.push(WordTable.hash(text, start, end));
    this.starts.push(this.used);
    this.lengths.push(len);
    this.ids.push(id);
    this.used += len;
    if ((e + 1) * 2 > this.slots.length) this.rehash();
    else this.place(e);
  }

  private place(e: number): void {
    const mask = this.slots.length - 1;
    let at = this.hashes.data[e]! & mask;
    while (this.slots[at] !== 0) at = (at + 1) & mask;
    this.slots[at] = e + 1;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let e = 0; e < this.ids.length; e++) this.place(e);
  }
}

/** Builds the index from the services that can be suggested (see `matchIndexBuilder`). */
export function buildMatchIndex(services: readonly MatchableService[]): MatchIndex {
  const b = matchIndexBuilder();
  for (const s of [...services].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) b.add(s);
  return b.finish();
}

export interface MatchIndexBuilder {
  /** Adds one service, unless it cannot be suggested (archived, ORUK status other than active,
   * capacity closed): those are left out of the index altogether, so they neither come up nor
   * weigh in the word statistics — as the directory's loader leaves them out. Feed services in id
   * order: ties in score are broken by the order added. */
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
    len: [] as number[],
    minAge: [] as number[],
    maxAge: [] as number[],
    lastGood: [] as number[],
    lat: [] as number[],
    lon: [] as number[],
    cost: [] as number[],
    step: [] as number[],
    attend: [] as number[],
    days: [] as number[],
    waitlist: [] as number[],
    waitWeeks: [] as number[],
    langs: [] as number[],
    sex: [] as number[],
    org: [] as number[],
    nameOff: [] as number[],
  };
  const services: MatchedService[] = [];
  const places = gazetteerBuilder();
  const extraLocations = new Map<number, readonly { latitude: number; longitude: number }[]>();
  const stemIds = new Map<string, number>();
  /** per stem id, the interest it names ("choir" → singing), if any */
  const stemInterest: (string | undefined)[] = [];
  const words = new WordTable();
  const log = new PostingLog();
  const needPost = new Map<NeedCode, { docs: number[]; strength: number[] }>();
  const orgs = new Map<string, { index: number; id: string; name: string }>();
  const nameIds = new IntList();
  const facts = new IntList();
  const factsOff = new IntList();
  const strings: string[] = [];
  const stringIds = new Map<string, number>();
  const str = (s: string): number => {
    let id = stringIds.get(s);
    if (id === undefined) {
      id = strings.length;
      strings.push(s);
      stringIds.set(s, id);
    }
    return id;
  };
  let acc = new Float64Array(1024);
  const touched: number[] = [];
  let totalLen = 0;
  const idOf = (st: string): number => {
    let id = stemIds.get(st);
    if (id === undefined) {
      id = stemIds.size;
      stemIds.set(st, id);
      stemInterest.push(INTEREST_STEM.get(st));
      log.count.push(0);
      if (id >= acc.length) {
        const bigger = new Float64Array(acc.length * 2);
        bigger.set(acc);
        acc = bigger;
      }
    }
    return id;
  };
  // per service being added
  let len = 0;
  let weight = 0;
  let interestWords: Record<string, string> | undefined;
  let inBody = false;
  let text = '';
  const onWord = (start: number, end: number): void => {
    let id = words.find(text, start, end);
    if (id === WordTable.MISSING) {
      const word = foldWord(text.slice(start, end));
      id = word === null ? -1 : idOf(stem(word));
      words.insert(text, start, end, id);
    }
    if (id < 0) return;
    if (acc[id] === 0) touched.push(id);
    acc[id]! += weight;
    len += weight;
    if (inBody) {
      const code = stemInterest[id];
      if (code !== undefined && interestWords?.[code] === undefined) {
        interestWords ??= {};
        interestWords[code] = foldWord(text.slice(start, end))!;
      }
    }
  };
  const addText = (lower: string, w: number, body: boolean): void => {
    weight = w;
    inBody = body;
    text = lower;
    scanWords(lower, onWord);
  };

  const add = (s: MatchableService): void => {
    if (s.archived || INACTIVE_STATUS(s.status) || s.capacity === 'closed') return;
    const i = services.length;
    len = 0;
    interestWords = undefined;
    const nameTokens = tokenizeLowered(lowered(s.name));
    if (s.taxonomyTerms.length > 0) addText(lowered(s.taxonomyTerms.join('. ')), FIELD_WEIGHTS.taxonomy, false);
    const bodyLower = lowered(`${s.name}\n${s.description ?? ''}\n${s.eligibilityDescription ?? ''}`);
    addText(bodyLower, FIELD_WEIGHTS.description, true);
    addText(lowered(s.organisationName), FIELD_WEIGHTS.organisation, false);
    const nameStems = nameTokens.map((t) => stemIds.get(t.stem) ?? -1);
    for (const id of touched) {
      log.push(id, i, acc[id]!, nameStems.includes(id));
      acc[id] = 0;
    }
    touched.length = 0;
    c.len.push(len);
    totalLen += len;

    const classification = s.classification.length > 0 ? s.classification : classifyTokens(tokenizeLowered(bodyLower), bodyLower);
    for (const [need, ns] of needStrengths({ classification, needs: s.needs, needsSource: s.needsSource }, nameTokens)) {
      let p = needPost.get(need);
      if (p === undefined) needPost.set(need, (p = { docs: [], strength: [] }));
      p.docs.push(i);
      p.strength.push(ns.strength);
    }
    const langs = languagesOf(s);
    let org = orgs.get(s.organisationId);
    if (org === undefined) orgs.set(s.organisationId, (org = { index: orgs.size, id: s.organisationId, name: s.organisationName }));
    services.push({
      id: s.id,
      externalId: s.externalId,
      name: s.name,
      organisationId: org.id,
      organisationName: org.name,
      takesReferrals: s.takesReferrals,
      capacity: s.capacity,
      waitingWeeks: s.waitingWeeks,
      minimumAge: s.minimumAge,
      maximumAge: s.maximumAge,
    });
    // reason facts: source, [need, confidence × 1e6, terms…]…, needs…, [interest, word]…, languages…
    factsOff.push(facts.length);
    facts.push(str(s.needsSource));
    facts.push(classification.length);
    for (const k of classification) {
      const terms = k.terms.slice(0, 3);
      facts.push(str(k.need));
      facts.push(Math.round(k.confidence * 1e6));
      facts.push(terms.length);
      for (const t of terms) facts.push(str(t));
    }
    facts.push(s.needs.length);
    for (const n of s.needs) facts.push(str(n));
    const heard = interestWords as Record<string, string> | undefined;
    const interests: [string, string][] = heard === undefined ? [] : Object.entries(heard);
    facts.push(interests.length);
    for (const [code, word] of interests) {
      facts.push(str(code));
      facts.push(str(word));
    }
    facts.push(langs.languages.length);
    for (const l of langs.languages) facts.push(str(l));

    c.minAge.push(s.minimumAge ?? -1);
    c.maxAge.push(s.maximumAge ?? -1);
    c.lastGood.push(Date.parse(lastKnownGood({ lastVerifiedAt: s.lastVerifiedAt, assuredDate: s.assuredDate, createdAt: s.createdAt })));
    c.lat.push(s.locations[0]?.latitude ?? Number.NaN);
    c.lon.push(s.locations[0]?.longitude ?? Number.NaN);
    if (s.locations.length > 1) extraLocations.set(i, s.locations);
    for (const l of s.locations) for (const p of l.places ?? []) places.add(p, l.latitude, l.longitude);
    const sex = sexEligibility(s);
    c.sex.push(sex === null ? SEX.any : SEX[sex]);
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
    c.org.push(org.index);
    const ids = [...new Set(nameTokens.map((t) => idOf(t.stem)))].sort((a, b) => a - b);
    c.nameOff.push(nameIds.length);
    for (const id of ids) nameIds.push(id);
  };
  const finish = (): MatchIndex => {
    const n = services.length;
    c.nameOff.push(nameIds.length);
    factsOff.push(facts.length);
    const avgLen = n === 0 ? 0 : totalLen / n;
    const norm = new Float64Array(n);
    for (let d = 0; d < n; d++) norm[d] = 1 - B + (B * c.len[d]!) / (avgLen || 1);
    const nameWords = c.nameOff[n]!;
    const avgName = n === 0 ? 1 : Math.max(1, nameWords / n);
    const nameNorm = new Float64Array(n);
    for (let d = 0; d < n; d++) nameNorm[d] = 1 - NAME_B + (NAME_B * (c.nameOff[d + 1]! - c.nameOff[d]!)) / avgName;
    const col: Columns = {
      norm,
      nameNorm,
      minAge: Int16Array.from(c.minAge),
      maxAge: Int16Array.from(c.maxAge),
      lastGood: Float64Array.from(c.lastGood),
      lat: Float64Array.from(c.lat),
      lon: Float64Array.from(c.lon),
      cost: Uint8Array.from(c.cost),
      step: Uint8Array.from(c.step),
      attend: Uint8Array.from(c.attend),
      days: Uint8Array.from(c.days),
      waitlist: Uint8Array.from(c.waitlist),
      waitWeeks: Int16Array.from(c.waitWeeks),
      langs: Uint8Array.from(c.langs),
      sex: Uint8Array.from(c.sex),
      org: Int32Array.from(c.org),
      nameOff: Int32Array.from(c.nameOff),
      nameIds: nameIds.finish(),
    };
    const byNeed = new Map<NeedCode, { docs: Int32Array; strength: Float32Array }>();
    for (const [k, v] of needPost) byNeed.set(k, { docs: Int32Array.from(v.docs), strength: Float32Array.from(v.strength) });
    return {
      size: n,
      services,
      col,
      extraLocations,
      stemIds,
      postings: log.finish(stemIds.size),
      byNeed,
      gazetteer: places.finish(),
      avgLen,
      facts: facts.finish(),
      factsOff: factsOff.finish(),
      strings,
      scratch: {
        bm25: new Float64Array(n),
        need: new Float64Array(n),
        perNeed: new Float64Array(n),
        mask: new Int32Array(n),
        directNeeds: new Int32Array(n),
        specific: new Int32Array(n),
        interest: new Int32Array(n),
        seen: new Uint8Array(n),
        touched: new Int32Array(n),
        list: new Int32Array(n),
        nameMask: new Int32Array(n),
        bridgeOf: new Int32Array(n),
        term: new Float64Array(n),
        termSource: new Int32Array(n),
        termDocs: new Int32Array(n),
        lexRank: new Int32Array(n),
        needRank: new Int32Array(n),
        needChannel: new Float64Array(n),
      },
    };
  };
  return { add, finish };
}

/** The reason facts of service d, decoded from the index. */
export function reasonFacts(index: MatchIndex, d: number): ReasonFacts {
  const f = index.facts;
  const s = index.strings;
  let p = index.factsOff[d]!;
  const needsSource = s[f[p++]!]!;
  const classification: NeedClassification[] = [];
  for (let k = f[p++]!; k > 0; k--) {
    const need = s[f[p++]!] as NeedCode;
    const confidence = f[p++]! / 1e6;
    const terms: string[] = [];
    for (let t = f[p++]!; t > 0; t--) terms.push(s[f[p++]!]!);
    classification.push({ need, confidence, terms });
  }
  const needs: NeedCode[] = [];
  for (let k = f[p++]!; k > 0; k--) needs.push(s[f[p++]!] as NeedCode);
  let interestWords: Record<string, string> | undefined;
  for (let k = f[p++]!; k > 0; k--) {
    interestWords ??= {};
    const code = s[f[p++]!]!;
    interestWords[code] = s[f[p++]!]!;
  }
  const languages: string[] = [];
  for (let k = f[p++]!; k > 0; k--) languages.push(s[f[p++]!]!);
  return { classification, needs, needsSource, interestWords, languages: languages.length > 0 ? languages : undefined };
}
