/**
 * Places named in the link worker's words (issue 13): "moved to Hebden Bridge", "lives in Sowerby",
 * "lonely widower in Brigg". A gazetteer is learnt from the directory's own addresses (the city and
 * locality of each location, with the location's coordinates); `findPlaces` finds its names in a
 * text, so a named town can stand in for a postcode (distances from its centroid) instead of
 * counting as a keyword. Pure. The rules, in short (docs/design/directory-matching.md, "Places"):
 *
 * - Names are compared as words: lower case, accents and apostrophes dropped ("King's" = "kings"),
 *   "&" = "and", hyphens and dots are spaces ("Barton-upon-Humber" = "barton upon humber"), "St"
 *   = "Saint" (but "St" as a name's last word is "Street"). Words never match inside other words
 *   ("Brigg" is not in "Briggate").
 * - A place's point is the mean of the distinct locations carrying its name; points more than
 *   25 km from the name's median point are left out (a mis-geocoded location, a head office), and a
 *   name with fewer than half its points within 25 km of the median is two places (dropped).
 * - Dropped as not usable: empty names, postcodes, names with digits ("Unit 4"), generic words
 *   ("centre", "town", "north"…), counties, regions and nations ("West Yorkshire", "England"),
 *   street and building names ("Wesley Street", "Town Hall"), names over five words, names with no
 *   usable location. A name most of the directory shares (the post town, "Halifax" on 41 of the
 *   demo's 47 addresses) is kept: it is still where people say they live, and its centroid, the
 *   middle of its many listings, is a fair "in Halifax"; `personPlace` prefers a more specific
 *   place named beside it ("Sowerby Bridge, Halifax").
 * - Care with names that are ordinary words. A name whose every word is an ordinary English word
 *   ("Shelf", "Bank", "Triangle", "King Cross", "West Vale") is found written with capitals
 *   after a cue ("in", "at", "near", "from", "around"…) or in mid-sentence — not as the first word
 *   of a sentence, nor inside a longer capitalised name ("Halifax Food Bank") — and in lower case
 *   only after a residence cue ("lives in shelf", "moved to shelf", "near shelf"): "in" alone is
 *   too common before ordinary words ("interested in reading", "in hope").
 *   A first name that is a place ("Shirley", "Stanley") counts capitalised after "in", "near" or
 *   "around", or after a residence cue — never "spoke to Shirley"; a month or weekday ("March")
 *   only after a residence cue: "died in March" names no place.
 * - Never a place: a name followed by a street word ("Halifax Road") or after a title ("Mrs Brigg").
 */
import { INTERESTS, NEEDS } from '../needs.ts';
import { haversineKm } from './facts.ts';
import { STOPWORDS } from './text.ts';

/** A place found in a text: `start`/`end` are offsets in the text as given (`text.slice(start, end)`). */
export interface FoundPlace {
  name: string;
  start: number;
  end: number;
  latitude: number;
  longitude: number;
}

/** How much a name needs around it to count as a place (see the module comment). */
export type PlaceCaution = 'none' | 'common_word' | 'first_name' | 'date';

export interface GazetteerPlace {
  /** As the directory spells it most often ("Hebden Bridge"). */
  name: string;
  /** Its normalised words, space-separated ("hebden bridge"). */
  key: string;
  latitude: number;
  longitude: number;
  /** How many distinct locations its point is the mean of. */
  locations: number;
  caution: PlaceCaution;
}

export type PlaceDropReason = 'empty' | 'postcode' | 'digits' | 'generic' | 'region' | 'street_or_building' | 'too_long' | 'no_location' | 'scattered';

export interface Gazetteer {
  readonly size: number;
  readonly places: readonly GazetteerPlace[];
  /** Names seen but not usable as places, each once, with why. */
  readonly dropped: readonly { name: string; reason: PlaceDropReason }[];
  /** The place a name stands for (any spelling that normalises the same), if kept. */
  lookup(name: string): GazetteerPlace | undefined;
  /** Places by the first word of their name, longest name first (what `findPlaces` reads). */
  readonly byFirstWord: ReadonlyMap<string, readonly { words: readonly string[]; place: GazetteerPlace }[]>;
}

