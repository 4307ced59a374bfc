import { describe, expect, it } from 'vitest';
import { findPlaces, gazetteerBuilder, localityOf, personPlace, placeKey, withoutPlaces, type Gazetteer } from './places.ts';

// Real Calderdale and North Lincolnshire places (coordinates to ~100 m).
const HALIFAX = { latitude: 53.7248, longitude: -1.8613 };
const SOWERBY_BRIDGE = { latitude: 53.7087, longitude: -1.9103 };
const SOWERBY = { latitude: 53.7019, longitude: -1.9306 };
const HEBDEN_BRIDGE = { latitude: 53.7418, longitude: -2.0135 };
const SHELF = { latitude: 53.7563, longitude: -1.8135 };
const BRIGG = { latitude: 53.5527, longitude: -0.4877 };
const BARTON = { latitude: 53.6839, longitude: -0.4386 };

function gazetteer(entries: readonly [string, { latitude: number; longitude: number }][]): Gazetteer {
  const b = gazetteerBuilder();
  for (const [name, p] of entries) b.add(name, p.latitude, p.longitude);
  return b.finish();
}

const CALDERDALE = gazetteer([
  ['Halifax', HALIFAX],
  ['Sowerby Bridge', SOWERBY_BRIDGE],
  ['Sowerby', SOWERBY],
  ['Hebden Bridge', HEBDEN_BRIDGE],
  ['Shelf', SHELF],
  ['Brigg', BRIGG],
  ['Barton-upon-Humber', BARTON],
  ['King Cross', { latitude: 53.7135, longitude: -1.8775 }],
  ['St. Ives', { latitude: 50.2119, longitude: -5.4802 }],
  ['Shirley', { latitude: 52.4063, longitude: -1.8211 }],
  ['March', { latitude: 52.5514, longitude: 0.0886 }],
]);

/** The names found, each as written in the text. */
const found = (text: string, g: Gazetteer = CALDERDALE) => findPlaces(g, text).map((f) => [f.name, text.slice(f.start, f.end)]);

