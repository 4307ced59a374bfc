import type { Command } from 'commander';
import { invalidInput } from '../../domain/errors.ts';
import { COHORT_RULE_CODES, parseRuleList } from '../../domain/proactive/cohort-rules.ts';
import { cohortRunBodySchema, fairnessReasonBodySchema, type CohortRunView } from '../../domain/schemas/proactive.ts';
import { systemActor } from '../../services/kernel/context.ts';
import { findCohort } from '../../services/proactive/find-cohort.ts';
import { recordFairnessReason } from '../../services/proactive/record-fairness-reason.ts';
import { depsRunner, parseOrFail } from '../deps.ts';
import type { CliContext, CliIo } from '../io.ts';

const n = (v: number): string => v.toLocaleString('en-GB');
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

/** The JSON the command prints: the run id, the rules version, the people and the fairness check. */
export function cohortJson(run: CohortRunView): string {
  const { blocked, threshold, minGroup, eligible, cohort, flagged, dimensions, reason } = run.fairness;
  return JSON.stringify({
    rulesVersion: run.rulesVersion,
    runId: run.id,
    people: run.members.map((m) => ({ nhsNumber: m.nhsNumber, practice: m.practice, rules: m.rules, score: m.score })),
    fairness: {
      blocked,
      threshold,
      minGroup,
      eligible,
      cohort,
      flagged,
      reasonRecorded: reason !== null,
      dimensions: dimensions.map((d) => ({
        dimension: d.dimension,
        byDesign: d.byDesign,
        groups: d.groups.map((g) => ({ group: g.group, eligible: g.eligible, cohort: g.cohort, index: g.index, status: g.status })),
      })),
    },
  });
}

const STATUS_WORDS = { ok: '', flagged: 'FLAGGED', too_few: 'too few to judge', by_design: 'selected by rule' } as const;

/** The readable summary: counts per rule, exclusions, the fairness table; NHS numbers only when asked. */
export function printCohort(io: CliIo, run: CohortRunView, withPeople: boolean): void {
  const lines = [
    `Cohort run ${run.id} (${run.rulesVersion}, ${run.mode === 'all' ? 'matching every rule' : 'matching any rule'})`,
    `  practices: ${run.practices.map((p) => `${p.ods ?? p.id} (extract ${p.extractDate})`).join(', ')}`,
    `  screened ${n(run.screened)} people; found ${n(run.people)}`,
  ];
  for (const r of run.rules) lines.push(`  ${r.code.padEnd(6)} weight ${r.weight}  found ${n(r.found).padStart(6)}  ${r.definition}`);
  for (const [code, count] of Object.entries(run.excluded)) lines.push(`  excluded (${code}): ${n(count)}`);
  const f = run.fairness;
  lines.push('', `Fairness check against ${n(f.eligible)} eligible people (index = share of cohort ÷ share of eligible; flagged below ${f.threshold})`);
  for (const d of f.dimensions) {
    lines.push(`  ${d.label}${d.byDesign === null ? '' : ` — selected on by ${d.byDesign}, not judged`}`);
    for (const g of d.groups)
      lines.push(
        `    ${g.label.padEnd(20)} eligible ${n(g.eligible).padStart(7)} (${pct(g.eligibleShare).padStart(6)})  cohort ${n(g.cohort).padStart(6)} (${pct(g.cohortShare).padStart(6)})  index ${g.index === null ? '   –' : g.index.toFixed(2)}  ${STATUS_WORDS[g.status]}`.trimEnd(),
      );
  }
  if (f.blocked)
    lines.push('', `BLOCKED: ${f.flagged.length} group(s) under-represented. Record why before outreach: linkwork cohort reason ${run.id} --text "…"`);
  else if (f.reason !== null) lines.push('', `Fairness reason recorded ${f.reason.at}: ${f.reason.text}`);
  if (withPeople) {
    lines.push('', 'NHS number   practice  age sex      score rules');
    for (const m of run.members)
      lines.push(
        `${m.nhsNumber.padEnd(12)} ${(m.practice ?? '').padEnd(9)} ${String(m.age).padStart(3)} ${m.sex.padEnd(8)} ${String(m.score).padStart(5)} ${m.rules.join(', ')}`,
      );
  } else if (run.people > 0) lines.push('', 'People are listed with --people or --json.');
  io.stdout.write(`${lines.join('\n')}\n`);
}

/** `linkwork cohort find` and `linkwork cohort reason`: proactive cohorts from practice data. */
export function register(cohort: Command, ctx: CliContext): void {
  const { io } = ctx;
  const withDeps = depsRunner(io);
  cohort
    .command('find')
    .description(`run the cohort rules (${COHORT_RULE_CODES.join(', ')}) over the current practice extracts and check the cohort's fairness`)
    .option('--practice <ods>', 'one practice (ODS code); default every practice with an extract')
    .option('--rules <codes>', 'comma-separated rule codes; a person matching any of them is found', COHORT_RULE_CODES.join(','))
    .option('--require-all', 'find only people matching every chosen rule')
    .option('--people', 'list the people found (NHS numbers) in the readable output')
    .option('--json', 'print {"rulesVersion","runId","people":[…],"fairness":{…}} as JSON')
    .action((opts: { practice?: string; rules: string; requireAll?: boolean; people?: boolean; json?: boolean }) =>
      withDeps(async (deps) => {
        const parsed = parseRuleList(opts.rules);
        if ('unknown' in parsed)
          throw invalidInput.because('unknown_rule', `There is no cohort rule ${parsed.unknown}; the rules are ${COHORT_RULE_CODES.join(', ')}`, {
            rule: parsed.unknown,
          });
        if (parsed.ok.length === 0) throw invalidInput.because('unknown_rule', `Choose at least one cohort rule: ${COHORT_RULE_CODES.join(', ')}`);
        const input = parseOrFail(cohortRunBodySchema, {
          rules: parsed.ok,
          mode: opts.requireAll === true ? 'all' : 'any',
          ...(opts.practice === undefined ? {} : { practices: [opts.practice] }),
        });
        const run = await findCohort(deps, systemActor(), input);
        if (opts.json === true) io.stdout.write(`${cohortJson(run)}\n`);
        else printCohort(io, run, opts.people === true);
      }),
    );
  cohort
    .command('reason <runId>')
    .description('record why a cohort run whose fairness check flagged a group may go ahead (unblocks outreach)')
    .requiredOption('--text <reason>', 'the reason, in a sentence')
    .action((runId: string, opts: { text: string }) =>
      withDeps(async (deps) => {
        const input = parseOrFail(fairnessReasonBodySchema, { text: opts.text });
        const run = await recordFairnessReason(deps, systemActor(), runId, input);
        io.stdout.write(`Reason recorded for cohort run ${run.id}: outreach may start (${n(run.people)} people).\n`);
      }),
    );
}
