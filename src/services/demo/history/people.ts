import type { EthnicCategoryCode } from '../../../domain/ethnicity.ts';
import type { Sex } from '../../../domain/schemas/person-details.ts';
import type { DemoPostcode } from './geography.ts';
import type { Prng } from './prng.ts';

/** An invented person of the demo history. Names are made up; NHS numbers are in the 999 test range. */
export interface DemoPerson {
  nhsNumber: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  /** The sex recorded, or null when the form left it out. */
  sex: Sex | null;
  /** The ethnic category recorded: Z when the person chose not to say, null when nobody asked. */
  ethnicCategory: EthnicCategoryCode | null;
  address: { line1: string; town: string; postcode: string };
  phone: string | null;
  email: string | null;
  /** The language spoken at home, when not English, and whether an interpreter is needed. */
  language: { name: string; interpreter: boolean } | null;
  imdDecile: number;
}

type Background = 'british' | 'south_asian' | 'east_european' | 'black' | 'east_asian' | 'middle_eastern';

const NAMES: Readonly<Record<Background, { female: readonly string[]; male: readonly string[]; family: readonly string[] }>> = {
  british: {
    female: [
      'Susan',
      'Karen',
      'Julie',
      'Margaret',
      'Janet',
      'Linda',
      'Sarah',
      'Emma',
      'Claire',
      'Lisa',
      'Joanne',
      'Rachel',
      'Hannah',
      'Amy',
      'Chloe',
      'Jessica',
      'Patricia',
      'Barbara',
      'Christine',
      'Sandra',
      'Pauline',
      'Gillian',
      'Dorothy',
      'Joan',
      'Brenda',
      'Jean',
      'Shirley',
      'Maureen',
      'Elaine',
      'Denise',
      'Kelly',
      'Gemma',
      'Lauren',
      'Sophie',
      'Ellie',
      'Irene',
      'Edith',
      'Vera',
      'Nicola',
      'Tracey',
    ],
    male: [
      'David',
      'John',
      'Michael',
      'Peter',
      'Paul',
      'Andrew',
      'Mark',
      'Stephen',
      'Ian',
      'Gary',
      'Robert',
      'Kevin',
      'Darren',
      'Lee',
      'Craig',
      'Daniel',
      'James',
      'Thomas',
      'Ryan',
      'Jack',
      'Liam',
      'Callum',
      'Brian',
      'Keith',
      'Graham',
      'Derek',
      'Colin',
      'Trevor',
      'Alan',
      'Barry',
      'Malcolm',
      'Terry',
      'Dennis',
      'Geoff',
      'Neil',
      'Shaun',
      'Harold',
      'Roy',
      'Philip',
      'Wayne',
    ],
    family: [
      'Sutcliffe',
      'Ackroyd',
      'Holroyd',
      'Greenwood',
      'Crowther',
      'Mitchell',
      'Barker',
      'Haigh',
      'Lumb',
      'Firth',
      'Hartley',
      'Pickles',
      'Wadsworth',
      'Crossley',
      'Booth',
      'Priestley',
      'Horsfall',
      'Ingham',
      'Whiteley',
      'Stansfield',
      'Helliwell',
      'Thornton',
      'Shackleton',
      'Marsden',
      'Bottomley',
      'Brearley',
      'Gledhill',
      'Sykes',
      'Hirst',
      'Walsh',
      'Smith',
      'Taylor',
      'Brown',
      'Wilson',
      'Robinson',
      'Wood',
      'Thompson',
      'Wright',
      'Walker',
      'Hall',
      'Clarke',
      'Jackson',
      'Harrison',
      'Mellor',
      'Riley',
      'Ashworth',
      'Dyson',
      'Midgley',
      'Naylor',
      'Fielding',
    ],
  },
  south_asian: {
    female: [
      'Aisha',
      'Fatima',
      'Ayesha',
      'Nadia',
      'Saima',
      'Shazia',
      'Rukhsana',
      'Nasreen',
      'Samina',
      'Zainab',
      'Maryam',
      'Hina',
      'Amina',
      'Sadia',
      'Farzana',
      'Parveen',
      'Anjali',
      'Sunita',
    ],
    male: [
      'Mohammed',
      'Imran',
      'Asif',
      'Tariq',
      'Shahid',
      'Zafar',
      'Khalid',
      'Naveed',
      'Adnan',
      'Bilal',
      'Usman',
      'Hamza',
      'Faisal',
      'Rashid',
      'Arif',
      'Ravi',
      'Sanjay',
    ],
    family: [
      'Hussain',
      'Khan',
      'Ahmed',
      'Ali',
      'Iqbal',
      'Akhtar',
      'Mahmood',
      'Rashid',
      'Shah',
      'Qureshi',
      'Malik',
      'Aslam',
      'Rehman',
      'Patel',
      'Sharma',
      'Miah',
      'Uddin',
      'Butt',
    ],
  },
  east_european: {
    female: ['Agnieszka', 'Katarzyna', 'Marta', 'Ewa', 'Anna', 'Magdalena', 'Ioana', 'Elena', 'Daiva'],
    male: ['Piotr', 'Tomasz', 'Krzysztof', 'Pawel', 'Marek', 'Andrei', 'Mihai', 'Jonas'],
    family: ['Nowak', 'Wisniewski', 'Lewandowski', 'Kaminski', 'Zielinski', 'Wojcik', 'Popescu', 'Ionescu', 'Kazlauskas'],
  },
  black: {
    female: ['Grace', 'Blessing', 'Joy', 'Precious', 'Abena', 'Chipo', 'Marcia', 'Yvonne'],
    male: ['Kwame', 'Emmanuel', 'Samuel', 'Tendai', 'Desmond', 'Winston', 'Tunde'],
    family: ['Mensah', 'Okafor', 'Adeyemi', 'Banda', 'Moyo', 'Campbell', 'Francis', 'Asante'],
  },
  east_asian: {
    female: ['Mei', 'Lin', 'Xiu', 'Hua'],
    male: ['Wei', 'Jun', 'Hao', 'Ming'],
    family: ['Chen', 'Wong', 'Zhang', 'Liu', 'Lam'],
  },
  middle_eastern: {
    female: ['Layla', 'Sara', 'Rana', 'Noor'],
    male: ['Ahmad', 'Omar', 'Karwan', 'Yusuf'],
    family: ['Hassan', 'Abdullah', 'Karimi', 'Rahimi', 'Saleh'],
  },
};