describe('learning place names', () => {
  it('normalises case, punctuation, hyphens and Saint', () => {
    expect(placeKey('Barton-upon-Humber')).toBe('barton upon humber');
    expect(placeKey('  BARTON upon humber ')).toBe('barton upon humber');
    expect(placeKey('St. Ives')).toBe('saint ives');
    expect(placeKey('Saint Ives')).toBe('saint ives');
    expect(placeKey("King's Lynn")).toBe('kings lynn');
    expect(placeKey('King\u2019s Lynn')).toBe('kings lynn');
    expect(placeKey('Brighouse & Rastrick')).toBe('brighouse and rastrick');
    expect(placeKey('Ruddington, Nottingham')).toBe('ruddington nottingham');
    expect(placeKey('Hôtel-Dieu')).toBe('hotel dieu');
  });

  it('puts a place at the mean of the distinct locations named so; spellings that normalise alike are one place', () => {
    const g = gazetteer([
      ['Elland', { latitude: 53.68, longitude: -1.84 }],
      ['ELLAND', { latitude: 53.69, longitude: -1.83 }],
      ['Elland', { latitude: 53.68, longitude: -1.84 }], // the same location again (another service there)
      ['elland ', { latitude: 53.7, longitude: -1.85 }],
    ]);
    expect(g.size).toBe(1);
    const p = g.lookup('elland')!;
    expect(p.name).toBe('Elland'); // the spelling used most
    expect(p.locations).toBe(3);
    expect(p.latitude).toBeCloseTo((53.68 + 53.69 + 53.7) / 3, 10);
    expect(p.longitude).toBeCloseTo((-1.84 - 1.83 - 1.85) / 3, 10);
    expect(g.lookup('ELLAND')).toBe(p);
  });

  it('leaves out a far-off point (mis-geocoded), and drops a name found in two far-apart places', () => {
    const g = gazetteer([
      ['Elland', { latitude: 53.68, longitude: -1.84 }],
      ['Elland', { latitude: 53.69, longitude: -1.83 }],
      ['Elland', { latitude: 51.5, longitude: -0.12 }], // London: a head office
      ['Newport', { latitude: 51.58, longitude: -2.99 }], // Wales
      ['Newport', { latitude: 52.77, longitude: -2.38 }], // Shropshire
      ['Nowhere', { latitude: 0, longitude: 0 }],
      ['Nowhere', { latitude: Number.NaN, longitude: 1 }],
    ]);
    expect(g.lookup('Elland')).toMatchObject({ locations: 2, latitude: 53.685 });
    expect(g.lookup('Newport')).toBeUndefined();
    expect(g.dropped).toEqual(
      expect.arrayContaining([
        { name: 'Newport', reason: 'scattered' },
        { name: 'Nowhere', reason: 'no_location' },
      ]),
    );
  });

  it('drops names that are no usable place', () => {
    const g = gazetteer(
      [
        '',
        '  ',
        'HX1 1AA',
        'hx1',
        'Unit 4',
        'Centre',
        'Town',
        'VILLAGE',
        'North',
        'Town Centre',
        'Online',
        'West Yorkshire',
        'North Lincolnshire',
        'England',
        'Wesley Street',
        'Market St',
        'Halifax Town Hall',
        'Ground Floor, Unit 4',
        'one two three four five six',
      ].map((n) => [n, HALIFAX] as [string, typeof HALIFAX]),
    );
    expect(g.size).toBe(0);
    const why = Object.fromEntries(g.dropped.map((d) => [d.name, d.reason]));
    expect(why).toMatchObject({
      '': 'empty',
      'HX1 1AA': 'postcode',
      hx1: 'postcode',
      'Unit 4': 'digits',
      Centre: 'generic',
      'Town Centre': 'generic',
      'West Yorkshire': 'region',
      'North Lincolnshire': 'region',
      England: 'region',
      'Wesley Street': 'street_or_building',
      'Market St': 'street_or_building',
      'Halifax Town Hall': 'street_or_building',
      'one two three four five six': 'too_long',
    });
  });

  it('keeps the post town that nearly every location carries (still a place), and a more specific place beside it wins', () => {
    const entries: [string, { latitude: number; longitude: number }][] = [];
    for (let i = 0; i < 41; i++) entries.push(['Halifax', { latitude: 53.7 + i * 0.001, longitude: -1.86 }]);
    entries.push(['Sowerby Bridge', SOWERBY_BRIDGE], ['Elland', { latitude: 53.68, longitude: -1.84 }]);
    const g = gazetteer(entries);
    expect(g.lookup('Halifax')).toMatchObject({ locations: 41, latitude: 53.72 });
    expect(personPlace(g, 'lonely, lives in Halifax')?.name).toBe('Halifax');
    expect(personPlace(g, 'Sowerby Bridge, Halifax: widower, lonely')?.name).toBe('Sowerby Bridge');
  });

  it('marks names made of ordinary words, first names and months', () => {
    expect(CALDERDALE.lookup('Shelf')!.caution).toBe('common_word');
    expect(CALDERDALE.lookup('King Cross')!.caution).toBe('common_word');
    expect(CALDERDALE.lookup('Shirley')!.caution).toBe('first_name');
    expect(CALDERDALE.lookup('March')!.caution).toBe('date');
    expect(CALDERDALE.lookup('Hebden Bridge')!.caution).toBe('none');
    expect(CALDERDALE.lookup('Brigg')!.caution).toBe('none');
  });
});

