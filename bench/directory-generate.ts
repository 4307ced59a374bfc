/**
 * A synthetic community service directory for the speed benchmark (issue 4 part 8): by default
 * 100,000 services, seeded, so the same seed always gives the same directory, byte for byte.
 *
 * It imitates the real ORUK feeds in ../shared/data/oruk/feeds (Bristol, North Lincolnshire):
 * - organisations hold one service (most) to dozens (a few: "The Ropewalk" has 61, U3As ~20), and
 *   the big ones run branches with near-identical names ("Chatty Café – Highfield", "– Moorside");
 * - names are short (2–8 words); descriptions are plain text (what the importer stores once the
 *   feed's HTML is sanitised) of ~18–260 words, median ~90, written from a vocabulary of
 *   activities, the needs they meet, who they are for, and practical detail (where, when, cost),
 *   with sentences of the real feeds mixed in for a real directory's vocabulary;
 * - Linkwork's own fields: minimum/maximum age, capacity (open / waiting list / closed), waiting
 *   weeks, ORUK status (some inactive, temporarily closed or defunct), last verified (about 40%
 *   stale: older than 6 months, or never verified and an old assured date), takes referrals or signpost-only;
 * - ORUK objects around each service: a location (lat/long = a real English postcode district's
 *   centroid from ../shared/data/geo/postcode-outcodes.csv plus up to ~2 km of jitter) with an
 *   address, service_at_location, weekly schedules (days and times), cost options (free / paid /
 *   donation), accessibility of the venue, languages; phone and online services have no location.
 *
 * The rows are shaped as the database's tables (`Insertable<DB[table]>`), so the same directory can
 * be inserted into a migrated database and read back through the app's loader, or handed to an
 * index directly. `generateQueries` makes the link-worker queries run against it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { convert } from 'html-to-text';
import type { Insertable } from 'kysely';
import type { BarrierCode } from '../src/domain/barriers.ts';
import type { MatchableService, Weekday } from '../src/domain/matching/types.ts';
import { classifyText } from '../src/domain/needs-classifier.ts';
import type { NeedCode } from '../src/domain/needs.ts';
import type { DB } from '../src/db/schema.ts';
import { Random } from './support.ts';

// ---- places ----

/** English postcode areas and the town a link worker would name; outcodes come from the CSV. */
const TOWNS: readonly (readonly [area: string, town: string])[] = [
  ['HX', 'Halifax'],
  ['HD', 'Huddersfield'],
  ['BD', 'Bradford'],
  ['LS', 'Leeds'],
  ['WF', 'Wakefield'],
  ['SR', 'Sunderland'],
  ['NE', 'Newcastle'],
  ['DH', 'Durham'],
  ['TS', 'Middlesbrough'],
  ['DN', 'Scunthorpe'],
  ['S', 'Sheffield'],
  ['HU', 'Hull'],
  ['YO', 'York'],
  ['M', 'Manchester'],
  ['OL', 'Oldham'],
  ['BL', 'Bolton'],
  ['WN', 'Wigan'],
  ['PR', 'Preston'],
  ['BB', 'Blackburn'],
  ['L', 'Liverpool'],
  ['CH', 'Chester'],
  ['ST', 'Stoke-on-Trent'],
  ['DE', 'Derby'],
  ['NG', 'Nottingham'],
  ['LE', 'Leicester'],
  ['CV', 'Coventry'],
  ['B', 'Birmingham'],
  ['WV', 'Wolverhampton'],
  ['WR', 'Worcester'],
  ['GL', 'Gloucester'],
  ['BS', 'Bristol'],
  ['BA', 'Bath'],
  ['EX', 'Exeter'],
  ['PL', 'Plymouth'],
  ['TR', 'Truro'],
  ['SO', 'Southampton'],
  ['PO', 'Portsmouth'],
  ['BN', 'Brighton'],
  ['CT', 'Canterbury'],
  ['ME', 'Medway'],
  ['NR', 'Norwich'],
  ['IP', 'Ipswich'],
  ['CB', 'Cambridge'],
  ['OX', 'Oxford'],
  ['RG', 'Reading'],
  ['MK', 'Milton Keynes'],
  ['LN', 'Lincoln'],
  ['PE', 'Peterborough'],
  ['CA', 'Carlisle'],
  ['LA', 'Lancaster'],
];

const NEIGHBOURHOODS = [
  'Highfield',
  'Moorside',
  'Northfield',
  'Southside',
  'Westgate',
  'Eastfield',
  'Brookside',
  'Riverside',
  'Old Town',
  'Hillcrest',
  'Meadowbank',
  'Oakwood',
  'Ashfield',
  'Woodhouse',
  'Church Hill',
  'Millbank',
  'Greenway',
  'Parkside',
  'Kingsway',
  'Bankfoot',
  'Lowfield',
  'Stonebridge',
  'Fairfield',
  'Summerhill',
  'Longcroft',
  'Windmill Hill',
  'Netherton',
  'Upperthorpe',
  'Marsh End',
  'Town Centre',
] as const;

const VENUES = [
  '{hood} Community Centre',
  "St Mary's Church Hall, {hood}",
  '{town} Central Library',
  '{hood} Methodist Church',
  'The Old School Rooms, {hood}',
  '{town} Leisure Centre',
  '{hood} Village Hall',
  '{hood} Family Hub',
  '{hood} Library',
  'The Friends Meeting House, {hood}',
  '{hood} Health Centre',
  '{town} Museum',
  '{hood} Allotments',
  '{hood} Park Pavilion',
  '{hood} Baptist Church',
  'The Salvation Army, {hood}',
  '{hood} Sports Club',
  '{town} Football Club Community Room',
  '{hood} Neighbourhood Centre',
  '{hood} Working Men’s Club',
] as const;

const STREETS = [
  'High Street',
  'Church Lane',
  'Station Road',
  'Mill Street',
  'Park Road',
  'Victoria Road',
  'King Street',
  'Queen Street',
  'Chapel Lane',
  'New Road',
  'Green Lane',
  'School Lane',
  'Albert Road',
  'North Street',
  'Bridge Street',
] as const;

export interface Outcode {
  outcode: string;
  town: string;
  latitude: number;
  longitude: number;
}

const OUTCODES_CSV = fileURLToPath(new URL('../../shared/data/geo/postcode-outcodes.csv', import.meta.url));
const FEEDS = ['bristol-services.json', 'north-lincolnshire-services.json'].map((f) =>
  fileURLToPath(new URL(`../../shared/data/oruk/feeds/${f}`, import.meta.url)),
);

/**
 * Sentences of the real feeds' descriptions (HTML to text as the importer does, 5–40 words,
 * without e-mail addresses, phone numbers or links), in file order. Mixed into the generated
 * descriptions so the corpus has a real directory's vocabulary — its long tail of rare words and
 * document frequencies of common ones — rather than only the templates' few hundred words.
 */
export function loadRealSentences(files: readonly string[] = FEEDS): string[] {
  const seen = new Set<string>();
  for (const file of files) {
    for (const record of JSON.parse(readFileSync(file, 'utf8')) as { description?: unknown }[]) {
      if (typeof record.description !== 'string') continue;
      const text = convert(record.description, {
        wordwrap: false,
        selectors: [
          { selector: 'a', options: { ignoreHref: true } },
          { selector: 'img', format: 'skip' },
        ],
      });
      for (const raw of text.split(/(?<=[.!?])\s+(?=[A-Z])|\n+/)) {
        const sentence = raw.replace(/\s+/g, ' ').trim();
        const words = sentence.split(' ').length;
        if (words < 5 || words > 40 || !/[.!?]$/.test(sentence) || /@|https?:|www\.|\d{4,}|\d{3} \d{3}/.test(sentence)) continue;
        seen.add(sentence);
      }
    }
  }
  if (seen.size === 0) throw new Error('no sentences in the real feeds');
  return [...seen];
}

