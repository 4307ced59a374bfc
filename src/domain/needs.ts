/**
 * The needs vocabulary: one source of truth for referral reasons, the "what matters" conversation,
 * unmet need and (later) directory matching. Each need has a plain label and lay phrases people
 * actually say ("wife died" → bereavement), used for search and classification.
 */
export interface NeedDefinition {
  code: NeedCode;
  label: string;
  group: NeedGroup;
  synonyms: readonly string[];
}

export const NEED_GROUPS = ['connection', 'money', 'home', 'health_and_lifestyle', 'mind', 'care', 'work_and_learning', 'safety'] as const;
export type NeedGroup = (typeof NEED_GROUPS)[number];

export const NEED_CODES = [
  'loneliness', 'bereavement', 'debt', 'benefits', 'housing', 'homelessness', 'food', 'physical_activity',
  'weight', 'mental_wellbeing', 'low_mood', 'anxiety', 'carer_strain', 'dementia_memory', 'employment',
  'learning_skills', 'digital_inclusion', 'substance_use', 'domestic_abuse', 'parenting', 'disability',
  'long_term_condition', 'transport', 'fuel_poverty', 'confidence', 'relationships',
] as const;
export type NeedCode = (typeof NEED_CODES)[number];

export const NEEDS: readonly NeedDefinition[] = [
  { code: 'loneliness', label: 'Loneliness and isolation', group: 'connection', synonyms: ['lonely', 'isolated', 'no friends', 'on my own', 'no one to talk to', 'housebound', 'nobody visits', 'social contact', 'befriending'] },
  { code: 'bereavement', label: 'Bereavement', group: 'connection', synonyms: ['wife died', 'husband died', 'widow', 'widowed', 'widower', 'lost my', 'passed away', 'grief', 'grieving', 'death of'] },
  { code: 'relationships', label: 'Family and relationships', group: 'connection', synonyms: ['relationship breakdown', 'divorce', 'separated', 'family problems', 'arguments at home'] },
  { code: 'debt', label: 'Debt and money worries', group: 'money', synonyms: ["can't pay the bills", 'cannot pay bills', 'in debt', 'arrears', 'bailiffs', 'loans', 'money worries', 'behind on rent', 'credit card'] },
  { code: 'benefits', label: 'Benefits and income', group: 'money', synonyms: ['universal credit', 'pip', 'esa', 'benefit claim', 'sanctioned', 'attendance allowance', 'pension credit', 'income'] },
  { code: 'fuel_poverty', label: 'Fuel poverty and energy bills', group: 'money', synonyms: ['cold house', "can't heat", 'heating bills', 'energy bills', 'gas and electric', 'prepayment meter'] },
  { code: 'food', label: 'Food insecurity', group: 'money', synonyms: ['food bank', 'not eating', 'hungry', "can't afford food", 'meals'] },
  { code: 'housing', label: 'Housing problems', group: 'home', synonyms: ['damp', 'mould', 'repairs', 'landlord', 'overcrowded', 'eviction', 'tenancy', 'unsafe home'] },
  { code: 'homelessness', label: 'Homelessness or risk of it', group: 'home', synonyms: ['homeless', 'sofa surfing', 'no fixed abode', 'sleeping rough', 'nowhere to live', 'evicted'] },
  { code: 'transport', label: 'Transport and getting about', group: 'home', synonyms: ["can't get out", 'no car', 'bus pass', 'community transport', 'getting to appointments'] },
  { code: 'physical_activity', label: 'Physical activity', group: 'health_and_lifestyle', synonyms: ['exercise', 'inactive', 'walking', 'get fitter', 'gym', 'sport', 'swimming', 'move more'] },
  { code: 'weight', label: 'Weight and healthy eating', group: 'health_and_lifestyle', synonyms: ['overweight', 'obesity', 'lose weight', 'diet', 'healthy eating', 'cooking'] },
  { code: 'long_term_condition', label: 'Living with a long-term condition', group: 'health_and_lifestyle', synonyms: ['diabetes', 'copd', 'arthritis', 'chronic pain', 'heart condition', 'self-management', 'long covid'] },
  { code: 'substance_use', label: 'Alcohol, drugs or gambling', group: 'health_and_lifestyle', synonyms: ['drinking', 'alcohol', 'drugs', 'gambling', 'addiction', 'smoking'] },
  { code: 'mental_wellbeing', label: 'Mental wellbeing', group: 'mind', synonyms: ['wellbeing', 'stress', 'struggling', 'coping', 'mental health'] },
  { code: 'low_mood', label: 'Low mood', group: 'mind', synonyms: ['depressed', 'feeling down', 'low', 'sad', 'no motivation', 'fed up'] },
  { code: 'anxiety', label: 'Anxiety', group: 'mind', synonyms: ['anxious', 'worried', 'panic', 'nervous', 'scared to go out'] },
  { code: 'confidence', label: 'Confidence and self-esteem', group: 'mind', synonyms: ['no confidence', 'shy', 'self-esteem', 'lost confidence'] },
  { code: 'carer_strain', label: 'Caring responsibilities', group: 'care', synonyms: ['carer', 'caring for', 'looking after my', 'respite', 'unpaid carer', 'exhausted caring'] },
  { code: 'dementia_memory', label: 'Dementia and memory', group: 'care', synonyms: ['dementia', 'alzheimers', 'memory problems', 'forgetful', 'memory loss'] },
  { code: 'disability', label: 'Disability', group: 'care', synonyms: ['disabled', 'wheelchair', 'sight loss', 'hearing loss', 'learning disability', 'mobility'] },
  { code: 'parenting', label: 'Parenting and family support', group: 'care', synonyms: ['parenting', 'children', 'new mum', 'single parent', 'toddler', 'teenager'] },
  { code: 'employment', label: 'Employment and work', group: 'work_and_learning', synonyms: ['job', 'unemployed', 'out of work', 'fit note', 'sick note', 'back to work', 'cv', 'volunteering', 'work'] },
  { code: 'learning_skills', label: 'Learning and skills', group: 'work_and_learning', synonyms: ['course', 'college', 'english classes', 'esol', 'reading and writing', 'skills', 'learn'] },
  { code: 'digital_inclusion', label: 'Digital inclusion', group: 'work_and_learning', synonyms: ['computer', 'internet', 'smartphone', 'online', 'digital skills', 'no wifi'] },
  { code: 'domestic_abuse', label: 'Domestic abuse', group: 'safety', synonyms: ['domestic violence', 'abusive partner', 'controlling', 'unsafe at home', 'coercive'] },
];

const byCode = new Map(NEEDS.map((n) => [n.code, n]));

/** The definition of a need code. */
export function needLabel(code: NeedCode): string {
  return byCode.get(code)?.label ?? code;
}

/** True when the text is a known need code. */
export function isNeedCode(value: string): value is NeedCode {
  return byCode.has(value as NeedCode);
}
