/**
 * An ICB's five years of social prescribing, generated straight into a migrated database for the
 * insight reports' benchmark (bench/reports.ts): seeded, so every run builds the same data, and
 * written with multi-row INSERTs in transactions (through the use cases, ~12 million rows would
 * take a day; what is measured is reading).
 *
 * Shape at scale 1: one ICB, 30 PCNs of 5–7 practices (~180, each with an ODS code and a list of
 * 4,000–20,000), 10 link workers per PCN (most with contracted hours) and a PCN lead, a
 * commissioner; 2,000 LSOAs with IMD deciles and Census ethnicity shares, 10 postcodes each;
 * ~1,000,000 referrals from 2022-01-01 to the bench clock (growing ~10% a year, few at weekends)
 * for ~800,000 people (some referred again); each case's path simulated in time and cut at the
 * clock: triage (rejected, redirected), first-contact attempts, unreachable, declined, accepted
 * with ~6 successful contacts, holds, discharge with a reason; conversations and plan versions for
 * most accepted cases; ~1 community referral per referral (signposts, every outcome) to 2,000
 * services of 300 VCSE organisations; ONS4 (and the ONS loneliness question) at baseline, review
 * and final for a share; unmet needs with kind, barrier and area; and NHS England list extracts
 * (age × sex, LSOA) for every practice on five yearly dates.
 */
import { CompiledQuery, sql, type Insertable, type Kysely } from 'kysely';
import { TRIAGE_REASONS, type CaseStatus, type DischargeReason } from '../src/domain/case-lifecycle.ts';
import { BARRIER_CODES } from '../src/domain/barriers.ts';
import { DECLINE_REASONS, type CommunityReferralStatus } from '../src/domain/community-referral.ts';
import type { ContactType } from '../src/domain/contacts.ts';
import { AGE_BANDS_5 } from '../src/domain/denominators.ts';
import { foldName } from '../src/domain/duplicates.ts';
import { NEED_CODES } from '../src/domain/needs.ts';
import { formatReference } from '../src/domain/reference.ts';
import { UNMET_BARRIERS, type UnmetNeedKind } from '../src/domain/unmet-need.ts';
import type { DialectName } from '../src/db/connection.ts';
import type { DB } from '../src/db/schema.ts';
import { Random } from './support.ts';

/** Bump when the generated data changes: cached databases of another version are rebuilt. */
export const REPORTS_GENERATOR_VERSION = 1;

/** The instant the app's clock shows in the benchmark: the last complete year is 2025, the last complete quarter 2026-Q3. */
export const REPORTS_NOW = new Date('2026-12-07T10:00:00.000Z');

export interface ReportsShape {
  referrals: number;
  pcns: number;
  linkWorkersPerPcn: number;
  lsoas: number;
  vcseOrganisations: number;
  services: number;
  seed: number;
}

export const FULL_REPORTS_SHAPE: ReportsShape = {
  referrals: 1_000_000,
  pcns: 30,
  linkWorkersPerPcn: 10,
  lsoas: 2_000,
  vcseOrganisations: 300,
  services: 2_000,
  seed: 20_261_207,
};

/** The full shape with a fraction of the referrals (and everything hanging off them); the ICB's structure kept. */
export function scaledReportsShape(scale: number): ReportsShape {
  return { ...FULL_REPORTS_SHAPE, referrals: Math.max(5_000, Math.round(FULL_REPORTS_SHAPE.referrals * scale)) };
}

export interface GeneratedReports {
  version: number;
  scale: number;
  seed: number;
  seconds: number;
  /** Of which writing to the database (the rest is making rows up). */
  insertSeconds: number;
  /** Rebuilding the secondary indexes after the load. */
  indexSeconds: number;
  rows: Partial<Record<keyof DB, number>>;
  statuses: Partial<Record<string, number>>;
}

// ---- loading ----

const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const dateOf = (ms: number): string => iso(ms).slice(0, 10);

/** Tables in foreign-key order: each batch is written in this order. */
const TABLE_ORDER = [
  'geo_lsoa',
  'geo_postcode',
  'geo_lsoa_ethnicity',
  'organisation',
  'app_user',
  'user_scope',
  'service',
  'list_extract',
  'list_age_sex',
  'list_lsoa',
  'person',
  'referral',
  'contact',
  'conversation',
  'plan_version',
  'community_referral',
  'outcome_administration',
  'unmet_need',
] as const satisfies readonly (keyof DB)[];
type LoadedTable = (typeof TABLE_ORDER)[number];
type Rows = { [T in LoadedTable]: Insertable<DB[T]>[] };

/** Both databases take ~30,000 bound values per statement (SQLite's default limit is 32,766). */
const MAX_PARAMS = 30_000;

