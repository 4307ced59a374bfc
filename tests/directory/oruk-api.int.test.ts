import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPublishedServices, loadServiceGraphs } from '../../src/db/repositories/directory/oruk.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import {
  HX_PLACES,
  hxPoint,
  loadHxPostcodes,
  makeDirectoryOrganisation,
  makeOrukService,
  makeOrukTaxonomy,
  type HxPlace,
  type OrukServiceFixture,
  type OrukTaxonomyFixture,
} from '../support/directory-factories.ts';
import { makeHierarchy, makePerson, makeUser } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { buildOrukValidator, walkOrukApi, type OrukGet } from './oruk-validator.ts';

// The ORUK 3.0 API under /oruk, on a directory of 31 published services (several pages at every
// page size tried), with everything ORUK nests in them, plus what must never be published: an
// archived service, a practice's service, an organisation without published services, users and
// people. Every endpoint is validated against the shared ORUK 3.0 schemata (oruk-validator.ts,
// itself proven on the ORUK validator's mocks in oruk-mocks.test.ts).

type Obj = Record<string, unknown>;

const TOPICS = [
  {
    name: 'Singing for Wellbeing',
    terms: ['loneliness', 'mental_wellbeing'],
    min: 18,
    max: null,
    description: 'A friendly community choir; no experience needed, tea afterwards.',
  },
  { name: 'Befriending Calls', terms: ['loneliness', 'bereavement'], min: 50, max: null, description: 'A trained volunteer rings once a week for a chat.' },
  { name: 'Debt Advice Drop-in', terms: ['debt'], min: 18, max: null, description: 'Free, confidential help with debts, benefits and energy bills.' },
  {
    name: 'Bereavement Support Group',
    terms: ['bereavement'],
    min: null,
    max: null,
    description: 'Meet others who have lost someone close; led by trained volunteers.',
  },
  {
    name: 'Health Walks',
    terms: ['physical_activity', 'loneliness'],
    min: null,
    max: null,
    description: 'Short, led walks on weekday mornings. Just turn up.',
  },
  { name: 'Youth Football', terms: ['physical_activity'], min: 11, max: 18, description: 'Weekly football sessions for young people; boots provided.' },
  { name: 'Young Carers Club', terms: ['mental_wellbeing'], min: 8, max: 17, description: 'A break and a chat for children who look after someone at home.' },
] as const;
const SERVICE_COUNT = 31;

interface PlannedService {
  fixture: OrukServiceFixture;
  name: string;
  description: string;
  organisation: string;
  terms: readonly string[];
  min: number | null;
  max: number | null;
  place: HxPlace;
}

function haversine(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 12_742_017.6 * Math.asin(Math.sqrt(a));
}

function at<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new Error(`no item ${i}`);
  return item;
}

class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count += 1;
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

