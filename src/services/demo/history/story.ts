import type { ReferralSource } from '../../../domain/schemas/referrals.ts';
import type { ServiceCapacity } from '../../../domain/schemas/directory.ts';
import { londonDate } from '../../../domain/worklist.ts';
import { listGpEntriesForPractices } from '../../../db/repositories/cases/gp-record-entries.ts';
import { findServiceRecord } from '../../../db/repositories/directory/curation.ts';
import { listNotifications } from '../../../db/repositories/notifications/notifications.ts';
import { listInbox } from '../../../db/repositories/community/community-referrals.ts';
import type { ServiceDeps } from '../../kernel/context.ts';
import { expireCommunityReferrals } from '../../community/expire-community-referrals.ts';
import { exportGpEntries } from '../../cases/export-gp-entries.ts';
import { markGpEntriesFiled } from '../../cases/mark-gp-entries-filed.ts';
import { updateService } from '../../directory/update-service.ts';
import { verifyService } from '../../directory/verify-service.ts';
import { markNotificationRead } from '../../notifications/mark-notification-read.ts';
import type { Cast, CastMember, CastPractice, CastService } from './cast.ts';
import type { DemoGeography } from './geography.ts';
import { Journeys, type StoryContext } from './journey.ts';
import { PeopleFactory } from './people.ts';
import { streamFor, type Prng } from './prng.ts';
import { DAY, dayStart, isWeekend, onAWeekday, Timeline, workingTime } from './timeline.ts';

/** What the history is asked to be. */
export interface StoryOptions {
  seed: number;
  /** The first simulated instant (ms). */
  start: number;
  /** The last: "now" when seeding began. Nothing after it happens. */
  end: number;
  /** Referrals a month on average (the service grows over the period and has seasons). */
  referralsPerMonth: number;
}

/** Counts of what the history did, for the summary line and the tests. */
export interface StoryCounts {
  referrals: Record<ReferralSource, number>;
  useCases: number;
}

const SEASON = [1.15, 1.08, 1.05, 1.0, 0.98, 0.95, 0.9, 0.85, 1.0, 1.05, 1.05, 0.85] as const;

/** Sources of referrals that arrive one by one (proactive outreach comes in monthly batches). */
const ARRIVING: readonly (readonly [Exclude<ReferralSource, 'proactive'>, number])[] = [
  ['gp', 48],
  ['clinician', 13],
  ['partner', 18],
  ['self', 15],
];

/** The referral-taking services of the demo organisations (their providers switch referrals on at the start). */
const TAKES_REFERRALS = new Set([
  'Tuesday Singing for Wellbeing',
  'Befriending by phone',
  'Home Visiting Befrienders',
  'Bereavement Cafe',
  "Carers' Coffee Morning",
  'Men in Sheds Boothtown',
  'Debt and benefits advice',
  'Warm Homes energy advice',
  'Benefits check and PIP support',
  'Money skills for work',
]);

/** Capacity changes over the period: [service name, fraction of the period, capacity, waiting weeks]. */
const CAPACITY_CHANGES: readonly (readonly [string, number, ServiceCapacity, number | null])[] = [
  ['Bereavement counselling', 0.12, 'waiting_list', 10],
  ['Befriending by phone', 0.35, 'waiting_list', 6],
  ['Befriending by phone', 0.6, 'open', null],
  ['Home Visiting Befrienders', 0.7, 'waiting_list', 8],
  ['Managing anxiety course', 0.8, 'waiting_list', 4],
  ['Couch to 5K running group', 0.9, 'closed', null],
];

/**
 * The demo PCN's last months, told through the real use cases in simulated time: referrals
 * arriving from every route, triage, the link workers' casework, the providers' replies, the
 * expiry job, practices filing GP-record entries, people reading their notifications and providers
 * keeping their listings current. Deterministic for a seed and an end date.
 */
export class Story implements StoryContext {
  readonly timeline: Timeline;
  readonly people: PeopleFactory;
  readonly counts: StoryCounts = { referrals: { gp: 0, clinician: 0, partner: 0, self: 0, proactive: 0 }, useCases: 0 };
  /** Open cases per link worker, for the lead's "fewest open cases" allocation. */
  readonly openCases = new Map<string, number>();
  /** Services' capacity as the story goes (a full service turns connections into unmet needs). */
  readonly capacity = new Map<string, ServiceCapacity>();
  readonly #journeys: Journeys;

  constructor(
    readonly deps: ServiceDeps,
    readonly cast: Cast,
    readonly geo: DemoGeography,
    readonly opts: StoryOptions,
    takenNhsNumbers: readonly string[],
  ) {
    this.timeline = new Timeline(opts.start, opts.end);
    this.people = new PeopleFactory(takenNhsNumbers);
    this.#journeys = new Journeys(this);
  }

