import { classifyText, type NeedClassification } from '../needs-classifier.ts';
import type { NeedCode } from '../needs.ts';
import type { OrukService } from './types.ts';

/**
 * Taxonomy terms that say plainly which need a service meets: the UK councils' target-audience and
 * activity terms (pc_targetAudience, deliverable_type) and the Open Eligibility terms. Keyed by
 * the term's name in lower case; only mappings a link worker would not argue with are listed
 * (no "Low Income" → debt, no "Women" → anything).
 */
export const TERM_NEEDS: Readonly<Record<string, NeedCode>> = {
  // Target audience (Bristol, North Lincolnshire)
  dementia: 'dementia_memory',
  bereaved: 'bereavement',
  homeless: 'homelessness',
  carers: 'carer_strain',
  'mental health': 'mental_wellbeing',
  'long term health conditions': 'long_term_condition',
  parkinsons: 'long_term_condition',
  cancer: 'long_term_condition',
  'disabled people': 'disability',
  'wheelchair users': 'disability',
  'sensory impaired': 'disability',
  'visually impaired': 'disability',
  'learning disabilities': 'disability',
  'drug and alcohol misuse': 'substance_use',
  'survivors of abuse': 'domestic_abuse',
  unemployed: 'employment',
  parents: 'parenting',
  // Deliverable type
  'physical activity': 'physical_activity',
  'social activity': 'loneliness',
  'volunteering opportunity': 'employment',
  // Open Eligibility
  food: 'food',
  'emergency food': 'food',
  'food pantry': 'food',
  'free meals': 'food',
  'food delivery': 'food',
  'help pay for food': 'food',
  'food benefits': 'food',
  'help find housing': 'housing',
  'housing advice': 'housing',
  'maintenance & repairs': 'housing',
  'emergency shelter': 'homelessness',
  'help pay for utilities': 'fuel_poverty',
  'help pay for gas': 'fuel_poverty',
  'addiction & recovery': 'substance_use',
  '12-step': 'substance_use',
  detox: 'substance_use',
  'sober living': 'substance_use',
  bereavement: 'bereavement',
  'burial & funeral help': 'bereavement',
  'help escape violence': 'domestic_abuse',
  'disease management': 'long_term_condition',
  'pain management': 'long_term_condition',
  'understand mental health': 'mental_wellbeing',
  'mental health evaluation': 'mental_wellbeing',
  'relief for caregivers': 'carer_strain',
  'credit counseling': 'debt',
  'financial education': 'debt',
  'government benefits': 'benefits',
  'disability benefits': 'benefits',
  'retirement benefits': 'benefits',
  'unemployment benefits': 'benefits',
  'understand government programs': 'benefits',
  'help find work': 'employment',
  'job placement': 'employment',
  'supported employment': 'employment',
  'interview training': 'employment',
  'resume development': 'employment',
  'computer class': 'digital_inclusion',
  'basic literacy': 'learning_skills',
  'english as a second language (esl)': 'learning_skills',
  'skills & training': 'learning_skills',
  'parenting education': 'parenting',
  'understand disability': 'disability',
  'assistive technology': 'disability',
  transportation: 'transport',
  'bus passes': 'transport',
  'help pay for transit': 'transport',
  'transportation for healthcare': 'transport',
  nutrition: 'weight',
  'nutrition education': 'weight',
};

/** Confidence a plain taxonomy term gives on its own (a curator-chosen label, not a guess from prose). */
export const TERM_CONFIDENCE = 0.8;
/** A need is put on the service when the classification is at least this sure (one clear phrase). */
export const NEED_THRESHOLD = 0.5;

/** The need a taxonomy term name stands for, if it plainly stands for one. */
export function needForTerm(name: string): NeedCode | undefined {
  return TERM_NEEDS[name.trim().toLowerCase()];
}

/** The words of a service the classifier reads: name, description, eligibility, and term names. */
function serviceText(s: OrukService): string {
  return [s.name, s.description, s.eligibilityDescription].filter((t): t is string => t !== null).join('\n');
}

/**
 * Needs a service meets, with a confidence and the words (or term names) that triggered each: the
 * needs classifier on its text, combined with the needs its taxonomy terms name (two independent
 * signals combine as 1 − (1 − a)(1 − b)). Most confident first.
 */
export function classifyService(s: OrukService): NeedClassification[] {
  const byNeed = new Map<NeedCode, NeedClassification>();
  for (const c of classifyText(serviceText(s))) byNeed.set(c.need, { ...c, terms: [...c.terms] });
  const fromTerms = new Map<NeedCode, string[]>();
  for (const t of s.taxonomyTerms) {
    const need = needForTerm(t.name);
    if (need === undefined) continue;
    const names = fromTerms.get(need) ?? [];
    if (!names.includes(t.name)) names.push(t.name);
    fromTerms.set(need, names);
  }
  for (const [need, names] of fromTerms) {
    const prior = byNeed.get(need);
    const confidence = prior === undefined ? TERM_CONFIDENCE : 1 - (1 - prior.confidence) * (1 - TERM_CONFIDENCE);
    byNeed.set(need, {
      need,
      confidence: Math.round(confidence * 1000) / 1000,
      terms: [...(prior?.terms ?? []), ...names.filter((n) => !prior?.terms.includes(n))],
    });
  }
  return [...byNeed.values()].sort((a, b) => b.confidence - a.confidence || (a.need < b.need ? -1 : a.need > b.need ? 1 : 0));
}

/** The need codes to put on the service: those classified at or above NEED_THRESHOLD. */
export function needsFromClassification(classification: readonly NeedClassification[]): NeedCode[] {
  return classification.filter((c) => c.confidence >= NEED_THRESHOLD).map((c) => c.need);
}
