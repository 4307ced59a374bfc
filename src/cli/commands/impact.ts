import type { Command } from 'commander';
import { AppError } from '../../domain/errors.ts';
import { DEFAULT_IMPACT_ASSUMPTIONS } from '../../domain/proactive/impact.ts';
import { IMPACT_OUTCOMES, impactQuerySchema, type ImpactResult } from '../../domain/schemas/impact.ts';
import { systemActor } from '../../services/kernel/context.ts';
import { analyseImpact } from '../../services/proactive/analyse-impact.ts';
import { depsRunner, parseOrFail } from '../deps.ts';
import type { CliContext } from '../io.ts';

interface ImpactOptions {
  outcome: string;
  from?: string;
  to?: string;
  practice?: string;
  reps?: string;
  seed?: string;
  unitCost?: string;
  json?: boolean;
}

const fmt = (x: number | null, digits = 2): string => (x === null ? '–' : x.toFixed(digits));
const money = (x: number | null): string => (x === null ? '–' : `£${Math.round(x).toLocaleString('en-GB')}`);
const quarters = (q: { before: number[]; after: number[] } | null): string =>
  q === null ? '–' : `${q.before.map((x) => x.toFixed(2)).join(' ')} | ${q.after.map((x) => x.toFixed(2)).join(' ')}`;

const WITHHELD_WORDS: Record<string, string> = {
  fewer_than_30_treated: 'fewer than 30 referred people have complete windows',
  fewer_than_30_matched: 'fewer than 30 referred people could be matched to controls',
  no_paired_life_satisfaction: 'no paired life satisfaction data',
  too_few_pairs: 'fewer than 10 people have paired life satisfaction scores',
  not_applicable: 'not applicable',
};

/** The readable report: estimate and interval, the before/after figure with its warning, n, completeness, value. */
export function impactText(r: ImpactResult): string {
  const what = r.outcome === 'gp_appointments' ? 'GP-practice appointments attended' : 'fit notes issued';
  const c = r.completeness;
  const lines = [
    `Impact on ${what} per person per quarter (${r.definitionVersion}; ${r.disclosure})`,
    `  practices: ${r.practices.map((p) => `${p.odsCode ?? p.id} (extract ${p.extractDate ?? '–'})`).join(', ') || 'none with practice data'}`,
    `  referred ${c.referred}; with complete 4+4 quarter windows ${c.complete}${c.share === null ? '' : ` (${(c.share * 100).toFixed(1)}%)`}`,
    `  method: ${r.method.replace(/_/g, ' ')}; treated ${r.treated}, controls ${r.controls}`,
  ];
  if (r.estimate === null) lines.push(`  estimate withheld: ${WITHHELD_WORDS[r.withheldReason ?? 'not_applicable'] ?? r.withheldReason}`);
  else
    lines.push(
      `  estimate ${fmt(r.estimate)} per person per quarter (95% interval ${fmt(r.ci95?.[0] ?? null)} to ${fmt(r.ci95?.[1] ?? null)}; bootstrap ${r.bootstrap.reps} reps, seed ${r.bootstrap.seed})`,
    );
  lines.push(
    `  before/after alone: ${fmt(r.prePost.estimate)} (referred ${r.prePost.treated}); among equally frequent attenders not referred: ${fmt(r.prePost.unreferredFrequentAttenders.estimate)}`,
    `  WARNING: ${r.prePost.warning}`,
    `  per quarter (4 before | 4 after): referred ${quarters(r.perQuarter.treated)}`,
    `                                    controls ${quarters(r.perQuarter.controls)}`,
  );
  const st = r.staggered;
  if (st !== null && st !== undefined) {
    if (st.estimate === null)
      lines.push(
        `  whole-practice comparison (staggered difference-in-differences) withheld: ${WITHHELD_WORDS[st.withheldReason ?? 'not_applicable'] ?? st.withheldReason}`,
      );
    else
      lines.push(
        `  whole-practice comparison (staggered difference-in-differences): ${fmt(st.estimate)} (95% interval ${fmt(st.ci95?.[0] ?? null)} to ${fmt(st.ci95?.[1] ?? null)}); ${st.stacks} referral periods, treated ${st.treated}, controls ${st.controls}`,
        `    ${st.definition}`,
      );
  }
  const v = r.value;
  if (v.freed.central !== null) {
    const unit = v.unit === 'appointments' ? 'appointments' : 'fit notes';
    lines.push(`  fewer ${unit}: ${fmt(v.freed.central, 0)} (${fmt(v.freed.low, 0)} to ${fmt(v.freed.high, 0)})`);
    if (v.money.central !== null)
      lines.push(
        `  at £${r.assumptions.unitCost.amount} each (${r.assumptions.unitCost.source}, ${r.assumptions.unitCost.year}): ${money(v.money.central)} (${money(v.money.low)} to ${money(v.money.high)})`,
      );
  }
  const w = v.wellbeing;
  if (w.withheldReason !== null) lines.push(`  wellbeing value: ${WITHHELD_WORDS[w.withheldReason] ?? w.withheldReason}`);
  else
    lines.push(
      `  wellbeing value: life satisfaction ${fmt(w.meanChange)} points (${w.pairs} pairs) → ${money(w.perPerson.central)} a person (${money(w.perPerson.low)} to ${money(w.perPerson.high)}); ${money(w.total.central)} for the people with pairs`,
    );
  for (const n of r.notes) lines.push(`  note: ${n}`);
  lines.push('  No return-on-investment ratio is given: see the assumptions (--json) and docs/design/impact.md.');
  return `${lines.join('\n')}\n`;
}

