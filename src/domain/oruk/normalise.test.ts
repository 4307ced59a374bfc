import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.ts';
import { classifyService, needsFromClassification } from './classify-service.ts';
import { nextPageNumber, parseFeedPage } from './feed.ts';
import { normaliseFeed } from './normalise.ts';
import { toPlainText } from './plain-text.ts';

const FEEDS = new URL('../../../../shared/data/oruk/', import.meta.url);
const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, FEEDS), 'utf8'));
const bristol = readJson('feeds/bristol-services.json') as Record<string, unknown>[];
const northLincs = readJson('feeds/north-lincolnshire-services.json') as Record<string, unknown>[];
const byId = (items: Record<string, unknown>[], id: string) => items.filter((r) => r['id'] === id);

function thrown(fn: () => unknown): { code: string; details: unknown; message: string } {
  try {
    fn();
  } catch (err) {
    if (isAppError(err)) return { code: err.code, details: err.details, message: err.message };
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('feed pages', () => {
  it('reads a bare array, an ORUK 3.0 page and an ORUK 1.0 page', () => {
    expect(parseFeedPage([{ id: 'a' }])).toEqual({ items: [{ id: 'a' }], paging: null });
    const v3 = parseFeedPage(readJson('spec/3.0/examples/service_list.json'));
    expect(v3.items).toHaveLength(1);
    expect(v3.paging).toEqual({ pageNumber: 1, totalPages: 10, totalItems: 10, lastPage: false });
    const v1 = parseFeedPage({ totalElements: 3, totalPages: 2, number: 0, size: 2, first: true, last: false, content: [{}, {}] });
    expect(v1.paging).toEqual({ pageNumber: 0, totalPages: 2, totalItems: 3, lastPage: false });
  });

  it('refuses what is not a feed, with a code and without quoting it', () => {
    for (const bad of [{ services: [] }, 'text', 42, null, { contents: 'x' }]) {
      const e = thrown(() => parseFeedPage(bad));
      expect(e.code).toBe('invalid_input');
      expect(e.details).toMatchObject({ reason: 'wrong_shape' });
    }
  });

  it('pages on to the end whether pages count from 1 (3.0) or 0 (1.0 servers)', () => {
    const p = (pageNumber: number | null, totalPages: number | null, lastPage: boolean | null) => ({ pageNumber, totalPages, totalItems: null, lastPage });
    expect(nextPageNumber(p(1, 3, false), 1, 10)).toBe(2);
    expect(nextPageNumber(p(3, 3, null), 3, 10)).toBeNull();
    expect(nextPageNumber(p(0, 2, null), 0, 10)).toBe(1);
    expect(nextPageNumber(p(1, 2, null), 1, 10)).toBe(2);
    expect(nextPageNumber(p(2, 9, true), 2, 10)).toBeNull();
    expect(nextPageNumber(p(null, null, null), 4, 0)).toBeNull();
    expect(nextPageNumber(null, 1, 10)).toBeNull();
  });
});

describe('plain text from feed HTML', () => {
  it('drops tags and scripts, decodes entities, and treats an empty paragraph as missing', () => {
    expect(toPlainText('<h4>Drug &amp; alcohol</h4><p>Free&nbsp;help<br>by phone</p><script>alert(1)</script>')).toBe('Drug & alcohol\n\nFree help\nby phone');
    expect(toPlainText('<p><br></p>')).toBeNull();
    expect(toPlainText('   ')).toBeNull();
    expect(toPlainText('Plain text\nkeeps its lines & its < signs')).toBe('Plain text\nkeeps its lines & its < signs');
    expect(toPlainText('Tom &amp; Jerry\nline two')).toBe('Tom & Jerry\nline two');
    expect(toPlainText('<a href="javascript:alert(1)">Visit</a> <img src=x onerror=alert(1)>')).toBe('Visit');
  });
});

describe('normalising the real Bristol feed (ORUK 1.0 list shape)', () => {
  const feed = normaliseFeed(bristol);

  it('keeps every usable record and says why the others were skipped', () => {
    expect(feed.records).toBe(819);
    // One record has no name (and no organisation), one id appears twice (the second is left
    // out), six more have no organisation at all (counted here straight from the file).
    const noOrg = bristol.filter((r) => (r['organization'] ?? null) === null && typeof r['name'] === 'string' && r['name'].trim() !== '').length;
    expect(noOrg).toBe(6);
    expect(feed.skipped).toEqual({ missing_name: 1, duplicate_id: 1, missing_organisation: 6 });
    expect(feed.services).toHaveLength(819 - 8);
    expect(new Set(feed.services.map((s) => s.externalId)).size).toBe(811);
    // Skipped-for-content records are still "present": they must not be flagged missing later.
    expect(feed.presentIds).toHaveLength(818);
  });

  it('leaves no HTML and no empty strings in what it keeps', () => {
    const texts = feed.services.flatMap((s) => [s.name, s.description, s.url, s.email, s.applicationProcess, s.organisation.name, s.organisation.description]);
    expect(texts.filter((t) => t !== null && /<\/?[a-z][^>]*>|&nbsp;|&amp;/i.test(t))).toEqual([]);
    expect(texts.filter((t) => t === '')).toEqual([]);
  });

  it('keeps the first of two records sharing an id', () => {
    const pair = byId(bristol, '2af617e5-4532-bebe-1036-ffdf2e93ce55');
    expect(pair).toHaveLength(2);
    const kept = feed.services.find((s) => s.externalId === '2af617e5-4532-bebe-1036-ffdf2e93ce55');
    expect(kept?.name).toBe(pair[0]?.['name']);
  });

  it('reads a known service field by field', () => {
    const s = feed.services.find((x) => x.externalId === '2a3483ea-8966-4f50-9dc3-7bafa1e5c623');
    expect(s).toMatchObject({
      name: '1625 Independent People',
      url: 'http://1625ip.co.uk',
      email: 'enquiries@1625ip.co.uk',
      status: 'active',
      feesDescription: null,
    });
    expect(s?.description).not.toMatch(/</);
    expect(s?.assuredDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(s?.organisation.externalId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('turns the target audience into taxonomy terms, with "A>B" as a child of A', () => {
    const visual = feed.services.flatMap((s) => s.taxonomyTerms).find((t) => t.key === 'Sensory Impaired>Visually Impaired');
    expect(visual).toMatchObject({ name: 'Visually Impaired', parentKey: 'Sensory Impaired', taxonomy: { key: 'pc_targetAudience', name: 'Target audience' } });
    // "Dementia " and "Dementia" are one term.
    const dementia = new Set(
      feed.services
        .flatMap((s) => s.taxonomyTerms)
        .filter((t) => t.name.startsWith('Dementia'))
        .map((t) => t.key),
    );
    expect([...dementia]).toEqual(['Dementia']);
  });
});

describe('normalising the real North Lincolnshire feed', () => {
  const feed = normaliseFeed(northLincs);
  it('imports every record: all have an id, a name and an organisation', () => {
    expect(feed.records).toBe(738);
    expect(feed.skipped).toEqual({});
    expect(feed.services).toHaveLength(738);
  });
  it('decodes the drug and alcohol service and says how to get in', () => {
    const s = feed.services.find((x) => x.externalId === '738f94e0-aa6c-6a5c-2395-7b64421ba2a5');
    expect(s?.description).toContain('Struggling with Drug & Alcohol Addiction?');
    expect(s?.description).not.toContain('&nbsp;');
    expect(s?.organisation).toMatchObject({ name: 'Victor House', website: 'https://www.northlincs.gov.uk/' });
    expect(needsFromClassification(classifyService(s!))).toContain('substance_use');
  });
});

describe('tolerance and its limits', () => {
  const minimal = { id: 7, name: 'Lunch club', organisation: { id: 12, name: 'Friends' } };

  it('reads integer ids as text, the "organisation" spelling, and empty strings as missing', () => {
    const feed = normaliseFeed([{ ...minimal, description: '', url: '', minimum_age: '', status: '' }]);
    expect(feed.services[0]).toMatchObject({
      externalId: '7',
      description: null,
      url: null,
      minimumAge: null,
      status: 'active',
      organisation: { externalId: '12', name: 'Friends' },
    });
  });

  it('reads an ORUK 3.0 service in full (the official example)', () => {
    const s = normaliseFeed([readJson('spec/3.0/examples/service_full.json')]).services[0]!;
    expect(s).toMatchObject({ minimumAge: 12, maximumAge: 100, feesDescription: 'fees_description', assuredDate: '2005-01-01' });
    expect(s.schedules[0]).toMatchObject({ freq: 'WEEKLY', byday: 'TH,FR', opensAt: '10:00:00' });
    expect(s.serviceAtLocations[0]?.location).toMatchObject({ externalId: '3a19ff88-4620-4d17-9830-ac1d859eb5d5', name: 'MyCity Civic Center' });
    // The example's latitude 100 is impossible: dropped, with a warning.
    expect(s.serviceAtLocations[0]?.location.latitude).toBeNull();
    expect(s.serviceAtLocations[0]?.location.addresses[0]).toMatchObject({ address1: '1-30 Main Street', postalCode: 'ABC 1234' });
    expect(s.costOptions[0]).toMatchObject({ amount: 35, option: 'Under 18s and Over 60s' });
    expect(s.contacts[0]).toMatchObject({ name: 'Ann Persona', title: 'Reception Manager' });
    expect(s.taxonomyTerms[0]).toMatchObject({ key: '3f7b145d-84af-42d7-8fae-eaca714b02b2', parentKey: '0bc248fa-dc27-4650-9ba4-8f1a24ef16a2' });
  });

  it('reads ORUK 1.0 details: weekday schedules, physical addresses, eligibility ages, languages', () => {
    const s = normaliseFeed([
      {
        ...minimal,
        regular_schedules: [{ weekday: 'Tuesday', opens_at: '10:00', closes_at: '12:00' }],
        service_at_locations: [
          {
            location: {
              id: 99,
              latitude: '53.72',
              longitude: '-1.86',
              physical_addresses: [{ address_1: '1 Square Road', city: 'Halifax', postal_code: 'hx1 1aa' }, { address_1: 'No postcode' }],
            },
          },
        ],
        eligibilitys: [{ minimum_age: 18 }, { maximum_age: '65' }],
        languages: [{ language: 'Polish' }],
        age: -1,
        minimum_age: -3,
      },
    ]);
    const svc = s.services[0]!;
    expect(svc.schedules[0]).toMatchObject({ freq: 'WEEKLY', byday: 'TU', opensAt: '10:00' });
    expect(svc.serviceAtLocations[0]?.location).toMatchObject({ externalId: '99', latitude: 53.72, longitude: -1.86 });
    expect(svc.serviceAtLocations[0]?.location.addresses).toEqual([
      {
        attention: null,
        address1: '1 Square Road',
        address2: null,
        city: 'Halifax',
        region: null,
        stateProvince: '',
        postalCode: 'HX1 1AA',
        country: 'GB',
        addressType: 'physical',
      },
    ]);
    expect(svc).toMatchObject({ minimumAge: 18, maximumAge: 65 });
    expect(svc.languages).toEqual([{ name: 'Polish', code: null, note: null }]);
    expect(s.warnings).toEqual({ address_incomplete: 1, invalid_age: 1 });
  });

  it('mends web addresses without a scheme and drops what is not a web address or an e-mail address', () => {
    const feed = normaliseFeed([
      {
        ...minimal,
        id: 1,
        url: 'www.example.org/groups',
        email: 'mailto:hello@example.org',
        organisation: { id: 12, name: 'Friends', url: 'http:www.example.org' },
      },
      { ...minimal, id: 2, url: 'example/counselling', email: 'email-example_com' },
      { ...minimal, id: 3, url: 'https://example.org/a b', email: 'two@example.org; three@example.org' },
    ]);
    expect(feed.services.map((s) => [s.url, s.email, s.organisation.website])).toEqual([
      ['http://www.example.org/groups', 'hello@example.org', 'http://www.example.org'],
      [null, null, null],
      [null, null, null],
    ]);
    expect(feed.warnings).toEqual({ invalid_url: 2, invalid_email: 2 });
  });

  it('reads the ORUK validator mocks that pass, and drops the bad values of the one that fails', () => {
    for (const kind of ['V3.0-UK-Default', 'V3.0-UK-Warn']) {
      expect(normaliseFeed(parseFeedPage(readJson(`validator-mocks/${kind}/service_list.json`)).items).services).toHaveLength(1);
    }
    const failing = normaliseFeed([readJson('validator-mocks/V3.0-UK-Fail/service_full.json')]);
    expect(failing.services[0]).toMatchObject({ url: null, email: null });
    expect(failing.warnings).toMatchObject({ invalid_url: 1, invalid_email: 1 });
    // The failing list's records have no names: each is skipped, none imported.
    expect(normaliseFeed(parseFeedPage(readJson('validator-mocks/V3.0-UK-Fail/service_list.json')).items).skipped).toEqual({ missing_name: 4 });
  });

  it('lets no markup through, not even in short code fields or addresses', () => {
    const [s] = normaliseFeed([
      {
        ...minimal,
        url: 'http://example.org/<script>',
        schedules: [{ byday: '<b>MO</b>', opens_at: '<i>10:00</i>' }],
        cost_options: [{ currency: '<u>GBP</u>' }],
      },
    ]).services;
    expect(s?.url).toBeNull();
    expect(s?.schedules[0]).toMatchObject({ byday: 'MO', opensAt: '10:00' });
    expect(s?.costOptions[0]?.currency).toBe('GBP');
  });

  it('fails the whole feed on a structurally broken record, naming where but not what', () => {
    const e = thrown(() => normaliseFeed([minimal, minimal, { ...minimal, id: 8, contacts: [{ name: 'Secret Person', phones: 'not a list' }] }]));
    expect(e.code).toBe('invalid_input');
    expect(e.details).toEqual({ reason: 'malformed_record', record: 3, field: 'contacts.0.phones' });
    expect(e.message).not.toContain('Secret Person');
    expect(thrown(() => normaliseFeed([minimal, 'oops'])).details).toEqual({ reason: 'malformed_record', record: 2, field: 'record' });
    expect(thrown(() => normaliseFeed([{ ...minimal, name: { first: 'x' } }])).details).toMatchObject({ field: 'name' });
  });
});

describe('classification of imported services', () => {
  it('reads needs from ORUK 3.0 taxonomy terms such as Open Eligibility ones, even when the text is silent', () => {
    const [s] = normaliseFeed([
      {
        id: 'p',
        name: 'Saturday pantry',
        organization: { id: 'o', name: 'O' },
        attributes: [{ id: 'a', taxonomy_term: { id: '1131', name: 'Food Pantry', description: 'Food Pantry', taxonomy: 'Open Eligibility' } }],
      },
    ]).services;
    const c = classifyService(s!);
    expect(c).toContainEqual({ need: 'food', confidence: 0.8, terms: ['Food Pantry'] });
    expect(s?.taxonomyTerms[0]?.taxonomy).toEqual({ key: 'Open Eligibility', name: 'Open Eligibility' });
  });

  it('combines the text and the taxonomy terms, keeping the words that triggered each need', () => {
    const [s] = normaliseFeed([
      {
        id: 'x',
        name: 'Memory café',
        description: '<p>A friendly drop-in for people living with dementia and their carers.</p>',
        organization: { id: 'o', name: 'O' },
        pc_targetAudience: [{ id: '1', audienceType: 'Dementia ' }],
      },
    ]).services;
    const c = classifyService(s!);
    const dementia = c.find((x) => x.need === 'dementia_memory');
    expect(dementia?.confidence).toBeGreaterThan(0.8);
    expect(dementia?.terms).toEqual(expect.arrayContaining(['dementia', 'Dementia']));
    expect(needsFromClassification(c)).toContain('dementia_memory');
  });
});