/** Who lives in Halifax, roughly (Census 2021 for Calderdale): a background, and the categories people of it record, weighted. */
const BACKGROUNDS: readonly (readonly [readonly [Background, readonly (readonly [EthnicCategoryCode, number])[]], number])[] = [
  [
    [
      'british',
      [
        ['A', 90],
        ['B', 2],
        ['D', 3],
        ['F', 3],
        ['G', 2],
      ],
    ],
    80,
  ],
  [
    [
      'south_asian',
      [
        ['J', 70],
        ['K', 10],
        ['H', 12],
        ['L', 8],
      ],
    ],
    12.5,
  ],
  [['east_european', [['C', 1]]], 3.5],
  [
    [
      'black',
      [
        ['N', 45],
        ['M', 30],
        ['P', 10],
        ['E', 15],
      ],
    ],
    1.8,
  ],
  [['east_asian', [['R', 1]]], 0.7],
  [['middle_eastern', [['S', 1]]], 1.5],
];

const LANGUAGES: Readonly<Partial<Record<Background, readonly string[]>>> = {
  south_asian: ['Urdu', 'Punjabi', 'Bengali'],
  east_european: ['Polish', 'Romanian', 'Lithuanian'],
  middle_eastern: ['Kurdish Sorani', 'Arabic'],
  east_asian: ['Cantonese'],
};

const STREETS = [
  'Moorside Terrace',
  'Well Lane',
  'Mill Row',
  'Chapel Fold',
  'Beechwood Road',
  'Hollins Street',
  'Crag View',
  'Ashgrove Avenue',
  'Orchard Close',
  'Weavers Court',
  'Spring Bank',
  'Quarry Road',
  'Cliffe Terrace',
  'Rookery Lane',
  'Shaw Street',
  'Willow Grove',
  'Hebble View',
  'Foundry Walk',
  'Brookside',
  'Scar Top Lane',
  'Nettle Hill',
  'Carr Green Road',
  'Pellon Rise',
  'Hopwood Grove',
];

const TOWNS: Readonly<Record<string, string>> = { HX4: 'Halifax', HX5: 'Elland', HX6: 'Sowerby Bridge', HX7: 'Hebden Bridge' };