describe('finding places in the words', () => {
  it('finds a multi-word name, with its offsets in the text as given', () => {
    const text = 'Moved to Hebden Bridge last year, knows nobody';
    const [f] = findPlaces(CALDERDALE, text);
    expect(f).toEqual({ name: 'Hebden Bridge', start: 9, end: 22, ...HEBDEN_BRIDGE });
    expect(text.slice(f!.start, f!.end)).toBe('Hebden Bridge');
  });

  it('takes the longest name where names share a first word (Sowerby Bridge vs Sowerby)', () => {
    expect(found('lives in Sowerby Bridge with her son')).toEqual([['Sowerby Bridge', 'Sowerby Bridge']]);
    expect(found('lives in Sowerby, near the bridge')).toEqual([['Sowerby', 'Sowerby']]);
    expect(found('lives in Sowerby. Bridge club on Tuesdays')).toEqual([['Sowerby', 'Sowerby']]);
    expect(found('from Sowerby to Sowerby Bridge')).toEqual([
      ['Sowerby', 'Sowerby'],
      ['Sowerby Bridge', 'Sowerby Bridge'],
    ]);
  });

  it('reads hyphenated names with or without the hyphens', () => {
    expect(found('lives in Barton-upon-Humber')).toEqual([['Barton-upon-Humber', 'Barton-upon-Humber']]);
    expect(found('lives in Barton upon Humber')).toEqual([['Barton-upon-Humber', 'Barton upon Humber']]);
    expect(found('lives in barton - upon - humber')).toEqual([['Barton-upon-Humber', 'barton - upon - humber']]);
    expect(found('St Ives, or St. Ives, or Saint Ives').map(([, w]) => w)).toEqual(['St Ives', 'St. Ives', 'Saint Ives']);
  });

  it('ignores case for ordinary names', () => {
    expect(found('MOVED TO HEBDEN BRIDGE')).toEqual([['Hebden Bridge', 'HEBDEN BRIDGE']]);
    expect(found('moved to hebden bridge')).toEqual([['Hebden Bridge', 'hebden bridge']]);
    expect(found('lonely widower in brigg')).toEqual([['Brigg', 'brigg']]);
  });

  it('never matches inside another word', () => {
    expect(found('walks down Briggate every day')).toEqual([]);
    expect(found('a Halifaxian born and bred')).toEqual([]);
    expect(found('Hebden Bridgeport')).toEqual([]);
    expect(found('Sowerbys')).toEqual([]);
  });

  it('reads names through the punctuation around them', () => {
    expect(found('lonely widower in Brigg.')).toEqual([['Brigg', 'Brigg']]);
    expect(found('(Brigg) widower; lonely')).toEqual([['Brigg', 'Brigg']]);
    expect(found('\u201cHebden Bridge\u201d')).toEqual([['Hebden Bridge', 'Hebden Bridge']]);
    expect(found("goes to Brigg's market")).toEqual([['Brigg', "Brigg's"]]);
    expect(found('Halifax,Brigg')).toEqual([
      ['Halifax', 'Halifax'],
      ['Brigg', 'Brigg'],
    ]);
    // a name does not run across a full stop or a comma
    expect(found('lives near Hebden. Bridge club')).toEqual([]);
    expect(found('Hebden, Bridge')).toEqual([]);
  });

  it('finds a common-word place only with a cue or a capital (Shelf)', () => {
    expect(found('lives in Shelf, lonely')).toEqual([['Shelf', 'Shelf']]);
    expect(found('a widow from Shelf')).toEqual([['Shelf', 'Shelf']]);
    expect(found('walks around Shelf most days')).toEqual([['Shelf', 'Shelf']]);
    expect(found('has just moved to Shelf')).toEqual([['Shelf', 'Shelf']]);
    expect(found('goes to the Shelf lunch club')).toEqual([['Shelf', 'Shelf']]); // capitalised in mid-sentence
    expect(found('lives in shelf')).toEqual([['Shelf', 'shelf']]); // lower case after a residence cue
    expect(found('near shelf')).toEqual([['Shelf', 'shelf']]);
    // ordinary words
    expect(found('fell reaching for a high shelf')).toEqual([]);
    expect(found('left on the shelf since retiring')).toEqual([]);
    expect(found('books in shelf')).toEqual([]); // lower case after a mere "in"
    expect(found('Shelf life of the food parcels is short')).toEqual([]); // first word of a sentence
    expect(found('Lonely. Shelf stacking job ended')).toEqual([]);
    expect(found('SHELF STACKER, LONELY')).toEqual([]); // capitals tell nothing
    expect(found('on the shelf at Halifax Food Bank')).toEqual([['Halifax', 'Halifax']]);
    expect(found('referred to the Halifax Food Shelf')).toEqual([['Halifax', 'Halifax']]); // inside a longer name
    expect(found('at King Cross')).toEqual([['King Cross', 'King Cross']]);
    expect(found('at the king cross roads')).toEqual([]);
  });

  it('needs a residence cue for a month, and never takes a first name after "to" or alone', () => {
    expect(found('husband died in March')).toEqual([]);
    expect(found('lives in March, Cambridgeshire')).toEqual([['March', 'March']]);
    expect(found('moved to March last year')).toEqual([['March', 'March']]);
    expect(found('moved in March, born in March')).toEqual([]);
    expect(found('spoke to Shirley about the choir')).toEqual([]);
    expect(found('Shirley is lonely')).toEqual([]);
    expect(found('her friend Shirley visits')).toEqual([]);
    expect(found('lives in Shirley')).toEqual([['Shirley', 'Shirley']]);
    expect(found('a widow in Shirley')).toEqual([['Shirley', 'Shirley']]);
  });

  it('a name before a street word is a street, and after a title a surname', () => {
    expect(found('lives on Halifax Road in Brigg')).toEqual([['Brigg', 'Brigg']]);
    expect(found('Halifax road')).toEqual([]);
    expect(found('Mrs Brigg is lonely')).toEqual([]);
    expect(found('Mrs. Brigg is lonely')).toEqual([]);
    expect(found('Mr Halifax, Brigg')).toEqual([['Brigg', 'Brigg']]);
  });

  it('finds nothing with an empty gazetteer (a directory with no addresses)', () => {
    const empty = gazetteerBuilder().finish();
    expect(empty.size).toBe(0);
    expect(findPlaces(empty, 'moved to Hebden Bridge')).toEqual([]);
    expect(personPlace(empty, 'moved to Hebden Bridge')).toBeNull();
  });

  it('personPlace prefers the place after a residence cue, else the most specific', () => {
    expect(personPlace(CALDERDALE, 'grew up in Halifax but lives in Hebden Bridge now')?.name).toBe('Hebden Bridge');
    expect(personPlace(CALDERDALE, 'no place named')).toBeNull();
  });

  it('withoutPlaces blanks the places out, keeping the other offsets', () => {
    const text = 'moved to Hebden Bridge, likes bridge club';
    const out = withoutPlaces(text, findPlaces(CALDERDALE, text));
    expect(out).toBe('moved to              , likes bridge club');
    expect(out).toHaveLength(text.length);
  });

  it('is fast: a few thousand names, a query of about twenty words', () => {
    const b = gazetteerBuilder();
    const syll = ['ab', 'ber', 'cal', 'den', 'ell', 'ford', 'gate', 'ham', 'ing', 'ley', 'mor', 'ton', 'wick', 'by', 'thorpe'];
    let n = 0;
    for (const a of syll)
      for (const c of syll)
        for (const d of syll) {
          if (n++ >= 3000) break;
          b.add(n % 3 === 0 ? `${a}${c} ${d}ton` : `${a}${c}${d}`, 53 + (n % 100) / 100, -1.5 - (n % 70) / 100);
        }
    const g = b.finish();
    expect(g.size).toBeGreaterThan(2500);
    const text = 'lonely widower in Abcalden since his wife died, likes singing and walking, moved to Berham Fordton last year';
    const t0 = performance.now();
    for (let i = 0; i < 2000; i++) findPlaces(g, text);
    const perQuery = (performance.now() - t0) / 2000;
    expect(perQuery).toBeLessThan(0.5); // ms (measured ~0.01 ms)
  });
});

describe('reading a locality from an address line', () => {
  it('takes a plain locality and refuses streets, buildings and numbers', () => {
    expect(localityOf('Sowerby')).toBe('Sowerby');
    expect(localityOf(' King  Cross ')).toBe('King Cross');
    expect(localityOf('Holywell Green')).toBe('Holywell Green');
    expect(localityOf('Barton-upon-Humber')).toBe('Barton-upon-Humber');
    for (const no of [
      null,
      undefined,
      '',
      'Wharf Street',
      'Market St',
      'Ground Floor',
      'Unit 4',
      '11 Wesley Street',
      'Savile Park',
      'Off Market Street',
      'Rear of the Church Hall',
      'HX1 1AA',
      'Suite B',
      'Halifax, West Yorkshire',
      'Town Centre',
      'Bank Top Industrial Estate',
    ])
      expect(localityOf(no), String(no)).toBeNull();
  });
});
