import type { BandSet, InstrumentDefinition, ResponseOption } from './definition.ts';

/**
 * The instruments Linkwork may ship (DOMAIN.md §5). ONS wording is Crown copyright under the Open
 * Government Licence v3.0 (see NOTICE). Licensed instruments (WEMWBS, SWEMWBS) are never here: they
 * arrive as packs (docs/instrument-packs.md).
 */

const ONS_SOURCE = 'Office for National Statistics, Personal well-being user guidance: thresholds used in ONS reporting of the ONS4 measures';
const ONS_OGL = 'Contains public sector information licensed under the Open Government Licence v3.0 (Office for National Statistics).';

const zeroToTen: ResponseOption[] = Array.from({ length: 11 }, (_, v) => ({
  value: v,
  label: v === 0 ? '0 – Not at all' : v === 10 ? '10 – Completely' : String(v),
}));

const positiveBands: BandSet = {
  source: ONS_SOURCE,
  bands: [
    { code: 'low', label: 'Low', min: 0, max: 4 },
    { code: 'medium', label: 'Medium', min: 5, max: 6 },
    { code: 'high', label: 'High', min: 7, max: 8 },
    { code: 'very_high', label: 'Very high', min: 9, max: 10 },
  ],
};

const anxietyBands: BandSet = {
  source: ONS_SOURCE,
  bands: [
    { code: 'very_low', label: 'Very low', min: 0, max: 1 },
    { code: 'low', label: 'Low', min: 2, max: 3 },
    { code: 'medium', label: 'Medium', min: 4, max: 5 },
    { code: 'high', label: 'High', min: 6, max: 10 },
  ],
};

const ONS4_NO_MCID = {
  value: null,
  source: 'No minimal important difference is published by ONS for the ONS4 items: any change is shown, with the band it moves between',
};

/** ONS4 personal wellbeing: four items, 0–10, each reported on its own and never summed. */
export const ONS4: InstrumentDefinition = {
  code: 'ons4',
  version: '1',
  name: 'ONS4 personal wellbeing',
  description: 'Four questions on life satisfaction, worthwhile, happiness and anxiety, each answered 0 to 10 and reported separately.',
  instructions:
    'The next questions are about how you feel about different aspects of your life. For each of these questions, give an answer on a scale of 0 to 10, where 0 is "not at all" and 10 is "completely".',
  items: [
    { id: 'life_satisfaction', text: 'Overall, how satisfied are you with your life nowadays?', bands: positiveBands, meaningfulChange: ONS4_NO_MCID },
    {
      id: 'worthwhile',
      text: 'Overall, to what extent do you feel that the things you do in your life are worthwhile?',
      bands: positiveBands,
      meaningfulChange: ONS4_NO_MCID,
    },
    { id: 'happiness', text: 'Overall, how happy did you feel yesterday?', bands: positiveBands, meaningfulChange: ONS4_NO_MCID },
    {
      id: 'anxiety',
      text: 'Overall, how anxious did you feel yesterday?',
      direction: 'higher_is_worse',
      bands: anxietyBands,
      meaningfulChange: ONS4_NO_MCID,
    },
  ],
  options: zeroToTen,
  scoring: { method: 'per_item' },
  direction: 'higher_is_better',
  licence: { kind: 'open', holder: 'Office for National Statistics', terms: ONS_OGL, expiresOn: null },
};

/** The ONS direct loneliness question (one of the national indicators of loneliness). */
export const ONS_LONELINESS: InstrumentDefinition = {
  code: 'ons-loneliness',
  version: '1',
  name: 'ONS loneliness (direct question)',
  description: 'The ONS national indicator question on how often the person feels lonely.',
  items: [
    {
      id: 'lonely',
      text: 'How often do you feel lonely?',
      options: [
        { value: 1, label: 'Often or always' },
        { value: 2, label: 'Some of the time' },
        { value: 3, label: 'Occasionally' },
        { value: 4, label: 'Hardly ever' },
        { value: 5, label: 'Never' },
      ],
      bands: {
        source:
          'Office for National Statistics, Measuring loneliness: guidance for use of the national indicators on surveys (2018). The bands are the response categories; ONS reports "often or always" as chronic loneliness',
        bands: [
          { code: 'often_always', label: 'Often or always (chronic loneliness)', min: 1, max: 1 },
          { code: 'some_of_the_time', label: 'Some of the time', min: 2, max: 2 },
          { code: 'occasionally', label: 'Occasionally', min: 3, max: 3 },
          { code: 'hardly_ever', label: 'Hardly ever', min: 4, max: 4 },
          { code: 'never', label: 'Never', min: 5, max: 5 },
        ],
      },
      meaningfulChange: {
        value: null,
        source: 'None established for this single categorical question: a move of one category either way is shown as a change',
      },
    },
  ],
  // Values run from most to least lonely, so a higher value is better.
  scoring: { method: 'per_item' },
  direction: 'higher_is_better',
  licence: { kind: 'open', holder: 'Office for National Statistics', terms: ONS_OGL, expiresOn: null },
};

