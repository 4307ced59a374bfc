import type { Clock } from '../../domain/clock.ts';
import type { ReferralSource } from '../../domain/schemas/referrals.ts';
import { appendAudit } from '../kernel/audit-append.ts';
import { systemActor, type ServiceDeps } from '../kernel/context.ts';
import { loadCast } from './history/cast.ts';
import { readDemoGeography } from './history/geography.ts';
import { Story } from './history/story.ts';
import { DAY } from './history/timeline.ts';

/** How much history to make. */
export interface DemoHistoryOptions {
  /** Months of history up to today (default 18). */
  months?: number;
  /** The seed of the generator: the same seed (on the same day) makes the same demo. */
  seed?: number;
  /** Referrals a month on average (default 52; with proactive outreach about 1,000 over 18 months). */
  referralsPerMonth?: number;
  /** People in each practice's own search (issue 12; default: the practice's whole list). */
  practiceDataPeople?: number;
}

export const DEFAULT_DEMO_HISTORY = { months: 18, seed: 1422, referralsPerMonth: 52 } as const;

/** When the history starts and ends, worked out once from "now". */
export interface DemoHistoryPlan {
  months: number;
  seed: number;
  referralsPerMonth: number;
  /** The first simulated instant (ms): the demo organisations and directory appear then. */
  start: number;
  /** "Now" when seeding began (ms): the history runs up to it and stops. */
  end: number;
}

export interface DemoHistorySummary {
  months: number;
  seed: number;
  referrals: Record<ReferralSource, number>;
  /** Use-case calls the history made (each with its audit event). */
  useCases: number;
  ms: number;
}

/** The plan for a history ending `now`. */
export function demoHistoryPlan(now: Date, opts: DemoHistoryOptions = {}): DemoHistoryPlan {
  const months = opts.months ?? DEFAULT_DEMO_HISTORY.months;
  const end = now.getTime();
  return {
    months,
    seed: opts.seed ?? DEFAULT_DEMO_HISTORY.seed,
    referralsPerMonth: opts.referralsPerMonth ?? DEFAULT_DEMO_HISTORY.referralsPerMonth,
    start: end - Math.round(months * 30.44) * DAY,
    end,
  };
}

/** True once the deployment has any referral: the history is never laid over real use (or over itself). */
export async function hasReferrals(deps: Pick<ServiceDeps, 'db'>): Promise<boolean> {
  return (await deps.db.selectFrom('referral').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/**
 * Tells the demo PCN's last months through the real use cases, on a clock that `setClock` moves
 * from `plan.start` to `plan.end` (see history/story.ts for what happens, history/journey.ts for one
 * referral's path). Expects the demo organisations, users and directory to exist, and runs inside the
 * caller's transaction (seedDemo's one transaction). Ends with a `system.demo_seeded` audit event
 * that says how much history was made.
 */
export async function seedDemoHistory(
  deps: ServiceDeps,
  clock: Clock & { set(d: Date): void },
  plan: DemoHistoryPlan,
  geoFiles: { postcodes: string; imd: string; practiceLsoas?: string },
): Promise<DemoHistorySummary> {
  const started = performance.now();
  const cast = await loadCast(deps);
  const taken = (await deps.db.selectFrom('person').select('nhs_number').where('nhs_number', 'is not', null).execute()).flatMap((r) =>
    r.nhs_number === null ? [] : [r.nhs_number],
  );
  const story = new Story(deps, cast, readDemoGeography(geoFiles), plan, taken);
  const counts = await story.run((ms) => clock.set(new Date(ms)));
  clock.set(new Date(plan.end));
  const summary: DemoHistorySummary = { months: plan.months, seed: plan.seed, referrals: counts.referrals, useCases: counts.useCases, ms: 0 };
  await deps.db.transaction().execute((tx) =>
    appendAudit(tx, clock, systemActor('demo-seed'), {
      action: 'system.demo_seeded',
      outcome: 'success',
      summary: {
        history: true,
        months: plan.months,
        seed: plan.seed,
        referrals: Object.values(counts.referrals).reduce((a, b) => a + b, 0),
        useCases: counts.useCases,
      },
    }),
  );
  summary.ms = Math.round(performance.now() - started);
  return summary;
}