export interface GazetteerBuilder {
  /** One location's place name (an address's city or locality) and its coordinates. */
  add(name: string, latitude: number, longitude: number): void;
  finish(): Gazetteer;
}

// ---- words ----

const words = (s: string): string[] => s.split(' ');

/** Words that, after the name, make it a street: "Halifax Road" is not Halifax. Ambiguous street
 * words ("close", "way", "view", "walk", "rise", "place") are left out: "in Brigg close to…". */
const STREET_AFTER: ReadonlySet<string> = new Set(words('road rd street lane ln avenue ave drive terrace crescent grove gardens mews boulevard parade'));

/** A name ending in one of these is a street or a building, not a place. */
const STREET_OR_BUILDING_LAST: ReadonlySet<string> = new Set(
  words(
    'road rd street lane ln avenue ave drive close way court ct crescent terrace square grove gardens walk row parade mews boulevard yard wharf ' +
      'hall centre center house church chapel school college academy library hospital surgery clinic building buildings office offices ' +
      'station room rooms hub club pub inn hotel shop store depot',
  ),
);

/** A name with one of these anywhere is part of an address, not a place. */
const ADDRESS_WORDS: ReadonlySet<string> = new Set(words('unit units suite floor flat apartment industrial business trading retail shopping po'));

/** Names that are no place a person lives in. */
const GENERIC: ReadonlySet<string> = new Set([
  ...words(
    'centre center central city town village hamlet road street lane north south east west northern southern eastern western ' +
      'district area county borough region local community online virtual remote various nationwide national countywide ' +
      'home none unknown na tbc tba other multiple all any everywhere mobile outreach address uk gb',
  ),
  'n a',
  'north east',
  'north west',
  'south east',
  'south west',
  'various locations',
  'see below',
  'town centre',
  'city centre',
  'not applicable',
]);

/** Counties, regions and nations: far wider than "where she lives" (names ending in "shire" too). */
const REGIONS: ReadonlySet<string> = new Set([
  ...words('england scotland wales britain ireland cumbria northumberland merseyside cleveland humberside avon somerset dorset devon'),
  ...words('cornwall kent essex surrey sussex middlesex norfolk suffolk rutland midlands'),
  'great britain',
  'united kingdom',
  'northern ireland',
  'greater manchester',
  'greater london',
  'tyne and wear',
  'west midlands',
  'east midlands',
  'east anglia',
  'the midlands',
  'east sussex',
  'west sussex',
  'county durham',
  'isle of man',
]);

/**
 * Ordinary English words that are, or make up, British place names: a name made only of these
 * ("Shelf", "Bank", "Triangle", "King Cross", "West Vale", "Mount Pleasant") needs a cue or a
 * capital. With them, every word of the needs vocabulary and the stopwords (a place called "Hope"
 * or "Over" should not fire on "no hope" or "over 60").
 */
