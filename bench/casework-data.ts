/**
 * A realistic ICB's casework, generated straight into a migrated database with batched inserts
 * (not through the use cases: ~2.5 million rows through them would take an hour, and what is
 * measured here is reading, not writing). Seeded, so every run builds the same data.
 *
 * Shape at scale 1: one ICB, 30 PCNs of 5 practices (150), 10 link workers per PCN (300), each
 * covering 2–5 neighbouring practices of their PCN, one lead and its PCN, one GP referrer per
 * practice, 40 VCSE providers with 2–3 services each; 50,000 people (demo-geography postcodes,
 * aged 18–95) and 200,000 referrals over four years: each link worker holds 40–250 open cases
 * (the first, the one measured, 280), ~1.5% wait for triage, ~4% were rejected or redirected, ~1%
 * declined and the rest (~75%) are discharged. Accepted cases carry ~6 contacts, a conversation,
 * plan versions, community referrals (some still `sent` after 14 days) and GP-record entries;
 * every step leaves case_events, and allocations and replies leave notifications.
 */
import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import type { CaseStatus, DischargeReason } from '../src/domain/case-lifecycle.ts';
import { TRIAGE_REASONS } from '../src/domain/case-lifecycle.ts';
import { BARRIER_CODES } from '../src/domain/barriers.ts';
import { DECLINE_REASONS, type CommunityReferralStatus } from '../src/domain/community-referral.ts';
import type { ContactType } from '../src/domain/contacts.ts';
import { foldName } from '../src/domain/duplicates.ts';
import { NEED_CODES } from '../src/domain/needs.ts';
import { formatReference } from '../src/domain/reference.ts';
import { GP_RECORD_CODES } from '../src/domain/snomed.ts';
import type { DialectName } from '../src/db/connection.ts';
import type { DB } from '../src/db/schema.ts';
import { systemActor, type ServiceDeps } from '../src/services/kernel/context.ts';
import { importImd } from '../src/services/geo/import-imd.ts';
import { importNspl } from '../src/services/geo/import-nspl.ts';
import { hashNewPassword } from '../src/services/identity/shared/passwords.ts';
import { DEMO_GEO_FILES } from '../src/services/demo/seed-demo.ts';
import { Random } from './support.ts';

export interface CaseworkShape {
  people: number;
  referrals: number;
  pcns: number;
  practicesPerPcn: number;
  linkWorkersPerPcn: number;
  /** Open cases of the link worker whose caseload and Today are measured. */
  targetOpenCases: number;
  seed: number;
}

export const FULL_SHAPE: CaseworkShape = {
  people: 50_000,
  referrals: 200_000,
  pcns: 30,
  practicesPerPcn: 5,
  linkWorkersPerPcn: 10,
  targetOpenCases: 280,
  seed: 20_261_123,
};

/** The full shape scaled down (people, referrals, open cases) for a quick run; structure kept. */
export function scaledShape(scale: number): CaseworkShape {
  if (scale === 1) return FULL_SHAPE;
  return {
    ...FULL_SHAPE,
    people: Math.max(500, Math.round(FULL_SHAPE.people * scale)),
    referrals: Math.max(2_000, Math.round(FULL_SHAPE.referrals * scale)),
    targetOpenCases: Math.max(20, Math.round(FULL_SHAPE.targetOpenCases * scale)),
  };
}

/** Every generated account signs in with this (hashed once with the app's own argon2 settings). */
export const BENCH_PASSWORD = 'casework bench: tea, toast and timings';

export interface BenchAccount {
  id: string;
  email: string;
}

export interface GeneratedCasework {
  seconds: number;
  /** Of which writing to the database. */
  insertSeconds: number;
  /** Rows inserted per table. */
  rows: Partial<Record<keyof DB, number>>;
  statuses: Partial<Record<CaseStatus, number>>;
  /** Open cases per link worker. */
  openPerLinkWorker: { min: number; median: number; max: number };
  linkWorker: BenchAccount & { openCases: number; practices: number };
  lead: BenchAccount & { openCases: number; practices: number };
}

// ---- batched inserts ----

const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const dateOf = (ms: number): string => iso(ms).slice(0, 10);

/** The order tables are written in, so every foreign key points at a row already there. */
const TABLE_ORDER = [
  'organisation',
  'app_user',
  'user_scope',
  'service',
  'person',
  'person_address',
  'referral',
  'conversation',
  'case_event',
  'contact',
  'plan_version',
  'gp_record_entry',
  'community_referral',
  'notification',
] as const satisfies readonly (keyof DB)[];
type LoadedTable = (typeof TABLE_ORDER)[number];
type Rows = { [T in LoadedTable]: Insertable<DB[T]>[] };

/** Both databases take ~30,000 bound values per statement (SQLite's default limit is 32,766). */
const MAX_PARAMS = 30_000;

class Loader {
  private buffers: Rows = Loader.empty();
  readonly rows: Partial<Record<keyof DB, number>> = {};
  /** Time spent writing (the rest of the generation is making the rows up). */
  insertMs = 0;