/** The outcode centroids of the towns above (read once from the shared CSV, in file order). */
export function loadOutcodes(file = OUTCODES_CSV): Outcode[] {
  const towns = new Map(TOWNS);
  const out: Outcode[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    const [, outcode, lat, long] = line.split(',');
    if (outcode === undefined || lat === undefined || long === undefined) continue;
    const area = /^([A-Z]{1,2})\d/.exec(outcode)?.[1];
    const town = area === undefined ? undefined : towns.get(area);
    const latitude = Number(lat);
    const longitude = Number(long);
    if (town === undefined || !Number.isFinite(latitude) || !Number.isFinite(longitude) || latitude === 0) continue;
    out.push({ outcode, town, latitude, longitude });
  }
  if (out.length === 0) throw new Error(`no usable outcodes in ${file}`);
  return out;
}

// ---- what services do ----

type AgeBand = readonly [min: number | null, max: number | null];
const ANY_AGE: AgeBand = [null, null];

interface Activity {
  /** Name stems: a service is named "<stem>" or "<stem> – <place>" or "<org> <stem>". */
  names: readonly string[];
  needs: readonly NeedCode[];
  /** What it is, completing "X is a …" */
  what: readonly string[];
  /** Sentences about what happens there. */
  doing: readonly string[];
  ages: readonly (readonly [AgeBand, number])[];
  /** Chance the service charges. */
  paid: number;
  /** Delivered by phone or online, not at a venue. */
  remote?: number;
}

const ADULTS: AgeBand = [18, null];
const OLDER: AgeBand = [50, null];
const OVER65: AgeBand = [65, null];
const YOUNG: AgeBand = [11, 25];
const CHILDREN: AgeBand = [0, 5];