const COMMON_WORDS: ReadonlySet<string> = new Set([
  ...words(
    // land and water
    'bank banks shelf hill hills green greens park moor moors heath field fields wood woods forest vale valley dale dales ' +
      'brook brooks beck water waters well wells spring springs pool pools lake lakes marsh moss ford bridge bridges ' +
      'cliff cliffs rock rocks stone stones sand sands beach bay port haven island isle head heads mouth side end ends top ' +
      'bottom bottoms common commons cross crossing gate gates edge fold knot knowle lee lea ley holm hollow hole nook ' +
      'ridge scar shaw slack royd clough mount mountain point peak craig glen loch fen fens wash meadow meadows grove ' +
      'orchard farm farms grange manor mill mills lodge tower towers castle church chapel abbey priory market cottage ' +
      'cottages hall houses barn barns row square circus court place terrace walk way view rise yard wharf quay dock docks ' +
      'harbour pier station junction brow lane hey hay nab pike tor combe coombe holt hurst wick',
  ),
  ...words(
    // describing words in names
    'new old great little long high low upper lower nether middle mid far near over under north south east west ' +
      'northern southern eastern western king kings queen queens prince princes bishop bishops abbots saint saints ' +
      'black white red green brown grey gray golden silver rose sunny fair pleasant prospect paradise providence hope ' +
      'bethel zion mount world cold warm dry broad narrow short round',
  ),
  ...words(
    // English words that are whole place names (not exhaustive)
    'reading march send deal bath bury ware wool box sale spa hook wing wall walls hull eye ham leek slough bow fleet ' +
      'barking lancing worth ash oak oaks elm elms birch hazel thorn thorns holly heather triangle street sandwich ' +
      'cheddar stilton jersey guernsey cardigan wellington derby rugby mold crook garden flint chalk coal iron lime salt ' +
      'copper tin brass gold corn wheat barley oats beacon beacons battle chard bourne peel',
  ),
  ...STOPWORDS,
]);

/** Months and weekdays that are also places ("March", Cambridgeshire): only after a residence cue. */
const DATE_WORDS: ReadonlySet<string> = new Set(
  words('january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday'),
);

/** First names that are also places ("Shirley", "Stanley", "Beverley"): notes name people, so only
 * after "in"/"near"/"around" with a capital, or after a residence cue — never "spoke to Shirley". */
const FIRST_NAMES: ReadonlySet<string> = new Set(
  words(
    'shirley beverley stanley nelson ashley bradley clayton chelsea kimberley heather ashton bentley dudley kingsley wesley ' +
      'lindsey hayley lesley shelley riley sidney percy eden darcy maxwell mitchell neville quinton sheldon wyatt harley brandon ' +
      'hudson florence victoria albert adelaide lewis barry ross sandy harlow leigh lee dean carmel moira kelly',
  ),
);

/** Minor words inside names ("Barton upon Humber"): not expected to be capitalised. */
const MINOR: ReadonlySet<string> = new Set(words('upon on in under the le la by cum de next super en and of at with sur'));

/** A cue before a common-word name written with capitals ("in Shelf", "near Bank"). */
const CUES: ReadonlySet<string> = new Set(words('in at near nr from around round towards toward outside into within'));
/** The cues that may come before a first name that is a place ("in Shirley", not "to Shirley"). */
const NAME_CUES: ReadonlySet<string> = new Set(words('in near nr around round outside within'));
/** A residence cue: "near"/"nr"/"outside"; a verb of living then in/at/near/around ("lives in");
 * or a verb of moving then to/from ("moved to", not "moved in March"). */
const NEAR_CUES: ReadonlySet<string> = new Set(words('near nr outside'));
const LIVE_VERBS: ReadonlySet<string> = new Set(
  words('live lives lived living based resident resides reside residing staying stays stay settled housed rehoused home house flat'),
);
const LIVE_PREPS: ReadonlySet<string> = new Set(words('in at near around round'));
const MOVE_VERBS: ReadonlySet<string> = new Set(words('moved move moves moving relocated relocating relocate'));
const MOVE_PREPS: ReadonlySet<string> = new Set(words('to from'));
const TITLES: ReadonlySet<string> = new Set(words('mr mrs ms miss dr mx sir lady lord rev nurse'));

const vocabularyWords = (): Set<string> => {
  const out = new Set<string>();
  const addAll = (phrases: readonly string[]) => {
    for (const p of phrases) for (const t of tokenizeNames(p)) out.add(t.norm);
  };
  for (const n of NEEDS) {
    addAll([n.label, ...n.synonyms, ...(n.weak ?? [])]);
    for (const a of Object.values(n.aspects ?? {})) addAll(a);
  }
  for (const i of INTERESTS) addAll(i.terms);
  return out;
};
let vocabulary: Set<string> | undefined;