  /** Counts one use-case call (the figure the seed's timing is judged by). */
  call<T>(p: Promise<T>): Promise<T> {
    this.counts.useCases += 1;
    return p;
  }

  /** The simulated current instant. */
  get now(): number {
    return this.timeline.now;
  }

  #todayCache = { hour: -1, date: '' };

  /** Today's date in England at the simulated instant (worked out once an hour: it is asked often). */
  today(): string {
    const hour = Math.floor(this.timeline.now / 3_600_000);
    if (hour !== this.#todayCache.hour) this.#todayCache = { hour, date: londonDate(new Date(this.timeline.now)) };
    return this.#todayCache.date;
  }

  /** Link workers who cover a practice. */
  covering(practice: CastPractice): CastMember[] {
    return this.cast.linkWorkers.filter((lw) => lw.organisationIds.includes(practice.id));
  }

  /** The covering link worker with the fewest open cases (what the triage board suggests first). */
  suggestedLinkWorker(practice: CastPractice): CastMember | undefined {
    let best: CastMember | undefined;
    for (const lw of this.covering(practice)) if (best === undefined || (this.openCases.get(lw.id) ?? 0) < (this.openCases.get(best.id) ?? 0)) best = lw;
    return best;
  }

  /** The lead's triage round (10:00 on a working day) after `skip` more rounds, from now. */
  triageRound(skip: number): number {
    let t = dayStart(this.now) + 10 * 3_600_000;
    if (t <= this.now || isWeekend(t)) t = onAWeekday(t + DAY);
    for (let i = 0; i < skip; i++) t = onAWeekday(t + DAY);
    return t + (this.#triageOrder++ % 60) * 60_000;
  }

  #triageOrder = 0;

  /** Runs the whole story; `setClock` moves the use cases' clock. */
  async run(setClock: (ms: number) => void): Promise<StoryCounts> {
    const { start, end, seed } = this.opts;
    this.timeline.spawn(start + 2 * 3_600_000, () => this.#openListings());
    this.#scheduleArrivals(streamFor(seed, 10, 0));
    this.#scheduleProactive(streamFor(seed, 11, 0));
    this.#capacityChanges();
    this.#daily(dayStart(start) + DAY + 2 * 3_600_000, async () => {
      // The nightly job: one use case (and audit event) per referral it expires.
      this.counts.useCases += (await expireCommunityReferrals(this.deps)).expired;
    });
    this.#every(14 * DAY, this.#nextWeekday(start, 5, 15), () => this.#fileGpEntries());
    this.#weekly(this.#nextWeekday(start, 1, 9), () => this.#readNotifications());
    this.#every(90 * DAY, start + 20 * DAY, () => this.#verifyListings(false));
    this.timeline.spawn(start + 30 * DAY, () => this.#verifyListings(true));
    this.timeline.spawn(Math.max(start, end - 90 * 60_000), () => this.#thisMorning());
    await this.timeline.run(setClock);
    return this.counts;
  }

  #nextWeekday(from: number, weekday: number, hour: number): number {
    let t = dayStart(from) + hour * 3_600_000;
    while (new Date(t).getUTCDay() !== weekday || t < from) t += DAY;
    return t;
  }

  #every(period: number, first: number, work: () => Promise<void>): void {
    this.timeline.spawn(first, async (wait) => {
      for (let t = first; ; t += period) {
        await wait(t);
        await work();
      }
    });
  }

  #daily(first: number, work: () => Promise<void>): void {
    this.#every(DAY, first, work);
  }