/** UCLA 3-item loneliness scale (Hughes, Waite, Hawkley & Cacioppo 2004). */
export const UCLA3: InstrumentDefinition = {
  code: 'ucla3',
  version: '1',
  name: 'UCLA 3-item loneliness scale',
  description: 'Three questions on companionship, feeling left out and isolation; total 3 to 9, higher is lonelier.',
  items: [
    { id: 'companionship', text: 'How often do you feel that you lack companionship?' },
    { id: 'left_out', text: 'How often do you feel left out?' },
    { id: 'isolated', text: 'How often do you feel isolated from others?' },
  ],
  options: [
    { value: 1, label: 'Hardly ever' },
    { value: 2, label: 'Some of the time' },
    { value: 3, label: 'Often' },
  ],
  scoring: { method: 'sum' },
  direction: 'higher_is_worse',
  bands: {
    source: 'Total 6 or more is the cut-off commonly used for "lonely" (e.g. ONS loneliness guidance 2018); it is a convention, not part of Hughes et al. 2004',
    bands: [
      { code: 'not_lonely', label: 'Not lonely (3–5)', min: 3, max: 5 },
      { code: 'lonely', label: 'Lonely (6–9)', min: 6, max: 9 },
    ],
  },
  meaningfulChange: { value: null, source: 'No minimal important difference is established for the UCLA 3-item scale' },
  licence: {
    kind: 'open',
    holder: 'Hughes, Waite, Hawkley & Cacioppo',
    terms: 'Hughes ME, Waite LJ, Hawkley LC, Cacioppo JT. A short scale for measuring loneliness in large surveys. Research on Aging 2004;26(6):655–672.',
    expiresOn: null,
  },
};

/** Patient Activation Measure: proprietary; only the externally produced score and level are recorded. */
export const PAM: InstrumentDefinition = {
  code: 'pam',
  version: '1',
  name: 'Patient Activation Measure (score only)',
  description: 'The score (0–100) and level (1–4) produced by the licensed PAM; Linkwork records the result only, never the questions.',
  items: [],
  scoring: { method: 'external', scoreMin: 0, scoreMax: 100, scoreDecimals: 1, levelLabel: 'Level' },
  direction: 'higher_is_better',
  bands: {
    source: 'PAM levels as published by the licence holder (Insignia Health): level 1 ≤47.0, level 2 47.1–55.1, level 3 55.2–67.0, level 4 ≥67.1',
    bands: [
      { code: 'level_1', label: 'Level 1', min: 0, max: 47.0 },
      { code: 'level_2', label: 'Level 2', min: 47.1, max: 55.1 },
      { code: 'level_3', label: 'Level 3', min: 55.2, max: 67.0 },
      { code: 'level_4', label: 'Level 4', min: 67.1, max: 100 },
    ],
  },
  meaningfulChange: { value: null, source: "None stated in Linkwork: use the licence holder's guidance on meaningful PAM change" },
  licence: {
    kind: 'external_score',
    holder: 'Insignia Health',
    terms: 'PAM is proprietary. Administer it under your own licence; Linkwork stores only the resulting score and level.',
    expiresOn: null,
  },
};

/** Every built-in instrument, in the order they are offered. */
export const BUILT_IN_INSTRUMENTS: readonly InstrumentDefinition[] = [ONS4, ONS_LONELINESS, UCLA3, PAM];

/** A built-in instrument by code, or undefined. */
export function findBuiltInInstrument(code: string): InstrumentDefinition | undefined {
  return BUILT_IN_INSTRUMENTS.find((d) => d.code === code);
}