function cautionOf(keyWords: readonly string[]): PlaceCaution {
  const major = keyWords.filter((w) => !MINOR.has(w));
  if (major.length === 1 && DATE_WORDS.has(major[0]!)) return 'date';
  if (major.length === 1 && FIRST_NAMES.has(major[0]!)) return 'first_name';
  vocabulary ??= vocabularyWords();
  const voc = vocabulary;
  return major.every((w) => COMMON_WORDS.has(w) || voc.has(w)) ? 'common_word' : 'none';
}

// ---- tokens ----

interface Token {
  /** normalised word ("saint" for "St") */
  norm: string;
  /** the word without a possessive "s" ("kings" for "King's"), when it had one */
  alt: string | null;
  /** the original characters */
  raw: string;
  start: number;
  end: number;
}

const isApostrophe = (c: string): boolean => c === "'" || c === '\u2019' || c === '\u2018' || c === '\u02bc' || c === '`';

/** Folds one character to lower-case ASCII letters and digits ('' for anything else). */
function fold(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 128) {
    if (code >= 65 && code <= 90) return String.fromCharCode(code + 32);
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) return c;
    return '';
  }
  return c
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '');
}

/** The words of a text with their offsets in it: runs of letters and digits (accents folded),
 * apostrophes inside a word dropped, "&" a word "and", anything else a separator. */
function tokenizeNames(text: string): Token[] {
  const out: Token[] = [];
  let word = '';
  let start = -1;
  let possessive = false;
  const flush = (end: number) => {
    if (start < 0) return;
    const raw = text.slice(start, end);
    out.push({ norm: word === 'st' ? 'saint' : word, alt: possessive && word.endsWith('s') ? word.slice(0, -1) : null, raw, start, end });
    word = '';
    start = -1;
    possessive = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const f = fold(c);
    if (f !== '') {
      if (start < 0) start = i;
      word += f;
      continue;
    }
    if (start >= 0 && isApostrophe(c) && i + 1 < text.length && fold(text[i + 1]!) !== '') {
      possessive = (text[i + 1] === 's' || text[i + 1] === 'S') && (i + 2 >= text.length || fold(text[i + 2]!) === '');
      continue;
    }
    flush(i);
    if (c === '&') out.push({ norm: 'and', alt: null, raw: '&', start: i, end: i + 1 });
  }
  flush(text.length);
  return out;
}

/** The normalised form of a place name ("Barton-upon-Humber" → "barton upon humber"). */
export function placeKey(name: string): string {
  return tokenizeNames(name)
    .map((t) => t.norm)
    .join(' ');
}

const POSTCODE = /^[a-z]{1,2}\d[a-z\d]?(\s*\d[a-z]{2})?$/i;

function unusable(display: string, toks: readonly Token[]): PlaceDropReason | null {
  if (toks.length === 0) return 'empty';
  if (POSTCODE.test(display.trim())) return 'postcode';
  if (toks.some((t) => /\d/.test(t.norm))) return 'digits';
  const key = toks.map((t) => t.norm).join(' ');
  if (GENERIC.has(key)) return 'generic';
  if (REGIONS.has(key) || toks.some((t) => t.norm.endsWith('shire'))) return 'region';
  const last = toks[toks.length - 1]!;
  if (toks.some((t) => ADDRESS_WORDS.has(t.norm))) return 'street_or_building';
  if (toks.length > 1 && (STREET_OR_BUILDING_LAST.has(last.norm) || last.raw.toLowerCase() === 'st')) return 'street_or_building';
  if (toks.length > 5) return 'too_long';
  return null;
}

// ---- the gazetteer ----

/** Points further than this from a name's median point are not that place. */
const SPREAD_KM = 25;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const validPoint = (lat: number, lon: number): boolean =>
  Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat === 0 && lon === 0);

/** A location's point as one number, to count each location once (~1 m). */
const pointKey = (lat: number, lon: number): number => Math.round(lat * 1e5) * 4e7 + Math.round(lon * 1e5) + 2e7;

