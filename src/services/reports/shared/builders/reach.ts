import { ethnicGroupOf, isEthnicCategoryCode } from '../../../../domain/ethnicity.ts';
import { broadAgeGroup, directlyStandardisedRate, funnelLimits, quintileOf, representationIndex } from '../../../../domain/insight/equity.ts';
import { count, figureKey, percent, TOTAL, type Figure } from '../../../../domain/insight/figures.ts';
import { ageBand5, ratePer1000, wilson } from '../../../../domain/insight/intervals.ts';
import { ageOn } from '../../../../domain/insight/periods.ts';
import { listLsoaEthnicity } from '../../../../db/repositories/denominators/list-denominators.ts';
import { listEpisodes, type EpisodeRow } from '../../../../db/repositories/reports/episodes.ts';
import { listDenominators, listSizes } from '../list-sizes.ts';
import { practiceKey, type ReportContext } from '../report-context.ts';

const ONS5 = ['asian', 'black', 'mixed', 'white', 'other'] as const;
const DECILES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'] as const;
const QUINTILES = ['1', '2', '3', '4', '5'] as const;

interface Person {
  practice: string;
  ageBand: string | null;
  broadAge: string | null;
  sex: 'M' | 'F' | null;
  decile: number | null;
  ethnic: string;
  ethnicityStated: boolean;
  lsoaKnown: boolean;
  nhsNumber: boolean;
  dobKnown: boolean;
}

function personOf(e: EpisodeRow, practice: string, on: string): Person {
  const age = e.dateOfBirth === null ? null : ageOn(e.dateOfBirth, on);
  const code = e.ethnicCategory;
  const group = code !== null && isEthnicCategoryCode(code) ? ethnicGroupOf(code) : 'not_known';
  return {
    practice,
    ageBand: age === null ? null : ageBand5(age),
    broadAge: age === null ? null : broadAgeGroup(age),
    sex: e.sex === 'male' ? 'M' : e.sex === 'female' ? 'F' : null,
    decile: e.imdDecile,
    ethnic: group,
    ethnicityStated: group !== 'not_known' && group !== 'not_stated',
    lsoaKnown: e.lsoa !== null,
    nhsNumber: e.hasNhsNumber,
    dobKnown: e.dateOfBirth !== null,
  };
}

const add = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);