/** Ages of people referred to social prescribing (skewed to mid and later life), as [from, to, weight]. */
const AGE_BANDS: readonly (readonly [readonly [number, number], number])[] = [
  [[18, 24], 6],
  [[25, 34], 9],
  [[35, 44], 12],
  [[45, 54], 15],
  [[55, 64], 17],
  [[65, 74], 18],
  [[75, 84], 15],
  [[85, 96], 8],
];

/** A valid NHS number in the 999 range (Modulus 11 check digit; never the all-nines number). */
export function nhsNumberFrom(six: number): string | null {
  const body = `999${String(six).padStart(6, '0')}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return null;
  const n = `${body}${check}`;
  return n === '9999999999' ? null : n;
}

/** Makes unique invented people: NHS numbers and name + date of birth pairs are never repeated. */
export class PeopleFactory {
  readonly #usedNhs = new Set<string>();
  readonly #usedIdentity = new Set<string>();

  constructor(taken: readonly string[] = []) {
    for (const n of taken) this.#usedNhs.add(n);
  }

  #nhsNumber(rng: Prng): string {
    for (;;) {
      const n = nhsNumberFrom(rng.int(0, 999_999));
      if (n !== null && !this.#usedNhs.has(n)) {
        this.#usedNhs.add(n);
        return n;
      }
    }
  }

  /**
   * A person referred on `onDate` living at one of `homes`. `withNhsNumber` is false for some
   * self-referrals (people rarely know their NHS number).
   */
  make(rng: Prng, onDate: string, homes: readonly (readonly [DemoPostcode, number])[], opts: { withNhsNumber: boolean; minAge?: number }): DemoPerson {
    const [background, categories] = rng.weighted(BACKGROUNDS);
    const names = NAMES[background];
    const female = rng.chance(0.59);
    const recordedSex: Sex | null = rng.chance(0.015) ? null : rng.chance(0.004) ? 'not_known' : female ? 'female' : 'male';
    const [from, to] = rng.weighted(AGE_BANDS);
    const age = Math.max(opts.minAge ?? 18, rng.int(from, to));
    const year = Number(onDate.slice(0, 4)) - age - 1;
    let givenName = '';
    let familyName = '';
    let dateOfBirth = '';
    for (let tries = 0; ; tries++) {
      givenName = rng.pick(female ? names.female : names.male);
      familyName = rng.pick(names.family);
      dateOfBirth = `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      const key = `${givenName}|${familyName}|${dateOfBirth}`;
      if (!this.#usedIdentity.has(key) || tries > 50) {
        this.#usedIdentity.add(key);
        break;
      }
    }
    // Ethnicity is poorly recorded: some chose not to say (Z), for some nobody asked (left empty).
    const ethnicCategory: EthnicCategoryCode | null = rng.chance(0.07) ? 'Z' : rng.chance(0.09) ? null : rng.weighted(categories);
    const home = rng.weighted(homes);
    const outward = home.postcode.slice(0, 3);
    const languages = LANGUAGES[background];
    const speaksOther = languages !== undefined && rng.chance(age >= 55 ? 0.45 : 0.15);
    const mobile = age < 75 || rng.chance(0.4);
    return {
      nhsNumber: opts.withNhsNumber ? this.#nhsNumber(rng) : null,
      givenName,
      familyName,
      dateOfBirth,
      sex: recordedSex,
      ethnicCategory,
      address: { line1: `${rng.int(1, 140)} ${rng.pick(STREETS)}`, town: TOWNS[outward] ?? 'Halifax', postcode: home.postcode },
      // Ofcom's ranges for drama: 07700 900000–900999 and 01632 960000–960999 reach nobody.
      phone: mobile ? `07700 900${String(rng.int(0, 999)).padStart(3, '0')}` : `01632 960${String(rng.int(0, 999)).padStart(3, '0')}`,
      email: age < 60 && rng.chance(0.35) ? `${givenName}.${familyName}${rng.int(1, 99)}@example.com`.toLowerCase() : null,
      language: speaksOther && languages !== undefined ? { name: rng.pick(languages), interpreter: rng.chance(0.5) } : null,
      imdDecile: home.imdDecile,
    };
  }
}

/** Age in whole years on a date. */
export function ageOn(dateOfBirth: string, onDate: string): number {
  const years = Number(onDate.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return onDate.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}