export function gazetteerBuilder(): GazetteerBuilder {
  interface Acc {
    /** each spelling seen, with how many times (counted on `byRaw` and summed at the end) */
    spellings: Map<string, number>;
    points: Map<number, { latitude: number; longitude: number }>;
    words: string[];
    reason: PlaceDropReason | null;
  }
  const byKey = new Map<string, Acc>();
  // the same few names come again and again (one per location per service): look them up as given first
  const byRaw = new Map<string, { acc: Acc; display: string; count: number }>();
  return {
    add(name, latitude, longitude) {
      let seen = byRaw.get(name);
      if (seen === undefined) {
        const display = name.replace(/\s+/g, ' ').trim();
        const toks = tokenizeNames(display);
        const key = toks.map((t) => t.norm).join(' ');
        let acc = byKey.get(key);
        if (acc === undefined) {
          acc = { spellings: new Map(), points: new Map(), words: toks.map((t) => t.norm), reason: unusable(display, toks) };
          byKey.set(key, acc);
        }
        if (!acc.spellings.has(display)) acc.spellings.set(display, 0);
        seen = { acc, display, count: 0 };
        byRaw.set(name, seen);
      }
      seen.count++;
      const acc = seen.acc;
      if (acc.reason === null && validPoint(latitude, longitude)) {
        const k = pointKey(latitude, longitude);
        if (!acc.points.has(k)) acc.points.set(k, { latitude, longitude });
      }
    },
    finish() {
      for (const { acc, display, count } of byRaw.values()) acc.spellings.set(display, acc.spellings.get(display)! + count);
      const places: GazetteerPlace[] = [];
      const dropped: { name: string; reason: PlaceDropReason }[] = [];
      const byName = new Map<string, GazetteerPlace>();
      const byFirst = new Map<string, { words: readonly string[]; place: GazetteerPlace }[]>();
      for (const [key, acc] of byKey) {
        // the spelling most used; the first seen on a tie (Map keeps insertion order)
        let name = '';
        let most = 0;
        for (const [s, n] of acc.spellings)
          if (n > most) {
            name = s;
            most = n;
          }
        let reason = acc.reason;
        const pts = [...acc.points.values()];
        let near = pts;
        if (reason === null && pts.length === 0) reason = 'no_location';
        if (reason === null) {
          const mid = { latitude: median(pts.map((p) => p.latitude)), longitude: median(pts.map((p) => p.longitude)) };
          near = pts.filter((p) => haversineKm(mid, p) <= SPREAD_KM);
          if (near.length * 2 < pts.length || near.length === 0) reason = 'scattered';
        }
        if (reason !== null) {
          dropped.push({ name, reason });
          continue;
        }
        const place: GazetteerPlace = {
          name,
          key,
          latitude: near.reduce((s, p) => s + p.latitude, 0) / near.length,
          longitude: near.reduce((s, p) => s + p.longitude, 0) / near.length,
          locations: near.length,
          caution: cautionOf(acc.words),
        };
        places.push(place);
        byName.set(key, place);
        const first = acc.words[0]!;
        const list = byFirst.get(first);
        if (list === undefined) byFirst.set(first, [{ words: acc.words, place }]);
        else list.push({ words: acc.words, place });
      }
      for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length || (a.place.key < b.place.key ? -1 : 1));
      return {
        size: places.length,
        places,
        dropped,
        lookup: (n: string) => byName.get(placeKey(n)),
        byFirstWord: byFirst,
      };
    },
  };
}

// ---- finding places in a text ----