  #weekly(first: number, work: () => Promise<void>): void {
    this.#every(7 * DAY, first, work);
  }

  #scheduleArrivals(rng: Prng): void {
    const { start, end, referralsPerMonth } = this.opts;
    const days = Math.floor((end - start) / DAY);
    let n = 0;
    for (let d = 1; d <= days; d++) {
      const day = dayStart(start) + d * DAY;
      const growth = 0.8 + 0.4 * (d / days);
      const rate = (referralsPerMonth * growth * (SEASON[new Date(day).getUTCMonth()] ?? 1)) / 30.44;
      const arrivals = rng.poisson(rate);
      for (let i = 0; i < arrivals; i++) {
        const source = rng.weighted(ARRIVING);
        const minute = rng.int(0, 479);
        // Professionals refer in working hours; people refer themselves at any time, any day.
        const at = source === 'self' ? day + rng.int(7 * 60, 22 * 60) * 60_000 : isWeekend(day) ? workingTime(day, 0, minute) : day + (510 + minute) * 60_000;
        const index = n++;
        this.timeline.spawn(at, (wait) => this.#journeys.referral(index, source, wait));
      }
    }
  }

  /** Once a month the lead runs a proactive search (fit notes, long-term conditions) and invites a handful of people. */
  #scheduleProactive(rng: Prng): void {
    const { start, end, referralsPerMonth } = this.opts;
    let index = 100_000;
    for (let month = dayStart(start) + 5 * DAY; month < end; month += 30 * DAY) {
      const batch = rng.poisson(referralsPerMonth * 0.1);
      const at = onAWeekday(month + 10 * 3_600_000);
      for (let i = 0; i < batch; i++) {
        const n = index++;
        this.timeline.spawn(at + i * 6 * 60_000, (wait) => this.#journeys.referral(n, 'proactive', wait));
      }
    }
  }

  /** The last touch: each provider has at least one new referral waiting in their inbox today. */
  async #thisMorning(): Promise<void> {
    for (const provider of this.cast.providers) {
      if ((await listInbox(this.deps.db, provider.id, ['sent'])).length === 0) await this.#journeys.referThisMorning(provider);
    }
  }

  /** Providers switch referrals on for their services and say how full they are; the lead does the same for others. */
  async #openListings(): Promise<void> {
    for (const s of this.cast.services) {
      const provider = this.cast.providerFor.get(s.organisationId);
      if (provider === undefined || !TAKES_REFERRALS.has(s.name) || s.referable) continue;
      const record = await findServiceRecord(this.deps.db, s.id);
      if (record === undefined) continue;
      const updated = await this.call(
        updateService(this.deps, provider.actor, s.id, { expectedVersion: record.version, takesReferrals: true, capacity: 'open' }),
      );
      // Where edits wait for a lead's approval the switch is not live yet: refer only once it is.
      s.referable = updated.service.record.takesReferrals;
    }
  }

  #capacityChanges(): void {
    const { start, end } = this.opts;
    for (const [name, fraction, capacity, waitingWeeks] of CAPACITY_CHANGES) {
      const service = this.cast.services.find((s) => s.name === name);
      if (service === undefined) continue;
      this.timeline.spawn(workingTime(start + fraction * (end - start), 0, 60), async () => {
        const record = await findServiceRecord(this.deps.db, service.id);
        if (record === undefined) return;
        const who = this.cast.providerFor.get(service.organisationId) ?? this.cast.lead;
        await this.call(updateService(this.deps, who.actor, service.id, { expectedVersion: record.version, capacity, waitingWeeks }));
        this.capacity.set(service.id, capacity);
      });
    }
  }

  /** Providers confirm their own listings every quarter; the lead confirmed the rest once, early on (many are stale now, as in life). */
  async #verifyListings(byLead: boolean): Promise<void> {
    for (const s of this.cast.services) {
      const provider = this.cast.providerFor.get(s.organisationId);
      if (byLead ? provider !== undefined : provider === undefined) continue;
      await this.call(verifyService(this.deps, (provider ?? this.cast.lead).actor, s.id));
    }
  }

  /**
   * Every other Friday the practices export their pending GP-record entries and file those from
   * before Wednesday in the GP system (the rest wait for next time: there is always some to do).
   */
  async #fileGpEntries(): Promise<void> {
    const [priya, owen] = this.cast.referrers;
    const upTo = londonDate(new Date(this.now - 2 * DAY));
    for (const practice of this.cast.practices) {
      const filer = [priya, owen].find((r) => r?.organisationIds.includes(practice.id)) ?? this.cast.lead;
      const rows = await this.call(exportGpEntries(this.deps, filer.actor, { practiceId: practice.id, status: 'pending', limit: null, format: 'csv' }));
      const due = rows.filter((r) => r.recordedOn < upTo).map((r) => r.id);
      if (due.length > 0) await this.call(markGpEntriesFiled(this.deps, filer.actor, due));
    }
  }

  /**
   * On Monday mornings the link workers, whose Today page lists their notifications, go through
   * what came in before the weekend. Providers work from their inbox, and GPs and the housing
   * partner from their list of referrals: they leave the notifications be (their bells show it).
   */
  async #readNotifications(): Promise<void> {
    const everyone = this.cast.linkWorkers;
    const before = new Date(this.now - DAY).toISOString();
    for (const user of everyone) {
      for (const n of await listNotifications(this.deps.db, { userId: user.id, role: 'link_worker' }, true, 1000)) {
        if (n.createdAt < before) await this.call(markNotificationRead(this.deps, user.actor, n.id));
      }
    }
  }

  /** Pending GP-record entries of a practice (for the tests' look at today's open work). */
  pendingGpEntries(practice: CastPractice) {
    return listGpEntriesForPractices(this.deps.db, { userId: null, practiceId: practice.id, status: 'pending', limit: null });
  }

  /** Services for a need, the referable ones first in a stable order. */
  servicesFor(need: string): CastService[] {
    return this.cast.services.filter((s) => (s.needs as readonly string[]).includes(need));
  }
}