const ACTIVITIES: readonly Activity[] = [
  {
    names: ['Chatty Café', 'Cuppa and Chat', 'Coffee Morning', 'Community Cuppa', 'Tea and Natter', 'Warm Welcome Space'],
    needs: ['loneliness'],
    what: ['friendly drop-in café', 'weekly social group', 'warm and welcoming space'],
    ages: [
      [ANY_AGE, 6],
      [ADULTS, 3],
      [OLDER, 2],
    ],
    paid: 0.15,
    doing: [
      'Come along for a hot drink, a biscuit and a chat with friendly people.',
      'There is no need to book, just drop in.',
      'Volunteers make sure nobody sits on their own.',
      'We play board games and cards and sometimes have a quiz.',
      'Free hot drinks and soup are available through the winter.',
    ],
  },
  {
    names: ['Befriending Service', 'Telephone Befriending', 'Good Neighbours Scheme', 'Friendship Line', 'Home Visiting Befriending'],
    needs: ['loneliness'],
    what: ['befriending service', 'volunteer befriending scheme'],
    ages: [
      [OLDER, 4],
      [OVER65, 4],
      [ADULTS, 2],
    ],
    paid: 0.02,
    remote: 0.4,
    doing: [
      'A trained volunteer visits or phones each week for a chat.',
      'We match you with a volunteer who shares your interests.',
      'It is for people who feel lonely or isolated, or who rarely leave the house.',
      'Volunteers are DBS checked and supported by staff.',
    ],
  },
  {
    names: ['Singing for the Brain', 'Community Choir', 'Sing Along', 'Singing for Wellbeing', 'Rock Choir', 'Breathe Easy Singing Group'],
    needs: ['loneliness', 'mental_wellbeing', 'dementia_memory'],
    what: ['singing group', 'community choir', 'relaxed singing session'],
    ages: [
      [ANY_AGE, 5],
      [ADULTS, 3],
      [OLDER, 2],
    ],
    paid: 0.4,
    doing: [
      'No experience is needed and you do not have to read music.',
      'We sing well known songs from the fifties to today.',
      'Singing lifts the mood and helps with breathing.',
      'Carers and family members are welcome to come too.',
    ],
  },
  {
    names: ['Memory Café', 'Dementia Café', 'Dementia Support Group', 'Dementia Friendly Activities', 'Forget Me Not Club'],
    needs: ['dementia_memory', 'carer_strain'],
    what: ['memory café', 'support group for people living with dementia'],
    ages: [
      [ANY_AGE, 4],
      [OLDER, 4],
    ],
    paid: 0.2,
    doing: [
      'People living with dementia and their carers meet for activities and support.',
      'A dementia adviser is on hand to answer questions about memory loss.',
      'Activities include reminiscence, music, crafts and gentle exercise.',
      'Carers can talk to others who understand what they are going through.',
    ],
  },
  {
    names: ['Carers Support Group', 'Carers Café', 'Young Carers Club', "Carers' Support Service", 'Carers Break'],
    needs: ['carer_strain'],
    what: ['support service for unpaid carers', 'carers group'],
    ages: [
      [ADULTS, 6],
      [YOUNG, 2],
      [ANY_AGE, 2],
    ],
    paid: 0.05,
    doing: [
      'If you look after someone who is ill, disabled or elderly, we can help.',
      'We offer information, advice, breaks and a listening ear.',
      'Carers can get a carers assessment and help with respite.',
      'Meet other carers and share tips in a relaxed setting.',
    ],
  },
  {
    names: ['Bereavement Support', 'Bereavement Group', 'Grief Café', 'Widowed and Young', 'Cruse Bereavement Support', 'Living with Loss'],
    needs: ['bereavement', 'low_mood'],
    what: ['bereavement support service', 'peer support group for people who have lost someone'],
    ages: [
      [ADULTS, 6],
      [ANY_AGE, 3],
      [YOUNG, 1],
    ],
    paid: 0.05,
    remote: 0.2,
    doing: [
      'We support people after the death of a partner, family member or friend.',
      'Trained volunteers offer one to one support and a listening ear.',
      'Talking to others who have been bereaved can help with grief.',
      'Support is available for as long as you need it.',
    ],
  },
  {
    names: ['Debt Advice', 'Money Advice Service', 'Citizens Advice', 'Cost of Living Support', 'Benefits Advice Drop-in', 'Money Matters'],
    needs: ['debt', 'benefits', 'fuel_poverty'],
    what: ['free and confidential advice service', 'money and debt advice service'],
    ages: [
      [ADULTS, 8],
      [ANY_AGE, 2],
    ],
    paid: 0.01,
    remote: 0.3,
    doing: [
      'Our advisers help with debt, benefits, budgeting and bills.',
      'We can check you are getting all the benefits you are entitled to, including Universal Credit and PIP.',
      'We help with rent arrears, council tax and dealing with bailiffs.',
      'Advice is free, confidential and impartial.',
      'We can help you fill in forms and challenge decisions.',
    ],
  },
  {
    names: ['Food Bank', 'Community Pantry', 'Community Fridge', 'Food Club', 'Community Kitchen', 'Lunch Club'],
    needs: ['food', 'debt', 'loneliness'],
    what: ['food bank', 'community food project', 'low cost food club'],
    ages: [
      [ANY_AGE, 9],
      [OLDER, 1],
    ],
    paid: 0.3,
    doing: [
      'We provide emergency food parcels to people in crisis.',
      'Members pay a small weekly amount for a bag of shopping worth much more.',
      'A hot meal is served and everyone is welcome.',
      'Referrals come from GPs, social workers and advice agencies, or you can self refer.',
      'Toiletries and baby items are also available.',
    ],
  },
  {
    names: ['Warm Homes Advice', 'Energy Advice Service', 'Keep Warm Project', 'Fuel Poverty Support'],
    needs: ['fuel_poverty', 'debt', 'housing'],
    what: ['energy advice service', 'home energy project'],
    ages: [
      [ANY_AGE, 8],
      [OLDER, 2],
    ],
    paid: 0.02,
    remote: 0.5,
    doing: [
      'We help people who struggle to heat their home or pay energy bills.',
      'Advisers can help with prepayment meters, grants and switching tariffs.',
      'We can arrange home visits to check insulation and draughts.',
      'Help with damp and mould is available for tenants and homeowners.',
    ],
  },
  {
    names: ['Housing Advice', 'Tenancy Support', 'Homeless Outreach', 'Safe Hub', 'Supported Housing', 'Night Shelter'],
    needs: ['housing', 'homelessness'],
    what: ['housing support service', 'service for people who are homeless or at risk of homelessness'],
    ages: [
      [ADULTS, 7],
      [YOUNG, 2],
      [ANY_AGE, 1],
    ],
    paid: 0.02,
    doing: [
      'We support people who are homeless or at risk of losing their home.',
      'Staff help with tenancy problems, repairs, landlords and eviction notices.',
      'Showers, laundry and hot drinks are available.',
      'We work with the council to find somewhere safe to stay.',
    ],
  },
  {
    names: ['Walking Group', 'Health Walks', 'Walking Football', 'Nordic Walking', 'Park Run', 'Buggy Walk'],
    needs: ['physical_activity', 'loneliness', 'mental_wellbeing'],
    what: ['friendly walking group', 'gentle exercise group', 'outdoor activity group'],
    ages: [
      [ANY_AGE, 6],
      [OLDER, 3],
      [ADULTS, 1],
    ],
    paid: 0.15,
    doing: [
      'Walks last about an hour at an easy pace, with a café stop at the end.',
      'Walk leaders are trained volunteers and routes are on flat paths.',
      'A great way to get fitter, enjoy the outdoors and meet people.',
      'Suitable for people returning to exercise after illness.',
    ],
  },
  {
    names: ['Chair Based Exercise', 'Tai Chi', 'Gentle Yoga', 'Falls Prevention Class', 'Pilates', 'Strength and Balance', 'Seated Exercise'],
    needs: ['physical_activity', 'long_term_condition', 'disability'],
    what: ['gentle exercise class', 'exercise class for older adults', 'low impact class'],
    ages: [
      [OLDER, 5],
      [ADULTS, 3],
      [OVER65, 2],
    ],
    paid: 0.7,
    doing: [
      'Exercises are done seated or standing with support, so all abilities can join.',
      'Classes improve strength, balance and flexibility and help prevent falls.',
      'The instructor is qualified to work with people with long term conditions.',
      'Suitable for people with arthritis, COPD or heart conditions.',
    ],
  },
  {
    names: [
      'Swimming Sessions',
      'Aqua Fit',
      'Gym Referral Scheme',
      'Active Lifestyles',
      'Exercise on Referral',
      'Bowls Club',
      'Badminton Club',
      'Archery Club',
    ],
    needs: ['physical_activity', 'weight'],
    what: ['sport and leisure activity', 'exercise referral scheme', 'sports club'],
    ages: [
      [ANY_AGE, 5],
      [ADULTS, 4],
      [YOUNG, 1],
    ],
    paid: 0.85,
    doing: [
      'A 12 week programme of supported exercise at the leisure centre.',
      'Staff will create a plan that suits your health and fitness.',
      'Beginners are very welcome and equipment can be borrowed.',
      'Concessions are available for people on benefits.',
    ],
  },
  {
    names: ['Weight Management', 'Healthy Eating Course', 'Cook and Eat', 'Slimming Group', 'Healthy Lifestyles Service'],
    needs: ['weight', 'physical_activity', 'long_term_condition'],
    what: ['healthy lifestyle programme', 'cooking and healthy eating course'],
    ages: [
      [ADULTS, 8],
      [ANY_AGE, 2],
    ],
    paid: 0.4,
    doing: [
      'Learn to cook simple, healthy meals on a budget.',
      'The programme helps you lose weight and keep it off with support from others.',
      'Sessions cover portion sizes, food labels and staying active.',
      'For adults with a BMI over 30 or with type 2 diabetes.',
    ],
  },
  {
    names: [
      'Talking Therapies',
      'Wellbeing Service',
      'Mental Health Peer Support',
      'Recovery College',
      'Hearing Voices Group',
      'Mindfulness Course',
      'Anxiety Support Group',
    ],
    needs: ['mental_wellbeing', 'anxiety', 'low_mood'],
    what: ['mental health support service', 'peer support group', 'wellbeing course'],
    ages: [
      [ADULTS, 7],
      [YOUNG, 2],
      [ANY_AGE, 1],
    ],
    paid: 0.1,
    remote: 0.3,
    doing: [
      'We support people with stress, anxiety, low mood and depression.',
      'Courses teach practical ways to cope and look after your mental health.',
      'Peer support means talking with people who have lived experience.',
      'You can self refer or ask your GP.',
      'Groups are small, confidential and non-judgemental.',
    ],
  },
  {
    names: ['Crisis Café', 'Safe Haven', 'Listening Service', 'Samaritans Drop-in'],
    needs: ['mental_wellbeing', 'anxiety'],
    what: ['out of hours mental health support', 'listening service'],
    ages: [
      [ADULTS, 7],
      [YOUNG, 3],
    ],
    paid: 0,
    remote: 0.4,
    doing: [
      'Open in the evenings for anyone struggling to cope.',
      'A safe, calm place to talk when things feel too much.',
      'Trained staff and volunteers listen without judging.',
    ],
  },
  {
    names: ['Confidence Building Course', 'Women’s Group', 'Men’s Shed', 'Man Alive', 'Stepping Out', 'Social Skills Group'],
    needs: ['confidence', 'loneliness', 'mental_wellbeing'],
    what: ['confidence building group', 'social and practical group'],
    ages: [
      [ADULTS, 8],
      [YOUNG, 2],
    ],
    paid: 0.2,
    doing: [
      'A small group that helps you build confidence and try new things at your own pace.',
      'Members work on practical projects, share skills and have a laugh.',
      'Many people come along after a difficult time in their lives.',
      'We go on outings and welcome new members.',
    ],
  },
  {
    names: ['Back to Work Support', 'Employment Support', 'Job Club', 'Volunteering Opportunities', 'Work and Health Programme', 'Skills for Work'],
    needs: ['employment', 'confidence', 'learning_skills'],
    what: ['employment support service', 'volunteering opportunity', 'job club'],
    ages: [
      [ADULTS, 6],
      [YOUNG, 3],
      [[16, 64], 1],
    ],
    paid: 0.02,
    doing: [
      'We help people who are out of work to find a job, write a CV and prepare for interviews.',
      'Support for people on a fit note who want to get back to work.',
      'Volunteering is a good way to gain experience and meet people.',
      'A job coach works with you one to one.',
    ],
  },
  {
    names: [
      'Adult Learning',
      'English Classes (ESOL)',
      'Reading and Writing Group',
      'Maths for Adults',
      'Craft Workshop',
      'Creative Writing Group',
      'Art Class',
      'U3A',
    ],
    needs: ['learning_skills', 'loneliness', 'confidence'],
    what: ['adult learning course', 'creative group', 'friendly class for beginners'],
    ages: [
      [ADULTS, 6],
      [OLDER, 3],
      [ANY_AGE, 1],
    ],
    paid: 0.6,
    doing: [
      'Learn something new in a friendly, relaxed class.',
      'Courses run in terms of ten weeks and beginners are welcome.',
      'English classes for speakers of other languages, from beginner to advanced.',
      'All materials are provided.',
      'Members run interest groups from history to photography.',
    ],
  },
  {
    names: ['Digital Skills Drop-in', 'Computer Club', 'Get Online', 'Tech Help', 'Digital Buddies'],
    needs: ['digital_inclusion', 'learning_skills', 'loneliness'],
    what: ['digital skills drop-in', 'friendly computer help session'],
    ages: [
      [ANY_AGE, 5],
      [OLDER, 4],
      [ADULTS, 1],
    ],
    paid: 0.1,
    doing: [
      'Bring your phone, tablet or laptop and get help using it.',
      'Learn to use email, video calls, online shopping and the NHS App.',
      'Devices and free data can be lent to people who need them.',
      'Volunteers are patient and explain things step by step.',
    ],
  },
  {
    names: ['Alcohol and Drug Service', 'Recovery Community', 'Gambling Support', 'Stop Smoking Service', 'SMART Recovery'],
    needs: ['substance_use', 'mental_wellbeing'],
    what: ['free and confidential drug and alcohol service', 'recovery group'],
    ages: [
      [ADULTS, 9],
      [YOUNG, 1],
    ],
    paid: 0.01,
    remote: 0.2,
    doing: [
      'We support people who want to cut down or stop drinking, using drugs or gambling.',
      'Support is free, confidential and without judgement.',
      'Recovery groups meet every week and families are supported too.',
      'You can refer yourself by phone or drop in.',
    ],
  },
  {
    names: ['Domestic Abuse Support', 'Freedom Programme', 'Safe Spaces', 'Women’s Aid'],
    needs: ['domestic_abuse', 'relationships'],
    what: ['specialist domestic abuse service', 'support programme for survivors of abuse'],
    ages: [
      [ADULTS, 8],
      [YOUNG, 1],
      [ANY_AGE, 1],
    ],
    paid: 0,
    remote: 0.4,
    doing: [
      'We support anyone experiencing domestic abuse or coercive control.',
      'Advocates help with safety planning, housing and the courts.',
      'The Freedom Programme helps you understand abusive relationships.',
      'All support is confidential.',
    ],
  },
  {
    names: ['Parent and Toddler Group', 'Stay and Play', 'Messy Play', 'Baby Group', 'Parenting Course', 'Dads Group', 'Breastfeeding Support'],
    needs: ['parenting', 'loneliness'],
    what: ['parent and child group', 'parenting support group'],
    ages: [
      [CHILDREN, 6],
      [ANY_AGE, 3],
      [[0, 11], 1],
    ],
    paid: 0.3,
    doing: [
      'Parents and carers with babies and toddlers play, sing and chat.',
      'A chance for new parents to meet others and get support.',
      'Health visitors drop in once a month.',
      'Parenting courses help with sleep, behaviour and routines.',
    ],
  },
  {
    names: ['Youth Club', 'Young People’s Wellbeing', 'LGBTQ+ Youth Group', 'Youth Mentoring', 'Young Carers Group'],
    needs: ['mental_wellbeing', 'confidence', 'loneliness'],
    what: ['youth group', 'support service for young people'],
    ages: [
      [YOUNG, 6],
      [[11, 18], 3],
      [[13, 19], 1],
    ],
    paid: 0.1,
    doing: [
      'A safe space for young people to meet friends and try new activities.',
      'Youth workers offer one to one mentoring and support.',
      'Activities include sport, music, cooking and trips.',
    ],
  },
  {
    names: [
      'Disability Support Group',
      'Sight Loss Support',
      'Hard of Hearing Club',
      'Learning Disability Social Club',
      'Autism Support Group',
      'Wheelchair Sports',
    ],
    needs: ['disability', 'loneliness'],
    what: ['group for disabled people', 'support service for people with sensory loss', 'social club for adults with learning disabilities'],
    ages: [
      [ANY_AGE, 6],
      [ADULTS, 4],
    ],
    paid: 0.2,
    doing: [
      'Information and equipment for people living with sight or hearing loss.',
      'A social club with activities, trips and discos.',
      'The venue is fully wheelchair accessible.',
      'We can advise on aids, adaptations and blue badges.',
    ],
  },
  {
    names: [
      'Parkinson’s Support Group',
      'Breathe Easy',
      'Diabetes Support Group',
      'Stroke Club',
      'Cancer Support Centre',
      'Long Covid Group',
      'Pain Management Course',
      'Arthritis Support',
    ],
    needs: ['long_term_condition', 'loneliness'],
    what: ['peer support group', 'self-management course', 'support service for people living with a long term condition'],
    ages: [
      [ADULTS, 7],
      [OLDER, 3],
    ],
    paid: 0.15,
    doing: [
      'Meet others living with the same condition and share what helps.',
      'Sessions cover managing symptoms, medication and staying active.',
      'Family members and carers are welcome.',
      'Speakers include nurses and physiotherapists.',
    ],
  },
  {
    names: ['Community Transport', 'Dial-a-Ride', 'Shopmobility', 'Volunteer Car Scheme'],
    needs: ['transport', 'disability', 'loneliness'],
    what: ['community transport service', 'door to door transport scheme'],
    ages: [
      [ANY_AGE, 6],
      [OLDER, 4],
    ],
    paid: 0.8,
    remote: 0.6,
    doing: [
      'Door to door transport for people who cannot use buses.',
      'Volunteer drivers take people to appointments, shops and social groups.',
      'Vehicles have wheelchair lifts.',
      'Book at least two days ahead by phone.',
    ],
  },
  {
    names: ['Relationship Counselling', 'Family Support', 'Separated Parents Programme', 'Family Mediation'],
    needs: ['relationships', 'parenting', 'low_mood'],
    what: ['family and relationship support service', 'counselling service'],
    ages: [
      [ADULTS, 8],
      [ANY_AGE, 2],
    ],
    paid: 0.6,
    remote: 0.3,
    doing: [
      'Counsellors help couples and families going through difficult times.',
      'Support for parents after separation or divorce.',
      'Sessions are available face to face, by phone or online.',
    ],
  },
  {
    names: ['Gardening Group', 'Community Garden', 'City Farm', 'Conservation Volunteers', 'Green Gym', 'Allotment Project'],
    needs: ['physical_activity', 'mental_wellbeing', 'loneliness'],
    what: ['community gardening project', 'outdoor volunteering group'],
    ages: [
      [ANY_AGE, 6],
      [ADULTS, 4],
    ],
    paid: 0.1,
    doing: [
      'Get outdoors, grow vegetables and meet new people.',
      'No gardening experience is needed and tools are provided.',
      'Being in nature is good for your mental wellbeing.',
      'Volunteers look after local parks and nature reserves.',
    ],
  },
  {
    names: [
      'Library Reading Group',
      'Knit and Natter',
      'Bell Ringing',
      'Local History Society',
      'Film Club',
      'Drama Group',
      'Bingo Afternoon',
      'Friendship Club',
    ],
    needs: ['loneliness', 'learning_skills'],
    what: ['social club', 'hobby group', 'friendly interest group'],
    ages: [
      [ANY_AGE, 5],
      [OLDER, 4],
      [ADULTS, 1],
    ],
    paid: 0.5,
    doing: [
      'A relaxed group for people who enjoy the same hobby.',
      'New members are always welcome, whatever your experience.',
      'Tea, coffee and cake are included.',
      'Members look forward to the monthly outings.',
    ],
  },
];