class Loader {
  private buffers = new Map<LoadedTable, Record<string, unknown>[]>();
  readonly rows: Partial<Record<keyof DB, number>> = {};
  insertMs = 0;
  private readonly statements = new Map<string, string>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: DialectName,
  ) {}

  add<T extends LoadedTable>(table: T, row: Rows[T][number]): void {
    let b = this.buffers.get(table);
    if (b === undefined) this.buffers.set(table, (b = []));
    b.push(row);
  }

  pending(table: LoadedTable): number {
    return this.buffers.get(table)?.length ?? 0;
  }

  private statement(table: string, columns: readonly string[], n: number): string {
    const key = `${table}:${columns.length}:${n}`;
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

  /** Writes everything buffered in one transaction, table by table in foreign-key order (SQL written out: Kysely's compiler costs more than the insert). */
  async flush(): Promise<void> {
    const buffers = this.buffers;
    this.buffers = new Map();
    const started = performance.now();
    await this.db.transaction().execute(async (tx) => {
      for (const table of TABLE_ORDER) {
        const rows = buffers.get(table);
        const head = rows?.[0];
        if (rows === undefined || head === undefined) continue;
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

/**
 * The secondary indexes of the loaded tables, dropped before the load and rebuilt after it (a
 * bulk load into indexed tables is several times slower). Primary keys and unique constraints stay.
 */
async function dropSecondaryIndexes(db: Kysely<DB>, dialect: DialectName): Promise<string[]> {
  const tables = TABLE_ORDER as readonly string[];
  if (dialect === 'sqlite') {
    const r = await sql<{ name: string; tbl_name: string; sql: string | null }>`select name, tbl_name, sql from sqlite_master where type = 'index'`.execute(db);
    const keep = r.rows.filter((x) => tables.includes(x.tbl_name) && x.sql !== null && !/^create unique/i.test(x.sql));
    for (const x of keep) await sql.raw(`drop index "${x.name}"`).execute(db);
    return keep.map((x) => x.sql as string);
  }
  const r = await sql<{ indexname: string; tablename: string; indexdef: string }>`
    select i.indexname, i.tablename, i.indexdef from pg_indexes i
    where i.schemaname = current_schema()
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
      and i.indexdef not ilike 'create unique%'`.execute(db);
  const keep = r.rows.filter((x) => tables.includes(x.tablename));
  for (const x of keep) await sql.raw(`drop index "${x.indexname}"`).execute(db);
  return keep.map((x) => x.indexdef);
}

// ---- words (all invented) ----

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
  'Edith',
  'Farah',
  'Frank',
  'Gwen',
  'Hannah',
  'Hassan',
  'Irene',
  'Imran',
  'Janet',
  'Joan',
  'John',
  'Karen',
  'Kevin',
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
  'Patrick',
  'Priya',
  'Rachel',
  'Rita',
  'Ruth',
  'Samina',
  'Sean',
  'Susan',
  'Tariq',
  'Tomasz',
  'Wendy',
  'Yusuf',
  'Zoë',
] as const;
const FAMILY = [
  'Ackroyd',
  'Ahmed',
  'Akhtar',
  'Barker',
  'Begum',
  'Brook',
  'Clegg',
  'Crossley',
  'Dawson',
  'Dyson',
  'Firth',
  'Greenwood',
  'Haigh',
  'Hartley',
  'Hussain',
  'Iqbal',
  'Kaur',
  'Khan',
  'Kowalski',
  'Marsden',
  'Mitchell',
  'Nowak',
  'O’Brien',
  'Pickles',
  'Qureshi',
  'Riley',
  'Shaw',
  'Singh',
  'Smith',
  'Sutcliffe',
  'Taylor',
  'Walsh',
  'Wood',
  'Wright',
  'Yates',
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
const ACTIVITIES = [
  'Befriending',
  'Money Advice',
  'Walking Group',
  'Men’s Shed',
  'Food Club',
  'Carers Centre',
  'Digital Drop-in',
  'Arts Collective',
  'Choir',
  'Allotment',
  'Bereavement Café',
  'Housing Advice',
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

// ---- mixes ----

const SOURCE_MIX = [
  ['gp', 58],
  ['clinician', 10],
  ['partner', 12],
  ['self', 15],
  ['proactive', 5],
] as const;
/** Needs named on referrals: loneliness and money far more often than the rest. */
const NEED_MIX: readonly (readonly [string, number])[] = NEED_CODES.map(
  (c, i) =>
    [
      c,
      c === 'loneliness' ? 30 : c === 'mental_wellbeing' || c === 'low_mood' ? 14 : c === 'debt' || c === 'benefits' ? 12 : Math.max(1, 10 - (i % 9)),
    ] as const,
);
const DISCHARGE_MIX: readonly (readonly [DischargeReason, number])[] = [
  ['goals_met', 62],
  ['declined', 6],
  ['unable_to_contact', 7],
  ['moved_away', 5],
  ['referred_elsewhere', 10],
  ['died', 2],
  ['other', 8],
];
const CONTACT_MIX: readonly (readonly [ContactType, number])[] = [
  ['phone', 52],
  ['face_to_face', 25],
  ['home_visit', 8],
  ['video', 4],
  ['accompanied_visit', 4],
  ['text', 4],
  ['email', 3],
];
const CR_OUTCOMES: readonly (readonly [CommunityReferralStatus, number])[] = [
  ['completed', 30],
  ['attended', 12],
  ['accepted', 8],
  ['started', 8],
  ['did_not_attend', 6],
  ['declined', 12],
  ['no_response', 12],
  ['cancelled', 6],
];
const ETHNIC_MIX = [
  ['A', 58],
  ['B', 2],
  ['C', 3],
  ['H', 3],
  ['J', 9],
  ['K', 2],
  ['M', 1],
  ['N', 2],
  ['D', 1],
  ['S', 2],
  ['Z', 9],
] as const;

/** A cumulative table for weighted picks in O(log n) (the practice of each of a million referrals). */
function cumulative(weights: readonly number[]): Float64Array {
  const c = new Float64Array(weights.length);
  let t = 0;
  for (const [i, w] of weights.entries()) c[i] = t += w;
  return c;
}
function pickIndex(rnd: Random, cum: Float64Array): number {
  const x = rnd.next() * (cum[cum.length - 1] ?? 0);
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cum[mid] ?? 0) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
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

interface Practice {
  id: string;
  ods: string;
  pcn: number;
  listSize: number;
  /** Indexes into the LSOAs, with the share of the list living in each. */
  lsoas: number[];
  lsoaCum: Float64Array;
  people: string[];
  peopleLsoa: number[];
  linkWorkers: string[];
}

/** Letters for postcodes' inward codes. */
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/**
 * Fills a freshly migrated database. `now` is the instant the app's clock will show: cases are
 * simulated forward in time and cut there.
 */
export async function generateReportsData(
  db: Kysely<DB>,
  dialect: DialectName,
  shape: ReportsShape,
  scale: number,
  now: Date,
  onProgress?: (done: number, total: number) => void,
): Promise<GeneratedReports> {
  const started = performance.now();
  const rnd = new Random(shape.seed);
  const NOW = now.getTime();
  const START = Date.parse('2022-01-01T00:00:00.000Z');
  const load = new Loader(db, dialect);
  if (dialect === 'sqlite') await sql`pragma synchronous = off`.execute(db);
  const indexes = await dropSecondaryIndexes(db, dialect);
  const orgAt = iso(START - 400 * DAY);

  // ---- geography: LSOAs (deciles 1–10, the ICB more deprived than average), postcodes, ethnicity ----
  const lsoaCodes: string[] = [];
  const lsoaDecile: number[] = [];
  for (let i = 0; i < shape.lsoas; i++) {
    const code = `E01${String(100_000 + i * 7).padStart(6, '0')}`;
    // Neighbouring LSOAs have similar deprivation: a smooth wave plus noise.
    const base = 5.5 + 4 * Math.sin(i / 37) + rnd.between(-2.5, 2.5) - 0.8;
    const decile = Math.min(10, Math.max(1, Math.round(base)));
    lsoaCodes.push(code);
    lsoaDecile.push(decile);
    load.add('geo_lsoa', { lsoa: code, imd_decile: decile, imd_rank: Math.min(32_844, Math.max(1, Math.round((decile - rnd.next()) * 3_284.4))) });
    const asian = Math.round((decile <= 3 ? rnd.between(800, 4_000) : rnd.between(50, 900)) * (i % 5 === 0 ? 2 : 1));
    const black = Math.round(rnd.between(20, 400));
    const mixed = Math.round(rnd.between(100, 400));
    const other = Math.round(rnd.between(20, 250));
    const shares = { asian, black, mixed, other, white: 10_000 - asian - black - mixed - other };
    for (const [group, per] of Object.entries(shares))
      load.add('geo_lsoa_ethnicity', { lsoa: code, ethnic_group: group, per_10000: per, source: 'ONS Census 2021 TS021 (OGL v3) — bench' });
  }
  const postcodesOf: string[][] = [];
  for (let i = 0; i < shape.lsoas; i++) {
    const list: string[] = [];
    for (let k = 0; k < 10; k++) {
      const pc = `XB${Math.floor(i / 40) + 1} ${k}${LETTERS[Math.floor((i % 40) / LETTERS.length)] ?? 'A'}${LETTERS[i % LETTERS.length] ?? 'A'}`;
      list.push(pc);
      load.add('geo_postcode', { postcode: pc, lsoa: lsoaCodes[i] ?? null, latitude: 53.7 + i / 20_000, longitude: -1.9 + k / 1_000, terminated: 0 });
    }
    postcodesOf.push(list);
  }

  // ---- organisations and staff ----
  const passwordHash = 'bench: no sign-in';
  const user = (id: string, email: string, displayName: string, role: string, scope: string[], minutes: number | null = null): void => {
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
      contracted_minutes: minutes,
    });
    for (const organisation_id of scope) load.add('user_scope', { user_id: id, organisation_id });
  };
  const orgMs = START - 400 * DAY;
  const icbId = rnd.id(orgMs);
  load.add('organisation', {
    id: icbId,
    kind: 'icb',
    name: 'West Yorkshire ICB (reports bench)',
    ods_code: 'XRICB',
    parent_id: null,
    list_size: null,
    created_at: orgAt,
  });
  user(rnd.id(orgMs), 'commissioner@reports.bench.test', 'Commissioner (bench)', 'commissioner', [icbId]);

  const practices: Practice[] = [];
  const lsoasPerPcn = Math.ceil(shape.lsoas / shape.pcns);
  for (let p = 0; p < shape.pcns; p++) {
    const pcnId = rnd.id(orgMs);
    const place = PLACES[p % PLACES.length] ?? 'Calder';
    load.add('organisation', {
      id: pcnId,
      kind: 'pcn',
      name: `${place} ${Math.floor(p / PLACES.length) + 1} PCN (bench)`,
      ods_code: `XRP${String(p).padStart(3, '0')}`,
      parent_id: icbId,
      list_size: null,
      created_at: orgAt,
    });
    user(rnd.id(orgMs), `pcn-lead-${String(p).padStart(2, '0')}@reports.bench.test`, `${rnd.pick(GIVEN)} ${rnd.pick(FAMILY)} (PCN lead)`, 'pcn_lead', [pcnId]);
    user(rnd.id(orgMs), `lead-${String(p).padStart(2, '0')}@reports.bench.test`, `${rnd.pick(GIVEN)} ${rnd.pick(FAMILY)} (lead)`, 'lead', [pcnId]);
    const count = rnd.int(5, 7);
    const mine: Practice[] = [];
    for (let k = 0; k < count; k++) {
      const id = rnd.id(orgMs);
      const ods = `XR${String(practices.length).padStart(4, '0')}`;
      const listSize = rnd.int(4_000, 20_000);
      load.add('organisation', {
        id,
        kind: 'practice',
        name: `${place} ${['Road', 'Lane', 'Green', 'Park', 'Bridge', 'Mill', 'Fold'][k % 7] ?? 'Road'} Surgery ${p + 1}.${k + 1} (bench)`,
        ods_code: ods,
        parent_id: pcnId,
        list_size: listSize,
        created_at: orgAt,
      });
      // The practice's patients live in ~40 LSOAs around the PCN's patch (neighbouring PCNs overlap).
      const from = Math.max(0, p * lsoasPerPcn - 10);
      const lsoas = rnd
        .some(
          Array.from({ length: lsoasPerPcn + 20 }, (_, j) => (from + j) % shape.lsoas),
          30,
          50,
        )
        .sort((a, b) => a - b);
      const weights = lsoas.map(() => rnd.next() ** 2 + 0.05);
      const practice: Practice = { id, ods, pcn: p, listSize, lsoas, lsoaCum: cumulative(weights), people: [], peopleLsoa: [], linkWorkers: [] };
      practices.push(practice);
      mine.push(practice);
    }
    for (let k = 0; k < shape.linkWorkersPerPcn; k++) {
      const id = rnd.id(orgMs);
      const covered = Array.from({ length: Math.min(count, rnd.int(2, 4)) }, (_, j) => mine[(k + j) % count] as Practice);
      const minutes = rnd.chance(0.9) ? rnd.pick([2250, 2250, 1875, 1500, 1125]) : null;
      user(
        id,
        `lw-${String(p).padStart(2, '0')}-${String(k).padStart(2, '0')}@reports.bench.test`,
        `${rnd.pick(GIVEN)} ${rnd.pick(FAMILY)}`,
        'link_worker',
        covered.map((c) => c.id),
        minutes,
      );
      for (const c of covered) c.linkWorkers.push(id);
    }
    for (const m of mine) if (m.linkWorkers.length === 0) m.linkWorkers.push(rnd.pick(mine.flatMap((x) => x.linkWorkers)));
  }

  // ---- the VCSE sector: organisations and their services ----
  const services: string[] = [];
  for (let v = 0; v < shape.vcseOrganisations; v++) {
    const orgId = rnd.id(orgMs);
    const activity = ACTIVITIES[v % ACTIVITIES.length] ?? 'Group';
    load.add('organisation', {
      id: orgId,
      kind: 'vcse',
      name: `${rnd.pick(PLACES)} ${activity} ${v + 1} (bench)`,
      ods_code: null,
      parent_id: null,
      list_size: null,
      created_at: orgAt,
    });
    const n =
      v === shape.vcseOrganisations - 1
        ? Math.max(1, shape.services - services.length)
        : Math.max(1, Math.round(rnd.between(0.3, 1.7) * (shape.services / shape.vcseOrganisations)));
    for (let s = 0; s < n && services.length < shape.services; s++) {
      const id = rnd.id(orgMs);
      const capacity = rnd.weighted([
        ['open', 75],
        ['waiting_list', 18],
        ['closed', 7],
      ] as const);
      const verified = rnd.chance(0.85) ? iso(NOW - rnd.between(5, 900) * DAY) : null;
      load.add('service', {
        id,
        organisation_id: orgId,
        name: `${activity} ${services.length + 1} (bench)`,
        description: null,
        needs: JSON.stringify(rnd.some(NEED_CODES, 1, 3)),
        takes_referrals: 1,
        archived: 0,
        created_at: orgAt,
        updated_at: iso(NOW - rnd.between(1, 1_000) * DAY),
        status: 'active',
        capacity,
        waiting_weeks: capacity === 'waiting_list' && rnd.chance(0.8) ? rnd.int(1, 16) : null,
        last_verified_at: verified,
      });
      services.push(id);
    }
  }
  // Popularity: a few services take most referrals.
  const serviceCum = cumulative(services.map((_, i) => 1 / (1 + i / 40)));
  const serviceOrder = rnd.shuffle([...services]);

  // ---- list denominators: five yearly extracts, age × sex and LSOA, for every practice ----
  // A typical list: fewer children and old people than working-age adults; a little drift each year.
  const bandWeight = AGE_BANDS_5.map((_, i) => (i < 4 ? 5.5 : i < 13 ? 7 : Math.max(0.3, 7 - (i - 12) * 1.1)));
  const bandTotal = bandWeight.reduce((a, b) => a + b, 0);
  for (const [y, date] of ['2022-04-01', '2023-04-01', '2024-04-01', '2025-04-01', '2026-04-01'].entries()) {
    const at = `${date}T09:00:00.000Z`;
    const ageSexId = rnd.id(Date.parse(at));
    const lsoaId = rnd.id(Date.parse(at));
    let ageSexRows = 0;
    let lsoaRows = 0;
    let patients = 0;
    load.add('list_extract', {
      id: ageSexId,
      kind: 'age_sex',
      extract_date: date,
      practices: practices.length,
      rows: 0,
      patients: 0,
      imported_at: at,
      imported_by: null,
    });
    load.add('list_extract', {
      id: lsoaId,
      kind: 'lsoa',
      extract_date: date,
      practices: practices.length,
      rows: 0,
      patients: 0,
      imported_at: at,
      imported_by: null,
    });
    for (const pr of practices) {
      const size = Math.round(pr.listSize * (1 + 0.015 * (y - 3)));
      for (const sex of ['F', 'M'] as const) {
        for (const [b, band] of AGE_BANDS_5.entries()) {
          const n = Math.max(0, Math.round((((size / 2) * (bandWeight[b] ?? 1)) / bandTotal) * rnd.between(0.9, 1.1) * (sex === 'F' && b > 14 ? 1.2 : 1)));
          load.add('list_age_sex', { extract_id: ageSexId, practice_ods: pr.ods, sex, age_band: band, patients: n });
          ageSexRows += 1;
          patients += n;
        }
      }
      const total = pr.lsoaCum[pr.lsoaCum.length - 1] ?? 1;
      for (const [j, l] of pr.lsoas.entries()) {
        const share = ((pr.lsoaCum[j] ?? 0) - (j === 0 ? 0 : (pr.lsoaCum[j - 1] ?? 0))) / total;
        load.add('list_lsoa', {
          extract_id: lsoaId,
          practice_ods: pr.ods,
          lsoa: lsoaCodes[l] ?? '',
          sex: 'ALL',
          patients: Math.max(1, Math.round(size * share)),
        });
        lsoaRows += 1;
      }
    }
    await load.flush();
    await db.updateTable('list_extract').set({ rows: ageSexRows, patients }).where('id', '=', ageSexId).execute();
    await db.updateTable('list_extract').set({ rows: lsoaRows, patients }).where('id', '=', lsoaId).execute();
  }
  await load.flush();

  // ---- referrals, day by day, and everything that happened on each case up to the clock ----
  const days = Math.floor((NOW - START) / DAY);
  const dayWeights = Array.from({ length: days + 1 }, (_, d) => {
    const weekday = new Date(START + d * DAY).getUTCDay();
    const growth = 0.8 + (0.4 * d) / days; // ~10% a year
    const season = 1 + 0.12 * Math.cos(((d % 365) / 365) * 2 * Math.PI); // busier in winter
    return (weekday === 0 || weekday === 6 ? 0.15 : 1) * growth * season;
  });
  const weightTotal = dayWeights.reduce((a, b) => a + b, 0);
  const practiceCum = cumulative(practices.map((p) => p.listSize));
  const nhs = nhsNumbers();
  const references = new Set<string>();
  const statuses: Record<string, number> = {};
  let made = 0;
  let carried = 0;

  for (let d = 0; d <= days; d++) {
    carried += ((dayWeights[d] ?? 0) / weightTotal) * shape.referrals;
    let today = Math.floor(carried);
    if (d === days) today = shape.referrals - made;
    carried -= today;
    const dayStart = START + d * DAY;
    const times = Array.from({ length: today }, () => dayStart + rnd.between(8, 18.5) * 3_600_000)
      .filter((t) => t < NOW - 3_600_000)
      .sort((a, b) => a - b);
    for (const created of times) {
      made += 1;
      const practice = practices[pickIndex(rnd, practiceCum)] as Practice;

      // The person: new (~80%), or someone at the practice referred before.
      let personId: string;
      let personLsoa: number | null;
      if (practice.people.length === 0 || rnd.chance(0.8)) {
        const createdMs = created - rnd.between(0, 3) * DAY;
        personId = rnd.id(createdMs);
        const age = 18 + Math.floor(77.99 * rnd.next() ** 0.75);
        const given = rnd.pick(GIVEN);
        const family = rnd.pick(FAMILY);
        const lsoaIdx = rnd.chance(0.95) ? (practice.lsoas[pickIndex(rnd, practice.lsoaCum)] ?? null) : null;
        const postcode = lsoaIdx === null ? (rnd.chance(0.5) ? `XB99 ${rnd.int(0, 9)}ZZ` : null) : rnd.pick(postcodesOf[lsoaIdx] ?? ['XB1 0AA']);
        const at = iso(createdMs);
        const sexDraw = rnd.next();
        load.add('person', {
          id: personId,
          nhs_number: rnd.chance(0.94) ? ((nhs.next().value as string | undefined) ?? null) : null,
          given_name: given,
          family_name: family,
          name_folded: foldName(given, family),
          date_of_birth: dateOf(created - age * 365.25 * DAY - rnd.between(0, 364) * DAY),
          sex: sexDraw < 0.57 ? 'female' : sexDraw < 0.985 ? 'male' : null,
          gender_identity: null,
          ethnic_category: rnd.chance(0.08) ? null : rnd.weighted(ETHNIC_MIX),
          postcode,
          phone: null,
          email: null,
          contact_preferences: null,
          communication_needs: null,
          practice_id: practice.id,
          merged_into_id: null,
          created_at: at,
          updated_at: at,
          version: 1,
        });
        practice.people.push(personId);
        practice.peopleLsoa.push(lsoaIdx ?? -1);
        personLsoa = lsoaIdx;
      } else {
        const k = Math.floor(rnd.next() * practice.people.length);
        personId = practice.people[k] as string;
        const l = practice.peopleLsoa[k] ?? -1;
        personLsoa = l < 0 ? null : l;
      }

      const id = rnd.id(created);
      let reference = formatReference(rnd.bytes(8));
      while (references.has(reference)) reference = formatReference(rnd.bytes(8));
      references.add(reference);
      const source = rnd.weighted(SOURCE_MIX);
      const needs: string[] = [];
      for (
        let k = rnd.weighted([
          [1, 50],
          [2, 35],
          [3, 15],
        ] as const);
        needs.length < k;
      ) {
        const need = rnd.weighted(NEED_MIX);
        if (!needs.includes(need)) needs.push(need);
      }
      const lwId = rnd.pick(practice.linkWorkers);

      let status: CaseStatus = 'referred';
      let statusReason: string | null = null;
      let allocatedAt: number | null = null;
      let firstContactAt: number | null = null;
      let acceptedAt: number | null = null;
      let closedAt: number | null = null;
      let lastContactAt: number | null = null;
      let attempts = 0;
      let nextReviewOn: string | null = null;
      const contacts: { at: number; successful: boolean }[] = [];

      const triage = created + rnd.between(0.1, 5) * DAY;
      const triageDraw = rnd.next();
      if (triage > NOW) {
        status = 'referred';
      } else if (triageDraw < 0.045) {
        status = triageDraw < 0.03 ? 'rejected' : 'redirected';
        statusReason = rnd.pick(TRIAGE_REASONS);
        closedAt = triage;
      } else {
        allocatedAt = triage;
        status = 'allocated';
        const path = rnd.weighted([
          ['accept', 80],
          ['decline', 8],
          ['unreachable', 12],
        ] as const);
        const attemptCount =
          path === 'unreachable'
            ? rnd.int(3, 4)
            : rnd.weighted([
                [0, 50],
                [1, 30],
                [2, 20],
              ] as const);
        const reachedAt = path === 'unreachable' ? allocatedAt + rnd.between(14, 42) * DAY : allocatedAt + rnd.between(0.5, 12) * DAY;
        for (let i = 0; i < attemptCount; i++) {
          const at = allocatedAt + ((reachedAt - allocatedAt) * (i + 1)) / (attemptCount + 1);
          if (at > NOW) break;
          contacts.push({ at, successful: false });
          attempts += 1;
          status = 'contacting';
        }
        if (path === 'unreachable') {
          const end = reachedAt + rnd.between(3, 10) * DAY;
          if (end <= NOW) {
            status = 'discharged';
            statusReason = 'unable_to_contact';
            closedAt = end;
          }
        } else if (reachedAt <= NOW) {
          contacts.push({ at: reachedAt, successful: true });
          firstContactAt = reachedAt;
          if (path === 'decline') {
            status = 'declined';
            const end = reachedAt + rnd.between(1, 14) * DAY;
            if (end <= NOW) {
              status = 'discharged';
              statusReason = 'declined';
              closedAt = end;
            }
          } else {
            status = 'accepted';
            acceptedAt = reachedAt;
            const startAt = reachedAt + rnd.between(1, 10) * DAY;
            if (startAt <= NOW) status = 'active';
            const long = rnd.chance(0.04);
            const end = acceptedAt + (long ? rnd.between(240, 600) : rnd.between(30, 240)) * DAY;
            // A hold for some: on hold if the clock falls inside it.
            if (rnd.chance(0.12)) {
              const holdFrom = startAt + rnd.between(10, 60) * DAY;
              const holdTo = holdFrom + rnd.between(14, 60) * DAY;
              if (holdFrom <= NOW && NOW < holdTo && holdFrom < end) status = 'on_hold';
            }
            const count = Math.max(2, Math.round(rnd.between(3, 10)));
            for (let i = 1; i < count; i++) {
              const at = i === count - 1 ? end - rnd.between(0, 3) * DAY : rnd.between(reachedAt, end);
              if (at <= NOW) contacts.push({ at, successful: rnd.chance(0.92) });
            }
            if (end <= NOW) {
              status = 'discharged';
              statusReason = rnd.weighted(DISCHARGE_MIX);
              closedAt = end;
            } else if (status !== 'on_hold') nextReviewOn = rnd.chance(0.9) ? dateOf(NOW + rnd.between(-30, 60) * DAY) : null;
            else nextReviewOn = rnd.chance(0.8) ? dateOf(NOW + rnd.between(0, 90) * DAY) : null;
          }
        }
      }
      statuses[status] = (statuses[status] ?? 0) + 1;
      contacts.sort((a, b) => a.at - b.at);
      for (const c of contacts) {
        if (!c.successful) continue;
        lastContactAt = lastContactAt === null ? c.at : Math.max(lastContactAt, c.at);
        firstContactAt = firstContactAt === null ? c.at : Math.min(firstContactAt, c.at);
      }
      const assigned = allocatedAt !== null;
      load.add('referral', {
        id,
        reference,
        person_id: personId,
        practice_id: practice.id,
        source,
        referrer_user_id: null,
        referrer_org_id: null,
        referrer_contact: source === 'partner' ? 'Housing Options duty desk' : null,
        needs: JSON.stringify(needs),
        reason_text: null,
        urgency: rnd.weighted([
          ['routine', 80],
          ['soon', 15],
          ['urgent', 5],
        ] as const),
        consent_given: 1,
        consent_recorded_at: iso(created),
        safeguarding: rnd.chance(0.03) ? 1 : 0,
        risk_text: null,
        contact_notes: null,
        status,
        status_reason: statusReason,
        link_worker_id: assigned ? lwId : null,
        allocated_at: allocatedAt === null ? null : iso(allocatedAt),
        first_contact_at: firstContactAt === null ? null : iso(firstContactAt),
        accepted_at: acceptedAt === null ? null : iso(acceptedAt),
        closed_at: closedAt === null ? null : iso(closedAt),
        contact_attempts: attempts,
        sharing_choice: status === 'discharged' && acceptedAt !== null ? (rnd.chance(0.7) ? 'full' : 'coded_only') : null,
        next_review_on: nextReviewOn,
        last_contact_at: lastContactAt === null ? null : iso(lastContactAt),
        created_at: iso(created),
        updated_at: iso(closedAt ?? lastContactAt ?? allocatedAt ?? created),
        version: 1 + contacts.length,
      });
      for (const c of contacts) {
        const at = iso(c.at);
        load.add('contact', {
          id: rnd.id(c.at),
          referral_id: id,
          at,
          type: c.successful ? rnd.weighted(CONTACT_MIX) : rnd.pick(['phone', 'text'] as const),
          duration_minutes: c.successful ? rnd.int(5, 90) : null,
          successful: c.successful ? 1 : 0,
          notes: null,
          // Now and then a colleague covers a contact (W3 credits whoever recorded it).
          created_by: rnd.chance(0.05) ? rnd.pick(practice.linkWorkers) : lwId,
          created_at: at,
        });
      }

      // What matters, the plan, community referrals, outcomes and unmet needs belong to accepted cases.
      if (acceptedAt !== null) {
        const caseEnd = Math.min(closedAt ?? NOW, NOW);
        if (rnd.chance(0.9)) {
          const at = Math.min(caseEnd, acceptedAt + rnd.between(0, 14) * DAY);
          load.add('conversation', {
            referral_id: id,
            needs: JSON.stringify(needs.map((code) => ({ code, words: null }))),
            strengths: null,
            interests: null,
            barriers: JSON.stringify(rnd.chance(0.3) ? rnd.some(BARRIER_CODES, 1, 2) : []),
            notes: null,
            updated_at: iso(at),
            updated_by: lwId,
            version: rnd.int(1, 3),
          });
          if (rnd.chance(0.8)) {
            const versions = rnd.int(1, 3);
            for (let v = 1; v <= versions; v++) {
              const vat = at + v * rnd.between(7, 30) * DAY;
              if (vat > caseEnd) break;
              load.add('plan_version', {
                id: rnd.id(vat),
                referral_id: id,
                version: v,
                goals: JSON.stringify([
                  { id: 'g1', text: rnd.pick(GOALS), steps: [], targetDate: dateOf(vat + 60 * DAY), status: 'in_progress', progress: null },
                ]),
                review_on: dateOf(vat + 28 * DAY),
                created_at: iso(vat),
                created_by: lwId,
              });
            }
          }
        }
        const crs = rnd.weighted([
          [0, 22],
          [1, 38],
          [2, 25],
          [3, 15],
        ] as const);
        for (let k = 0; k < crs; k++) {
          const sent = rnd.between(acceptedAt, acceptedAt + Math.min(90, (caseEnd - acceptedAt) / DAY) * DAY);
          if (sent > NOW) continue;
          const serviceId = serviceOrder[pickIndex(rnd, serviceCum)] as string;
          const signpost = rnd.chance(0.25);
          let crStatus: CommunityReferralStatus;
          let responded: number | null = null;
          if (signpost) crStatus = 'signposted';
          else {
            const answerAfter = rnd.between(0.5, 12) * DAY;
            crStatus = rnd.weighted(CR_OUTCOMES);
            if (crStatus === 'no_response') responded = null;
            else if (crStatus === 'cancelled' && rnd.chance(0.5)) responded = null;
            else responded = sent + answerAfter;
            if (sent + (crStatus === 'no_response' ? 14 * DAY : answerAfter) > NOW) {
              crStatus = 'sent';
              responded = null;
            }
          }
          const updated = responded ?? (crStatus === 'no_response' ? sent + 14 * DAY : crStatus === 'cancelled' ? sent + rnd.between(1, 20) * DAY : sent);
          load.add('community_referral', {
            id: rnd.id(sent),
            referral_id: id,
            service_id: serviceId,
            kind: signpost ? 'signpost' : 'refer',
            status: crStatus,
            need: rnd.pick(needs),
            reason_text: null,
            decline_reason: crStatus === 'declined' ? rnd.pick(DECLINE_REASONS) : null,
            sent_at: iso(sent),
            responded_at: responded === null ? null : iso(responded),
            expires_at: signpost ? null : iso(sent + 14 * DAY),
            created_by: lwId,
            updated_at: iso(Math.min(NOW, updated)),
            version: crStatus === 'sent' || signpost ? 1 : rnd.int(2, 4),
            match_id: null,
            match_rank: null,
          });
        }
        // ONS4 (and sometimes the loneliness question) at baseline, now and then a review, and at discharge.
        if (rnd.chance(0.55)) {
          const base = acceptedAt + rnd.between(0, 14) * DAY;
          if (base <= caseEnd) {
            const lonely = rnd.chance(0.35);
            const level = rnd.between(2, 6);
            const administer = (tp: 'baseline' | 'review' | 'final', at: number, gain: number): void => {
              const v = (x: number): number => Math.max(0, Math.min(10, Math.round(x + rnd.between(-1.5, 1.5))));
              const values = { life_satisfaction: v(level + gain), worthwhile: v(level + 1 + gain), happiness: v(level + gain), anxiety: v(7 - level - gain) };
              load.add('outcome_administration', {
                id: rnd.id(at),
                referral_id: id,
                person_id: personId,
                instrument_code: 'ons4',
                instrument_version: '1',
                timepoint: tp,
                mode: rnd.pick(['face_to_face', 'telephone', 'self_paper'] as const),
                administered_on: dateOf(at),
                answers: JSON.stringify(values),
                scores: JSON.stringify({
                  method: 'per_item',
                  items: (['life_satisfaction', 'worthwhile', 'happiness', 'anxiety'] as const).map((k) => ({ id: k, value: values[k], band: null })),
                  primary: null,
                }),
                primary_score: null,
                recorded_by: lwId,
                created_at: iso(at),
              });
              if (lonely) {
                const value = Math.max(1, Math.min(5, Math.round(2 + gain / 2 + rnd.between(-1, 1))));
                load.add('outcome_administration', {
                  id: rnd.id(at),
                  referral_id: id,
                  person_id: personId,
                  instrument_code: 'ons-loneliness',
                  instrument_version: '1',
                  timepoint: tp,
                  mode: 'face_to_face',
                  administered_on: dateOf(at),
                  answers: JSON.stringify({ lonely: value }),
                  scores: JSON.stringify({ method: 'per_item', items: [{ id: 'lonely', value, band: null }], primary: null }),
                  primary_score: null,
                  recorded_by: lwId,
                  created_at: iso(at),
                });
              }
            };
            administer('baseline', base, 0);
            if (rnd.chance(0.1) && base + 60 * DAY <= caseEnd) administer('review', base + 60 * DAY, rnd.between(0, 1.5));
            if (closedAt !== null && closedAt <= NOW && status === 'discharged' && rnd.chance(0.6))
              administer('final', Math.max(base + DAY, closedAt - rnd.between(0, 7) * DAY), rnd.between(-0.5, 2.5));
          }
        }
        // Unmet needs: a need nothing could meet, or not yet.
        if (rnd.chance(0.18)) {
          for (let k = rnd.int(1, 2); k > 0; k--) {
            const at = rnd.between(acceptedAt, caseEnd);
            const kind = rnd.weighted([
              ['no_service', 40],
              ['full', 25],
              ['barrier', 25],
              ['declined', 10],
            ] as const satisfies readonly (readonly [UnmetNeedKind, number])[]);
            load.add('unmet_need', {
              id: rnd.id(at),
              referral_id: id,
              need: rnd.chance(0.7) ? rnd.pick(needs) : rnd.weighted(NEED_MIX),
              lsoa: personLsoa === null ? null : (lsoaCodes[personLsoa] ?? null),
              note: rnd.chance(0.3) ? 'Nothing within reach on the bus before 10.' : null,
              created_by: lwId,
              created_at: iso(at),
              kind,
              barrier: kind === 'barrier' ? rnd.pick(UNMET_BARRIERS) : null,
            });
          }
        }
      }
      if (load.pending('referral') >= 5_000) {
        await load.flush();
        onProgress?.(made, shape.referrals);
      }
    }
  }
  await load.flush();
  onProgress?.(made, shape.referrals);

  const indexStarted = performance.now();
  for (const statement of indexes) await sql.raw(statement).execute(db);
  if (dialect === 'sqlite') await sql`pragma synchronous = normal`.execute(db);
  const indexSeconds = (performance.now() - indexStarted) / 1000;

  return {
    version: REPORTS_GENERATOR_VERSION,
    scale,
    seed: shape.seed,
    seconds: (performance.now() - started) / 1000,
    insertSeconds: load.insertMs / 1000,
    indexSeconds,
    rows: load.rows,
    statuses,
  };
}
