/**
 * The needs vocabulary: one source of truth for referral reasons, the "what matters" conversation,
 * unmet need and (later) directory matching. Each need has a plain label and lay phrases people
 * actually say ("wife died" → bereavement), used for search and classification.
 */
export interface NeedDefinition {
  code: NeedCode;
  label: string;
  group: NeedGroup;
  /** Lay phrases and professional terms that name this need outright (weight 1 in classification). */
  synonyms: readonly string[];
  /** Words that hint at the need but are common in other senses ("low", "work"): weight 0.35. */
  weak?: readonly string[];
  /**
   * Distinct kinds of help inside a broad need (alcohol, drugs, gambling and smoking are all
   * substance use): a person who names one is best matched by services that name the same one.
   */
  aspects?: Readonly<Record<string, readonly string[]>>;
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
  {
    code: 'loneliness', label: 'Loneliness and isolation', group: 'connection',
    synonyms: ['lonely', 'loneliness', 'isolated', 'isolation', 'socially isolated', 'social isolation', 'no friends', 'on my own', 'on his own', 'on her own',
      'lives alone', 'living alone', 'no one to talk to', 'nobody to talk to', 'housebound', 'nobody visits', 'no visitors', 'no family nearby',
      'social contact', 'befriending', 'befriender', 'befrienders', 'friendship', 'make friends', 'meet new people', 'meet people',
      'lunch club', 'friendship group', 'social group', 'coffee morning', 'good neighbour', 'telephone friendship', 'cut off', 'stuck indoors'],
    weak: ['company', 'drop in', 'alone', 'social', 'friends', 'companionship', 'community group', 'get together', 'chat'],
  },
  {
    code: 'bereavement', label: 'Bereavement', group: 'connection',
    synonyms: ['wife died', 'husband died', 'partner died', 'mum died', 'dad died', 'mother died', 'father died', 'son died', 'daughter died',
      'child died', 'baby died', 'death of', 'lost wife', 'lost husband', 'lost partner', 'lost son', 'lost daughter', 'lost mum', 'lost dad',
      'widow', 'widowed', 'widower', 'passed away', 'grief', 'grieving', 'bereaved', 'bereavement', 'loss of a loved one', 'after a death',
      'suicide loss', 'stillbirth', 'miscarriage', 'funeral'],
    weak: ['died', 'death', 'loss', 'dying', 'end of life'],
  },
  {
    code: 'relationships', label: 'Family and relationships', group: 'connection',
    synonyms: ['relationship breakdown', 'relationship problems', 'relationship support', 'divorce', 'separated', 'separation', 'family problems',
      'arguments at home', 'family conflict', 'couples counselling', 'family mediation', 'marriage'],
    weak: ['relationships', 'family', 'partner'],
  },
  {
    code: 'debt', label: 'Debt and money worries', group: 'money',
    synonyms: ["can't pay the bills", 'cannot pay bills', "can't pay", 'cant afford', 'struggling to pay', 'in debt', 'debt', 'debts', 'arrears',
      'bailiffs', 'loan shark', 'money worries', 'money problems', 'money advice', 'debt advice', 'behind on rent', 'behind with bills',
      'credit card', 'budgeting', 'money management', 'financial difficulty', 'financial hardship', 'cost of living', 'bankruptcy',
      'county court judgment', 'payday loan', 'overdraft', 'hardship fund', 'financial advice', 'financial support', 'citizens advice'],
    weak: ['money', 'bills', 'loans', 'afford', 'financial', 'finances', 'skint', 'broke'],
  },
  {
    code: 'benefits', label: 'Benefits and income', group: 'money',
    synonyms: ['universal credit', 'pip', 'esa', 'benefit claim', 'benefits advice', 'benefit', 'benefits', 'welfare rights', 'welfare benefits',
      'sanctioned', 'sanction', 'attendance allowance', 'pension credit', 'carers allowance', 'housing benefit', 'council tax reduction',
      'disability living allowance', 'dla', 'jobseekers allowance', 'tribunal', 'mandatory reconsideration', 'entitlement', 'grants'],
    weak: ['income', 'allowance', 'claim', 'dwp'],
  },
  {
    code: 'fuel_poverty', label: 'Fuel poverty and energy bills', group: 'money',
    synonyms: ['cold house', 'cold home', "can't heat", 'heating bills', 'energy bills', 'energy bill', 'gas bill', 'electric bill', 'electricity bill',
      'gas and electric', 'prepayment meter', 'fuel poverty', 'fuel debt', 'energy advice', 'keeping warm', 'warm home', 'insulation',
      'energy efficiency', 'warm spaces', 'warm space', 'fuel voucher', 'boiler'],
    weak: ['heating', 'energy', 'fuel', 'warm', 'cold'],
  },
  {
    code: 'food', label: 'Food insecurity', group: 'money',
    synonyms: ['food bank', 'foodbank', 'food parcel', 'food parcels', 'not eating', 'hungry', 'hunger', "can't afford food", 'no food', 'free meals',
      'community fridge', 'community pantry', 'food pantry', 'food larder', 'food share', 'food voucher', 'hot meal', 'holiday hunger',
      'food insecurity', 'food poverty', 'free breakfast', 'soup kitchen'],
    weak: ['meals', 'food', 'lunch', 'eating', 'meal'],
  },
  {
    code: 'housing', label: 'Housing problems', group: 'home',
    synonyms: ['damp', 'mould', 'housing repairs', 'landlord', 'overcrowded', 'overcrowding', 'eviction', 'tenancy', 'unsafe home',
      'housing advice', 'housing support', 'housing problems', 'supported housing', 'tenancy support', 'social housing', 'council housing',
      'housing association', 'disrepair', 'adaptations', 'home adaptations', 'move home', 'hoarding', 'tenants'],
    weak: ['rent', 'housing', 'home', 'accommodation', 'repairs', 'flat'],
  },
  {
    code: 'homelessness', label: 'Homelessness or risk of it', group: 'home',
    synonyms: ['homeless', 'homelessness', 'sofa surfing', 'no fixed abode', 'sleeping rough', 'rough sleeping', 'rough sleeper', 'nowhere to live',
      'nowhere to stay', 'evicted', 'hostel', 'night shelter', 'emergency accommodation', 'temporary accommodation', 'street homeless'],
  },
  {
    code: 'transport', label: 'Transport and getting about', group: 'home',
    synonyms: ["can't get out", 'no car', 'bus pass', 'community transport', 'getting to appointments', 'dial a ride', 'door to door transport',
      'lifts to appointments', 'volunteer drivers', 'volunteer driver', 'accessible transport', 'travel training', 'blue badge', 'shopmobility'],
    weak: ['transport', 'bus', 'travel', 'driving', 'lifts'],
  },
  {
    code: 'physical_activity', label: 'Physical activity', group: 'health_and_lifestyle',
    synonyms: ['exercise', 'inactive', 'walking group', 'walking for health', 'health walks', 'get fitter', 'keep fit', 'fitness', 'gym', 'sport',
      'sports', 'swimming', 'move more', 'physical activity', 'exercise class', 'chair based exercise', 'seated exercise', 'yoga', 'tai chi',
      'pilates', 'strength and balance', 'falls prevention', 'cycling', 'football', 'dance class', 'zumba', 'walking football'],
    weak: ['active', 'walking', 'walks', 'dance', 'dancing', 'fit', 'running', 'bowls', 'badminton', 'tennis'],
  },
  {
    code: 'weight', label: 'Weight and healthy eating', group: 'health_and_lifestyle',
    synonyms: ['overweight', 'obesity', 'obese', 'lose weight', 'weight loss', 'weight management', 'diet', 'healthy eating', 'cooking on a budget',
      'nutrition', 'healthy lifestyle', 'cookery course', 'cook and eat'],
    weak: ['weight', 'cooking', 'healthy'],
  },
  {
    code: 'long_term_condition', label: 'Living with a long-term condition', group: 'health_and_lifestyle',
    synonyms: ['diabetes', 'diabetic', 'copd', 'asthma', 'arthritis', 'chronic pain', 'persistent pain', 'heart condition', 'heart failure',
      'self-management', 'self management', 'long covid', 'long term condition', 'long-term condition', 'stroke', 'cancer', 'parkinsons',
      'multiple sclerosis', 'epilepsy', 'fibromyalgia', 'chronic fatigue', 'me cfs', 'kidney disease', 'breathing problems', 'back pain',
      'back injury', 'pulmonary rehabilitation', 'cardiac rehabilitation', 'condition management', 'hiv', 'sickle cell', 'chronic illness'],
    weak: ['condition', 'illness', 'pain', 'injury', 'recovery from', 'health condition'],
    aspects: {
      stroke: ['stroke'],
      cancer: ['cancer'],
      diabetes: ['diabetes', 'diabetic'],
      pain: ['chronic pain', 'persistent pain', 'back pain', 'fibromyalgia', 'arthritis', 'pain'],
      breathing: ['copd', 'asthma', 'breathing problems', 'pulmonary rehabilitation', 'lung'],
      heart: ['heart condition', 'heart failure', 'cardiac rehabilitation', 'heart'],
      neuro: ['parkinsons', 'multiple sclerosis', 'epilepsy', 'ms'],
    },
  },
  {
    code: 'substance_use', label: 'Alcohol, drugs or gambling', group: 'health_and_lifestyle',
    synonyms: ['drinking too much', 'drinks too much', 'problem drinking', 'heavy drinking', 'binge drinking', 'drinking problem', 'drink problem', 'alcohol', 'alcoholic', 'drugs', 'drug use', 'substance misuse', 'substance use', 'gambling',
      'addiction', 'addicted', 'smoking', 'stop smoking', 'quit smoking', 'recovery community', 'in recovery', 'alcoholics anonymous',
      'narcotics anonymous', 'needle exchange', 'cannabis', 'heroin', 'cocaine', 'vaping'],
    aspects: {
      alcohol: ['alcohol', 'alcoholic', 'alcoholics', 'drinking too much', 'drinks too much', 'problem drinking', 'heavy drinking', 'binge drinking', 'drinking problem', 'drink problem', 'alcoholics anonymous', 'drinkline'],
      drugs: ['drugs', 'drug use', 'drug', 'cannabis', 'heroin', 'cocaine', 'needle exchange', 'narcotics anonymous', 'substance misuse', 'prescription drug'],
      gambling: ['gambling', 'gambler', 'gamblers', 'betting'],
      smoking: ['smoking', 'stop smoking', 'quit smoking', 'smokefree', 'tobacco', 'vaping', 'cigarettes', 'nicotine'],
    },
  },
  {
    code: 'mental_wellbeing', label: 'Mental wellbeing', group: 'mind',
    synonyms: ['mental wellbeing', 'emotional wellbeing', 'stress', 'stressed', 'coping', 'mental health', 'emotional support', 'counselling',
      'counsellor', 'talking therapy', 'talking therapies', 'peer support', 'mindfulness', 'mental distress', 'emotional distress',
      'suicidal', 'self harm', 'self-harm', 'trauma', 'ptsd', 'psychological', 'listening service', 'samaritans', 'burnout',
      'overwhelmed', 'not coping', 'breakdown', 'psychosis', 'bipolar', 'eating disorder'],
    weak: ['wellbeing', 'well-being', 'struggling', 'crisis', 'mental', 'emotional', 'support group', 'therapy', 'wellness', 'mind'],
  },
  {
    code: 'low_mood', label: 'Low mood', group: 'mind',
    synonyms: ['depressed', 'depression', 'feeling down', 'low mood', 'feeling low', 'sad', 'sadness', 'no motivation', 'fed up', 'hopeless',
      'unhappy', 'tearful', 'miserable', 'nothing to look forward to', 'no purpose', 'lost interest', 'postnatal depression'],
    weak: ['low', 'down', 'mood'],
  },
  {
    code: 'anxiety', label: 'Anxiety', group: 'mind',
    synonyms: ['anxious', 'anxiety', 'panic', 'panic attacks', 'nervous', 'scared to go out', 'afraid to go out',
      'agoraphobia', 'social anxiety', 'phobia', 'ocd', 'fearful', 'on edge', 'worry'],
    weak: ['worried', 'worry', 'worrying'],
  },
  {
    code: 'confidence', label: 'Confidence and self-esteem', group: 'mind',
    synonyms: ['no confidence', 'shy', 'self-esteem', 'self esteem', 'lost confidence', 'lost his confidence', 'lost her confidence',
      'low confidence', 'confidence building', 'build confidence', 'assertiveness', 'self belief', 'self worth'],
    weak: ['confidence', 'confident'],
  },
  {
    code: 'carer_strain', label: 'Caring responsibilities', group: 'care',
    synonyms: ['carer', 'carers', 'caring for', 'cares for', 'looking after my', 'looking after wife', 'looking after husband', 'respite',
      'unpaid carer', 'young carer', 'exhausted caring', 'carer support', 'carers support', 'carers centre', 'carer breaks', 'sitting service',
      'caring role', 'family carer'],
    weak: ['looking after', 'caring'],
  },
  {
    code: 'dementia_memory', label: 'Dementia and memory', group: 'care',
    synonyms: ['dementia', 'alzheimers', 'alzheimer', 'memory problems', 'forgetful', 'forgetting things', 'memory loss', 'memory cafe',
      'memory clinic', 'cognitive impairment', 'dementia friendly', 'singing for the brain'],
    weak: ['confused', 'memory'],
  },
  {
    code: 'disability', label: 'Disability', group: 'care',
    synonyms: ['disabled', 'disability', 'disabilities', 'wheelchair', 'wheelchair user', 'sight loss', 'visual impairment', 'visually impaired',
      'blind', 'partially sighted', 'hearing loss', 'deaf', 'hard of hearing', 'learning disability', 'learning disabilities', 'autism',
      'autistic', 'adhd', 'physical disability', 'sensory impairment', 'special educational needs', 'brain injury', 'amputee',
      'mobility problems', 'mobility aids', 'mobility'],
    weak: ['accessible', 'additional needs', 'impairment'],
    aspects: {
      sight: ['sight loss', 'visual impairment', 'visually impaired', 'blind', 'partially sighted', 'sight'],
      hearing: ['hearing loss', 'deaf', 'hard of hearing', 'hearing', 'lip reading', 'bsl', 'sign language'],
      learning_autism: ['learning disability', 'learning disabilities', 'autism', 'autistic', 'adhd', 'asperger'],
      physical: ['wheelchair', 'wheelchair user', 'physical disability', 'mobility', 'amputee', 'mobility problems', 'mobility aids'],
    },
  },
  {
    code: 'parenting', label: 'Parenting and family support', group: 'care',
    synonyms: ['parenting', 'new mum', 'new mother', 'new dad', 'single parent', 'lone parent',
      'toddler', 'toddlers', 'teenager', 'teenagers', 'family support', 'stay and play', 'children\'s centre',
      'family hub', 'pregnant', 'pregnancy', 'under fives', 'school holidays'],
    weak: ['children', 'child', 'kids', 'baby', 'babies', 'parent', 'parents', 'young people', 'family', 'families', 'mum', 'dad', 'youth'],
  },
  {
    code: 'employment', label: 'Employment and work', group: 'work_and_learning',
    synonyms: ['job', 'jobs', 'unemployed', 'unemployment', 'out of work', 'fit note', 'sick note', 'back to work', 'return to work',
      'find work', 'looking for work', 'job search', 'job seeking', 'employment support', 'employment', 'employability', 'cv', 'interview skills',
      'apprenticeship', 'work experience', 'careers advice', 'job club', 'lost his job', 'lost her job', 'lost job', 'redundant', 'redundancy',
      'into work', 'paid work', 'self employment'],
    weak: ['work', 'career', 'careers', 'volunteering', 'training'],
  },
  {
    code: 'learning_skills', label: 'Learning and skills', group: 'work_and_learning',
    synonyms: ['college', 'english classes', 'english lessons', 'esol', 'english as a second language', 'reading and writing',
      'literacy', 'numeracy', 'maths', 'adult learning', 'adult education', 'qualifications',
      'tutoring'],
    weak: ['classes', 'workshops', 'learning', 'learn', 'skills', 'course', 'courses', 'education', 'class', 'training', 'lessons'],
  },
  {
    code: 'digital_inclusion', label: 'Digital inclusion', group: 'work_and_learning',
    synonyms: ['computer', 'computers', 'smartphone', 'tablet', 'digital skills', 'digital inclusion', 'no wifi',
      'get online', 'going online', 'computer skills', 'it skills', 'laptop', 'digital support', 'device loan', 'data poverty'],
    weak: ['online', 'email', 'wifi', 'internet', 'digital', 'technology', 'phone'],
  },
  {
    code: 'domestic_abuse', label: 'Domestic abuse', group: 'safety',
    synonyms: ['domestic violence', 'domestic abuse', 'abusive partner', 'abusive relationship', 'controlling', 'controlling partner',
      'unsafe at home', 'coercive', 'coercive control', 'violent partner', 'hits her', 'hits him', 'afraid of partner', 'sexual violence',
      'sexual abuse', 'rape', 'stalking', 'honour based abuse', 'forced marriage', 'refuge', 'survivors', 'idva'],
    weak: ['abuse', 'violence', 'safety', 'unsafe'],
  },
];

