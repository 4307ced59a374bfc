import { describe, expect, it } from 'vitest';
import { buildMatchIndex, matchServices, understandQuery } from './engine.ts';
import { costOf, daysOf, describeDays, haversineKm, stepFreeOf } from './facts.ts';
import { isOutwardCode, outcodeCentroid } from './outcodes.ts';
import type { LexSynset, Lexicon, MatchableService, MatchQuery } from './types.ts';

const NOW = new Date('2026-11-21T12:00:00Z');
const OPTS = { now: NOW, staleMonths: 6 };
const FRESH = '2026-10-01T00:00:00Z';

let seq = 0;
function svc(over: Partial<MatchableService> & { name: string }): MatchableService {
  seq += 1;
  return {
    id: over.id ?? `svc-${String(seq).padStart(3, '0')}`,
    externalId: over.externalId ?? `ext-${seq}`,
    organisationId: over.organisationId ?? `org-${seq}`,
    organisationName: over.organisationName ?? `Organisation ${seq}`,
    description: null,
    eligibilityDescription: null,
    feesDescription: null,
    needs: [],
    needsSource: 'classified',
    classification: [],
    taxonomyTerms: [],
    costs: [],
    schedules: [],
    accessibility: [],
    languages: [],
    interpretationServices: null,
    locations: [],
    minimumAge: null,
    maximumAge: null,
    capacity: 'open',
    waitingWeeks: null,
    takesReferrals: true,
    status: 'active',
    archived: false,
    lastVerifiedAt: FRESH,
    assuredDate: null,
    createdAt: '2020-01-01T00:00:00Z',
    ...over,
  };
}

const HALIFAX = { latitude: 53.7208, longitude: -1.8735 };
const near = { latitude: 53.7258, longitude: -1.8635 }; // ~0.8 km from HALIFAX
const far = { latitude: 53.9, longitude: -1.5 }; // ~30 km

const run = (services: MatchableService[], q: MatchQuery) => matchServices(buildMatchIndex(services), q, OPTS);
const names = (services: MatchableService[], q: MatchQuery): string[] => run(services, q).results.map((r) => r.service.name);

describe('understanding the query', () => {
  it('coded needs first (confidence 1), then needs heard in the words, without repeats', () => {
    const u = understandQuery({ needs: ['loneliness'], text: 'lonely since her husband died' });
    expect(u.map((x) => [x.need, x.source])).toEqual([
      ['loneliness', 'coded'],
      ['bereavement', 'text'],
    ]);
    expect(u[0]!.confidence).toBe(1);
    expect(u[1]!.terms).toContain('husband died');
  });
});