describe.each(TEST_DIALECTS)('the ORUK 3.0 API on %s', (dialect) => {
  let t: TestApp;
  let needs: OrukTaxonomyFixture;
  let other: OrukTaxonomyFixture;
  const planned: PlannedService[] = [];
  let archived: OrukServiceFixture;
  let practiceService: OrukServiceFixture;
  let practiceId: string;
  const secrets: string[] = [];
  const v = buildOrukValidator();

  const get: OrukGet = async (path) => {
    const res = await t.app.inject({ method: 'GET', url: `/oruk${path}` });
    return { status: res.statusCode, body: res.json() };
  };
  const list = async (path: string): Promise<Obj> => {
    const res = await t.app.inject({ method: 'GET', url: `/oruk${path}` });
    expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
    return res.json<Obj>();
  };
  /** Every item of a list, walking its pages. */
  const all = async (path: string): Promise<Obj[]> => {
    const out: Obj[] = [];
    for (let page = 1; ; page++) {
      const body = await list(`${path}${path.includes('?') ? '&' : '?'}page=${page}&per_page=100`);
      out.push(...(body['contents'] as Obj[]));
      if (body['last_page'] === true) return out;
    }
  };
  const names = (items: Obj[]) => items.map((i) => i['name'] as string).sort();
  const term = (code: string) => {
    const found = needs.terms.find((x) => x.code === code);
    if (found === undefined) throw new Error(code);
    return found;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const db = t.database.db;
    await loadHxPostcodes(
      db,
      HX_PLACES.map((p) => p.postcode),
    );
    needs = await makeOrukTaxonomy(db, 'Linkwork needs', ['loneliness', 'mental_wellbeing', 'bereavement', 'debt', 'physical_activity']);
    other = await makeOrukTaxonomy(db, 'Open Eligibility (sample)', ['older_adults', 'young_adults', 'carers']);
    const orgs = [
      await makeDirectoryOrganisation(db, 'Calder Befriending Network'),
      await makeDirectoryOrganisation(db, 'Halifax Money Advice'),
      await makeDirectoryOrganisation(db, 'Calderdale Council Adult Services', 'partner'),
    ];
    for (let i = 0; i < SERVICE_COUNT; i++) {
      const topic = at(TOPICS, i % TOPICS.length);
      const place = at(HX_PLACES, (i * 3) % HX_PLACES.length);
      const org = at(orgs, i % orgs.length);
      const name = `${topic.name} ${place.city} ${String(i + 1).padStart(2, '0')}`;
      const fixture = await makeOrukService(db, {
        organisationId: org.id,
        name,
        description: topic.description,
        places: [place],
        termIds: [...topic.terms.map((c) => term(c).id), ...(i % 5 === 0 ? [other.terms[0]?.id ?? ''] : [])],
        minimumAge: topic.min,
        maximumAge: topic.max,
        byday: i % 2 === 0 ? 'TU' : 'MO,TH',
        free: i % 4 !== 0,
      });
      planned.push({ fixture, name, description: topic.description, organisation: org.name, terms: topic.terms, min: topic.min, max: topic.max, place });
    }
    // Never published: an archived service (its organisation has nothing else), a practice's
    // service, an organisation with no services, and the people and users of the casework side.
    const closedTrust = await makeDirectoryOrganisation(db, 'Closed Lunch Club Trust');
    archived = await makeOrukService(db, {
      organisationId: closedTrust.id,
      name: 'Archived Singing Lunch Club',
      places: [HX_PLACES[0]],
      termIds: [term('loneliness').id],
      archived: true,
    });
    const h = await makeHierarchy(t.deps);
    const practice = h.a1;
    practiceId = practice.id;
    practiceService = await makeOrukService(db, {
      organisationId: practice.id,
      name: 'Practice Singing Clinic',
      places: [HX_PLACES[1]],
      termIds: [term('loneliness').id],
    });
    await makeDirectoryOrganisation(db, 'Quiet Charity With No Services');
    const user = await makeUser(t.deps, 'link_worker', [practice]);
    const person = await makePerson(t.deps, practice, { postcode: 'HX1 1AA' });
    secrets.push(
      'Closed Lunch Club Trust',
      practice.name,
      h.pcnA.name,
      h.icb.name,
      h.vcse.name,
      'Quiet Charity',
      'Archived Singing',
      'Practice Singing',
      user.email,
      user.displayName,
      person.givenName,
      person.familyName,
    );
  });
  afterAll(async () => t.close());

  it('serves the ORUK root', async () => {
    const root = await list('/');
    expect(v.apiDetails(root)).toBe(true);
    expect(root).toEqual({
      version: 'HSDS-UK-3.0',
      profile: expect.stringMatching(/^https:\/\//) as unknown,
      openapi_url: expect.stringMatching(/^https:\/\//) as unknown,
    });
    expect((await list('')).version).toBe('HSDS-UK-3.0');
  });

  it.each([10, 2, 1])('passes the ORUK 3.0 schemata on every endpoint: first, middle and last pages and every listed item (per_page %i)', async (perPage) => {
    const report = await walkOrukApi(v, get, { perPage, everyItem: true, pageAllLists: true });
    expect(report.errors).toEqual([]);
    for (const endpoint of [
      '/',
      '/services',
      '/services/{id}',
      '/service_at_locations',
      '/service_at_locations/{id}',
      '/organizations',
      '/organizations/{id}',
      '/taxonomies',
      '/taxonomies/{id}',
      '/taxonomy_terms',
      '/taxonomy_terms/{id}',
    ]) {
      expect(report.checked[endpoint], endpoint).toBeGreaterThan(0);
    }
    // At these sizes the services list really has several pages, so middle and last were walked.
    if (perPage <= 10) expect(report.checked['/services']).toBeGreaterThanOrEqual(3);
  });

  it('nests everything ORUK puts in a full service, each part valid against its own schema', async () => {
    const p = planned[3];
    if (p === undefined) throw new Error('no fixture');
    const s = await list(`/services/${p.fixture.id}`);
    expect(v.object('service.json')(s), JSON.stringify(v.object('service.json').errors)).toBe(true);
    expect(s['name']).toBe(p.name);
    expect(s['organization']).toMatchObject({ name: p.organisation });
    const sal = (s['service_at_locations'] as Obj[])[0] as Obj;
    const location = sal['location'] as Obj;
    expect(location).toMatchObject({
      name: p.place.name,
      location_type: 'physical',
      latitude: expect.closeTo(hxPoint(p.place.postcode).latitude, 4) as unknown,
    });
    expect((location['addresses'] as Obj[])[0]).toMatchObject({ postal_code: p.place.postcode, address_type: 'physical', country: 'GB' });
    expect(location['accessibility']).toHaveLength(1);
    expect(sal['schedules']).toEqual([expect.objectContaining({ freq: 'WEEKLY', byday: 'MO,TH' })]);
    expect(s['schedules']).toEqual([expect.objectContaining({ freq: 'WEEKLY', opens_at: '10:00', attending_type: 'in person' })]);
    expect(s['contacts']).toEqual([expect.objectContaining({ name: 'Volunteer coordinator', phones: [expect.objectContaining({ number: '07700 900123' })] })]);
    expect(s['phones']).toEqual([expect.objectContaining({ number: '01422 392000', extension: 204, languages: [expect.objectContaining({ code: 'ur' })] })]);
    expect(s['cost_options']).toEqual([expect.objectContaining({ option: 'Free', amount: 0, currency: 'GBP' })]);
    expect(s['service_areas']).toEqual([expect.objectContaining({ name: 'Calderdale' })]);
    expect((s['languages'] as Obj[]).map((l) => l['code']).sort()).toEqual(['en', 'pl']);
    expect((s['attributes'] as Obj[]).map((a) => (a['taxonomy_term'] as Obj)['code']).sort()).toEqual(['bereavement']);
    // Parts the service schema does not nest are checked against their own schemata.
    const phones = [...(s['phones'] as Obj[]), ...(s['contacts'] as Obj[]).flatMap((c) => c['phones'] as Obj[]), ...(location['phones'] as Obj[])];
    expect(phones).toHaveLength(3);
    for (const ph of phones) expect(v.object('phone.json')(ph)).toBe(true);
    for (const l of [...(s['languages'] as Obj[]), ...(location['languages'] as Obj[])]) expect(v.object('language.json')(l)).toBe(true);
    // Nothing is null: ORUK's fields are not nullable, so missing values are left out.
    expect(JSON.stringify(s)).not.toContain('null');
    // Linkwork's own fields stay private.
    for (const k of ['capacity', 'waiting_weeks', 'classification', 'needs', 'last_verified_by', 'archived', 'takes_referrals'])
      expect(s).not.toHaveProperty(k);
  });

  it('lists every published service, and only those', async () => {
    const services = await all('/services');
    expect(names(services)).toEqual(planned.map((p) => p.name).sort());
    const sals = await all('/service_at_locations');
    expect(sals.map((s) => s['id']).sort()).toEqual(planned.map((p) => p.fixture.serviceAtLocationIds[0]).sort());
    const orgs = await all('/organizations');
    expect(names(orgs)).toEqual(['Calder Befriending Network', 'Calderdale Council Adult Services', 'Halifax Money Advice']);
  });

  it('never publishes archived services, practices, organisations without services, users or people', async () => {
    for (const id of [archived.id, practiceService.id]) {
      expect((await get(`/services/${id}`)).status).toBe(404);
    }
    for (const id of [archived.serviceAtLocationIds[0], practiceService.serviceAtLocationIds[0]]) {
      expect((await get(`/service_at_locations/${id ?? ''}`)).status).toBe(404);
    }
    expect((await get(`/organizations/${practiceId}`)).status).toBe(404);
    // Searching for them finds nothing; and no response anywhere mentions them.
    expect((await list('/services?search=lunch%20club'))['total_items']).toBe(0);
    const everything = JSON.stringify([
      await all('/services'),
      await all('/service_at_locations'),
      await all('/organizations'),
      await all('/taxonomies'),
      await all('/taxonomy_terms'),
      await list('/services?search=singing&per_page=100'),
    ]);
    for (const s of secrets) expect(everything, s).not.toContain(s);
  });

  it('filters by search (every word, in name, description or organisation; wildcards literal)', async () => {
    const match = (words: string[]) =>
      planned
        .filter((p) => words.every((w) => `${p.name} ${p.description} ${p.organisation}`.toLowerCase().includes(w)))
        .map((p) => p.name)
        .sort();
    expect(names(await all('/services?search=SINGING'))).toEqual(match(['singing']));
    expect(match(['singing']).length).toBeGreaterThan(2);
    expect(names(await all('/services?search=debt%20energy'))).toEqual(match(['debt', 'energy']));
    expect(names(await all('/services?search=money%20advice'))).toEqual(match(['money', 'advice']));
    expect((await list('/services?search=%25'))['total_items']).toBe(0);
    expect((await list('/services?search=_'))['total_items']).toBe(0);
    expect((await all('/service_at_locations?search=walks')).map((s) => (s['service'] as Obj)['name']).sort()).toEqual(match(['walks']));
  });

  it('filters by taxonomy term and by taxonomy', async () => {
    const lonely = term('loneliness');
    const expected = planned
      .filter((p) => p.terms.includes('loneliness'))
      .map((p) => p.name)
      .sort();
    expect(expected.length).toBeGreaterThan(5);
    expect(names(await all(`/services?taxonomy_term_id=${lonely.id}`))).toEqual(expected);
    const sals = await all(`/service_at_locations?taxonomy_term_id=${lonely.id}`);
    expect(sals.map((s) => (s['service'] as Obj)['name']).sort()).toEqual(expected);
    const inOther = planned
      .filter((_p, i) => i % 5 === 0)
      .map((p) => p.name)
      .sort();
    expect(names(await all(`/services?taxonomy_id=${other.id}`))).toEqual(inOther);
    const terms = await all(`/taxonomy_terms?taxonomy_id=${other.id}`);
    expect(terms.map((x) => x['code']).sort()).toEqual(['carers', 'older_adults', 'young_adults']);
    expect(terms.every((x) => x['taxonomy'] === 'Open Eligibility (sample)' && x['taxonomy_id'] === other.id)).toBe(true);
    const unused = '01900000-0000-7000-8000-000000000000';
    expect((await list(`/services?taxonomy_term_id=${unused}`))['total_items']).toBe(0);
  });

  it('filters by age as the standard words it (minimum age at least N; maximum age at most N)', async () => {
    expect(names(await all('/services?minimum_age=18'))).toEqual(
      planned
        .filter((p) => (p.min ?? 0) >= 18)
        .map((p) => p.name)
        .sort(),
    );
    expect(names(await all('/services?maximum_age=18'))).toEqual(
      planned
        .filter((p) => p.max !== null && p.max <= 18)
        .map((p) => p.name)
        .sort(),
    );
    expect(names(await all('/services?minimum_age=10&maximum_age=18'))).toEqual(
      planned
        .filter((p) => (p.min ?? 0) >= 10 && p.max !== null && p.max <= 18)
        .map((p) => p.name)
        .sort(),
    );
    expect(names(await all('/services?minimum_age=11&maximum_age=18'))).toEqual(
      planned
        .filter((p) => p.name.startsWith('Youth Football'))
        .map((p) => p.name)
        .sort(),
    );
  });

  it('orders service-at-locations by distance from a postcode, and keeps only those within the proximity (metres)', async () => {
    const origin = hxPoint('HX1 1AA');
    const distance = (s: Obj) => {
      const l = s['location'] as Obj;
      return haversine(origin.latitude, origin.longitude, l['latitude'] as number, l['longitude'] as number);
    };
    const near = await all('/service_at_locations?postcode=hx11aa&proximity=3000');
    const expected = planned.filter((p) => {
      const pt = hxPoint(p.place.postcode);
      return haversine(origin.latitude, origin.longitude, pt.latitude, pt.longitude) <= 3000;
    });
    expect(expected.length).toBeGreaterThan(3);
    expect(expected.length).toBeLessThan(planned.length);
    expect(near.map((s) => s['id']).sort()).toEqual(expected.map((p) => p.fixture.serviceAtLocationIds[0]).sort());
    const ds = near.map(distance);
    expect(ds).toEqual([...ds].sort((a, b) => a - b));
    expect(Math.max(...ds)).toBeLessThanOrEqual(3000);
    // Without a proximity, everything, nearest first, across pages.
    const everything: Obj[] = [];
    for (let page = 1; page <= 4; page++)
      everything.push(...((await list(`/service_at_locations?postcode=HX1%201AA&per_page=10&page=${page}`))['contents'] as Obj[]));
    expect(everything).toHaveLength(SERVICE_COUNT);
    const all_ds = everything.map(distance);
    expect(all_ds).toEqual([...all_ds].sort((a, b) => a - b));
    expect((everything.at(-1)?.['location'] as Obj)['name']).toBe('Hebden Bridge Town Hall');
    // Combined with another filter.
    const lonelyNear = await all(`/service_at_locations?postcode=HX1%201AA&proximity=3000&taxonomy_term_id=${term('loneliness').id}`);
    expect(lonelyNear.map((s) => s['id']).sort()).toEqual(
      expected
        .filter((p) => p.terms.includes('loneliness'))
        .map((p) => p.fixture.serviceAtLocationIds[0])
        .sort(),
    );
    // The postcode is never written to the logs.
    expect(t.logs.join('\n')).not.toMatch(/HX1 ?1AA|hx11aa|HX1%201AA/i);
  });

  it('answers a page past the end with an empty last page', async () => {
    const body = await list('/services?page=99&per_page=10');
    expect(body).toEqual({
      total_items: SERVICE_COUNT,
      total_pages: 4,
      page_number: 99,
      size: 0,
      first_page: false,
      last_page: true,
      empty: true,
      contents: [],
    });
    expect(v.page('service.json')(body)).toBe(true);
  });

  it.each([
    ['/services?page=0', 'page'],
    ['/services?page=abc', 'page'],
    ['/services?page=1.5', 'page'],
    ['/services?per_page=101', 'per_page'],
    ['/services?per_page=-1', 'per_page'],
    ['/services?page=1&page=2', 'page'],
    ['/services?minimum_age=old', 'minimum_age'],
    ['/services?maximum_age=-3', 'maximum_age'],
    ['/services?taxonomy_term_id=loneliness', 'taxonomy_term_id'],
    ['/services?search=', 'search'],
    ['/services?search=' + 'x'.repeat(201), 'search'],
    ['/services?day=Monday', '(request)'],
    ['/services?search=a%00b', 'search'],
    ['/service_at_locations?postcode=HX1%001AA', 'postcode'],
    ['/service_at_locations?proximity=1000', 'proximity'],
    ['/service_at_locations?postcode=HX1%201AA&proximity=far', 'proximity'],
    ['/service_at_locations?postcode=NOT%20A%20POSTCODE', 'postcode'],
    ['/service_at_locations?postcode=HX9%209ZZ', 'postcode'],
    ['/taxonomy_terms?taxonomy_id=abc', 'taxonomy_id'],
    ['/organizations?search=x', '(request)'],
  ])('refuses %s with a coded 400 naming %s', async (url, field) => {
    const res = await t.app.inject({ method: 'GET', url: `/oruk${url}` });
    expect(res.statusCode, res.body).toBe(400);
    const error = res.json<{ error: { code: string; details?: { fields?: Record<string, string> } } }>().error;
    expect(error.code).toBe('invalid_input');
    if (field !== '(request)') expect(Object.keys(error.details?.fields ?? {})).toContain(field);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers unknown ids 404 and malformed ids 400, without writing to the audit trail', async () => {
    const count = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('audit_event')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const unknown = '01900000-0000-7000-8000-000000000000';
    for (const path of ['services', 'service_at_locations', 'organizations', 'taxonomies', 'taxonomy_terms']) {
      const res = await t.app.inject({ method: 'GET', url: `/oruk/${path}/${unknown}` });
      expect(res.statusCode, path).toBe(404);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('not_found');
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect((await t.app.inject({ method: 'GET', url: `/oruk/${path}/1'%20OR%201=1` })).statusCode).toBe(400);
    }
    const nowhere = await t.app.inject({ method: 'GET', url: '/oruk/locations' });
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.headers['content-type']).toContain('application/json');
    expect(await count()).toBe(before);
  });

  it('is open and cross-origin on /oruk only, GET only, and cacheable briefly', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/oruk/services', headers: { origin: 'https://elsewhere.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { origin: 'https://elsewhere.example' } });
    expect(api.statusCode).toBe(401);
    expect(api.headers['access-control-allow-origin']).toBeUndefined();
    expect(api.headers['cross-origin-resource-policy']).toBe('same-origin');
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.headers['access-control-allow-origin']).toBeUndefined();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const w = await t.app.inject({ method, url: '/oruk/services', headers: { 'content-type': 'application/json' }, payload: '{}' });
      expect(w.statusCode, method).toBe(404);
    }
    expect((await t.app.inject({ method: 'HEAD', url: '/oruk/services' })).statusCode).toBe(200);
  });

  it('never answers garbage with a 5xx', async () => {
    const NIL = '01900000-0000-7000-8000-000000000000';
    const paths = [
      '/oruk',
      '/oruk/',
      '/oruk/services',
      `/oruk/services/${NIL}`,
      '/oruk/services/%00',
      '/oruk/service_at_locations',
      `/oruk/service_at_locations/${NIL}`,
      '/oruk/organizations',
      '/oruk/organizations/%F0%9F%92%A9',
      '/oruk/taxonomies',
      `/oruk/taxonomies/${NIL}`,
      '/oruk/taxonomy_terms',
      `/oruk/taxonomy_terms/${NIL}`,
      '/oruk/..%2f..%2fapi',
      '/oruk/services/a/b',
    ];
    const queries = [
      '',
      '?page=-1',
      '?per_page=1e9',
      '?search=%27%3B%20drop%20table%20service%3B--',
      '?search=%E0%A4%A',
      '?postcode=%00',
      '?proximity=1&postcode=HX1%201AA',
      '?minimum_age=1e999',
      '?taxonomy_term_id[]=x',
      '?search=' + encodeURIComponent('\u0000\u202e'),
      '?__proto__[x]=1',
    ];
    for (const p of paths) {
      for (const q of queries) {
        const res = await t.app.inject({ method: 'GET', url: p + q });
        expect(res.statusCode, p + q).toBeLessThan(500);
      }
    }
  });

  it('reads a page and a full service with a fixed number of queries, whatever the page size (no query per row)', async () => {
    const counting = (c: QueryCounter) => t.database.db.withPlugin(c);
    const small = new QueryCounter();
    await listPublishedServices(counting(small), {}, 1, 1);
    const large = new QueryCounter();
    const page = await listPublishedServices(counting(large), {}, 1, 30);
    expect(page.items).toHaveLength(30);
    expect(large.count).toBe(small.count);
    const one = new QueryCounter();
    await loadServiceGraphs(
      counting(one),
      page.items.slice(0, 1).map((i) => i.service),
    );
    const many = new QueryCounter();
    const graphs = await loadServiceGraphs(
      counting(many),
      page.items.map((i) => i.service),
    );
    expect(graphs.every((g) => g.serviceAtLocations.length === 1 && g.contacts.length === 1)).toBe(true);
    expect(many.count).toBe(one.count);
    expect(one.count).toBeLessThan(20);
  });
});