/** Interests and activities a person enjoys ("likes singing"): not needs, but what a good match
 * builds on — a choir for someone lonely who likes singing. Terms are matched like need phrases. */
export interface InterestDefinition {
  code: string;
  label: string;
  terms: readonly string[];
}

export const INTERESTS: readonly InterestDefinition[] = [
  { code: 'singing', label: 'singing', terms: ['singing', 'sing', 'sings', 'choir', 'choirs', 'singer', 'songs', 'karaoke', 'sing along'] },
  { code: 'music', label: 'music', terms: ['music', 'musical', 'guitar', 'piano', 'ukulele', 'drumming', 'instrument', 'concerts'] },
  { code: 'gardening', label: 'gardening', terms: ['gardening', 'garden', 'gardens', 'allotment', 'allotments', 'growing', 'plants', 'horticulture', 'grow food'] },
  { code: 'arts_crafts', label: 'art and crafts', terms: ['art', 'arts', 'painting', 'drawing', 'craft', 'crafts', 'crafting', 'knitting', 'sewing', 'crochet', 'pottery', 'creative'] },
  { code: 'walking', label: 'walking', terms: ['walking', 'walks', 'walk', 'rambling', 'hiking', 'nature walks'] },
  { code: 'dancing', label: 'dancing', terms: ['dancing', 'dance', 'tea dance', 'ballroom', 'zumba'] },
  { code: 'sport', label: 'sport', terms: ['football', 'cricket', 'bowls', 'golf', 'tennis', 'badminton', 'table tennis', 'swimming', 'cycling', 'sport', 'sports'] },
  { code: 'cooking', label: 'cooking', terms: ['cooking', 'cook', 'baking', 'bake'] },
  { code: 'reading_writing', label: 'reading and writing', terms: ['reading', 'books', 'book club', 'writing', 'poetry', 'library', 'stories'] },
  { code: 'nature', label: 'nature and the outdoors', terms: ['nature', 'wildlife', 'birdwatching', 'outdoors', 'conservation', 'green spaces', 'woodland'] },
  { code: 'history', label: 'history and heritage', terms: ['history', 'heritage', 'museum', 'museums', 'local history'] },
  { code: 'games', label: 'games and quizzes', terms: ['games', 'bingo', 'cards', 'chess', 'quiz', 'quizzes', 'dominoes', 'board games'] },
  { code: 'faith', label: 'faith', terms: ['church', 'mosque', 'temple', 'gurdwara', 'synagogue', 'faith', 'prayer'] },
  { code: 'making', label: 'making and mending', terms: ['woodwork', 'diy', 'making things', 'mens shed', 'men\'s shed', 'repair cafe', 'fixing things',] },
  { code: 'animals', label: 'animals', terms: ['animals', 'dogs', 'dog walking', 'pets', 'horses', 'farm'] },
  { code: 'volunteering', label: 'volunteering', terms: ['volunteering', 'volunteer', 'helping others', 'give something back'] },
];

const byCode = new Map(NEEDS.map((n) => [n.code, n]));

/** The definition of a need code. */
export function needLabel(code: NeedCode): string {
  return byCode.get(code)?.label ?? code;
}

/** The definition of a need code (undefined when unknown). */
export function needDefinition(code: NeedCode): NeedDefinition | undefined {
  return byCode.get(code);
}

/** True when the text is a known need code. */
export function isNeedCode(value: string): value is NeedCode {
  return byCode.has(value as NeedCode);
}