const AUDIENCES = [
  'older residents',
  'adults',
  'everyone',
  'local residents',
  'men',
  'women',
  'families',
  'the over 50s',
  'anyone living alone',
  'young people',
  'disabled people',
  'carers',
] as const;
const ORG_KINDS = ['Trust', 'Charity', 'Community Association', 'CIC', 'Partnership', 'Foundation', 'Network', 'Project', 'Society', 'Group'] as const;
const ORG_STEMS = [
  'Age UK',
  'Mind',
  'Carers Centre',
  'Healthy Living Centre',
  'Community Action',
  'Voluntary Action',
  'Wellbeing',
  'Neighbourhood',
  'Together',
  'Open Door',
  'Hope',
  'Harbour',
  'Ropewalk',
  'Lighthouse',
  'Brighter Futures',
  'Kindness',
] as const;
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const DAY_NAMES: Record<(typeof DAYS)[number], string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const ACCESS_FEATURES = [
  'Step-free access',
  'Wheelchair accessible entrance',
  'Accessible toilet',
  'Hearing loop',
  'Lift to all floors',
  'Accessible parking',
  'Ground floor only',
  'Large print materials',
] as const;
const LANGUAGES = [
  ['Urdu', 'ur'],
  ['Polish', 'pl'],
  ['Punjabi', 'pa'],
  ['Bengali', 'bn'],
  ['Arabic', 'ar'],
  ['Romanian', 'ro'],
  ['British Sign Language', 'sgn-GB'],
] as const;
/** What long real descriptions go on about: the organisation, its people, its history, its funders. */
const GENERIC = [
  'We have been running for over ten years and are led by local people.',
  'Our volunteers come from all walks of life and many first came along as members.',
  'The project is funded by the National Lottery Community Fund and the local council.',
  'We believe everyone deserves to feel part of their community.',
  'During the pandemic we moved some of our activities online and by phone, and some of these continue.',
  'We work closely with GP practices, social prescribing link workers and other local charities.',
  'If you are not sure whether this is right for you, give us a ring and we will talk it through.',
  'Our building has a café, a garden and rooms that local groups can hire.',
  'We also run trips to the seaside and a Christmas lunch every year.',
  'Interpreters can be arranged if you need one.',
  'We are always looking for new volunteers, so if you have a few hours to spare please get in touch.',
  'Feedback from our members helps us decide what to offer next.',
  'Some sessions are held in partnership with the library and the leisure centre.',
  'You are welcome to bring a friend or family member with you the first time.',
  'We keep groups small so that everyone gets a chance to talk.',
  'Our staff are trained in safeguarding, first aid and mental health first aid.',
] as const;