/** `linkwork impact`: the impact analysis over the current practice extracts, as JSON or text. */
export function register(command: Command, ctx: CliContext): void {
  const { io } = ctx;
  const withDeps = depsRunner(io);
  command
    .requiredOption('--outcome <outcome>', `what to analyse: ${IMPACT_OUTCOMES.join(' | ')}`)
    .option('--from <date>', 'index dates (referral received) from, YYYY-MM-DD')
    .option('--to <date>', 'index dates to, YYYY-MM-DD')
    .option('--practice <ods>', 'one practice (ODS code); default every practice with an extract')
    .option('--reps <n>', 'bootstrap repetitions (default 1000; at least 200)')
    .option('--seed <n>', 'the bootstrap seed (default fixed, so results repeat)')
    .option(
      '--unit-cost <pounds>',
      `cost of one GP appointment (default £${DEFAULT_IMPACT_ASSUMPTIONS.unitCost.amount}, ${DEFAULT_IMPACT_ASSUMPTIONS.unitCost.year})`,
    )
    .option('--json', 'print the result as JSON')
    .action((opts: ImpactOptions) =>
      withDeps(async (deps) => {
        const query = parseOrFail(impactQuerySchema, {
          outcome: opts.outcome,
          ...(opts.from === undefined ? {} : { from: opts.from }),
          ...(opts.to === undefined ? {} : { to: opts.to }),
          ...(opts.practice === undefined ? {} : { practice: opts.practice }),
        });
        const int = (v: string | undefined, name: string, min: number): number | undefined => {
          if (v === undefined) return undefined;
          const n = Number(v);
          if (!Number.isInteger(n) || n < min) throw new AppError('invalid_input', `Invalid input — ${name}: give a whole number of at least ${min}`);
          return n;
        };
        const reps = int(opts.reps, 'reps', 200);
        const seed = int(opts.seed, 'seed', 0);
        let assumptions = DEFAULT_IMPACT_ASSUMPTIONS;
        if (opts.unitCost !== undefined) {
          const amount = Number(opts.unitCost);
          if (!Number.isFinite(amount) || amount < 0) throw new AppError('invalid_input', 'Invalid input — unit-cost: give an amount in pounds');
          assumptions = { ...assumptions, unitCost: { amount, source: 'set on the command line', year: 'as given' } };
        }
        const r = await analyseImpact(deps, systemActor(), query, {
          assumptions,
          ...(reps === undefined ? {} : { reps }),
          ...(seed === undefined ? {} : { seed }),
        });
        io.stdout.write(opts.json === true ? `${JSON.stringify(r)}\n` : impactText(r));
      }),
    );
}