/** Between two words of one name: spaces and hyphens only (a dot after "St"). */
const joins = (text: string, prev: Token, next: Token): boolean => {
  const gap = text.slice(prev.end, next.start);
  return /^[\s\-\u2010-\u2013]+$/.test(gap) || (prev.norm === 'saint' && /^\.\s*$/.test(gap));
};
const SENTENCE_BREAK = /[.!?;:\n\u2022*()[\]"\u201c\u201d]/;
/** Abbreviations whose dot ends no sentence ("Mrs. Brigg", "nr. Shelf"). */
const ABBREVIATIONS: ReadonlySet<string> = new Set([...TITLES, 'nr', 'saint']);

/** Whether toks[k] follows toks[k - 1] in the same clause (no sentence punctuation between). */
function touches(text: string, toks: readonly Token[], k: number): boolean {
  if (k <= 0) return false;
  const prev = toks[k - 1]!;
  const gap = text.slice(prev.end, toks[k]!.start);
  if (!SENTENCE_BREAK.test(gap)) return true;
  return ABBREVIATIONS.has(prev.norm) && /^\.\s+$/.test(gap);
}

/** Written with a capital: first letter upper case, and not all capitals (shouting tells nothing). */
const capitalised = (raw: string): boolean => {
  const first = raw[0]!;
  return first !== first.toLowerCase() && (raw.length === 1 || raw !== raw.toUpperCase());
};

/** "lives in", "moved to", "near": a residence cue just before toks[k]. */
function residenceCue(text: string, toks: readonly Token[], k: number): boolean {
  if (!touches(text, toks, k)) return false;
  const prev = toks[k - 1]!;
  if (NEAR_CUES.has(prev.norm)) return true;
  if (!touches(text, toks, k - 1)) return false;
  const verb = toks[k - 2]!.norm;
  return (LIVE_PREPS.has(prev.norm) && LIVE_VERBS.has(verb)) || (MOVE_PREPS.has(prev.norm) && MOVE_VERBS.has(verb));
}

interface Hit {
  place: GazetteerPlace;
  /** token indexes: [first, last) */
  first: number;
  last: number;
}

function nameAt(toks: readonly Token[], text: string, i: number, ws: readonly string[]): boolean {
  const n = ws.length;
  if (i + n > toks.length) return false;
  for (let j = 0; j < n; j++) {
    const t = toks[i + j]!;
    if (t.norm !== ws[j] && !(j === n - 1 && t.alt === ws[j])) return false;
    if (j > 0 && !joins(text, toks[i + j - 1]!, t)) return false;
  }
  return true;
}

function hits(g: Gazetteer, text: string, toks: readonly Token[]): Hit[] {
  const found: Hit[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    let best: Hit | undefined;
    for (const key of t.alt === null ? [t.norm] : [t.norm, t.alt]) {
      for (const { words: ws, place } of g.byFirstWord.get(key) ?? []) {
        if (best !== undefined && ws.length <= best.last - best.first) break;
        if (nameAt(toks, text, i, ws) && allowed(text, toks, i, i + ws.length, place)) {
          best = { place, first: i, last: i + ws.length };
          break; // lists are longest first
        }
      }
    }
    if (best !== undefined) found.push(best);
  }
  // longest first, then leftmost; keep those that overlap nothing kept
  found.sort((a, b) => b.last - b.first - (a.last - a.first) || a.first - b.first);
  const taken = new Uint8Array(toks.length);
  const kept: Hit[] = [];
  for (const h of found) {
    let free = true;
    for (let k = h.first; k < h.last && free; k++) free = taken[k] === 0;
    if (!free) continue;
    for (let k = h.first; k < h.last; k++) taken[k] = 1;
    kept.push(h);
  }
  return kept.sort((a, b) => a.first - b.first);
}

const toFound = (toks: readonly Token[], h: Hit): FoundPlace => ({
  name: h.place.name,
  start: toks[h.first]!.start,
  end: toks[h.last - 1]!.end,
  latitude: h.place.latitude,
  longitude: h.place.longitude,
});

/**
 * The gazetteer's places named in `text`, in the order they appear: longest names first where
 * names overlap ("Sowerby Bridge" before "Sowerby"), never overlapping, each with its offsets in
 * the text as given. One map look-up a word: the names are indexed by their first word.
 */
export function findPlaces(g: Gazetteer, text: string): FoundPlace[] {
  if (g.size === 0 || text === '') return [];
  const toks = tokenizeNames(text);
  return hits(g, text, toks).map((h) => toFound(toks, h));
}

/** Whether toks[first, last) naming `place` counts as the place, by the rules of the module comment. */
function allowed(text: string, toks: readonly Token[], first: number, last: number, place: GazetteerPlace): boolean {
  const after = touches(text, toks, first);
  const prev = after ? toks[first - 1]! : undefined;
  // after a title it is a surname; before a street word, a street
  if (prev !== undefined && TITLES.has(prev.norm)) return false;
  const next = toks[last];
  const nextTouches = next !== undefined && /^[\s\-\u2010-\u2013]+$/.test(text.slice(toks[last - 1]!.end, next.start));
  if (nextTouches && STREET_AFTER.has(next.norm)) return false;
  if (place.caution === 'none') return true;
  if (residenceCue(text, toks, first)) return true;
  if (place.caution === 'date') return false;

  const named = toks.slice(first, last).every((t) => MINOR.has(t.norm) || capitalised(t.raw));
  if (!named || prev === undefined) return false; // lower case, or the first word of a sentence
  if (place.caution === 'first_name') return NAME_CUES.has(prev.norm);
  // a common word with capitals: after a cue, or alone in mid-sentence (not inside a longer
  // capitalised name such as "Halifax Food Bank")
  if (CUES.has(prev.norm)) return true;
  if (capitalised(prev.raw) && !MINOR.has(prev.norm)) return false;
  return !(nextTouches && capitalised(next.raw) && !MINOR.has(next.norm));
}

/**
 * The place the person is in, of those named: one after a residence cue ("lives in Sowerby",
 * "moved to Brigg"), else the most specific (the fewest locations: "Sowerby Bridge, Halifax" is
 * Sowerby Bridge), else the first. Null when none is named.
 */
export function personPlace(g: Gazetteer, text: string): FoundPlace | null {
  if (g.size === 0 || text === '') return null;
  const toks = tokenizeNames(text);
  const found = hits(g, text, toks);
  if (found.length === 0) return null;
  let best = found.find((h) => residenceCue(text, toks, h.first));
  if (best === undefined) {
    best = found[0]!;
    for (const h of found) if (h.place.locations < best.place.locations) best = h;
  }
  return toFound(toks, best);
}

/** The text with the places found blanked out (same length, so other offsets hold): a place used
 * as the person's location is not also a keyword ("Hebden Bridge" should not find a bridge club). */
export function withoutPlaces(text: string, found: readonly Pick<FoundPlace, 'start' | 'end'>[]): string {
  let out = text;
  for (const f of found) out = out.slice(0, f.start) + ' '.repeat(f.end - f.start) + out.slice(f.end);
  return out;
}

// ---- reading localities from address lines ----

/** Words that make an address line a street, building or part of one rather than a locality. */
const NOT_LOCALITY: ReadonlySet<string> = new Set([
  ...STREET_OR_BUILDING_LAST,
  ...ADDRESS_WORDS,
  ...STREET_AFTER,
  ...words('st saint park estate off rear ground first second third behind opposite adjacent next the c o care of room block wing'),
]);

/**
 * An address's second line when it names a locality ("Sowerby", "King Cross", "Holywell Green"),
 * else null. Conservative: letters, spaces, hyphens, apostrophes and dots only (no digits, no
 * commas), at most four words, no street or building word ("Wharf Street", "Ground Floor",
 * "Unit 4", "Savile Park" — a park is more often a building's grounds than a neighbourhood).
 */
export function localityOf(line: string | null | undefined): string | null {
  if (line === null || line === undefined) return null;
  const s = line.replace(/\s+/g, ' ').trim();
  if (s === '' || !/^[\p{L}' \u2019.-]+$/u.test(s)) return null;
  const toks = tokenizeNames(s);
  if (toks.length === 0 || toks.length > 4) return null;
  if (toks.some((t) => NOT_LOCALITY.has(t.norm) || t.raw.toLowerCase() === 'st')) return null;
  return unusable(s, toks) === null ? s : null;
}
