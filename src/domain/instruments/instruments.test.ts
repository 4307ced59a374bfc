import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  BUILT_IN_INSTRUMENTS,
  ONS4,
  ONS_LONELINESS,
  PAM,
  UCLA3,
  changeBetween,
  checkDefinition,
  findBuiltInInstrument,
  instrumentDefinitionSchema,
  judgeChange,
  licenceStatus,
  parseInstrumentDefinition,
  parseInstrumentPack,
  reachableTotals,
  scoreAdministration,
  usableForNewAdministrations,
  type Answers,
  type InstrumentDefinition,
} from './index.ts';

const pack = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../packs/${name}`, import.meta.url), 'utf8'));

/** The coded issues of the invalid_input error a call throws. */
function issuesOf(fn: () => unknown): { code: string; item?: string; path?: string }[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.code).toBe('invalid_input');
    return (e.details?.['issues'] ?? []) as { code: string; item?: string }[];
  }
  throw new Error('expected the call to throw');
}

describe('built-in instruments', () => {
  it.each(BUILT_IN_INSTRUMENTS.map((d) => [d.code, d] as const))('%s has the right shape and passes every meaning check', (_code, def) => {
    expect(instrumentDefinitionSchema.parse(def)).toEqual(def);
    expect(checkDefinition(def)).toEqual([]);
  });

  it('codes are unique and found by code', () => {
    const codes = BUILT_IN_INSTRUMENTS.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(findBuiltInInstrument('ons4')).toBe(ONS4);
    expect(findBuiltInInstrument('wemwbs')).toBeUndefined();
  });

  it('every band and meaningful change states its source', () => {
    for (const def of BUILT_IN_INSTRUMENTS) {
      for (const set of [def.bands, ...def.items.map((i) => i.bands)]) if (set) expect(set.source.length).toBeGreaterThan(20);
      for (const mc of [def.meaningfulChange, ...def.items.map((i) => i.meaningfulChange)]) if (mc) expect(mc.source.length).toBeGreaterThan(20);
    }
  });
});

describe('ONS4', () => {
  const expectedPositive = ['low', 'low', 'low', 'low', 'low', 'medium', 'medium', 'high', 'high', 'very_high', 'very_high'];
  const expectedAnxiety = ['very_low', 'very_low', 'low', 'low', 'medium', 'medium', 'high', 'high', 'high', 'high', 'high'];

  it.each(Array.from({ length: 11 }, (_, v) => v))('bands every item separately at %i', (v) => {
    const s = scoreAdministration(ONS4, { life_satisfaction: v, worthwhile: v, happiness: v, anxiety: v });
    expect(s.method).toBe('per_item');
    expect(s.items?.map((i) => [i.id, i.value, i.band?.code])).toEqual([
      ['life_satisfaction', v, expectedPositive[v]],
      ['worthwhile', v, expectedPositive[v]],
      ['happiness', v, expectedPositive[v]],
      ['anxiety', v, expectedAnxiety[v]],
    ]);
  });

  it('is never summed: no total, no primary score, no overall band', () => {
    const s = scoreAdministration(ONS4, { life_satisfaction: 7, worthwhile: 8, happiness: 6, anxiety: 3 });
    expect(s.total).toBeUndefined();
    expect(s.primary).toBeNull();
    expect(s.band).toBeUndefined();
  });

  it('refuses missing items, unknown items and values that are not options, all at once, with codes', () => {
    const issues = issuesOf(() => scoreAdministration(ONS4, { life_satisfaction: 11, worthwhile: 2.5, happiness: -1, colour: 3 }));
    expect(issues.map((i) => [i.code, i.item])).toEqual([
      ['unknown_item', 'colour'],
      ['value_not_an_option', 'life_satisfaction'],
      ['value_not_an_option', 'worthwhile'],
      ['value_not_an_option', 'happiness'],
      ['missing_item', 'anxiety'],
    ]);
  });

  it('an item id that is also an Object property name is still missing when not answered', () => {
    const def: InstrumentDefinition = {
      ...structuredClone(UCLA3),
      items: [
        { id: 'constructor', text: 'x' },
        { id: 'tostring', text: 'y' },
      ],
      bands: undefined,
    };
    expect(issuesOf(() => scoreAdministration(def, { tostring: 1 }))).toEqual([expect.objectContaining({ code: 'missing_item', item: 'constructor' })]);
    expect(scoreAdministration(def, { constructor: 2, tostring: 1 }).total).toBe(3);
  });

  it('refuses answers that are not numbers', () => {
    const answers = { life_satisfaction: '7', worthwhile: 1, happiness: 1, anxiety: 1 } as unknown as Answers;
    expect(issuesOf(() => scoreAdministration(ONS4, answers))).toEqual([expect.objectContaining({ code: 'not_a_number', item: 'life_satisfaction' })]);
  });

  it('change is per item and direction-aware (anxiety falling is an improvement), with the bands moved between', () => {
    const base = scoreAdministration(ONS4, { life_satisfaction: 3, worthwhile: 6, happiness: 5, anxiety: 8 });
    const follow = scoreAdministration(ONS4, { life_satisfaction: 7, worthwhile: 6, happiness: 4, anxiety: 2 });
    const change = changeBetween(ONS4, base, follow);
    expect(change.primary).toBeUndefined();
    expect(change.items?.map((c) => [c.id, c.difference, c.verdict, c.bandFrom?.code, c.bandTo?.code, c.basis])).toEqual([
      ['life_satisfaction', 4, 'improved', 'low', 'high', 'any_change'],
      ['worthwhile', 0, 'no_change', 'medium', 'medium', 'any_change'],
      ['happiness', -1, 'worsened', 'medium', 'low', 'any_change'],
      ['anxiety', -6, 'improved', 'high', 'low', 'any_change'],
    ]);
    expect(change.items?.find((c) => c.id === 'anxiety')?.direction).toBe('higher_is_worse');
  });
});

describe('ONS loneliness', () => {
  it('bands each category and treats fewer lonely days as better', () => {
    const labels = [1, 2, 3, 4, 5].map((v) => scoreAdministration(ONS_LONELINESS, { lonely: v }).items?.[0]?.band?.code);
    expect(labels).toEqual(['often_always', 'some_of_the_time', 'occasionally', 'hardly_ever', 'never']);
    const c = changeBetween(ONS_LONELINESS, scoreAdministration(ONS_LONELINESS, { lonely: 1 }), scoreAdministration(ONS_LONELINESS, { lonely: 3 }));
    expect(c.items?.[0]).toMatchObject({ difference: 2, verdict: 'improved', meaningfulChange: null });
    expect(issuesOf(() => scoreAdministration(ONS_LONELINESS, { lonely: 0 }))[0]?.code).toBe('value_not_an_option');
  });
});

describe('UCLA 3-item', () => {
  it('totals every combination 3–9 with ≥6 banded lonely', () => {
    const totals = reachableTotals(UCLA3);
    expect(totals).toEqual([3, 4, 5, 6, 7, 8, 9]);
    for (const a of [1, 2, 3])
      for (const b of [1, 2, 3])
        for (const c of [1, 2, 3]) {
          const s = scoreAdministration(UCLA3, { companionship: a, left_out: b, isolated: c });
          expect(s.total).toBe(a + b + c);
          expect(s.primary).toBe(a + b + c);
          expect(s.band?.code).toBe(a + b + c >= 6 ? 'lonely' : 'not_lonely');
        }
  });

  it('a falling total is an improvement (higher is lonelier)', () => {
    const c = changeBetween(
      UCLA3,
      scoreAdministration(UCLA3, { companionship: 3, left_out: 3, isolated: 2 }),
      scoreAdministration(UCLA3, { companionship: 1, left_out: 2, isolated: 1 }),
    );
    expect(c.primary).toMatchObject({ from: 8, to: 4, difference: -4, verdict: 'improved', bandFrom: { code: 'lonely' }, bandTo: { code: 'not_lonely' } });
  });
});

describe('PAM (external score)', () => {
  it.each([
    [0, 'level_1'],
    [47.0, 'level_1'],
    [47.1, 'level_2'],
    [55.1, 'level_2'],
    [55.2, 'level_3'],
    [67.0, 'level_3'],
    [67.1, 'level_4'],
    [100, 'level_4'],
  ] as const)('score %d is %s', (score, level) => {
    const s = scoreAdministration(PAM, { score });
    expect(s).toEqual({ method: 'external', score, band: expect.objectContaining({ code: level }), primary: score });
  });

  it('accepts a matching level and refuses a contradicting one', () => {
    expect(scoreAdministration(PAM, { score: 60.3, level: 3 }).band?.code).toBe('level_3');
    expect(issuesOf(() => scoreAdministration(PAM, { score: 60.3, level: 2 }))[0]?.code).toBe('level_mismatch');
  });

  it('refuses out-of-range, over-precise, missing scores and item answers', () => {
    expect(issuesOf(() => scoreAdministration(PAM, { score: 100.1 }))[0]?.code).toBe('score_out_of_range');
    expect(issuesOf(() => scoreAdministration(PAM, { score: -1 }))[0]?.code).toBe('score_out_of_range');
    expect(issuesOf(() => scoreAdministration(PAM, { score: 50.25 }))[0]?.code).toBe('score_precision');
    expect(issuesOf(() => scoreAdministration(PAM, {}))[0]?.code).toBe('missing_item');
    expect(issuesOf(() => scoreAdministration(PAM, { score: 50, q1: 3 }))[0]).toMatchObject({ code: 'unknown_item', item: 'q1' });
  });

  it('has no established meaningful change, so any rise counts and says so', () => {
    const c = changeBetween(PAM, scoreAdministration(PAM, { score: 45 }), scoreAdministration(PAM, { score: 45.1 }));
    expect(c.primary).toMatchObject({ difference: 0.1, verdict: 'improved', basis: 'any_change', bandFrom: { code: 'level_1' }, bandTo: { code: 'level_1' } });
  });
});

describe('the synthetic pack (conversion table)', () => {
  const def = parseInstrumentPack(pack('synthetic-wellbeing-pack.json'));

  it('converts every raw total through its made-up table', () => {
    const table = new Map([
      [5, 7.0],
      [6, 9.4],
      [10, 14.6],
      [15, 18.7],
      [17, 20.4],
      [24, 30.2],
      [25, 33.3],
    ]);
    for (const [raw, metric] of table) {
      const per = Math.floor(raw / 5);
      const rest = raw - per * 5;
      const values = [0, 1, 2, 3, 4].map((i) => per + (i < rest ? 1 : 0));
      const answers = Object.fromEntries(def.items.map((item, i) => [item.id, values[i] ?? 0]));
      const s = scoreAdministration(def, answers);
      expect(s.total).toBe(raw);
      expect(s.metric).toBe(metric);
      expect(s.primary).toBe(metric);
    }
  });

  it('bands the metric and judges change against its meaningful change of 2.5', () => {
    const low = scoreAdministration(def, { teapot: 2, spout: 2, biscuit: 2, kettle: 2, cosy: 2 }); // raw 10 → 14.6
    const up = scoreAdministration(def, { teapot: 3, spout: 3, biscuit: 2, kettle: 2, cosy: 2 }); // raw 12 → 16.3
    const upMore = scoreAdministration(def, { teapot: 3, spout: 3, biscuit: 3, kettle: 2, cosy: 2 }); // raw 13 → 17.1
    expect(low.band?.code).toBe('lukewarm');
    expect(up.band?.code).toBe('warm');
    expect(changeBetween(def, low, up).primary).toMatchObject({ difference: 1.7, verdict: 'no_change', basis: 'meaningful_change', meaningfulChange: 2.5 });
    expect(changeBetween(def, low, upMore).primary).toMatchObject({ difference: 2.5, verdict: 'improved' });
    expect(changeBetween(def, upMore, low).primary).toMatchObject({ difference: -2.5, verdict: 'worsened' });
  });

  it('the expired pack parses and reports its licence expired', () => {
    const expired = parseInstrumentPack(pack('synthetic-expired-pack.json'));
    expect(licenceStatus(expired, '2020-01-31')).toBe('valid');
    expect(licenceStatus(expired, '2020-02-01')).toBe('expired');
    expect(usableForNewAdministrations(expired, '2026-11-21')).toBe(false);
    expect(usableForNewAdministrations(def, '2026-11-21')).toBe(true);
    expect(licenceStatus(ONS4, '2026-11-21')).toBe('open');
  });
});

describe('judgeChange', () => {
  it.each([
    [10, 13, 'higher_is_better', 3, 'improved'],
    [10, 12.9, 'higher_is_better', 3, 'no_change'],
    [10, 7, 'higher_is_better', 3, 'worsened'],
    [10, 7, 'higher_is_worse', 3, 'improved'],
    [10, 13, 'higher_is_worse', 3, 'worsened'],
    [10, 10, 'higher_is_better', null, 'no_change'],
    [10, 11, 'higher_is_worse', null, 'worsened'],
    [0.1, 0.4, 'higher_is_better', 0.3, 'improved'],
  ] as const)('%d → %d (%s, threshold %s) is %s', (from, to, dir, mc, verdict) => {
    expect(judgeChange(from, to, dir, mc).verdict).toBe(verdict);
  });
});

describe('pack validation', () => {
  const base = (): InstrumentDefinition => structuredClone(parseInstrumentPack(pack('synthetic-wellbeing-pack.json')));
  const wrap = (instrument: unknown) => ({ format: 'linkwork-instrument-pack', formatVersion: 1, instrument });
  const codes = (instrument: unknown) => issuesOf(() => parseInstrumentPack(wrap(instrument))).map((i) => i.code);

  it('a conversion table missing a raw score is refused', () => {
    const d = base();
    if (d.scoring.method !== 'conversion_table') throw new Error('expected a table');
    d.scoring.table = d.scoring.table.filter((r) => r.raw !== 17);
    expect(codes(d)).toContain('table_missing_raw');
  });

  it('a table row that cannot occur, and a raw score twice, are refused', () => {
    const d = base();
    if (d.scoring.method !== 'conversion_table') throw new Error('expected a table');
    d.scoring.table.push({ raw: 26, metric: 40 }, { raw: 5, metric: 1 });
    expect(codes(d)).toEqual(expect.arrayContaining(['table_unreachable_raw', 'table_duplicate_raw']));
  });

  it('duplicate item ids and duplicate option values are refused', () => {
    const d = base();
    d.items[1] = { ...d.items[1]!, id: 'teapot' };
    expect(codes(d)).toContain('duplicate_item_id');
    const e = base();
    e.options = [
      { value: 1, label: 'a' },
      { value: 1, label: 'b' },
    ];
    expect(codes(e)).toContain('duplicate_option_value');
  });

  it('bands must cover every metric once', () => {
    const gap = base();
    gap.bands!.bands[1]!.min = 16.3;
    expect(codes(gap)).toContain('bands_do_not_cover_range');
    const overlap = base();
    overlap.bands!.bands[0]!.max = 16.0;
    expect(codes(overlap)).toContain('bands_overlap');
    const inverted = base();
    inverted.bands!.bands[0]!.min = 20;
    expect(codes(inverted)).toContain('band_min_above_max');
  });

  it('external scores with a gap between levels, and external instruments with items, are refused', () => {
    const gap = structuredClone<InstrumentDefinition>(PAM);
    gap.bands!.bands[1]!.min = 47.3;
    expect(checkDefinition(gap).map((p) => p.code)).toEqual(['bands_gap']);
    const items = structuredClone<InstrumentDefinition>(PAM);
    items.items = [{ id: 'q1', text: 'x' }];
    expect(checkDefinition(items).map((p) => p.code)).toContain('external_with_items');
  });

  it('a licensed pack must say when its licence expires, and a pack must be licensed', () => {
    const d = base();
    d.licence.expiresOn = null;
    expect(codes(d)).toContain('licence_expiry_required');
    expect(codes({ ...structuredClone(UCLA3) })).toEqual(['pack_not_licensed']);
  });

  it('shape problems are reported with their path, not thrown raw', () => {
    const issues = issuesOf(() => parseInstrumentPack(wrap({ ...base(), code: 'Not A Code', extra: 1 })));
    expect(issues.every((i) => i.code === 'schema')).toBe(true);
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['instrument.code']));
    expect(issuesOf(() => parseInstrumentPack({ format: 'something-else' }))[0]?.code).toBe('schema');
    expect(issuesOf(() => parseInstrumentDefinition('not json object'))[0]?.code).toBe('schema');
  });

  it('per-item instruments may not carry bands on a total they do not have', () => {
    const d = structuredClone<InstrumentDefinition>(ONS4);
    d.bands = { source: 'made up for a test', bands: [{ code: 'x', label: 'x', min: 0, max: 40 }] };
    expect(checkDefinition(d).map((p) => p.code)).toEqual(['bands_without_primary']);
  });
});