describe('matchServices', () => {
  const befriending = svc({
    name: 'Good Neighbours befriending',
    description: 'Weekly befriending visits for older people who are lonely or isolated. Free of charge.',
    schedules: [{ byday: 'TU', description: null, attendingType: 'in_person' }],
    accessibility: ['Step-free access and an accessible toilet'],
    locations: [near],
    capacity: 'waiting_list',
    waitingWeeks: 3,
  });

  it('gives reasons a person can check: what it matches, distance, cost, days, access, waiting list', () => {
    const r = run([befriending], { text: 'lonely older man', location: { ...HALIFAX, precision: 'postcode' } }).results[0]!;
    expect(r.reasons[0]).toBe('lonely — matches loneliness and isolation');
    expect(r.reasons).toEqual(expect.arrayContaining(['free', 'Tuesdays', 'step-free access', 'waiting list 3 weeks', 'takes referrals through Linkwork']));
    expect(r.distanceKm).toBeGreaterThan(0.5);
    expect(r.distanceKm).toBeLessThan(1.2);
    expect(r.reasons).toContain(`${r.distanceKm!.toFixed(1)} km`);
    expect(r.stale).toBe(false);
    expect(r.score).toBeGreaterThan(0);
    expect(r.score).toBeLessThanOrEqual(1);
  });

  it('says when the distance is from the postcode district only', () => {
    const r = run([befriending], { text: 'lonely', location: { ...HALIFAX, precision: 'outcode' } }).results[0]!;
    expect(r.reasons.some((x) => /^about \d+\.\d km \(postcode district\)$/.test(x))).toBe(true);
  });

  it('leaves out services outside the age range, closed, inactive, defunct, temporarily closed or archived', () => {
    const base = { description: 'A befriending service for lonely people' };
    const services = [
      svc({ ...base, name: 'Open to all' }),
      svc({ ...base, name: 'Over 50s only', minimumAge: 50 }),
      svc({ ...base, name: 'Under 25s only', maximumAge: 25 }),
      svc({ ...base, name: 'Closed', capacity: 'closed' }),
      svc({ ...base, name: 'Inactive', status: 'inactive' }),
      svc({ ...base, name: 'Defunct', status: 'defunct' }),
      svc({ ...base, name: 'Paused', status: 'temporarily closed' }),
      svc({ ...base, name: 'Archived', archived: true }),
    ];
    expect(names(services, { text: 'lonely', age: 30 }).sort()).toEqual(['Open to all']);
    expect(names(services, { text: 'lonely', age: 60 }).sort()).toEqual(['Open to all', 'Over 50s only']);
    expect(names(services, { text: 'lonely', age: 18 }).sort()).toEqual(['Open to all', 'Under 25s only']);
    expect(names(services, { text: 'lonely' }).sort()).toEqual(['Open to all', 'Over 50s only', 'Under 25s only']);
  });

  it('demotes and marks stale listings, with a reason', () => {
    const desc = 'Debt advice for people who cannot pay their bills';
    const services = [
      svc({ id: 'a-stale', name: 'Debt advice A', description: desc, lastVerifiedAt: '2025-01-01T00:00:00Z' }),
      svc({ id: 'b-fresh', name: 'Debt advice B', description: desc }),
    ];
    const results = run(services, { text: "can't pay the bills" }).results;
    expect(results.map((r) => r.service.id)).toEqual(['b-fresh', 'a-stale']);
    expect(results[1]!.stale).toBe(true);
    expect(results[1]!.reasons).toContain('not verified since 2025-01-01 — check it is still running');
    expect(results[1]!.score).toBeLessThan(results[0]!.score);
    // a longer staleness setting keeps it fresh, and then the tie is broken by id
    const lenient = matchServices(buildMatchIndex(services), { text: "can't pay the bills" }, { now: NOW, staleMonths: 36 }).results;
    expect(lenient.map((r) => r.service.id)).toEqual(['a-stale', 'b-fresh']);
    expect(lenient.every((r) => !r.stale)).toBe(true);
  });

  it('ranks nearer services first, other things equal, and reports the distance', () => {
    const desc = 'A friendly walking group for exercise';
    const services = [
      svc({ id: 'a-far', name: 'Walk far', description: desc, locations: [far] }),
      svc({ id: 'b-near', name: 'Walk near', description: desc, locations: [near] }),
    ];
    const r = run(services, { text: 'exercise', location: { ...HALIFAX, precision: 'postcode' } }).results;
    expect(r.map((x) => x.service.id)).toEqual(['b-near', 'a-far']);
    expect(r[1]!.distanceKm).toBeGreaterThan(20);
    expect(run(services, { text: 'exercise' }).results.every((x) => x.distanceKm === null)).toBe(true);
  });

  it('is diverse: branches of one organisation and near-identical names do not crowd out others', () => {
    const desc = 'Befriending for lonely and isolated older people';
    const branches = ['North', 'South', 'East', 'West', 'Central'].map((b, i) =>
      svc({ id: `a-branch-${i}`, name: `Chatty Cafe befriending ${b}`, organisationId: 'org-chatty', description: `${desc}. ${desc}.` }),
    );
    const other = svc({ id: 'z-other', name: 'Telephone friendship line', organisationId: 'org-other', description: 'Calls for lonely older people' });
    const top3 = run([...branches, other], { text: 'lonely', limit: 3 }).results;
    expect(top3.map((r) => r.service.id)).toContain('z-other');
    expect(top3.filter((r) => r.service.organisationId === 'org-chatty')).toHaveLength(2);
    // scores follow the order shown
    const scores = top3.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('with a cost barrier, a free service outranks a paid one', () => {
    const services = [
      svc({ id: 'a-paid', name: 'Yoga class', description: 'Gentle exercise class', costs: [{ amount: 8, option: null, amountDescription: 'per class' }] }),
      svc({ id: 'b-free', name: 'Chair exercise', description: 'Gentle exercise class', costs: [{ amount: 0, option: 'Free', amountDescription: null }] }),
    ];
    expect(names(services, { text: 'exercise', barriers: ['cost'] })).toEqual(['Chair exercise', 'Yoga class']);
    expect(run(services, { text: 'exercise' }).results.find((r) => r.service.id === 'a-paid')!.reasons).toContain('charges apply');
  });

  it('says when a service runs on none of the days the person can do', () => {
    const s = svc({ name: 'Monday walk', description: 'A walking group for exercise', schedules: [{ byday: 'MO', description: null, attendingType: null }] });
    const r = run([s], { text: 'exercise', days: ['tuesday', 'wednesday'] }).results[0]!;
    expect(r.reasons).toContain('Mondays — not on the days available');
  });

  it('prefers the aspect the person named inside a broad need (smoking, not alcohol)', () => {
    const services = [
      svc({ id: 'a-alcohol', name: 'Alcohol service', description: 'Support for people whose alcohol use worries them' }),
      svc({ id: 'b-smoking', name: 'Stop smoking clinic', description: 'Help to stop smoking: nicotine replacement and coaching' }),
    ];
    expect(names(services, { text: 'wants to stop smoking' })[0]).toBe('Stop smoking clinic');
  });

  it('matches an interest ("likes singing") to services that mention it, and says so', () => {
    const services = [
      svc({ name: 'Lunch club', description: 'A friendly lunch club for lonely older people' }),
      svc({ name: 'Community choir', description: 'A choir for lonely older people to make friends' }),
    ];
    const r = run(services, { text: 'lonely, likes singing' }).results;
    expect(r[0]!.service.name).toBe('Community choir');
    expect(r[0]!.reasons).toContain('choir — matches interest in singing');
  });

  it('counts a need a curator set on the service (coded needs) fully', () => {
    const s = svc({ name: 'Peer group', description: 'Meets on Thursdays', needs: ['bereavement'], needsSource: 'corrected' });
    const r = run([s], { needs: ['bereavement'] }).results[0]!;
    expect(r.reasons[0]).toBe('listed for bereavement — matches bereavement');
  });

  it('is deterministic and respects the limit', () => {
    const services = Array.from({ length: 30 }, (_, i) =>
      svc({ id: `s-${String(i).padStart(2, '0')}`, name: `Group ${i}`, description: 'befriending for lonely people' }),
    );
    const a = run(services, { text: 'lonely', limit: 5 });
    const b = run([...services].reverse(), { text: 'lonely', limit: 5 });
    expect(a.results).toHaveLength(5);
    expect(a.results.map((r) => r.service.id)).toEqual(b.results.map((r) => r.service.id));
  });

  it('returns nothing when nothing is relevant', () => {
    expect(run([befriending], { text: 'quantum chromodynamics' }).results).toEqual([]);
  });
});

/** A tiny lexicon in WordNet's shape: quoits → ring game → sport; exercise ⊃ yoga. */
const LEXICON: Lexicon = (() => {
  const synsets: Record<string, LexSynset> = {
    '1': { words: ['quoits'], pointers: [{ symbol: '@', pos: 'n', offset: 2, target: 0 }] },
    '2': { words: ['ring_game'], pointers: [{ symbol: '@', pos: 'n', offset: 3, target: 0 }] },
    '3': { words: ['sport', 'athletics'], pointers: [{ symbol: '@', pos: 'n', offset: 9, target: 0 }] },
    '9': { words: ['activity'], pointers: [] },
    '4': { words: ['exercise', 'exercising'], pointers: [{ symbol: '~', pos: 'n', offset: 5, target: 0 }] },
    '5': { words: ['yoga'], pointers: [] },
  };
  const index: Record<string, number[]> = { quoits: [1], ring_game: [2], sport: [3], exercise: [4], yoga: [5] };
  return {
    synsets: (lemma, pos) => (pos === 'n' ? (index[lemma] ?? []) : []),
    synset: (_pos, offset) => synsets[String(offset)],
  };
})();

describe('hybrid retrieval: words and needs fused by rank', () => {
  it('a word of the query in a service’s name is not drowned by services matching the need', () => {
    const services = [
      svc({ id: 'a1', name: 'Friendship club', description: 'For lonely and isolated people: company, friends, a chat.' }),
      svc({ id: 'a2', name: 'Lunch club', description: 'Lonely? Isolated? Come and meet friends over lunch.' }),
      svc({ id: 'a3', name: 'Befriending', description: 'Befriending for people who are lonely, isolated or cut off.' }),
      svc({ id: 'z9', name: 'Hearing loss support group', description: 'Meet others.' }),
    ];
    const r = run(services, { text: 'hearing loss, feels cut off from people' }).results;
    expect(r.slice(0, 2).map((x) => x.service.name)).toContain('Hearing loss support group');
    expect(r.find((x) => x.service.name === 'Hearing loss support group')!.reasons[0]).toBe('"hearing", "loss" in its name');
  });

  it('bridges the person’s word to a listing’s general word through the lexicon, and says how', () => {
    const services = [
      svc({ id: 'b1', name: 'Sport for all', description: 'Sport sessions in the park, all abilities welcome.' }),
      svc({ id: 'b2', name: 'Book club', description: 'Monthly reading group.' }),
    ];
    const without = matchServices(buildMatchIndex(services), { text: 'likes quoits' }, OPTS).results;
    expect(without).toEqual([]);
    const r = matchServices(buildMatchIndex(services), { text: 'likes quoits' }, { ...OPTS, lexicon: LEXICON }).results;
    expect(r.map((x) => x.service.name)).toEqual(['Sport for all']);
    expect(r[0]!.reasons).toContain('quoits → sport (a broader word)');
  });

  it('bridges from a general word to a kind of it, but never through a word too general to mean anything', () => {
    const services = [svc({ id: 'c1', name: 'Gentle yoga', description: 'Chair yoga.' }), svc({ id: 'c2', name: 'Activity club', description: 'Activity.' })];
    const r = matchServices(buildMatchIndex(services), { text: 'needs exercise' }, { ...OPTS, lexicon: LEXICON }).results;
    expect(r.map((x) => x.service.name)).toEqual(['Gentle yoga']);
    expect(r[0]!.reasons).toContain('exercise → yoga (a kind of it)');
  });

  it('uses no bridge for a word the directory already uses itself', () => {
    const services = [
      ...Array.from({ length: 5 }, (_, i) => svc({ id: `d${i}`, name: `Quoits club ${i}`, description: 'Quoits.' })),
      svc({ id: 'd9', name: 'Sport for all', description: 'Sport sessions.' }),
    ];
    const r = matchServices(buildMatchIndex(services), { text: 'quoits', limit: 20 }, { ...OPTS, lexicon: LEXICON }).results;
    expect(r.map((x) => x.service.name)).not.toContain('Sport for all');
  });
});

describe('reasons that are true', () => {
  it('gives no need as a reason from a passing hint in a listing (a transport firm is not "company — matches loneliness")', () => {
    const services = [
      svc({ id: 'e1', name: 'Taxi firm', description: 'A family company running taxis and minibuses for hire across Calderdale.' }),
      svc({ id: 'e2', name: 'Lunch club', description: 'A lunch club for lonely and isolated older people.' }),
    ];
    const r = run(services, { text: 'lonely and isolated, would like company' }).results;
    const taxi = r.find((x) => x.service.name === 'Taxi firm');
    for (const reason of taxi?.reasons ?? []) expect(reason).not.toMatch(/matches loneliness/);
    expect(r[0]!.service.name).toBe('Lunch club');
    expect(r[0]!.reasons[0]).toMatch(/— matches loneliness and isolation$/);
  });

  it('names the words that matched in the description when nothing else did', () => {
    const r = run([svc({ name: 'Community hub', description: 'Tea, toast and a warm welcome; jigsaw swaps on Fridays.' })], { text: 'jigsaw' }).results;
    expect(r[0]!.reasons[0]).toBe('mentions "jigsaw"');
  });
});

describe('the person: sex-specific eligibility and places named in the words', () => {
  const women = svc({ id: 'f1', name: "Women's walking group", description: 'A walking group for women only.' });
  const all = svc({ id: 'f2', name: 'Walking group', description: 'A walking group, all welcome.' });
  it('leaves out a service for women only when the person is a man, and says who a service is for', () => {
    expect(names([women, all], { text: 'walking group', sex: 'male' })).toEqual(['Walking group']);
    const r = run([women, all], { text: 'walking group', sex: 'female' }).results;
    expect(r.map((x) => x.service.name).sort()).toEqual(["Women's walking group", 'Walking group'].sort());
    expect(r.find((x) => x.service.id === 'f1')!.reasons).toContain('for women');
    expect(names([women, all], { text: 'walking group' })).toHaveLength(2);
  });
  it('measures distance from a place named in the words, and says so; the place is no keyword', () => {
    const inTown = svc({ id: 'g1', name: 'Walking group', description: 'Walks.', locations: [{ ...near, places: ['Sowerby Bridge'] }] });
    const bridgeClub = svc({ id: 'g2', name: 'Bridge club', description: 'Card games: bridge.', locations: [{ ...far, places: ['Elland'] }] });
    const a = run([inTown, bridgeClub], { text: 'lonely, lives in Sowerby Bridge, likes walking' });
    expect(a.place).toMatchObject({ name: 'Sowerby Bridge' });
    expect(a.results.map((x) => x.service.id)).toEqual(['g1']);
    expect(a.results[0]!.reasons).toContain('about 0.0 km from Sowerby Bridge');
    // with a postcode, distances are from the postcode and no place is reported
    const b = run([inTown, bridgeClub], { text: 'lonely, lives in Sowerby Bridge, likes walking', location: { ...HALIFAX, precision: 'postcode' } });
    expect(b.place).toBeNull();
    expect(b.results[0]!.reasons.some((x) => /^0\.\d km$/.test(x))).toBe(true);
  });
});

describe('the index between queries', () => {
  it('answers a query the same after other queries as on a fresh index (scratch space is reset)', () => {
    const services = [
      svc({ id: 'h1', name: 'Befriending', description: 'Lonely? A volunteer visits weekly.', locations: [near] }),
      svc({ id: 'h2', name: 'Debt advice', description: 'Money and debt advice, free.', locations: [far] }),
      svc({ id: 'h3', name: 'Singing for the brain', description: 'Singing for people with dementia.', minimumAge: 60 }),
      svc({ id: 'h4', name: "Women's walking group", description: 'Gentle walks for women only.' }),
    ];
    const index = buildMatchIndex(services);
    const lexicon = { synsets: () => [], synset: () => undefined };
    const b: MatchQuery = { text: 'lonely, likes singing, in debt', age: 70, location: { ...HALIFAX, precision: 'postcode' } };
    for (const a of [
      { text: 'walking for women', sex: 'male' as const },
      { text: 'debt', needs: ['loneliness' as const] },
      { text: 'singing', age: 20 },
    ])
      matchServices(index, a, { ...OPTS, lexicon });
    expect(matchServices(index, b, { ...OPTS, lexicon })).toEqual(matchServices(buildMatchIndex(services), b, { ...OPTS, lexicon }));
  });

  it('finds the one service a person can use even when hundreds they cannot use rank above it', () => {
    const services = [
      ...Array.from({ length: 250 }, (_, i) =>
        svc({ id: `c${String(i).padStart(3, '0')}`, name: `Chess club ${i}`, description: 'Chess. Chess. Chess.', minimumAge: 18 }),
      ),
      svc({ id: 'z999', name: 'Games afternoon', description: 'Board games and chess for all ages.' }),
    ];
    expect(names(services, { text: 'chess', age: 10 })).toEqual(['Games afternoon']);
  });
});

describe('facts', () => {
  it('cost from cost options, then fees text, then description; unknown stays unknown', () => {
    expect(costOf({ costs: [{ amount: 0, option: null, amountDescription: null }], feesDescription: null, description: null })).toBe('free');
    expect(costOf({ costs: [{ amount: 5, option: null, amountDescription: null }], feesDescription: null, description: 'free' })).toBe('paid');
    expect(costOf({ costs: [], feesDescription: 'No charge', description: null })).toBe('free');
    expect(costOf({ costs: [], feesDescription: '£3 a session', description: null })).toBe('paid');
    expect(costOf({ costs: [], feesDescription: null, description: 'This service is free of charge.' })).toBe('free');
    expect(costOf({ costs: [], feesDescription: null, description: 'FREE Wi-Fi in the lobby' })).toBe(null);
  });
  it('days from BYDAY, in week order; step-free from accessibility text', () => {
    expect(daysOf({ schedules: [{ byday: 'TH,1MO', description: null, attendingType: null }] })).toEqual(['monday', 'thursday']);
    expect(daysOf({ schedules: [{ byday: null, description: 'Every Friday morning', attendingType: null }] })).toEqual(['friday']);
    expect(describeDays(['monday', 'wednesday', 'friday'])).toBe('Mondays, Wednesdays and Fridays');
    expect(describeDays(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'])).toBe('weekdays');
    expect(stepFreeOf({ accessibility: ['Level access from the car park'], description: null })).toBe(true);
    expect(stepFreeOf({ accessibility: ['Not wheelchair accessible: stairs only'], description: null })).toBe(false);
    expect(stepFreeOf({ accessibility: [], description: 'A friendly group' })).toBe(null);
  });
  it('distance and outcode centroids', () => {
    expect(haversineKm(HALIFAX, HALIFAX)).toBe(0);
    expect(haversineKm({ latitude: 51.5074, longitude: -0.1278 }, { latitude: 53.4808, longitude: -2.2426 })).toBeCloseTo(262, -1);
    expect(outcodeCentroid('hx1')).toEqual({ latitude: 53.7208, longitude: -1.8735 });
    expect(outcodeCentroid('ZZ99')).toBeUndefined();
    expect(isOutwardCode('HX1')).toBe(true);
    expect(isOutwardCode('HX1 1AA')).toBe(false);
  });
});