/** Reach and equity (R1–R5) against the registered list, with completeness (R4). */
export async function buildReach(ctx: ReportContext): Promise<Figure[]> {
  const { period } = ctx;
  const scale = 365 / period.days;
  const keyOf = new Map(ctx.practices.map((p) => [p.id, practiceKey(p)]));
  const episodes = await listEpisodes(
    ctx.tx,
    {
      practiceIds: ctx.practices.map((p) => p.id),
      dateField: 'created_at',
      startUtc: period.startUtc,
      endUtc: period.endUtc,
    },
    { person: true, milestones: false, contactCounts: false },
  );
  // Unique people referred (their first referral in the period describes them).
  const people = new Map<string, Person>();
  for (const e of episodes) if (!people.has(e.personId)) people.set(e.personId, personOf(e, keyOf.get(e.practiceId) ?? e.practiceId, period.midpoint));
  const referred = [...people.values()];
  const n = referred.length;
  const figures: Figure[] = [count('R1', 'people', TOTAL, n)];

  // R4: completeness among the people referred.
  const fields: [string, (p: Person) => boolean][] = [
    ['ethnicity', (p) => p.ethnicityStated],
    ['lsoa', (p) => p.lsoaKnown],
    ['sex', (p) => p.sex !== null],
    ['date_of_birth', (p) => p.dobKnown],
    ['nhs_number', (p) => p.nhsNumber],
  ];
  for (const [field, has] of fields) {
    const k = referred.filter(has).length;
    figures.push(percent('R4', 'field', field, k, n, wilson(k, n) ?? undefined));
  }

  const d = await listDenominators(ctx);
  const sizes = await listSizes(ctx, d);
  if (d.ageSex.length === 0 && d.lsoa.length === 0)
    ctx.notes.push('No NHS England list extract is loaded for these practices: rates by group need one (linkwork denominators import).');

  // Rates per 1,000 by group, with the counts they describe.
  const rate = (breakdown: string, group: string, events: number, population: number | undefined): Figure[] => {
    const cKey = figureKey({ metric: 'R1', breakdown: `${breakdown}_people`, group });
    const c = count('R1', `${breakdown}_people`, group, events);
    const r = population === undefined || population === 0 ? null : ratePer1000(events, population, scale);
    return [
      c,
      r === null
        ? {
            metric: 'R1',
            breakdown,
            group,
            unit: 'rate_per_1000',
            value: null,
            ci95Lower: null,
            ci95Upper: null,
            withheldReason: 'no_denominator',
            countKey: cKey,
          }
        : {
            metric: 'R1',
            breakdown,
            group,
            unit: 'rate_per_1000',
            value: r.value,
            ci95Lower: r.lower,
            ci95Upper: r.upper,
            withheldReason: null,
            numerator: events,
            denominator: population,
            countKey: cKey,
          },
    ];
  };

  // IMD decile and quintile (list by LSOA).
  const listDecile = new Map<string, number>();
  let listWithDecile = 0;
  for (const r of d.lsoa) {
    if (r.imdDecile === null) continue;
    add(listDecile, String(r.imdDecile), r.patients);
    listWithDecile += r.patients;
  }
  const refDecile = new Map<string, number>();
  for (const p of referred) if (p.decile !== null) add(refDecile, String(p.decile));
  const refWithDecile = [...refDecile.values()].reduce((a, b) => a + b, 0);
  for (const dec of DECILES) figures.push(...rate('imd_decile', dec, refDecile.get(dec) ?? 0, listDecile.get(dec)));
  const listQuintile = new Map<string, number>();
  const refQuintile = new Map<string, number>();
  for (const [dec, v] of listDecile) add(listQuintile, String(quintileOf(Number(dec))), v);
  for (const [dec, v] of refDecile) add(refQuintile, String(quintileOf(Number(dec))), v);
  for (const q of QUINTILES) {
    figures.push(...rate('imd_quintile', q, refQuintile.get(q) ?? 0, listQuintile.get(q)));
    figures.push(ratio('imd_quintile', q, refQuintile.get(q) ?? 0, refWithDecile, listQuintile.get(q) ?? 0, listWithDecile));
  }
  // The headline: share of people referred from the two most deprived deciles against their share of the list.
  const deprivedRef = (refDecile.get('1') ?? 0) + (refDecile.get('2') ?? 0);
  const deprivedList = (listDecile.get('1') ?? 0) + (listDecile.get('2') ?? 0);
  figures.push(count('R1', 'most_deprived_people', 'referred', deprivedRef));
  figures.push(
    percent(
      'R1',
      'most_deprived',
      'referred',
      deprivedRef,
      refWithDecile,
      wilson(deprivedRef, refWithDecile) ?? undefined,
      figureKey({ metric: 'R1', breakdown: 'most_deprived_people', group: 'referred' }),
    ),
  );
  figures.push({
    metric: 'R1',
    breakdown: 'most_deprived',
    group: 'list',
    unit: 'percent',
    value: listWithDecile === 0 ? null : (100 * deprivedList) / listWithDecile,
    ci95Lower: null,
    ci95Upper: null,
    withheldReason: listWithDecile === 0 ? 'no_denominator' : null,
  });
  // Rate ratio against the least-deprived quintile (5).
  const base = ratePer1000(refQuintile.get('5') ?? 0, listQuintile.get('5') ?? 0, scale);
  for (const q of QUINTILES) {
    const r = ratePer1000(refQuintile.get(q) ?? 0, listQuintile.get(q) ?? 0, scale);
    figures.push({
      metric: 'R2',
      breakdown: 'imd_quintile_rate_ratio',
      group: q,
      unit: 'ratio',
      value: r === null || base === null || base.value === 0 ? null : r.value / base.value,
      ci95Lower: null,
      ci95Upper: null,
      withheldReason: r === null || base === null || base.value === 0 ? 'no_denominator' : null,
      numerator: refQuintile.get(q) ?? 0,
      countKey: figureKey({ metric: 'R1', breakdown: 'imd_quintile_people', group: q }),
    });
  }

  // Age band × sex (list by age and sex).
  const listAgeSex = new Map<string, number>();
  const listAge = new Map<string, number>();
  const listSex = new Map<string, number>();
  let listTotal = 0;
  for (const r of d.ageSex) {
    add(listAgeSex, `${r.ageBand}|${r.sex}`, r.patients);
    add(listAge, r.ageBand, r.patients);
    add(listSex, r.sex, r.patients);
    listTotal += r.patients;
  }
  const refAgeSex = new Map<string, number>();
  const refAge = new Map<string, number>();
  const refSex = new Map<string, number>();
  for (const p of referred) {
    if (p.ageBand !== null && p.sex !== null) add(refAgeSex, `${p.ageBand}|${p.sex}`, 1);
    if (p.ageBand !== null) add(refAge, p.ageBand);
    if (p.sex !== null) add(refSex, p.sex);
  }
  const refAgeTotal = [...refAge.values()].reduce((a, b) => a + b, 0);
  const refSexTotal = [...refSex.values()].reduce((a, b) => a + b, 0);
  for (const key of [...listAgeSex.keys()].sort(bandOrder)) figures.push(...rate('age_band|sex', key, refAgeSex.get(key) ?? 0, listAgeSex.get(key)));
  for (const band of [...listAge.keys()].sort(bandOrder)) {
    figures.push(count('R1', 'age_band_people', band, refAge.get(band) ?? 0));
    figures.push(ratio('age_band', band, refAge.get(band) ?? 0, refAgeTotal, listAge.get(band) ?? 0, listTotal, 'age_band_people'));
  }
  for (const sex of ['F', 'M']) {
    figures.push(count('R1', 'sex_people', sex, refSex.get(sex) ?? 0));
    figures.push(ratio('sex', sex, refSex.get(sex) ?? 0, refSexTotal, listSex.get(sex) ?? 0, listTotal, 'sex_people'));
  }

  // Ethnicity: share referred (of those stated) against the modelled list share.
  const shares = await listLsoaEthnicity(
    ctx.tx,
    d.lsoa.map((r) => r.lsoa),
  );
  const byLsoa = new Map<string, Map<string, number>>();
  for (const s of shares) (byLsoa.get(s.lsoa) ?? byLsoa.set(s.lsoa, new Map()).get(s.lsoa))?.set(s.group, s.per10000);
  const modelled = new Map<string, number>();
  let modelledTotal = 0;
  for (const r of d.lsoa) {
    const m = byLsoa.get(r.lsoa);
    if (m === undefined) continue;
    for (const g of ONS5) add(modelled, g, (r.patients * (m.get(g) ?? 0)) / 10_000);
    modelledTotal += r.patients;
  }
  const refEth = new Map<string, number>();
  for (const p of referred) add(refEth, p.ethnic);
  const stated = ONS5.reduce((a, g) => a + (refEth.get(g) ?? 0), 0);
  for (const g of ONS5) {
    const k = refEth.get(g) ?? 0;
    const cKey = figureKey({ metric: 'R1', breakdown: 'ethnic_group_people', group: g });
    figures.push(count('R1', 'ethnic_group_people', g, k));
    figures.push(percent('R1', 'ethnic_group', `${g}|referred`, k, stated, wilson(k, stated) ?? undefined, cKey));
    const listShare = modelledTotal === 0 ? null : (100 * (modelled.get(g) ?? 0)) / modelledTotal;
    figures.push({
      metric: 'R1',
      breakdown: 'ethnic_group',
      group: `${g}|list_modelled`,
      unit: 'percent',
      value: listShare,
      ci95Lower: null,
      ci95Upper: null,
      withheldReason: listShare === null ? 'no_denominator' : null,
    });
    figures.push(ratio('ethnic_group', g, k, stated, modelled.get(g) ?? 0, modelledTotal, 'ethnic_group_people'));
  }
  figures.push(count('R1', 'ethnic_group_people', 'not_stated', (refEth.get('not_stated') ?? 0) + (refEth.get('not_known') ?? 0)));
  if (modelledTotal > 0)
    ctx.notes.push(
      'Ethnicity of the registered list is modelled: Census 2021 shares of each LSOA weighted by the practices’ LSOA mix. No list file records ethnicity.',
    );

  // R3: age–sex standardised rate per practice on a funnel plot.
  const eventsBy = new Map<string, number>();
  for (const p of referred) if (p.ageBand !== null && p.sex !== null) add(eventsBy, `${p.practice}|${p.ageBand}|${p.sex}`);
  const strataOf = (practices: readonly string[]) =>
    d.ageSex
      .filter((r) => practices.includes(r.practiceOds))
      .map((r) => ({ ageBand: r.ageBand, sex: r.sex, population: r.patients, events: 0 }))
      .reduce<Map<string, { ageBand: string; sex: 'M' | 'F'; population: number; events: number }>>((m, s) => {
        const k = `${s.ageBand}|${s.sex}`;
        const prev = m.get(k);
        if (prev === undefined) m.set(k, { ...s });
        else prev.population += s.population;
        return m;
      }, new Map());
  const practicesWithList = [...new Set(d.ageSex.map((r) => r.practiceOds))];
  const all = strataOf(practicesWithList);
  for (const s of all.values()) s.events = practicesWithList.reduce((a, pr) => a + (eventsBy.get(`${pr}|${s.ageBand}|${s.sex}`) ?? 0), 0);
  const centre = directlyStandardisedRate([...all.values()], scale);
  if (centre !== null) {
    figures.push({
      metric: 'R3',
      breakdown: 'practice',
      group: TOTAL,
      unit: 'rate_per_1000',
      value: centre.value,
      ci95Lower: centre.lower,
      ci95Upper: centre.upper,
      withheldReason: null,
      numerator: centre.events,
    });
  }
  for (const pr of practicesWithList) {
    const strata = strataOf([pr]);
    for (const s of strata.values()) s.events = eventsBy.get(`${pr}|${s.ageBand}|${s.sex}`) ?? 0;
    const dsr = directlyStandardisedRate([...strata.values()], scale);
    const size = sizes.get(pr) ?? 0;
    figures.push(count('R3', 'people', pr, dsr?.events ?? 0));
    figures.push({ ...count('R3', 'list_size', pr, size) });
    if (dsr === null) continue;
    figures.push({
      metric: 'R3',
      breakdown: 'practice',
      group: pr,
      unit: 'rate_per_1000',
      value: dsr.value,
      ci95Lower: dsr.lower,
      ci95Upper: dsr.upper,
      withheldReason: null,
      numerator: dsr.events,
      countKey: figureKey({ metric: 'R3', breakdown: 'people', group: pr }),
    });
    const limits = centre === null ? null : funnelLimits(centre.value, size, scale);
    if (limits !== null) {
      const lim = (b: string, v: number): Figure => ({
        metric: 'R3',
        breakdown: b,
        group: pr,
        unit: 'rate_per_1000',
        value: v,
        ci95Lower: null,
        ci95Upper: null,
        withheldReason: null,
      });
      figures.push(
        lim('limit_95_lower', limits.l95),
        lim('limit_95_upper', limits.u95),
        lim('limit_998_lower', limits.l998),
        lim('limit_998_upper', limits.u998),
      );
    }
  }

  // R5: declined and unable to contact, by group, among referrals received.
  const exits = new Map<string, { episodes: number; declined: number; unable: number }>();
  for (const e of episodes) {
    const p = personOf(e, keyOf.get(e.practiceId) ?? e.practiceId, period.midpoint);
    const declined = e.status === 'declined' || (e.status === 'discharged' && e.statusReason === 'declined');
    const unable = e.status === 'discharged' && e.statusReason === 'unable_to_contact';
    const groups: [string, string | null][] = [
      ['imd_quintile', p.decile === null ? 'unknown' : String(quintileOf(p.decile))],
      ['sex', p.sex],
      ['age_group', p.broadAge],
      ['ethnic_group', p.ethnicityStated ? p.ethnic : 'not_stated'],
    ];
    for (const [b, g] of groups) {
      const k = `${b}|${g ?? 'unknown'}`;
      const cur = exits.get(k) ?? { episodes: 0, declined: 0, unable: 0 };
      cur.episodes += 1;
      if (declined) cur.declined += 1;
      if (unable) cur.unable += 1;
      exits.set(k, cur);
    }
  }
  for (const [k, v] of [...exits.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const [b, g] = k.split('|') as [string, string];
    figures.push(count('R5', `${b}_episodes`, g, v.episodes));
    figures.push(percent('R5', b, `${g}|declined`, v.declined, v.episodes, wilson(v.declined, v.episodes) ?? undefined));
    figures.push(percent('R5', b, `${g}|unable_to_contact`, v.unable, v.episodes, wilson(v.unable, v.episodes) ?? undefined));
  }
  return figures;
}

const bandStart = (b: string) => Number.parseInt(b, 10);
function bandOrder(a: string, b: string): number {
  return bandStart(a) - bandStart(b) || a.localeCompare(b);
}

/** A representation index figure, withheld with the count it describes. */
function ratio(breakdown: string, group: string, k: number, total: number, listIn: number, listTotal: number, countBreakdown = `${breakdown}_people`): Figure {
  const v = representationIndex(k, total, listIn, listTotal);
  return {
    metric: 'R2',
    breakdown,
    group,
    unit: 'ratio',
    value: v,
    ci95Lower: null,
    ci95Upper: null,
    withheldReason: v === null ? 'no_denominator' : null,
    numerator: k,
    countKey: figureKey({ metric: 'R1', breakdown: countBreakdown, group }),
  };
}