const CLOSINGS = [
  'Please contact us before your first visit.',
  'Everyone is welcome.',
  'Booking is essential as places are limited.',
  'Refreshments are provided.',
  'Free parking is available nearby.',
  'The venue is on a main bus route.',
  'You can refer yourself or be referred by a professional.',
  'Sessions do not run in school holidays.',
  'Please check our website for the latest dates.',
  'We are a registered charity and rely on donations.',
] as const;

// ---- the generated directory ----

export interface DirectoryShape {
  services: number;
  seed: number;
  /** The instant the directory is "now" (verification dates are spread before it). */
  now: Date;
  source: string;
}

export const DEFAULT_SHAPE: DirectoryShape = { services: 100_000, seed: 20_261_122, now: new Date('2026-11-23T10:00:00.000Z'), source: 'bench-synthetic' };

export interface GeneratedDirectory {
  shape: DirectoryShape;
  organisation: Insertable<DB['organisation']>[];
  service: Insertable<DB['service']>[];
  location: Insertable<DB['location']>[];
  address: Insertable<DB['address']>[];
  service_at_location: Insertable<DB['service_at_location']>[];
  schedule: Insertable<DB['schedule']>[];
  cost_option: Insertable<DB['cost_option']>[];
  accessibility: Insertable<DB['accessibility']>[];
  language: Insertable<DB['language']>[];
}

/** The order tables are written in, so every foreign key points at a row already there. */
export const DIRECTORY_TABLES = [
  'organisation',
  'service',
  'location',
  'address',
  'service_at_location',
  'schedule',
  'cost_option',
  'accessibility',
  'language',
] as const;

const DAY_MS = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/** How many services an organisation runs: mostly one, a long tail of big providers (as the real feeds). */
function servicesPerOrganisation(rnd: Random): number {
  return rnd.weighted<() => number>([
    [() => 1, 62],
    [() => 2, 14],
    [() => rnd.int(3, 4), 9],
    [() => rnd.int(5, 9), 8],
    [() => rnd.int(10, 25), 5],
    [() => rnd.int(26, 70), 2],
  ])();
}

function ageBand(rnd: Random, a: Activity): AgeBand {
  return rnd.weighted(a.ages);
}

function inward(rnd: Random): string {
  return `${rnd.int(1, 9)}${'ABDEFGHJLNPQRSTUWXYZ'[rnd.int(0, 19)] ?? 'A'}${'ABDEFGHJLNPQRSTUWXYZ'[rnd.int(0, 19)] ?? 'A'}`;
}

function sentenceCount(rnd: Random): number {
  // Real descriptions: deciles ~18, 34, 53, 71, 91, 119, 147, 191, 256 words; ~13 words a sentence.
  return rnd.weighted<number>([
    [1, 7],
    [2, 9],
    [3, 9],
    [4, 9],
    [5, 9],
    [6, 9],
    [7, 9],
    [8, 8],
    [10, 8],
    [12, 8],
    [15, 8],
    [19, 6],
    [24, 5],
  ]);
}