  private readonly statements = new Map<string, string>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: DialectName,
  ) {}

  private static empty(): Rows {
    return {
      organisation: [],
      app_user: [],
      user_scope: [],
      service: [],
      person: [],
      person_address: [],
      referral: [],
      conversation: [],
      case_event: [],
      contact: [],
      plan_version: [],
      gp_record_entry: [],
      community_referral: [],
      notification: [],
    };
  }

  add<T extends LoadedTable>(table: T, row: Rows[T][number]): void {
    (this.buffers[table] as Rows[T][number][]).push(row);
  }

  pending(table: LoadedTable): number {
    return this.buffers[table].length;
  }

  /** The INSERT text for n rows of these columns (kept: most batches are the same size). */
  private statement(table: string, columns: readonly string[], n: number): string {
    const key = `${table}:${n}`;
    let text = this.statements.get(key);
    if (text === undefined) {
      const width = columns.length;
      const tuples = Array.from(
        { length: n },
        (_, r) => `(${columns.map((_c, c) => (this.dialect === 'postgres' ? `$${r * width + c + 1}` : '?')).join(', ')})`,
      );
      text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`;
      this.statements.set(key, text);
    }
    return text;
  }

  /**
   * Writes everything buffered, table by table in foreign-key order, in one transaction. The SQL
   * is written out here rather than compiled by Kysely per batch: compiling a 2,000-row VALUES
   * list value by value cost more than the database spent inserting it.
   */
  async flush(): Promise<void> {
    const buffers = this.buffers;
    this.buffers = Loader.empty();
    const started = performance.now();
    await this.db.transaction().execute(async (tx) => {
      for (const table of TABLE_ORDER) {
        const rows: Record<string, unknown>[] = buffers[table];
        const head = rows[0];
        if (head === undefined) continue;
        const columns = Object.keys(head);
        const size = Math.max(1, Math.min(2_000, Math.floor(MAX_PARAMS / columns.length)));
        for (let i = 0; i < rows.length; i += size) {
          const batch = rows.slice(i, i + size);
          const params: unknown[] = [];
          for (const row of batch) for (const c of columns) params.push(row[c] ?? null);
          await tx.executeQuery(CompiledQuery.raw(this.statement(table, columns, batch.length), params));
        }
        this.rows[table] = (this.rows[table] ?? 0) + rows.length;
      }
    });
    this.insertMs += performance.now() - started;
  }
}

// ---- names and words (all invented) ----

const GIVEN = [
  'Ada',
  'Alan',
  'Amira',
  'Anne',
  'Arthur',
  'Bashir',
  'Beth',
  'Brian',
  'Carol',
  'Chloe',
  'Colin',
  'Daniel',
  'Deborah',
  'Derek',
  'Dorothy',
  'Edith',
  'Elaine',
  'Emma',
  'Farah',
  'Frank',
  'Gareth',
  'Gwen',
  'Hannah',
  'Harold',
  'Hassan',
  'Irene',
  'Imran',
  'Jack',
  'Janet',
  'Joan',
  'John',
  'Joyce',
  'Karen',
  'Kevin',
  'Kieran',
  'Lesley',
  'Linda',
  'Malcolm',
  'Margaret',
  'Marek',
  'Mary',
  'Mohammed',
  'Nadia',
  'Neil',
  'Nora',
  'Olu',
  'Pamela',
  'Patrick',
  'Peter',
  'Priya',
  'Rachel',
  'Ray',
  'Rita',
  'Ruth',
  'Samina',
  'Sandra',
  'Sean',
  'Shirley',
  'Stuart',
  'Susan',
  'Tariq',
  'Thomas',
  'Tomasz',
  'Valerie',
  'Wendy',
  'Yusuf',
  'Zoë',
  'Siobhán',
  'Renée',
  'José',
] as const;
const FAMILY = [
  'Ackroyd',
  'Ahmed',
  'Akhtar',
  'Armitage',
  'Bairstow',
  'Barker',
  'Begum',
  'Bentley',
  'Brook',
  'Butterworth',
  'Clegg',
  'Crossley',
  'Dawson',
  'Denton',
  'Dyson',
  'Earnshaw',
  'Firth',
  'Fletcher',
  'Gledhill',
  'Greenwood',
  'Haigh',
  'Hartley',
  'Hirst',
  'Holroyd',
  'Hussain',
  'Iqbal',
  'Jagger',
  'Kaur',
  'Khan',
  'Kowalski',
  'Lumb',
  'Marsden',
  'Mitchell',
  'Moorhouse',
  'Nowak',
  'Nuttall',
  'O’Brien',
  'Pickles',
  'Priestley',
  'Qureshi',
  'Ramsden',
  'Riley',
  'Robinson',
  'Shackleton',
  'Shaw',
  'Singh',
  'Smith',
  'Stansfield',
  'Sunderland',
  'Sutcliffe',
  'Swift',
  'Taylor',
  'Thornton',
  'Uttley',
  'Walsh',
  'Whiteley',
  'Wilkinson',
  'Wood',
  'Wright',
  'Yates',
  'Lee-Hartley',
  'McCarthy',
  'Ó Súilleabháin',
] as const;
const PLACES = [
  'Calder',
  'Ryburn',
  'Sowerby',
  'Elland',
  'Brighouse',
  'Todmorden',
  'Hebden',
  'Shelf',
  'Northowram',
  'Luddenden',
  'Ovenden',
  'Mixenden',
  'Illingworth',
  'Siddal',
  'Southowram',
] as const;
const GOALS = [
  'Get out of the house twice a week',
  'Sort out my debts',
  'Sleep better',
  'Join a walking group',
  'Find a job I can manage',
  'Feel less alone',
  'Learn to use a tablet',
  'Get the heating fixed',
] as const;

// ---- the organisations and staff ----

interface Practice {
  id: string;
  pcn: number;
  people: string[];
  personWeight: number;
  linkWorkers: number[];
  referrerId: string;
}

interface LinkWorker {
  id: string;
  email: string;
  pcn: number;
  practices: number[];
  openTarget: number;
}

const NHS_WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2] as const;

/** Synthetic NHS numbers in the 999 range (never issued), with a valid Modulus 11 check digit. */
function* nhsNumbers(): Generator<string> {
  for (let n = 0; n < 1_000_000; n++) {
    const base = `999${String(n).padStart(6, '0')}`;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(base[i]) * (NHS_WEIGHTS[i] ?? 0);
    let check = 11 - (sum % 11);
    if (check === 11) check = 0;
    if (check === 10) continue;
    yield `${base}${check}`;
  }
}

type OpenStatus = 'allocated' | 'contacting' | 'accepted' | 'active' | 'on_hold';
type Fate = OpenStatus | 'referred' | 'rejected' | 'redirected' | 'declined' | 'discharged';

interface Spec {
  fate: Fate;
  practice: number;
  linkWorker: number | null;
  createdAt: number;
}

/** How long ago (in days) a referral that is now in this state was made. */
function ageInDays(rnd: Random, fate: Fate): number {
  switch (fate) {
    case 'referred':
      return rnd.between(0, 10);
    case 'allocated':
      return rnd.between(0, 14);
    case 'contacting':
      return rnd.between(3, 45);
    case 'accepted':
      return rnd.between(7, 60);
    case 'active':
      return rnd.between(20, 330);
    case 'on_hold':
      return rnd.between(30, 330);
    case 'declined':
      return rnd.between(5, 40);
    case 'rejected':
    case 'redirected':
      return rnd.between(3, 4 * 365);
    case 'discharged':
      return rnd.between(45, 4 * 365);
  }
}

const OPEN_MIX: readonly (readonly [OpenStatus, number])[] = [
  ['allocated', 8],
  ['contacting', 10],
  ['accepted', 7],
  ['active', 62],
  ['on_hold', 13],
];
const DISCHARGE_MIX: readonly (readonly [DischargeReason, number])[] = [
  ['goals_met', 55],
  ['unable_to_contact', 14],
  ['declined', 9],
  ['moved_away', 5],
  ['referred_elsewhere', 9],
  ['died', 2],
  ['other', 6],
];
const CONTACT_MIX: readonly (readonly [ContactType, number])[] = [
  ['phone', 55],
  ['face_to_face', 25],
  ['home_visit', 8],
  ['video', 4],
  ['accompanied_visit', 4],
  ['text', 4],
];
const SOURCE_MIX = [
  ['gp', 60],
  ['clinician', 10],
  ['partner', 10],
  ['self', 15],
  ['proactive', 5],
] as const;
const CR_OUTCOMES: readonly (readonly [CommunityReferralStatus, number])[] = [
  ['completed', 35],
  ['attended', 10],
  ['accepted', 8],
  ['started', 8],
  ['declined', 12],
  ['no_response', 10],
  ['did_not_attend', 9],
  ['cancelled', 8],
];

/**
 * Fills a freshly migrated database with the casework load. `now` is the instant the app's clock
 * will show: review dates are spread around it and Today's windows are computed from it.
 */
export async function generateCasework(
  deps: ServiceDeps,
  shape: CaseworkShape,
  now: Date,
  onProgress?: (done: number, total: number) => void,
): Promise<GeneratedCasework> {
  const started = performance.now();
  const db = deps.db;
  const rnd = new Random(shape.seed);
  const NOW = now.getTime();
  const load = new Loader(db, deps.dialect);

  // The demo geography (a few hundred Halifax postcodes and their IMD deciles), through the real importers.
  const actor = systemActor('casework-bench');
  await importNspl(deps, actor, DEMO_GEO_FILES.postcodes);
  await importImd(deps, actor, DEMO_GEO_FILES.imd);
  const postcodes = (await db.selectFrom('geo_postcode').select('postcode').where('terminated', '=', 0).orderBy('postcode').execute()).map((r) => r.postcode);
  if (postcodes.length === 0) throw new Error('the demo geography has no live postcodes');

  const passwordHash = await hashNewPassword(BENCH_PASSWORD);
  const orgAt = iso(NOW - 5 * 365 * DAY);
  const user = (id: string, email: string, displayName: string, role: string, scope: string[]): void => {
    load.add('app_user', {
      id,
      email,
      display_name: displayName,
      role,
      password_hash: passwordHash,
      disabled: 0,
      created_at: orgAt,
      updated_at: orgAt,
      version: 1,
    });
    for (const organisation_id of scope) load.add('user_scope', { user_id: id, organisation_id });
  };

  const icbId = rnd.id(NOW - 5 * 365 * DAY);
  load.add('organisation', {
    id: icbId,
    kind: 'icb',
    name: 'West Yorkshire ICB (bench)',
    ods_code: 'XBICB',
    parent_id: null,
    list_size: null,
    created_at: orgAt,
  });
  user(rnd.id(NOW - 5 * 365 * DAY), 'commissioner@bench.linkwork.test', 'Commissioner (bench)', 'commissioner', [icbId]);

  const practices: Practice[] = [];
  const linkWorkers: LinkWorker[] = [];
  const leads: BenchAccount[] = [];
  const pcnIds: string[] = [];
  const scale = shape.referrals / FULL_SHAPE.referrals;
  for (let p = 0; p < shape.pcns; p++) {
    const pcnId = rnd.id(NOW - 5 * 365 * DAY);
    pcnIds.push(pcnId);
    const place = PLACES[p % PLACES.length] ?? 'Calder';
    load.add('organisation', {
      id: pcnId,
      kind: 'pcn',
      name: `${place} ${Math.floor(p / PLACES.length) + 1} PCN (bench)`,
      ods_code: `XBP${String(p).padStart(3, '0')}`,
      parent_id: icbId,
      list_size: null,
      created_at: orgAt,
    });
    const first = practices.length;
    for (let k = 0; k < shape.practicesPerPcn; k++) {
      const id = rnd.id(NOW - 5 * 365 * DAY);
      const listSize = rnd.int(4_000, 16_000);
      load.add('organisation', {
        id,
        kind: 'practice',
        name: `${place} ${['Road', 'Lane', 'Green', 'Park', 'Bridge', 'Mill', 'Fold'][k % 7] ?? 'Road'} Surgery ${p + 1}.${k + 1} (bench)`,
        ods_code: `XB${String(first + k).padStart(4, '0')}`,
        parent_id: pcnId,
        list_size: listSize,
        created_at: orgAt,
      });
      const referrerId = rnd.id(NOW - 5 * 365 * DAY);
      user(referrerId, `gp-${String(first + k).padStart(3, '0')}@bench.linkwork.test`, `Dr ${rnd.pick(FAMILY)} (bench GP)`, 'referrer', [id]);
      practices.push({ id, pcn: p, people: [], personWeight: listSize, linkWorkers: [], referrerId });
    }
    const leadId = rnd.id(NOW - 5 * 365 * DAY);
    const leadEmail = `lead-${String(p).padStart(2, '0')}@bench.linkwork.test`;
    user(leadId, leadEmail, `${rnd.pick(GIVEN)} ${rnd.pick(FAMILY)} (lead)`, 'lead', [pcnId]);
    leads.push({ id: leadId, email: leadEmail });
    for (let k = 0; k < shape.linkWorkersPerPcn; k++) {
      const index = linkWorkers.length;
      const id = rnd.id(NOW - 5 * 365 * DAY);
      const email = `lw-${String(index).padStart(3, '0')}@bench.linkwork.test`;
      // 2–5 neighbouring practices, starting at each practice in turn so every practice is covered.
      const size = index === 0 ? shape.practicesPerPcn : rnd.int(2, Math.min(5, shape.practicesPerPcn));
      const covered = Array.from({ length: size }, (_, j) => first + ((k + j) % shape.practicesPerPcn));
      user(
        id,
        email,
        `${rnd.pick(GIVEN)} ${rnd.pick(FAMILY)}`,
        'link_worker',
        covered.map((i) => practices[i]?.id ?? ''),
      );
      for (const i of covered) practices[i]?.linkWorkers.push(index);
      // 40–250 open cases, most nearer 40 than 250; the measured link worker carries more than 250.
      const openTarget = index === 0 ? shape.targetOpenCases : Math.max(1, Math.round((40 + 210 * rnd.next() ** 1.6) * scale));
      linkWorkers.push({ id, email, pcn: p, practices: covered, openTarget });
    }
  }
  user(rnd.id(NOW - 5 * 365 * DAY), 'admin@bench.linkwork.test', 'Admin (bench)', 'admin', []);

  const services: string[] = [];
  const providerOf = new Map<string, string>();
  for (let v = 0; v < 40; v++) {
    const orgId = rnd.id(NOW - 4 * 365 * DAY);
    load.add('organisation', {
      id: orgId,
      kind: 'vcse',
      name: `${rnd.pick(PLACES)} ${['Befriending', 'Money Advice', 'Walking Group', 'Men’s Shed', 'Food Club', 'Carers Centre', 'Digital Drop-in', 'Arts Collective'][v % 8] ?? 'Group'} ${v + 1} (bench)`,
      ods_code: null,
      parent_id: null,
      list_size: null,
      created_at: orgAt,
    });
    const providerId = rnd.id(NOW - 4 * 365 * DAY);
    user(providerId, `provider-${String(v).padStart(2, '0')}@bench.linkwork.test`, `${rnd.pick(GIVEN)} ${rnd.pick(FAMILY)} (provider)`, 'provider', [orgId]);
    for (let s = rnd.int(2, 3); s > 0; s--) {
      const id = rnd.id(NOW - 4 * 365 * DAY);
      load.add('service', {
        id,
        organisation_id: orgId,
        name: `Service ${services.length + 1} (bench)`,
        description: null,
        needs: JSON.stringify(rnd.some(NEED_CODES, 1, 3)),
        takes_referrals: 1,
        archived: 0,
        created_at: orgAt,
        updated_at: orgAt,
      });
      services.push(id);
      providerOf.set(id, providerId);
    }
  }
  await load.flush();

  // ---- people ----
  const nhs = nhsNumbers();
  const practiceTable = practices.map((pr, i) => [i, pr.personWeight] as const);
  for (let n = 0; n < shape.people; n++) {
    // One person at every practice first, so a small scale never leaves a practice empty.
    const practice = practices[n < practices.length ? n : rnd.weighted(practiceTable)] as Practice;
    const createdMs = NOW - rnd.between(4.2 * 365, 6 * 365) * DAY;
    const id = rnd.id(createdMs);
    const age = 18 + Math.floor(77.99 * rnd.next() ** 0.8);
    const dob = dateOf(NOW - age * 365.25 * DAY - rnd.between(0, 364) * DAY);
    const given = rnd.pick(GIVEN);
    const family = rnd.pick(FAMILY);
    const postcode = rnd.chance(0.96) ? rnd.pick(postcodes) : null;
    const at = iso(createdMs);
    load.add('person', {
      id,
      nhs_number: rnd.chance(0.93) ? (nhs.next().value as string) : null,
      given_name: given,
      family_name: family,
      name_folded: foldName(given, family),
      date_of_birth: dob,
      sex: rnd.chance(0.55) ? 'female' : 'male',
      gender_identity: null,
      ethnic_category: rnd.pick(['A', 'B', 'H', 'J', 'M', 'N', 'Z']),
      postcode,
      phone: rnd.chance(0.85) ? `07700 9${String(rnd.int(0, 99_999)).padStart(5, '0')}` : null,
      email: rnd.chance(0.35) ? `person${n}@example.invalid` : null,
      contact_preferences: rnd.chance(0.5) ? JSON.stringify({ methods: ['phone'] }) : null,
      communication_needs: rnd.chance(0.08) ? JSON.stringify({ interpreter: true, language: 'Urdu', formats: [] }) : null,
      practice_id: practice.id,
      merged_into_id: null,
      created_at: at,
      updated_at: at,
      version: 1,
    });
    if (postcode !== null)
      load.add('person_address', {
        id: rnd.id(createdMs),
        person_id: id,
        line1: `${rnd.int(1, 200)} ${rnd.pick(PLACES)} Road`,
        line2: null,
        town: 'Halifax',
        postcode,
        valid_from: dateOf(createdMs),
        valid_to: null,
        created_at: at,
      });
    practice.people.push(id);
    if (load.pending('person') >= 5_000) await load.flush();
  }
  await load.flush();

  // ---- what each referral will become ----
  const specs: Spec[] = [];
  const spec = (fate: Fate, practice: number, linkWorker: number | null): void => {
    specs.push({ fate, practice, linkWorker, createdAt: NOW - ageInDays(rnd, fate) * DAY });
  };
  for (const [index, lw] of linkWorkers.entries()) {
    for (let i = 0; i < lw.openTarget; i++) spec(rnd.weighted(OPEN_MIX), rnd.pick(lw.practices), index);
  }
  const share = (f: number): number => Math.round(shape.referrals * f);
  const coveredBy = (practice: number): number => rnd.pick(practices[practice]?.linkWorkers ?? [0]);
  for (let i = share(0.015); i > 0; i--) spec('referred', rnd.weighted(practiceTable), null);
  for (let i = share(0.025); i > 0; i--) spec('rejected', rnd.weighted(practiceTable), null);
  for (let i = share(0.015); i > 0; i--) spec('redirected', rnd.weighted(practiceTable), null);
  for (let i = share(0.01); i > 0; i--) {
    const pr = rnd.weighted(practiceTable);
    spec('declined', pr, coveredBy(pr));
  }
  const discharged = shape.referrals - specs.length;
  if (discharged < 0) throw new Error('more open cases than referrals: lower the open caseloads or raise the referrals');
  for (let i = discharged; i > 0; i--) {
    const pr = rnd.weighted(practiceTable);
    spec('discharged', pr, coveredBy(pr));
  }
  // Written oldest first, as a real database fills up.
  specs.sort((a, b) => a.createdAt - b.createdAt);

  const references = new Set<string>();
  const statuses: Partial<Record<CaseStatus, number>> = {};
  const openPer = new Array<number>(linkWorkers.length).fill(0);
  const leadOf = (pcn: number): string => leads[pcn]?.id ?? '';

  for (const [n, s] of specs.entries()) {
    const practice = practices[s.practice] as Practice;
    const lw = s.linkWorker === null ? undefined : linkWorkers[s.linkWorker];
    const lwId = lw?.id ?? null;
    const personId = rnd.pick(practice.people);
    const created = s.createdAt;
    const id = rnd.id(created);
    let reference = formatReference(rnd.bytes(8));
    while (references.has(reference)) reference = formatReference(rnd.bytes(8));
    references.add(reference);
    const source = rnd.weighted(SOURCE_MIX);
    const referrerUserId = source === 'gp' ? practice.referrerId : null;
    const events: { at: number; kind: string; actor: string | null; data: Record<string, unknown> }[] = [];
    const event = (at: number, kind: string, actor: string | null, data: Record<string, unknown> = {}): void => {
      events.push({ at, kind, actor, data });
    };
    event(created, 'referral_created', referrerUserId, { source });

    let status: CaseStatus = s.fate === 'discharged' || s.fate === 'declined' ? 'discharged' : s.fate;
    let statusReason: string | null = null;
    let allocatedAt: number | null = null;
    let firstContactAt: number | null = null;
    let acceptedAt: number | null = null;
    let closedAt: number | null = null;
    let lastContactAt: number | null = null;
    let attempts = 0;
    let nextReviewOn: string | null = null;
    let sharingChoice: string | null = null;
    let accepted = false;
    const contacts: { at: number; successful: boolean }[] = [];

    if (s.fate === 'referred') {
      // waiting for triage: nothing else yet
    } else if (s.fate === 'rejected' || s.fate === 'redirected') {
      closedAt = Math.min(NOW, created + rnd.between(0.1, 5) * DAY);
      statusReason = rnd.pick(TRIAGE_REASONS);
      event(closedAt, s.fate, leadOf(practice.pcn), { from: 'referred', to: s.fate, reason: statusReason });
    } else {
      allocatedAt = Math.min(NOW - 0.05 * DAY, created + rnd.between(0.1, 5) * DAY);
      event(allocatedAt, 'allocated', leadOf(practice.pcn), { from: 'referred', to: 'allocated' });
      // The path this case took: how it ends (or where it is now).
      const reason: DischargeReason | null = s.fate === 'discharged' ? rnd.weighted(DISCHARGE_MIX) : null;
      const end = s.fate === 'discharged' ? Math.min(NOW - DAY, allocatedAt + rnd.between(30, 240) * DAY) : NOW;
      const unreachable = s.fate === 'contacting' || reason === 'unable_to_contact' || s.fate === 'allocated';
      const declines = s.fate === 'declined' || reason === 'declined';
      // Attempts before anyone answers.
      const attemptCount =
        s.fate === 'allocated'
          ? 0
          : s.fate === 'contacting'
            ? rnd.int(1, 4)
            : reason === 'unable_to_contact'
              ? rnd.int(3, 4)
              : rnd.weighted([
                  [0, 50],
                  [1, 30],
                  [2, 20],
                ] as const);
      const reachedAt = unreachable ? end : Math.min(end - 0.5 * DAY, allocatedAt + rnd.between(1, 12) * DAY);
      for (let i = 0; i < attemptCount; i++) contacts.push({ at: allocatedAt + ((reachedAt - allocatedAt) * (i + 1)) / (attemptCount + 1), successful: false });
      attempts = attemptCount;
      if (!unreachable) {
        firstContactAt = reachedAt;
        if (declines) {
          statusReason = 'declined';
          event(reachedAt, 'status_changed', lwId, { from: attemptCount > 0 ? 'contacting' : 'allocated', to: 'declined', command: 'decline' });
          contacts.push({ at: reachedAt, successful: true });
        } else {
          accepted = true;
          acceptedAt = reachedAt;
          event(reachedAt, 'status_changed', lwId, { from: attemptCount > 0 ? 'contacting' : 'allocated', to: 'accepted', command: 'accept' });
          if (s.fate !== 'accepted')
            event(Math.min(end, reachedAt + rnd.between(1, 10) * DAY), 'status_changed', lwId, { from: 'accepted', to: 'active', command: 'start' });
          if (s.fate === 'on_hold')
            event(Math.min(end, reachedAt + rnd.between(10, 40) * DAY), 'status_changed', lwId, { from: 'active', to: 'on_hold', command: 'hold' });
          // About six conversations over the case: the last one recent for an open case.
          const count = s.fate === 'accepted' ? rnd.int(1, 3) : Math.max(1, Math.round(rnd.between(3, 10)));
          const last = s.fate === 'discharged' ? end : Math.max(reachedAt, NOW - Math.min(60, -Math.log(1 - rnd.next()) * 10) * DAY);
          const times = Array.from({ length: count }, (_, i) => (i === 0 ? reachedAt : i === count - 1 ? last : rnd.between(reachedAt, last))).sort(
            (a, b) => a - b,
          );
          for (const at of times) contacts.push({ at, successful: rnd.chance(0.93) || at === reachedAt });
        }
      } else if (attemptCount > 0) {
        event(contacts[0]?.at ?? allocatedAt, 'status_changed', lwId, { from: 'allocated', to: 'contacting', command: 'log_attempt' });
      }
      if (s.fate === 'discharged' || s.fate === 'declined') {
        if (s.fate === 'discharged') {
          closedAt = end;
          statusReason = reason;
          sharingChoice = rnd.chance(0.7) ? 'full' : 'coded_only';
          event(closedAt, 'status_changed', lwId, {
            from: accepted ? 'active' : declines ? 'declined' : 'contacting',
            to: 'discharged',
            command: 'discharge',
            reason,
          });
        } else {
          status = 'declined';
        }
      } else {
        status = s.fate;
      }
      for (const c of contacts) {
        if (!c.successful) continue;
        lastContactAt = lastContactAt === null ? c.at : Math.max(lastContactAt, c.at);
        firstContactAt = firstContactAt === null ? c.at : Math.min(firstContactAt, c.at);
      }
      if (status === 'accepted' || status === 'active') nextReviewOn = rnd.chance(0.9) ? dateOf(NOW + rnd.between(-30, 60) * DAY) : null;
      if (status === 'on_hold') nextReviewOn = rnd.chance(0.8) ? dateOf(NOW + rnd.between(0, 90) * DAY) : null;
    }
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (s.linkWorker !== null && ['allocated', 'contacting', 'accepted', 'active', 'on_hold'].includes(status))
      openPer[s.linkWorker] = (openPer[s.linkWorker] ?? 0) + 1;

    // Contacts and their timeline events.
    for (const c of contacts) {
      const at = iso(c.at);
      const type: ContactType = c.successful ? rnd.weighted(CONTACT_MIX) : rnd.pick(['phone', 'text'] as const);
      load.add('contact', {
        id: rnd.id(c.at),
        referral_id: id,
        at,
        type,
        duration_minutes: c.successful ? rnd.int(5, 90) : null,
        successful: c.successful ? 1 : 0,
        notes: c.successful && rnd.chance(0.6) ? 'Talked through how the week went and the next step.' : null,
        created_by: lwId ?? '',
        created_at: at,
      });
      event(c.at, 'contact_logged', lwId, { type, successful: c.successful });
    }

    // What matters, the plan, community referrals and GP-record entries belong to accepted cases.
    const caseEnd = closedAt ?? NOW;
    if (accepted && acceptedAt !== null && lwId !== null && rnd.chance(0.9)) {
      const at = Math.min(caseEnd, acceptedAt + rnd.between(0, 14) * DAY);
      load.add('conversation', {
        referral_id: id,
        needs: JSON.stringify(
          rnd.some(NEED_CODES, 1, 4).map((code) => ({ code, words: rnd.chance(0.5) ? 'In her own words: it has been a hard year.' : null })),
        ),
        strengths: rnd.chance(0.7) ? 'Good with her hands; loves music' : null,
        interests: rnd.chance(0.6) ? 'Gardening, choirs' : null,
        barriers: JSON.stringify(rnd.some(BARRIER_CODES, 0, 3)),
        notes: rnd.chance(0.5) ? 'Prefers mornings.' : null,
        updated_at: iso(at),
        updated_by: lwId,
        version: rnd.int(1, 3),
      });
      event(at, 'conversation_saved', lwId);
      if ((status !== 'accepted' && rnd.chance(0.8)) || rnd.chance(0.2)) {
        const versions = rnd.int(1, 3);
        for (let v = 1; v <= versions; v++) {
          const vat = Math.min(caseEnd, at + v * rnd.between(7, 30) * DAY);
          const goals = rnd.some(GOALS, 1, 3).map((text, g) => ({
            id: `g${g + 1}`,
            text,
            steps: [{ text: 'First step together', who: 'me', done: v > 1 }],
            targetDate: dateOf(vat + 60 * DAY),
            status: v === versions && status === 'discharged' ? 'achieved' : 'in_progress',
            progress: v === 1 ? null : rnd.int(2, 9),
          }));
          load.add('plan_version', {
            id: rnd.id(vat),
            referral_id: id,
            version: v,
            goals: JSON.stringify(goals),
            review_on: dateOf(vat + 28 * DAY),
            created_at: iso(vat),
            created_by: lwId,
          });
          event(vat, 'plan_saved', lwId, { version: v, goals: goals.length });
        }
      }
      const crs = rnd.weighted([
        [0, 45],
        [1, 40],
        [2, 15],
      ] as const);
      for (let k = 0; k < crs; k++) {
        const serviceId = rnd.pick(services);
        let sent = rnd.between(acceptedAt, caseEnd);
        const signpost = rnd.chance(0.2);
        let crStatus: CommunityReferralStatus;
        if (signpost) crStatus = 'signposted';
        else if (closedAt === null && sent > NOW - 14 * DAY) crStatus = 'sent';
        else if (closedAt === null && rnd.chance(0.12)) {
          // Still unanswered after 14 days: Today lists these until the expiry job runs.
          crStatus = 'sent';
          sent = Math.max(acceptedAt, NOW - rnd.between(15, 40) * DAY);
        } else crStatus = rnd.weighted(CR_OUTCOMES);
        if (crStatus === 'sent' && sent > NOW - 14 * DAY - DAY && sent < NOW - 14 * DAY) sent = NOW - 15 * DAY;
        const responded =
          crStatus === 'sent' || crStatus === 'signposted' ? null : Math.min(NOW, sent + rnd.between(1, crStatus === 'no_response' ? 15 : 10) * DAY);
        const crId = rnd.id(sent);
        load.add('community_referral', {
          id: crId,
          referral_id: id,
          service_id: serviceId,
          kind: signpost ? 'signpost' : 'refer',
          status: crStatus,
          need: rnd.pick(NEED_CODES),
          reason_text: signpost ? null : 'Would like company and something to look forward to.',
          decline_reason: crStatus === 'declined' ? rnd.pick(DECLINE_REASONS) : null,
          sent_at: iso(sent),
          responded_at: responded === null ? null : iso(responded),
          expires_at: signpost ? null : iso(sent + 14 * DAY),
          created_by: lwId,
          updated_at: iso(responded ?? sent),
          version: crStatus === 'sent' || signpost ? 1 : rnd.int(2, 4),
        });
        event(sent, signpost ? 'community_signposted' : 'community_referred', lwId, { serviceId });
        if (!signpost) {
          const provider = providerOf.get(serviceId);
          if (provider !== undefined)
            load.add('notification', {
              id: rnd.id(sent),
              user_id: provider,
              kind: 'community_referral_received',
              referral_id: id,
              created_at: iso(sent),
              read_at: sent < NOW - 3 * DAY ? iso(sent + DAY) : null,
            });
        }
        const kind =
          crStatus === 'declined'
            ? 'community_referral_declined'
            : crStatus === 'no_response'
              ? 'community_referral_no_response'
              : crStatus === 'accepted' || crStatus === 'started' || crStatus === 'attended' || crStatus === 'completed'
                ? 'community_referral_accepted'
                : null;
        if (kind !== null && responded !== null)
          load.add('notification', {
            id: rnd.id(responded),
            user_id: lwId,
            kind,
            referral_id: id,
            created_at: iso(responded),
            read_at: responded < NOW - 2 * DAY || rnd.chance(0.5) ? iso(responded + 0.2 * DAY) : null,
          });
      }
    }
    const gpEvent = accepted ? GP_RECORD_CODES.referral_accepted : statusReason === 'declined' && firstContactAt !== null ? GP_RECORD_CODES.declined : null;
    const gpAt = accepted ? acceptedAt : firstContactAt;
    if (gpEvent !== null && gpAt !== null) {
      const filed = gpAt < NOW - 14 * DAY && rnd.chance(0.92);
      load.add('gp_record_entry', {
        id: rnd.id(gpAt),
        referral_id: id,
        person_id: personId,
        practice_id: practice.id,
        code: gpEvent.code,
        description: gpEvent.description,
        recorded_on: dateOf(gpAt),
        filed_at: filed ? iso(gpAt + rnd.between(1, 10) * DAY) : null,
        filed_by: filed ? practice.referrerId : null,
        created_at: iso(gpAt),
      });
      event(gpAt, 'gp_record_entry_added', lwId, { code: gpEvent.code });
    }

    // Notifications: the allocation to the link worker, and status news to the GP who referred.
    if (allocatedAt !== null && lwId !== null) {
      load.add('notification', {
        id: rnd.id(allocatedAt),
        user_id: lwId,
        kind: 'case_allocated',
        referral_id: id,
        created_at: iso(allocatedAt),
        read_at: allocatedAt < NOW - 2 * DAY || rnd.chance(0.3) ? iso(allocatedAt + rnd.between(0.01, 2) * DAY) : null,
      });
    }
    if (referrerUserId !== null && (allocatedAt !== null || closedAt !== null)) {
      const at = closedAt ?? allocatedAt ?? created;
      load.add('notification', {
        id: rnd.id(at),
        user_id: referrerUserId,
        kind: 'referral_status_changed',
        referral_id: id,
        created_at: iso(at),
        read_at: at < NOW - 7 * DAY || rnd.chance(0.4) ? iso(at + DAY) : null,
      });
    }

    events.sort((a, b) => a.at - b.at);
    for (const e of events)
      load.add('case_event', { id: rnd.id(e.at), referral_id: id, at: iso(e.at), actor_user_id: e.actor, kind: e.kind, data: JSON.stringify(e.data) });
    const lastChange = events[events.length - 1]?.at ?? created;

    load.add('referral', {
      id,
      reference,
      person_id: personId,
      practice_id: practice.id,
      source,
      referrer_user_id: referrerUserId,
      referrer_org_id: null,
      referrer_contact: source === 'partner' ? 'Housing Options duty desk' : null,
      needs: JSON.stringify(rnd.some(NEED_CODES, 1, 3)),
      reason_text: rnd.chance(0.8) ? 'Lives alone since her husband died; not going out much.' : null,
      urgency: rnd.weighted([
        ['routine', 80],
        ['soon', 15],
        ['urgent', 5],
      ] as const),
      consent_given: 1,
      consent_recorded_at: iso(created),
      safeguarding: rnd.chance(0.03) ? 1 : 0,
      risk_text: null,
      contact_notes: rnd.chance(0.2) ? 'Ring after 2pm' : null,
      status,
      status_reason: statusReason,
      link_worker_id: status === 'referred' || status === 'rejected' || status === 'redirected' ? null : lwId,
      allocated_at: allocatedAt === null ? null : iso(allocatedAt),
      first_contact_at: firstContactAt === null ? null : iso(firstContactAt),
      accepted_at: acceptedAt === null ? null : iso(acceptedAt),
      closed_at: closedAt === null ? null : iso(closedAt),
      contact_attempts: attempts,
      sharing_choice: sharingChoice,
      next_review_on: nextReviewOn,
      last_contact_at: lastContactAt === null ? null : iso(lastContactAt),
      created_at: iso(created),
      updated_at: iso(lastChange),
      version: events.length,
    });
    if (load.pending('referral') >= 2_000) {
      await load.flush();
      onProgress?.(n + 1, specs.length);
    }
  }
  await load.flush();
  onProgress?.(specs.length, specs.length);

  const sorted = [...openPer].sort((a, b) => a - b);
  const target = linkWorkers[0];
  const lead = leads[0];
  if (target === undefined || lead === undefined) throw new Error('no link worker or lead generated');
  const pcnPractices = practices.filter((p) => p.pcn === 0).length;
  const pcnOpen = linkWorkers.reduce((sum, lw, i) => (lw.pcn === 0 ? sum + (openPer[i] ?? 0) : sum), 0);
  return {
    seconds: (performance.now() - started) / 1000,
    insertSeconds: load.insertMs / 1000,
    rows: load.rows,
    statuses,
    openPerLinkWorker: { min: sorted[0] ?? 0, median: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted[sorted.length - 1] ?? 0 },
    linkWorker: { id: target.id, email: target.email, openCases: openPer[0] ?? 0, practices: target.practices.length },
    lead: { id: lead.id, email: lead.email, openCases: pcnOpen, practices: pcnPractices },
  };
}
