import type { BarrierCode } from '../../../domain/barriers.ts';
import type { NeedCode } from '../../../domain/needs.ts';

/**
 * The words of the demo history: what referrers write, what people say in the "what matters"
 * conversation, and the goals they set. All invented; none is about a real person.
 */
export interface NeedWords {
  /** A referrer's reason ("Recently widowed, …"). */
  reason: readonly string[];
  /** The person's own words about the need. */
  said: readonly string[];
  /** Goals in the person's words, each with the steps to get there. */
  goals: readonly { text: string; steps: readonly string[] }[];
}

export const NEED_WORDS: Readonly<Record<NeedCode, NeedWords>> = {
  loneliness: {
    reason: [
      'Lives alone and rarely goes out; says the days are long.',
      'Frequent attender, seems isolated since retiring.',
      'Feels lonely since moving to the area.',
    ],
    said: ["Some days I don't speak to anyone.", 'I used to go out all the time, now I just sit in.', "My family are busy, I don't like to bother them."],
    goals: [
      { text: 'Get out of the house and meet people once a week', steps: ['Try a group session', 'Go with the link worker the first time', 'Go on my own'] },
      { text: 'Have someone to talk to most days', steps: ['Start weekly befriending calls', 'Ring my sister on Sundays'] },
    ],
  },
  bereavement: {
    reason: ['Recently bereaved (husband died in the spring), struggling to cope.', 'Lost her mum last year; low and withdrawn.'],
    said: ['Since he died the house is so quiet.', "I keep thinking I should have done more. I can't sleep."],
    goals: [{ text: 'Talk to people who understand what losing someone is like', steps: ['Go to the bereavement cafe', 'Think about counselling'] }],
  },
  debt: {
    reason: ['Worried about debts; rent arrears mentioned.', 'Financial stress affecting sleep and mood.'],
    said: ["The letters keep coming and I can't open them.", "I owe on the catalogue and the council tax and I don't know where to start."],
    goals: [{ text: 'Get on top of my debts', steps: ['See the debt adviser', 'Open the letters together', 'Set up a payment plan'] }],
  },
  benefits: {
    reason: ['Needs help with a benefits claim.', 'PIP award stopped; needs support to appeal.'],
    said: ['I was turned down for PIP and I just gave up.', "I don't know what I'm entitled to."],
    goals: [{ text: 'Get the benefits I am entitled to', steps: ['Have a benefits check', 'Fill in the form with help', 'Send the appeal'] }],
  },
  housing: {
    reason: ['Damp in the flat is affecting his chest.', 'At risk of eviction; landlord has served notice.'],
    said: ["The damp's all up the bedroom wall.", "The landlord won't answer my calls about the repairs."],
    goals: [{ text: 'Live somewhere safe and warm', steps: ['Get housing advice', 'Write to the landlord about the repairs'] }],
  },
  homelessness: {
    reason: ['Sofa surfing since a relationship broke down.'],
    said: ["I'm staying at a mate's but he wants me out by the end of the month."],
    goals: [{ text: 'Have a place of my own', steps: ['Register with the council housing team', 'Go to the housing drop-in'] }],
  },
  food: {
    reason: ['Skipping meals to pay the bills.'],
    said: ["There's weeks I go without so the kids can eat."],
    goals: [{ text: 'Have enough food every week', steps: ['Join the community pantry', 'Get a food bank voucher for now'] }],
  },
  physical_activity: {
    reason: ['Would benefit from more physical activity; deconditioned after illness.', 'Keen to get fitter.'],
    said: ['I used to walk everywhere before my knee went.', 'I want to be able to play with the grandkids.'],
    goals: [{ text: 'Be more active, a little every day', steps: ['Join a led walk', 'Walk to the shop instead of the bus'] }],
  },
  weight: {
    reason: ['BMI 36, pre-diabetic, wants support with weight.'],
    said: ["I've tried every diet going."],
    goals: [{ text: 'Lose some weight and feel better in myself', steps: ['Start the healthy weight programme', 'Cook at home three nights a week'] }],
  },
  mental_wellbeing: {
    reason: ['Low wellbeing; not meeting threshold for talking therapies.', 'Stressed and overwhelmed.'],
    said: ["I just don't feel like myself.", "Everything's on top of me at the moment."],
    goals: [{ text: 'Feel more like myself again', steps: ['Do one thing I enjoy each week', 'Try the wellbeing drop-in'] }],
  },
  low_mood: {
    reason: ['Low mood, on antidepressants, would benefit from activity and support.'],
    said: ["I can't get myself going in the mornings."],
    goals: [{ text: 'Have a reason to get up in the morning', steps: ['Plan the week with the link worker', 'Go to the peer support group'] }],
  },
  anxiety: {
    reason: ['Anxiety stopping her going out.', 'Panic attacks on buses.'],
    said: ['My heart races as soon as I get to the door.'],
    goals: [{ text: 'Feel calmer when I go out', steps: ['Do the anxiety course', 'Practise the breathing', 'Take the bus one stop'] }],
  },
  carer_strain: {
    reason: ['Caring for his wife with dementia; exhausted.', 'Carer for her son; no time for herself.'],
    said: ["I love her, but I'm on my knees.", "I haven't had a day off in two years."],
    goals: [{ text: 'Have some time for myself', steps: ['Ask for a carer assessment', "Go to the carers' coffee morning"] }],
  },
  dementia_memory: {
    reason: ['Early memory problems; family would like activities and support.'],
    said: ['I get muddled with the days.'],
    goals: [{ text: 'Keep doing the things I enjoy', steps: ['Go to the memory cafe with my daughter', 'Try Singing for the Brain'] }],
  },
  employment: {
    reason: ['Off sick for three months; wants to get back to work.', 'Repeated fit notes; keen to find work.'],
    said: ["I've been off since March and I'm scared to go back.", "I want a job, but I've been out of work a long time."],
    goals: [{ text: 'Get back into work', steps: ['Meet the employment adviser', 'Update my CV', 'Apply for two jobs'] }],
  },
  learning_skills: {
    reason: ['Would like to improve reading and maths.', 'Wants to improve her English.'],
    said: ['I never got on at school.', 'I want to speak English with my grandchildren.'],
    goals: [{ text: 'Learn something new', steps: ['Enrol on a course', 'Go every week'] }],
  },
  digital_inclusion: {
    reason: ['Cannot use the internet; struggling with online forms.'],
    said: ["Everything's online now and I haven't got a clue."],
    goals: [{ text: 'Use my phone to do things online', steps: ['Go to the digital drop-in', 'Set up email', 'Book a GP appointment online'] }],
  },
  substance_use: {
    reason: ['Drinking more since losing his job; wants support.'],
    said: ["I'm drinking more than I'd like to."],
    goals: [{ text: 'Cut down my drinking', steps: ['Go to the recovery cafe', 'Keep a drink diary'] }],
  },
  domestic_abuse: {
    reason: ['Disclosed domestic abuse; safeguarding discussed with the GP.'],
    said: ['I need to be safe.'],
    goals: [{ text: 'Feel safe', steps: ['Speak to the domestic abuse service', 'Make a safety plan'] }],
  },
  parenting: {
    reason: ['Struggling with her toddler’s behaviour; isolated new mum.'],
    said: ["I feel like I'm getting it all wrong."],
    goals: [{ text: 'Feel more confident as a parent', steps: ['Go to the parenting group'] }],
  },
  disability: {
    reason: ['Recently lost sight in one eye; needs support to adjust.', 'Wheelchair user, wants to get out more.'],
    said: ["I can't do what I used to do."],
    goals: [{ text: 'Be more independent at home and out', steps: ['Get advice on equipment', 'Apply for a blue badge'] }],
  },
  long_term_condition: {
    reason: ['COPD and diabetes; would benefit from peer support.', 'Chronic pain limiting daily life.'],
    said: ['The pain rules my life.', 'I get breathless and it frightens me.'],
    goals: [{ text: 'Manage my condition better', steps: ['Join a peer support group', 'Try the self-management course'] }],
  },
  transport: {
    reason: ['Cannot get to appointments; no transport.'],
    said: ["I can't manage the bus with my stick."],
    goals: [{ text: 'Get to where I need to go', steps: ['Register with Dial-a-Ride'] }],
  },
  fuel_poverty: {
    reason: ['Cannot afford to heat the house; cold and damp.'],
    said: ['I sit in my coat rather than put the heating on.'],
    goals: [{ text: 'Keep warm this winter', steps: ['See the energy adviser', 'Apply for the warm home grant'] }],
  },
  confidence: {
    reason: ['Low confidence after a long illness.'],
    said: ["I've lost all my confidence."],
    goals: [{ text: 'Feel more confident meeting people', steps: ['Do the confidence course', 'Try volunteering'] }],
  },
  relationships: {
    reason: ['Relationship breakdown affecting mood.'],
    said: ['Me and my partner are always rowing.'],
    goals: [{ text: 'Sort things out at home', steps: ['Contact the relationship service'] }],
  },
};

export const STRENGTHS = [
  'Close to her daughter, who visits on Sundays.',
  'Good sense of humour; used to be a union rep.',
  'Keen gardener.',
  'Very practical: can fix most things.',
  'Loyal friends from church.',
  'Determined once he has decided on something.',
  'Loves cooking for others.',
  'Used to sing in a choir.',
];

export const INTERESTS = ['Singing', 'Gardening', 'Football', 'Knitting', 'Local history', 'Cooking', 'Walking', 'Crosswords', 'Fishing', 'Art', 'DIY', 'Dogs'];

export const CONTACT_NOTES = [
  'Went through the plan together; agreed next steps.',
  'Checked in: going well, went to the group again.',
  'Talked about what gets in the way; will try again next week.',
  'Met at the community centre and went in together.',
  'Rang to see how the first session went.',
  'Had a difficult week; talked it through.',
  'Looked at local groups on the directory together.',
];

export const BARRIERS: readonly (readonly [BarrierCode, number])[] = [
  ['confidence', 5],
  ['transport', 3],
  ['cost', 3],
  ['health', 4],
  ['mobility', 2],
  ['caring_duties', 1.5],
  ['digital', 1.5],
  ['language', 1],
];