/** Builds the whole directory in memory (about 1 s and ~250 MB of rows for 100,000 services). */
export function generateDirectory(
  shape: DirectoryShape = DEFAULT_SHAPE,
  outcodes: readonly Outcode[] = loadOutcodes(),
  real: readonly string[] = loadRealSentences(),
): GeneratedDirectory {
  const rnd = new Random(shape.seed);
  const now = shape.now.getTime();
  const out: GeneratedDirectory = {
    shape,
    organisation: [],
    service: [],
    location: [],
    address: [],
    service_at_location: [],
    schedule: [],
    cost_option: [],
    accessibility: [],
    language: [],
  };
  let serviceNo = 0;
  let orgNo = 0;
  while (serviceNo < shape.services) {
    orgNo++;
    const home = rnd.pick(outcodes);
    const town = home.town;
    // An organisation works in one town; a big one across its neighbourhoods, under one name.
    const main = rnd.pick(ACTIVITIES);
    const orgName = rnd.weighted<() => string>([
      [() => `${rnd.pick(ORG_STEMS)} ${town}`, 4],
      [() => `${town} ${rnd.pick(main.names)} ${rnd.pick(ORG_KINDS)}`, 3],
      [() => `${rnd.pick(NEIGHBOURHOODS)} ${rnd.pick(ORG_KINDS)}`, 3],
      [() => `${rnd.pick(ORG_STEMS)} (${town} & District)`, 2],
    ])();
    const orgId = rnd.uuid();
    const created = now - rnd.int(200, 3_000) * DAY_MS;
    out.organisation.push({
      id: orgId,
      kind: 'vcse',
      name: orgName,
      ods_code: null,
      parent_id: null,
      list_size: null,
      created_at: iso(created),
      description: `${orgName} is a ${rnd.pick(['local charity', 'community organisation', 'voluntary group', 'social enterprise'])} supporting ${rnd.pick(AUDIENCES)} across ${town}. ${rnd.pick(main.doing)}`,
      email: `info@org${orgNo}.example.org`,
      website: `https://org${orgNo}.example.org/`,
      source: shape.source,
      external_id: `org-${orgNo}`,
    });
    const count = Math.min(servicesPerOrganisation(rnd), shape.services - serviceNo);
    // Branches: most of a big organisation's services repeat a few activities in different places.
    const repertoire = count > 3 ? [main, ...rnd.some(ACTIVITIES, 1, 3)] : [main];
    const branchHoods = rnd.some(NEIGHBOURHOODS, 1, Math.min(count, NEIGHBOURHOODS.length));
    for (let k = 0; k < count; k++) {
      serviceNo++;
      const activity = k === 0 ? main : rnd.pick(repertoire);
      const stem = rnd.pick(activity.names);
      const hood = branchHoods[k % branchHoods.length] ?? 'Town Centre';
      const name =
        count > 1 && rnd.chance(0.7)
          ? rnd.pick([`${stem} – ${hood}`, `${stem} - ${hood}`, `${stem} (${hood})`, `${orgName} - ${stem} ${hood}`])
          : rnd.weighted<string>([
              [stem, 5],
              [`${town} ${stem}`, 3],
              [`${stem} at ${rnd.pick(NEIGHBOURHOODS)}`, 2],
            ]);
      const remote = rnd.chance(activity.remote ?? 0.03);
      const [minAge, maxAge] = ageBand(rnd, activity);
      const paid = rnd.chance(activity.paid);
      const days = rnd.chance(0.1) ? [] : rnd.some(DAYS.slice(0, rnd.chance(0.85) ? 5 : 7), 1, 3);
      const opens = rnd.int(9, 18);
      const venue = rnd.pick(VENUES).replace('{hood}', hood).replace('{town}', town);

      // Description: what it is, what happens, who it is for, practical detail.
      const parts: string[] = [`${stem} is a ${rnd.pick(activity.what)} for ${rnd.pick(AUDIENCES)} in ${hood}, ${town}.`];
      const n = sentenceCount(rnd);
      const doing = [...activity.doing];
      let saidWhen = remote;
      for (let s = 1; s < n; s++) {
        const pool =
          rnd.chance(0.45) && doing.length > 0
            ? doing
            : s >= 3 && !saidWhen
              ? null
              : rnd.weighted<readonly string[]>([
                  [real, 6],
                  [GENERIC, 2],
                  [CLOSINGS, 2],
                ]);
        if (pool === null) {
          saidWhen = true;
          parts.push(
            days.length > 0 ? `We meet on ${days.map((d) => DAY_NAMES[d]).join(' and ')} from ${opens}:00 at ${venue}.` : `Sessions are held at ${venue}.`,
          );
        } else if (pool === doing) {
          parts.push(doing.splice(rnd.int(0, doing.length - 1), 1)[0] ?? '');
        } else {
          parts.push(rnd.pick(pool));
        }
      }
      if (minAge !== null && minAge >= 18 && rnd.chance(0.5)) parts.push(`For people aged ${minAge}${maxAge === null ? ' and over' : ` to ${maxAge}`}.`);
      if (paid && rnd.chance(0.5)) parts.push(`Sessions cost £${rnd.int(2, 8)}.`);
      else if (!paid && rnd.chance(0.3)) parts.push('It is free to attend.');

      const status = rnd.weighted<string>([
        ['active', 93],
        ['inactive', 2],
        ['temporarily closed', 2],
        ['defunct', 3],
      ]);
      const capacity = rnd.weighted<string>([
        ['open', 75],
        ['waiting_list', 18],
        ['closed', 7],
      ]);
      // Verified within the last 3 years, a third of them over 6 months ago (stale); 8% never (then the
      // feed's assured date, 0–4 years old, decides).
      const verifiedDaysAgo = rnd.weighted<number>([
        [rnd.int(0, 180), 60],
        [rnd.int(181, 1_100), 32],
        [-1, 8],
      ]);
      const serviceCreated = Math.max(created, now - rnd.int(30, 2_500) * DAY_MS);
      const serviceId = rnd.uuid();
      out.service.push({
        id: serviceId,
        organisation_id: orgId,
        name,
        description: parts.join(' '),
        needs: JSON.stringify(activity.needs),
        takes_referrals: rnd.chance(0.35) ? 1 : 0,
        archived: 0,
        created_at: iso(serviceCreated),
        updated_at: iso(serviceCreated),
        source: shape.source,
        external_id: `svc-${serviceNo}`,
        url: rnd.chance(0.6) ? `https://org${orgNo}.example.org/services/${k + 1}` : null,
        email: rnd.chance(0.5) ? `hello@org${orgNo}.example.org` : null,
        status,
        eligibility_description: null,
        minimum_age: minAge,
        maximum_age: maxAge,
        fees_description: paid ? `£${rnd.int(1, 10)} per session` : null,
        application_process: null,
        interpretation_services: null,
        accreditations: null,
        alert: null,
        assured_date: iso(now - rnd.int(0, 1_400) * DAY_MS).slice(0, 10),
        capacity,
        waiting_weeks: capacity === 'waiting_list' ? rnd.int(1, 16) : null,
        last_verified_at: verifiedDaysAgo < 0 ? null : iso(now - verifiedDaysAgo * DAY_MS - rnd.int(0, 86_399) * 1_000),
        last_verified_by: verifiedDaysAgo < 0 ? null : 'provider',
        missing_from_source_at: null,
        content_hash: null,
        classification: '[]',
        needs_source: 'manual',
        version: 1,
      });
      if (paid) {
        out.cost_option.push({
          id: rnd.uuid(),
          service_id: serviceId,
          option: rnd.pick(['Per session', 'Per term', 'Membership', 'Concessions available']),
          currency: 'GBP',
          amount: rnd.int(1, 40),
          amount_description: null,
          valid_from: null,
          valid_to: null,
        });
      } else if (rnd.chance(0.6)) {
        out.cost_option.push({
          id: rnd.uuid(),
          service_id: serviceId,
          option: 'Free',
          currency: 'GBP',
          amount: 0,
          amount_description: rnd.chance(0.2) ? 'Donations welcome' : null,
          valid_from: null,
          valid_to: null,
        });
      }
      for (const day of days) {
        out.schedule.push({
          id: rnd.uuid(),
          service_id: serviceId,
          freq: 'WEEKLY',
          interval: 1,
          byday: day,
          opens_at: `${String(opens).padStart(2, '0')}:00`,
          closes_at: `${String(opens + rnd.int(1, 3)).padStart(2, '0')}:00`,
          description: `Every ${DAY_NAMES[day]}`,
          attending_type: remote ? 'online' : 'in_person',
        });
      }
      if (rnd.chance(0.08)) {
        const [langName, code] = rnd.pick(LANGUAGES);
        out.language.push({ id: rnd.uuid(), service_id: serviceId, name: langName, code, note: null });
      }
      if (!remote) {
        const locationId = rnd.uuid();
        // ~2 km of jitter around the district's centroid (1° lat ≈ 111 km; 1° long ≈ 69 km in England).
        const latitude = Math.round((home.latitude + (rnd.next() - 0.5) * 0.036) * 1e6) / 1e6;
        const longitude = Math.round((home.longitude + (rnd.next() - 0.5) * 0.058) * 1e6) / 1e6;
        out.location.push({
          id: locationId,
          organisation_id: orgId,
          source: shape.source,
          external_id: `loc-${serviceNo}`,
          location_type: 'physical',
          name: venue,
          description: null,
          url: null,
          transportation: rnd.chance(0.3) ? 'On a main bus route' : null,
          latitude,
          longitude,
          created_at: iso(serviceCreated),
          updated_at: iso(serviceCreated),
        });
        out.address.push({
          id: rnd.uuid(),
          location_id: locationId,
          attention: null,
          address_1: `${rnd.int(1, 220)} ${rnd.pick(STREETS)}`,
          address_2: hood,
          city: town,
          region: null,
          state_province: 'England',
          postal_code: `${home.outcode} ${inward(rnd)}`,
          country: 'GB',
          address_type: 'physical',
        });
        out.service_at_location.push({ id: rnd.uuid(), service_id: serviceId, location_id: locationId, description: null });
        for (const feature of rnd.chance(0.7) ? rnd.some(ACCESS_FEATURES, 1, 3) : []) {
          out.accessibility.push({ id: rnd.uuid(), location_id: locationId, description: feature, details: null, url: null });
        }
      }
    }
  }
  return out;
}

