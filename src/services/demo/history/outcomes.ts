import type { Prng } from './prng.ts';

/**
 * Plausible wellbeing scores for the demo: people referred to social prescribing start well below
 * the national ONS4 averages (about 7.5 for life satisfaction) and, among those followed up, improve
 * by about a point and a half, with wide spread (some get worse). The loneliness scores move less.
 * Invented, but shaped like published evaluations; nothing is claimed from them.
 */
export interface WellbeingStart {
  lifeSatisfaction: number;
  worthwhile: number;
  happiness: number;
  anxiety: number;
  /** UCLA 3-item answers, each 1 (hardly ever) to 3 (often). */
  ucla: [number, number, number];
  /** ONS direct question, 1 (often or always) to 5 (never). */
  lonely: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));

/** Baseline scores; `lonely` for people referred for loneliness, who start lonelier. */
export function baselineScores(rng: Prng, lonely: boolean): WellbeingStart {
  const mood = rng.normal(0, 1);
  return {
    lifeSatisfaction: clamp(4.4 + 1.8 * mood + rng.normal(0, 0.9), 0, 10),
    worthwhile: clamp(5.1 + 1.6 * mood + rng.normal(0, 1), 0, 10),
    happiness: clamp(4.6 + 1.8 * mood + rng.normal(0, 1.1), 0, 10),
    anxiety: clamp(6.2 - 1.6 * mood + rng.normal(0, 1.3), 0, 10),
    ucla: [0, 0, 0].map(() => clamp((lonely ? 2.5 : 1.8) + rng.normal(0, 0.55), 1, 3)) as [number, number, number],
    lonely: clamp((lonely ? 1.8 : 3) + rng.normal(0, 0.8), 1, 5),
  };
}

/** Follow-up scores: the baseline moved by a person-level benefit (mean about +1.4 on life satisfaction). */
export function followUpScores(rng: Prng, start: WellbeingStart): WellbeingStart {
  const benefit = rng.normal(1.4, 1.6);
  return {
    lifeSatisfaction: clamp(start.lifeSatisfaction + benefit + rng.normal(0, 0.8), 0, 10),
    worthwhile: clamp(start.worthwhile + 0.8 * benefit + rng.normal(0, 0.8), 0, 10),
    happiness: clamp(start.happiness + benefit + rng.normal(0, 1), 0, 10),
    anxiety: clamp(start.anxiety - 0.9 * benefit + rng.normal(0, 1), 0, 10),
    ucla: start.ucla.map((u) => clamp(u - 0.35 * benefit + rng.normal(0, 0.45), 1, 3)) as [number, number, number],
    lonely: clamp(start.lonely + 0.5 * benefit + rng.normal(0, 0.6), 1, 5),
  };
}

/** The answers of each instrument in the form record-outcome takes (item id → value). */
export const answersOf = {
  ons4: (s: WellbeingStart) => ({ life_satisfaction: s.lifeSatisfaction, worthwhile: s.worthwhile, happiness: s.happiness, anxiety: s.anxiety }),
  ucla3: (s: WellbeingStart) => ({ companionship: s.ucla[0], left_out: s.ucla[1], isolated: s.ucla[2] }),
  'ons-loneliness': (s: WellbeingStart) => ({ lonely: s.lonely }),
};