// ---- queries ----

export interface DirectoryQuery {
  id: string;
  text: string;
  age?: number;
  /** A full postcode or just its outcode (district). */
  postcode?: string;
  /** Need codes from the conversation, when the query comes with them. */
  needs?: NeedCode[];
  barriers?: BarrierCode[];
  days?: Weekday[];
  /** What this query was made to exercise besides the usual: words the directory hardly uses (the
   * lexicon's bridges), or a place named in the text. */
  probe?: 'lexicon' | 'place';
}

/** Lay phrases a link worker writes down, by the need they point at. */
const PHRASES: readonly (readonly [NeedCode, readonly string[]])[] = [
  [
    'loneliness',
    [
      'lonely',
      'isolated since moving here',
      'no one to talk to most days',
      'housebound and nobody visits',
      'would like to meet people',
      'wants company',
      'lives alone and feels cut off',
    ],
  ],
  [
    'bereavement',
    ['wife died last year', 'husband passed away in the spring', 'lost her son', 'widowed recently', 'grieving for his partner', 'struggling since mum died'],
  ],
  ['debt', ["can't pay the bills", 'behind on rent', 'in debt with credit cards', 'bailiffs letters', 'money worries keeping her awake']],
  ['benefits', ['universal credit stopped', 'needs help with PIP form', 'not sure what benefits he can claim', 'pension credit', 'sanctioned']],
  ['fuel_poverty', ['cold house', "can't afford to heat the flat", 'prepayment meter keeps running out', 'energy bills doubled']],
  ['food', ['food bank', 'not eating properly', 'nothing in the cupboards', "can't afford food this week"]],
  ['housing', ['damp and mould in the flat', 'landlord will not do repairs', 'overcrowded', 'eviction notice']],
  ['homelessness', ['sofa surfing', 'sleeping rough', 'nowhere to live', 'homeless since the relationship ended']],
  ['physical_activity', ['wants to get fitter', 'inactive since retiring', 'likes walking', 'would try swimming', 'gentle exercise', 'wants to move more']],
  ['weight', ['wants to lose weight', 'healthy eating on a budget', 'overweight and pre-diabetic', 'learn to cook']],
  ['long_term_condition', ['COPD', 'type 2 diabetes', 'arthritis pain', 'long covid', "Parkinson's", 'recovering from a stroke', 'chronic pain']],
  ['substance_use', ['drinking too much', 'wants to stop gambling', 'trying to give up smoking', 'cannabis use']],
  ['mental_wellbeing', ['struggling to cope', 'stressed', 'mental health not great', 'wellbeing']],
  ['low_mood', ['feeling low', 'depressed', 'fed up and no motivation', 'low mood']],
  ['anxiety', ['anxious about going out', 'panic attacks', 'worried all the time', 'scared to leave the house']],
  ['confidence', ['lost confidence', 'very shy', 'no self-esteem', 'confidence knocked after redundancy']],
  ['carer_strain', ['carer for her husband', 'looking after mum with dementia', 'exhausted caring', 'needs a break from caring', 'young carer']],
  ['dementia_memory', ['memory problems', 'early dementia', 'forgetful', 'alzheimers diagnosis']],
  ['disability', ['uses a wheelchair', 'sight loss', 'hard of hearing', 'learning disability', 'autistic']],
  ['parenting', ['new mum', 'single parent', 'struggling with toddler', 'teenager off the rails']],
  ['employment', ['out of work', 'on a fit note', 'wants to volunteer', 'back to work after illness', 'needs a CV']],
  ['learning_skills', ['wants to learn English', 'reading and writing', 'would like a course', 'college']],
  ['digital_inclusion', ["can't use a smartphone", 'no internet', 'help with computer', 'online forms']],
  ['domestic_abuse', ['controlling partner', 'domestic abuse', 'unsafe at home']],
  ['transport', ['no car', "can't get to appointments", 'needs transport', 'can not use buses']],
  ['relationships', ['going through divorce', 'arguments at home', 'separated']],
];

const INTERESTS = [
  'likes singing',
  'used to love gardening',
  'enjoys knitting',
  'likes football',
  'is into crafts',
  'loves reading',
  'enjoys music',
  'likes history',
  'used to dance',
  'likes cooking',
  'enjoys walking the dog',
  'plays bowls',
] as const;
/** Words a link worker might write that this directory hardly uses (in fewer than 5 of the
 * 100,000 generated services: the matcher bridges only such words) and WordNet knows: hobbies,
 * conditions, circumstances. Common words of the real feeds ("badminton", "pilates", "bereaved",
 * "allotment", "crochet", "carpentry") are in hundreds of generated descriptions, so they are not
 * here. American spelling where WordNet has no other ("watercolor"). */
const LEXICON_PHRASES = [
  'used to play the ukulele',
  'keen on chess',
  'misses needlework',
  'did watercolor painting',
  'enjoys quilting',
  'used to go angling',
  'likes birdwatching',
  'plays the harmonica',
  'interested in astronomy',
  'watches the rugby',
  'used to go hiking',
  'did joinery for a living',
  'played quoits at the pub',
  'would try salsa',
  'has tinnitus',
  'asthma',
  'emphysema',
  'sciatica',
  'has a stammer',
  'shortness of breath',
  'osteoporosis',
  'schizophrenia',
  'mostly bedridden',
  'in mourning',
  'a divorcee',
  'grew up an orphan',
  'heartbroken',
  'has become reclusive',
  'despondent',
] as const;

/** Places named in the text: cues before a generated town (the directory's addresses name it, so
 * the matcher's gazetteer knows it), and towns the directory has no address in. A quarter of the
 * queries, the narratives, already say "lives in <town>". */
const PLACE_CUES = ['lives in', 'moved to', 'near', 'has just moved to', 'from'] as const;
const PLACES_ELSEWHERE = ['Sowerby Bridge', 'Hebden Bridge', 'Todmorden', 'Brighouse', 'Elland'] as const;
/** Shares of queries given lexicon words and a named place (seeded apart from the rest). */
const LEXICON_SHARE = 0.12;
const PLACE_SHARE = 0.06;

const PEOPLE = [
  ['Mrs', 'her', 'she'],
  ['Mr', 'him', 'he'],
  ['Ms', 'her', 'she'],
] as const;

/** ~500 link-worker queries (short notes and narrative), each with an age and most with a postcode.
 * About 12% also hold words the directory hardly uses (the lexicon's path), 6% a named place
 * (half of those without a postcode, so the place stands for one): drawn from a second seeded
 * stream, so the other queries are as they were. */
export function generateQueries(count: number, seed: number, outcodes: readonly Outcode[] = loadOutcodes()): DirectoryQuery[] {
  const rnd = new Random(seed);
  const probes = new Random(seed + 7_919);
  const queries: DirectoryQuery[] = [];
  for (let i = 0; i < count; i++) {
    const [need, phrases] = rnd.pick(PHRASES);
    const first = rnd.pick(phrases);
    const age = rnd.weighted<number>([
      [rnd.int(18, 40), 2],
      [rnd.int(41, 64), 3],
      [rnd.int(65, 94), 5],
      [rnd.int(14, 17), 1],
    ]);
    const place = rnd.pick(outcodes);
    const postcode = rnd.weighted<string | undefined>([
      [`${place.outcode} ${inward(rnd)}`, 6],
      [place.outcode, 3],
      [undefined, 1],
    ]);
    let text: string;
    const style = rnd.int(0, 3);
    if (style === 0) {
      text = first;
    } else if (style === 1) {
      const [, more] = rnd.pick(PHRASES);
      text = `${first}, ${rnd.pick(more)}`;
    } else {
      const [title, obj, subj] = rnd.pick(PEOPLE);
      const [, more] = rnd.pick(PHRASES);
      const extra = rnd.chance(0.5) ? ` ${subj === 'she' ? 'She' : 'He'} ${rnd.pick(INTERESTS)}.` : '';
      text =
        style === 2
          ? `${title} ${String.fromCharCode(65 + rnd.int(0, 25))}, ${age}, ${first}. ${rnd.pick(more)}.${extra}`
          : `${title} ${String.fromCharCode(65 + rnd.int(0, 25))} is ${age} and lives in ${place.town}. The GP's note says ${first}; also ${rnd.pick(more)}. ` +
            `Would like something to get ${obj} out of the house ${rnd.pick(['once a week', 'during the day', 'near home', 'that is free'])}.${extra}`;
    }
    const q: DirectoryQuery = { id: `q${String(i + 1).padStart(3, '0')}`, text, age };
    if (postcode !== undefined) q.postcode = postcode;
    if (rnd.chance(0.3)) q.needs = [need];
    if (rnd.chance(0.25)) q.barriers = rnd.some<BarrierCode>(['cost', 'transport', 'mobility', 'digital', 'language', 'confidence'], 1, 2);
    if (rnd.chance(0.15)) q.days = rnd.some<Weekday>(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], 1, 3);
    const probe = probes.next();
    if (probe < LEXICON_SHARE) {
      const phrase = probes.pick(LEXICON_PHRASES);
      q.text = /[.!?]$/.test(text) ? `${text} ${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}.` : `${text}, ${phrase}`;
      q.probe = 'lexicon';
    } else if (probe < LEXICON_SHARE + PLACE_SHARE && style !== 3) {
      // the narratives already say where the person lives; a short note gets the town of its postcode
      const town = probes.chance(0.7) ? place.town : probes.pick(PLACES_ELSEWHERE);
      const said = `${probes.pick(PLACE_CUES)} ${town}`;
      q.text = /[.!?]$/.test(text) ? `${text} ${said.charAt(0).toUpperCase()}${said.slice(1)}.` : `${text}, ${said}`;
      if (probes.chance(0.5)) delete q.postcode;
      q.probe = 'place';
    }
    queries.push(q);
  }
  return queries;
}

// ---- as the importer and the matcher's loader would see it ----

/** Needs from the text, as the importer classifies an imported service (needs_source 'classified'):
 * rewrites `needs` and `classification` in place. Returns how many services gained at least one need. */
export function classifyDirectory(dir: GeneratedDirectory, minConfidence = 0.5): number {
  let classified = 0;
  for (const s of dir.service) {
    const found = classifyText(`${s.name}. ${s.description ?? ''}`);
    const needs = found.filter((c) => c.confidence >= minConfidence).map((c) => c.need);
    s.needs = JSON.stringify(needs);
    s.classification = JSON.stringify(found);
    s.needs_source = 'classified';
    if (needs.length > 0) classified++;
  }
  return classified;
}

const group = <T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> => {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list === undefined) m.set(k, [r]);
    else list.push(r);
  }
  return m;
};

/** The directory as `MatchableService` records (what the matcher's loader reads from the tables),
 * archived services left out as the loader leaves them out. */
export function toMatchable(dir: GeneratedDirectory): MatchableService[] {
  const orgs = new Map(dir.organisation.map((o) => [o.id, o.name]));
  const locations = new Map(dir.location.map((l) => [l.id, l]));
  const sal = group(dir.service_at_location, (r) => r.service_id);
  const schedules = group(dir.schedule, (r) => r.service_id ?? '');
  const costs = group(dir.cost_option, (r) => r.service_id);
  const access = group(dir.accessibility, (r) => r.location_id);
  const langs = group(dir.language, (r) => r.service_id ?? '');
  const out: MatchableService[] = [];
  for (const s of dir.service) {
    if (s.archived === 1) continue;
    const locs = (sal.get(s.id) ?? []).map((x) => locations.get(x.location_id)).filter((l) => l !== undefined);
    out.push({
      id: s.id,
      externalId: s.external_id ?? null,
      name: s.name,
      organisationId: s.organisation_id,
      organisationName: orgs.get(s.organisation_id) ?? '',
      description: s.description ?? null,
      eligibilityDescription: s.eligibility_description ?? null,
      feesDescription: s.fees_description ?? null,
      needs: JSON.parse(s.needs) as NeedCode[],
      needsSource: s.needs_source ?? 'manual',
      classification: JSON.parse(s.classification ?? '[]') as MatchableService['classification'],
      taxonomyTerms: [],
      costs: (costs.get(s.id) ?? []).map((c) => ({ amount: c.amount ?? null, option: c.option ?? null, amountDescription: c.amount_description ?? null })),
      schedules: (schedules.get(s.id) ?? []).map((x) => ({
        byday: x.byday ?? null,
        description: x.description ?? null,
        attendingType: x.attending_type ?? null,
      })),
      accessibility: locs.flatMap((l) => (access.get(l.id) ?? []).map((a) => a.description ?? '')).filter((d) => d !== ''),
      languages: (langs.get(s.id) ?? []).map((l) => l.name ?? l.code ?? '').filter((n) => n !== ''),
      interpretationServices: s.interpretation_services ?? null,
      locations: locs.flatMap((l) => (l.latitude == null || l.longitude == null ? [] : [{ latitude: l.latitude, longitude: l.longitude }])),
      minimumAge: s.minimum_age ?? null,
      maximumAge: s.maximum_age ?? null,
      capacity: s.capacity ?? 'open',
      waitingWeeks: s.waiting_weeks ?? null,
      takesReferrals: s.takes_referrals === 1,
      status: s.status ?? 'active',
      archived: false,
      lastVerifiedAt: s.last_verified_at ?? null,
      assuredDate: s.assured_date ?? null,
      createdAt: s.created_at,
    });
  }
  return out;
}
