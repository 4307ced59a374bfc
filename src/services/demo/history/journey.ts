import type { DischargeReason, SharingChoice, TriageReason } from '../../../domain/case-lifecycle.ts';
import type { ContactType } from '../../../domain/contacts.ts';
import type { DeclineReason } from '../../../domain/community-referral.ts';
import type { OutcomeMode, OutcomeTimepoint } from '../../../domain/instruments/index.ts';
import type { NeedCode } from '../../../domain/needs.ts';
import type { GoalStatus, PlanGoal } from '../../../domain/plan.ts';
import type { ChangeStatusInput } from '../../../domain/schemas/cases.ts';
import type { ServiceCapacity } from '../../../domain/schemas/directory.ts';
import { createReferralBodySchema, selfReferralBodySchema, type ReferralSource, type Urgency } from '../../../domain/schemas/referrals.ts';
import type { UnmetBarrier, UnmetNeedKind } from '../../../domain/unmet-need.ts';
import { addDays, londonDate } from '../../../domain/worklist.ts';
import { findCommunityReferral } from '../../../db/repositories/community/community-referrals.ts';
import { changeCaseStatus } from '../../cases/change-case-status.ts';
import { logContact } from '../../cases/log-contact.ts';
import { saveConversation } from '../../cases/save-conversation.ts';
import { savePlan } from '../../cases/save-plan.ts';
import { recordUnmetNeed } from '../../community/record-unmet-need.ts';
import { referToService } from '../../community/refer-to-service.ts';
import { respondCommunityReferral } from '../../community/respond-community-referral.ts';
import { allocateReferral } from '../../intake/allocate-referral.ts';
import { createReferral } from '../../intake/create-referral.ts';
import { submitSelfReferral } from '../../intake/submit-self-referral.ts';
import { triageReferral } from '../../intake/triage-referral.ts';
import { recordOutcome } from '../../outcomes/record-outcome.ts';
import type { ServiceDeps } from '../../kernel/context.ts';
import type { Cast, CastMember, CastPractice, CastService } from './cast.ts';
import { catchment, type DemoGeography } from './geography.ts';
import { answersOf, baselineScores, followUpScores, type WellbeingStart } from './outcomes.ts';
import { ageOn, type DemoPerson, type PeopleFactory } from './people.ts';
import { streamFor, type Prng } from './prng.ts';
import { DAY, workingTime, type Timeline } from './timeline.ts';
import { BARRIERS, CONTACT_NOTES, INTERESTS, NEED_WORDS, STRENGTHS } from './words.ts';

type Wait = (t: number) => Promise<void>;

/** What a journey needs of the story it is part of (history/story.ts). */
export interface StoryContext {
  readonly deps: ServiceDeps;
  readonly cast: Cast;
  readonly geo: DemoGeography;
  readonly opts: { readonly seed: number };
  readonly people: PeopleFactory;
  readonly timeline: Timeline;
  readonly counts: { referrals: Record<ReferralSource, number>; useCases: number };
  readonly openCases: Map<string, number>;
  readonly capacity: ReadonlyMap<string, ServiceCapacity>;
  readonly now: number;
  today(): string;
  call<T>(p: Promise<T>): Promise<T>;
  covering(practice: CastPractice): CastMember[];
  suggestedLinkWorker(practice: CastPractice): CastMember | undefined;
  triageRound(skip: number): number;
  servicesFor(need: string): CastService[];
}

/** Which needs people are referred with, by route (weights; a referral has one to four). */
const NEEDS_BY_SOURCE: Readonly<Record<'general' | 'partner' | 'self' | 'proactive', readonly (readonly [NeedCode, number])[]>> = {
  general: [
    ['loneliness', 30],
    ['mental_wellbeing', 24],
    ['low_mood', 14],
    ['anxiety', 14],
    ['debt', 11],
    ['benefits', 11],
    ['housing', 8],
    ['physical_activity', 12],
    ['long_term_condition', 10],
    ['bereavement', 7],
    ['carer_strain', 7],
    ['food', 5],
    ['fuel_poverty', 6],
    ['employment', 6],
    ['confidence', 8],
    ['weight', 5],
    ['digital_inclusion', 4],
    ['learning_skills', 3],
    ['substance_use', 3],
    ['dementia_memory', 3],
    ['disability', 4],
    ['transport', 3],
    ['relationships', 4],
    ['parenting', 2],
    ['homelessness', 1.5],
    ['domestic_abuse', 1],
  ],
  partner: [
    ['housing', 30],
    ['debt', 20],
    ['benefits', 15],
    ['homelessness', 8],
    ['fuel_poverty', 10],
    ['food', 8],
    ['loneliness', 10],
    ['mental_wellbeing', 8],
  ],
  self: [
    ['loneliness', 25],
    ['mental_wellbeing', 22],
    ['anxiety', 18],
    ['low_mood', 10],
    ['physical_activity', 12],
    ['debt', 8],
    ['confidence', 10],
    ['bereavement', 6],
    ['carer_strain', 6],
    ['learning_skills', 4],
    ['digital_inclusion', 4],
    ['employment', 5],
  ],
  proactive: [
    ['employment', 30],
    ['long_term_condition', 25],
    ['mental_wellbeing', 20],
    ['physical_activity', 15],
    ['weight', 10],
    ['low_mood', 8],
    ['confidence', 8],
  ],
};

const UNMET_NOTES: Readonly<Record<UnmetNeedKind, readonly (string | null)[]>> = {
  no_service: ['Nothing like this in the area.', 'No group in her language nearby.', 'Nothing in the evenings for people who work.', null],
  full: ['Waiting list of several weeks.', null],
  barrier: ['Cannot get there without a lift.', null],
  declined: ['Did not want to go to a group.', null],
};

const UNMET_BARRIER_WEIGHTS: readonly (readonly [UnmetBarrier, number])[] = [
  ['cost', 3],
  ['transport', 4],
  ['timing', 2],
  ['access', 1.5],
  ['digital', 1],
  ['language', 1],
  ['eligibility', 1],
];

const META = { requestId: null, ip: null };

/** One referral's case as the story follows it. */
interface Case {
  id: string;
  personId: string;
  version: number;
  practice: CastPractice;
  person: DemoPerson;
  needs: NeedCode[];
  source: ReferralSource;
  urgency: Urgency;
  lw: CastMember;
  rng: Prng;
  status: 'open' | 'on_hold' | 'closed';
  goals: PlanGoal[];
  planVersion: number;
  referredTo: Set<string>;
}

/**
 * A referral's whole journey, from the route it comes in by to discharge, through the real use
 * cases: each step waits for its moment in simulated time. A journey still under way today simply
 * stops there — that is today's open work.
 */
export class Journeys {
  /** People discharged with their goals met, who may be referred again later (re-referral). */
  readonly #comeBackPool: { person: DemoPerson; practice: CastPractice; from: number }[] = [];
  /** Cases being supported now (accepted, not yet discharged), oldest first. */
  readonly #supported = new Map<string, Case>();
  #communityReferrals = 0;

  constructor(private readonly story: StoryContext) {}

  get #deps() {
    return this.story.deps;
  }

  /** A time `min`–`max` days on, in working hours, and never before now. */
  #after(rng: Prng, min: number, max: number): number {
    const t = workingTime(this.story.now, rng.int(min, max), rng.int(0, 479));
    return t > this.story.now ? t : this.story.now + rng.int(10, 90) * 60_000;
  }

  async referral(index: number, source: ReferralSource, wait: Wait): Promise<void> {
    const s = this.story;
    const rng = streamFor(s.opts.seed, 1, index);
    const back = source !== 'self' && rng.chance(0.06) ? this.#comeBack() : undefined;
    const practice = back?.practice ?? rng.weighted(s.cast.practices.map((p) => [p, p.listSize] as const));
    const withNhsNumber = source === 'self' ? rng.chance(0.55) : source === 'partner' ? rng.chance(0.75) : true;
    const person = back?.person ?? s.people.make(rng, s.today(), catchment(s.geo, practice.odsCode), { withNhsNumber });
    const needs = this.#needs(rng, source);
    const urgency = rng.weighted<Urgency>([
      ['routine', 86],
      ['soon', 11],
      ['urgent', 3],
    ]);
    const created = await this.#create(rng, source, practice, person, needs, urgency);
    s.counts.referrals[source] += 1;

    // Triage: the lead goes through the board each working morning (urgent ones as they come);
    // a routine referral may wait a round or two while she checks something with the referrer.
    await wait(
      urgency === 'urgent'
        ? s.now + rng.int(20, 120) * 60_000
        : s.triageRound(
            urgency === 'soon'
              ? 0
              : rng.weighted([
                  [0, 6],
                  [1, 3],
                  [2, 1],
                ]),
          ),
    );
    if (rng.chance(0.05)) {
      const reject = rng.chance(0.5);
      const reason = rng.weighted<TriageReason>(
        reject
          ? [
              ['not_eligible', 3],
              ['needs_clinical_service', 3],
              ['out_of_area', 1],
              ['duplicate', 1],
            ]
          : [
              ['better_served_elsewhere', 4],
              ['needs_clinical_service', 1],
            ],
      );
      await s.call(triageReferral(this.#deps, s.cast.lead.actor, created.id, reject ? 'reject' : 'redirect', { reason, version: 1 }));
      return;
    }
    const lw = s.suggestedLinkWorker(practice);
    if (lw === undefined) return;
    const allocated = await s.call(allocateReferral(this.#deps, s.cast.lead.actor, created.id, { linkWorkerId: lw.id, version: 1 }));
    s.openCases.set(lw.id, (s.openCases.get(lw.id) ?? 0) + 1);
    const k: Case = {
      ...created,
      version: allocated.version,
      practice,
      person,
      needs,
      source,
      urgency,
      lw,
      rng,
      status: 'open',
      goals: [],
      planVersion: 0,
      referredTo: new Set(),
    };
    await this.#casework(k, wait);
  }

  #comeBack(): { person: DemoPerson; practice: CastPractice } | undefined {
    const i = this.#comeBackPool.findIndex((p) => p.from <= this.story.now);
    if (i < 0) return undefined;
    const [found] = this.#comeBackPool.splice(i, 1);
    return found;
  }

  #needs(rng: Prng, source: ReferralSource): NeedCode[] {
    const table = NEEDS_BY_SOURCE[source === 'gp' || source === 'clinician' ? 'general' : source];
    const count = rng.weighted([
      [1, 35],
      [2, 40],
      [3, 20],
      [4, 5],
    ]);
    const needs: NeedCode[] = [];
    for (let tries = 0; needs.length < count && tries < 20; tries++) {
      const need = rng.weighted(table);
      if (!needs.includes(need)) needs.push(need);
    }
    return needs;
  }

  /** Makes the referral through the route it came by; answers its id and the person's. */
  async #create(
    rng: Prng,
    source: ReferralSource,
    practice: CastPractice,
    person: DemoPerson,
    needs: NeedCode[],
    urgency: Urgency,
  ): Promise<{ id: string; personId: string }> {
    const s = this.story;
    const first = needs[0] ?? 'mental_wellbeing';
    const safeguarding = needs.includes('domestic_abuse') || rng.chance(0.012);
    const bestTimes = rng.pick([['morning'], ['afternoon'], ['any_time'], []] as const);
    if (source === 'self') {
      const input = selfReferralBodySchema.parse({
        firstName: person.givenName,
        lastName: person.familyName,
        dateOfBirth: person.dateOfBirth,
        ...(person.nhsNumber === null ? {} : { nhsNumber: person.nhsNumber }),
        addressLine1: person.address.line1,
        town: person.address.town,
        postcode: person.address.postcode,
        ...(person.phone === null ? {} : { phone: person.phone }),
        ...(person.email === null ? {} : { email: person.email }),
        howToContactYou: person.phone === null ? ['letter'] : ['phone'],
        bestTimesToContact: bestTimes,
        gpPracticeId: practice.id,
        whatWouldHelp: needs,
        inYourOwnWords: rng.pick(NEED_WORDS[first].said),
        needAnInterpreter: person.language?.interpreter ?? false,
        ...(person.language === null ? {} : { language: person.language.name }),
        ...(person.sex === null ? {} : { sex: person.sex }),
        ...(person.ethnicCategory === null ? {} : { ethnicCategory: person.ethnicCategory }),
        consent: true,
      });
      const { reference } = await s.call(submitSelfReferral(this.#deps, META, input));
      // The public form answers only the reference: find the referral it made.
      const row = await this.#deps.db.selectFrom('referral').select(['id', 'person_id']).where('reference', '=', reference).executeTakeFirstOrThrow();
      return { id: row.id, personId: row.person_id };
    }
    const referrer = s.cast.referrers.find((r) => r.organisationIds.includes(practice.id));
    const keyedIn = rng.pick(s.covering(practice));
    const [actor, asked]: [CastMember, ReferralSource | undefined] =
      source === 'gp'
        ? referrer === undefined || rng.chance(0.1)
          ? [keyedIn, 'gp']
          : [referrer, 'gp']
        : source === 'clinician'
          ? referrer !== undefined && rng.chance(0.4)
            ? [referrer, 'clinician']
            : [keyedIn, 'clinician']
          : source === 'partner'
            ? rng.chance(0.6)
              ? [s.cast.partner, undefined]
              : [keyedIn, 'partner']
            : [s.cast.lead, 'proactive'];
    const input = createReferralBodySchema.parse({
      ...(asked === undefined ? {} : { source: asked }),
      practiceId: practice.id,
      person: {
        ...(person.nhsNumber === null ? {} : { nhsNumber: person.nhsNumber }),
        givenName: person.givenName,
        familyName: person.familyName,
        dateOfBirth: person.dateOfBirth,
        ...(person.sex === null ? {} : { sex: person.sex }),
        ...(person.ethnicCategory === null ? {} : { ethnicCategory: person.ethnicCategory }),
        address: person.address,
        ...(person.phone === null ? {} : { phone: person.phone }),
        ...(person.email === null ? {} : { email: person.email }),
        ...(bestTimes.length === 0 ? {} : { contactPreferences: { methods: ['phone'], bestTimes } }),
        ...(person.language === null ? {} : { communicationNeeds: { interpreterNeeded: person.language.interpreter, language: person.language.name } }),
      },
      // The generator never invents two people alike, so there is no near-duplicate to confirm or refuse.
      confirmNotDuplicate: true,
      needs,
      reasonText: rng.pick(NEED_WORDS[first].reason),
      urgency,
      consentGiven: source !== 'proactive',
      safeguardingConcern: safeguarding,
      ...(safeguarding ? { riskDetails: 'Discussed with the GP. Do not leave messages on the home phone.' } : {}),
      ...(rng.chance(0.2) ? { contactNotes: 'Best to ring after 2pm; may not answer withheld numbers.' } : {}),
      ...(actor === s.cast.partner ? { referrerContact: 'Housing Options duty line, ext. 214' } : {}),
    });
    const r = await s.call(createReferral(this.#deps, actor.actor, input));
    return { id: r.id, personId: r.personId };
  }

  async #contact(k: Case, successful: boolean, type: ContactType): Promise<void> {
    const rng = k.rng;
    const minutes: Readonly<Record<ContactType, readonly [number, number]>> = {
      phone: [8, 35],
      face_to_face: [30, 60],
      home_visit: [40, 90],
      video: [20, 45],
      text: [1, 5],
      email: [5, 15],
      accompanied_visit: [60, 150],
    };
    const [lo, hi] = minutes[type];
    const r = await this.story.call(
      logContact(this.#deps, k.lw.actor, k.id, {
        at: new Date(this.story.now).toISOString(),
        type,
        durationMinutes: successful ? rng.int(lo, hi) : null,
        successful,
        notes: successful ? (rng.chance(0.4) ? rng.pick(CONTACT_NOTES) : null) : rng.chance(0.5) ? 'No answer; left a voicemail.' : null,
      }),
    );
    k.version = r.version;
  }

  async #status(k: Case, input: ChangeStatusInput): Promise<void> {
    const r = await this.story.call(changeCaseStatus(this.#deps, k.lw.actor, k.id, input));
    k.version = r.version;
  }

  async #discharge(k: Case, reason: DischargeReason, sharingChoice: SharingChoice): Promise<void> {
    // The story picks the outcome apart from the goals' statuses, so its link workers confirm a
    // "goals met" discharge whatever the plan says (the use case otherwise asks for confirmation).
    await this.#status(k, { command: 'discharge', version: k.version, reason, sharingChoice, confirmGoalsMet: true });
    k.status = 'closed';
    this.#supported.delete(k.id);
    const s = this.story;
    s.openCases.set(k.lw.id, Math.max(0, (s.openCases.get(k.lw.id) ?? 1) - 1));
    if (reason === 'goals_met' && k.person.nhsNumber !== null) this.#comeBackPool.push({ person: k.person, practice: k.practice, from: s.now + 120 * DAY });
  }

  async #outcomes(k: Case, timepoint: OutcomeTimepoint, mode: OutcomeMode, scores: WellbeingStart): Promise<void> {
    const s = this.story;
    const administeredOn = s.today();
    const record = (instrument: keyof typeof answersOf) =>
      s.call(recordOutcome(this.#deps, k.lw.actor, k.id, { instrument, timepoint, mode, administeredOn, answers: answersOf[instrument](scores) }));
    await record('ons4');
    if (k.needs.includes('loneliness') || k.needs.includes('bereavement')) await record('ucla3');
  }

  async #plan(k: Case, stage: 'first' | 'review' | 'last', reviewOn: string | null): Promise<void> {
    const rng = k.rng;
    const today = this.story.today();
    const goals =
      stage === 'first'
        ? k.needs.slice(0, 3).map((need) => {
            const g = rng.pick(NEED_WORDS[need].goals);
            return {
              text: g.text,
              steps: g.steps.map((text, i) => ({ text, who: i === 0 ? 'Link worker and me' : 'Me', done: false })),
              targetDate: addDays(today, rng.int(56, 84)),
              status: 'not_started' as const,
              progress: null,
            };
          })
        : k.goals.map((g) => {
            const status: GoalStatus =
              stage === 'review'
                ? 'in_progress'
                : rng.weighted<GoalStatus>([
                    ['achieved', 55],
                    ['partly_achieved', 30],
                    ['stopped', 15],
                  ]);
            return {
              id: g.id,
              text: g.text,
              steps: g.steps.map((st, i) => ({ ...st, done: stage === 'last' ? status === 'achieved' || i === 0 : i === 0 })),
              targetDate: g.targetDate,
              status,
              progress: stage === 'review' ? rng.int(3, 7) : status === 'achieved' ? rng.int(7, 10) : rng.int(3, 7),
            };
          });
    const saved = await this.story.call(savePlan(this.#deps, k.lw.actor, k.id, { basedOnVersion: k.planVersion, goals, reviewOn }));
    k.planVersion = saved.version;
    k.goals = saved.goals;
    k.version = saved.caseVersion;
  }

  /** One connection for a need: a referral or a signpost to a service, or an unmet need recorded. */
  async #connect(k: Case, need: NeedCode): Promise<void> {
    const s = this.story;
    const rng = k.rng;
    const options = s.servicesFor(need).filter((o) => !k.referredTo.has(o.id));
    const roll = rng.next();
    const unmet = async (kind: UnmetNeedKind, barrier: UnmetBarrier | null = null) => {
      await s.call(recordUnmetNeed(this.#deps, k.lw.actor, k.id, { need, kind, barrier, note: rng.pick(UNMET_NOTES[kind]) }));
    };
    if (options.length === 0 || roll < 0.04) return unmet('no_service');
    if (roll < 0.1) return unmet('declined');
    if (roll < 0.16) return unmet('barrier', rng.weighted(UNMET_BARRIER_WEIGHTS));
    const referable = options.filter((o) => o.referable);
    const service = referable.length > 0 && rng.chance(0.7) ? rng.pick(referable) : rng.pick(options);
    if ((s.capacity.get(service.id) ?? 'open') !== 'open' && rng.chance(0.5)) return unmet('full');
    const refer = service.referable && rng.chance(0.85);
    k.referredTo.add(service.id);
    const cr = await s.call(
      referToService(this.#deps, k.lw.actor, k.id, {
        serviceId: service.id,
        kind: refer ? 'refer' : 'signpost',
        need,
        ...(refer ? { reasonText: `Would like support with ${need.replace(/_/g, ' ')}; happy to be phoned.` } : {}),
      }),
    );
    if (refer) {
      const n = this.#communityReferrals++;
      s.timeline.spawn(s.now, (wait) => this.#provider(n, cr.id, service, wait));
    }
  }

  /** The provider's side of a referral: answered (or not: the expiry job), started, attended, completed. */
  async #provider(n: number, id: string, service: CastService, wait: Wait): Promise<void> {
    const s = this.story;
    const rng = streamFor(s.opts.seed, 2, n);
    const provider = s.cast.providerFor.get(service.organisationId);
    if (provider === undefined || rng.chance(0.1)) return;
    const respond = async (
      expected: string,
      command: 'accept' | 'start' | 'mark_attended' | 'mark_did_not_attend' | 'complete' | 'decline',
      declineReason?: DeclineReason,
    ) => {
      const cr = await findCommunityReferral(this.#deps.db, id);
      // Discharged meanwhile (cancelled), or expired: nothing for the provider to do.
      if (cr?.status !== expected) return false;
      await s.call(
        respondCommunityReferral(this.#deps, provider.actor, id, { command, version: cr.version, ...(declineReason === undefined ? {} : { declineReason }) }),
      );
      return true;
    };
    await wait(this.#after(rng, 0, Math.min(12, Math.floor(rng.exponential(2.2)))));
    if (rng.chance(0.12)) {
      await respond(
        'sent',
        'decline',
        rng.weighted<DeclineReason>([
          ['full', 3],
          ['ineligible', 2.5],
          ['unsuitable', 2],
          ['person_declined', 2.5],
        ]),
      );
      return;
    }
    if (!(await respond('sent', 'accept'))) return;
    // Providers mostly see it through; a few referrals stay where they are (as in any inbox).
    if (!rng.chance(0.96)) return;
    await wait(this.#after(rng, 3, 14));
    if (!(await respond('accepted', 'start'))) return;
    await wait(this.#after(rng, 6, 8));
    if (rng.chance(0.18)) {
      if (!(await respond('started', 'mark_did_not_attend')) || rng.chance(0.35)) return;
      await wait(this.#after(rng, 6, 9));
      if (!(await respond('did_not_attend', 'start'))) return;
      await wait(this.#after(rng, 6, 8));
    }
    if (!(await respond('started', 'mark_attended')) || !rng.chance(0.92)) return;
    await wait(this.#after(rng, 20, 60));
    await respond('attended', 'complete');
  }

  /** The link worker's part: reaching the person, then the support itself, then discharge. */
  async #casework(k: Case, wait: Wait): Promise<void> {
    const s = this.story;
    const rng = k.rng;
    const reachable = (k.source === 'proactive' ? 0.5 : 0.68) - (k.person.imdDecile <= 2 ? 0.05 : 0);
    let reached = false;
    for (let attempt = 1; attempt <= 3 && !reached; attempt++) {
      await wait(attempt === 1 ? this.#after(rng, 0, k.urgency === 'routine' ? 3 : 1) : this.#after(rng, 1, 4));
      reached = rng.chance(reachable);
      await this.#contact(k, reached, 'phone');
    }
    if (!reached) {
      await wait(this.#after(rng, 1, 5));
      return this.#discharge(k, 'unable_to_contact', 'coded_only');
    }
    await wait(s.now + rng.int(1, 4) * 60_000);
    if (rng.chance(k.source === 'proactive' ? 0.3 : 0.1)) {
      await this.#status(k, { command: 'decline', version: k.version });
      await wait(this.#after(rng, 0, 3));
      return this.#discharge(k, 'declined', rng.chance(0.5) ? 'full' : 'coded_only');
    }
    // Proactive outreach asks for consent at first contact: accepting records it.
    await this.#status(k, { command: 'accept', version: k.version, ...(k.source === 'proactive' ? { consentGiven: true } : {}) });
    this.#supported.set(k.id, k);
    await this.#support(k, wait);
  }

  /**
   * "This morning": a link worker refers someone they are supporting to one of the provider's
   * services, so that the provider's inbox has a fresh referral waiting today. Used only when the
   * story left the inbox empty; answers whether a referral was made.
   */
  async referThisMorning(provider: CastMember): Promise<boolean> {
    const s = this.story;
    const services = s.cast.services.filter((sv) => sv.referable && provider.organisationIds.includes(sv.organisationId));
    for (const k of this.#supported.values()) {
      if (k.status !== 'open') continue;
      for (const need of k.needs) {
        const service = services.find((sv) => sv.needs.includes(need) && !k.referredTo.has(sv.id));
        if (service === undefined) continue;
        k.referredTo.add(service.id);
        await s.call(referToService(this.#deps, k.lw.actor, k.id, { serviceId: service.id, kind: 'refer', need }));
        return true;
      }
    }
    return false;
  }

  async #support(k: Case, wait: Wait): Promise<void> {
    const s = this.story;
    const rng = k.rng;
    // Successful contacts in all: most within the 6–12 of the guidance (more often at its lower
    // end), some fewer, a few more.
    const total = rng.weighted([
      [rng.int(3, 5), 12],
      [rng.int(6, 8), 48],
      [rng.int(9, 12), 30],
      [rng.int(13, 16), 10],
    ]);
    const dropOutAt = rng.chance(0.09) ? rng.int(2, Math.max(2, total - 1)) : null;
    const holdAt = rng.chance(0.05) ? rng.int(2, Math.max(2, total - 1)) : null;
    const baselineAt = rng.weighted([
      [1, 40],
      [2, 45],
      [0, 15],
    ]);
    const followedUp = rng.chance(0.74);
    const baseline = baselineScores(rng, k.needs.includes('loneliness') || k.needs.includes('bereavement'));
    const age = ageOn(k.person.dateOfBirth, s.today());
    const planned: number[] = [s.now];
    for (let i = 2; i <= total; i++) planned.push(workingTime(planned[i - 2] ?? s.now, i === 2 ? rng.int(2, 8) : rng.int(5, 16), rng.int(0, 479)));
    const mid = Math.max(3, Math.ceil(total / 2) + 1);
    const dateOf = (i: number) => londonDate(new Date(planned[i - 1] ?? s.now));
    // Connections: one a contact from the first meeting, for up to three needs (and now and then a
    // signpost for general wellbeing).
    const connections = new Map<number, NeedCode>();
    k.needs.slice(0, 3).forEach((need, i) => connections.set(Math.min(total, 2 + i), need));
    const extra = rng.chance(0.2) ? (rng.chance(0.5) ? 'physical_activity' : 'mental_wellbeing') : null;

    if (baselineAt === 1) await this.#outcomes(k, 'baseline', 'telephone', baseline);
    for (let i = 2; i <= total; i++) {
      let at = planned[i - 1] ?? s.now;
      // A follow-up now and then slips a few days (the person was out, the link worker was off).
      if (rng.chance(0.15)) at = workingTime(at, rng.int(1, 6), rng.int(0, 479));
      if (rng.chance(0.1)) {
        await wait(at - rng.int(1, 2) * DAY);
        await this.#contact(k, false, 'phone');
      }
      await wait(at);
      if (k.status === 'on_hold') {
        await this.#status(k, { command: 'resume', version: k.version });
        k.status = 'open';
      }
      const type: ContactType =
        i === 2
          ? age >= 75
            ? 'home_visit'
            : rng.weighted<ContactType>([
                ['face_to_face', 80],
                ['video', 10],
                ['home_visit', 10],
              ])
          : connections.has(i - 1) && rng.chance(0.25)
            ? 'accompanied_visit'
            : rng.weighted<ContactType>([
                ['phone', 55],
                ['face_to_face', 30],
                ['home_visit', age >= 75 ? 15 : 4],
                ['video', 4],
              ]);
      await this.#contact(k, true, type);
      if (i === 2) {
        await s.call(
          saveConversation(this.#deps, k.lw.actor, k.id, {
            version: 0,
            needs: k.needs.map((code) => ({ code, words: rng.chance(0.8) ? rng.pick(NEED_WORDS[code].said) : null })),
            strengths: rng.chance(0.7) ? rng.pick(STRENGTHS) : null,
            interests: rng.chance(0.7) ? `${rng.pick(INTERESTS)}, ${rng.pick(INTERESTS).toLowerCase()}` : null,
            barriers: [...new Set([rng.weighted(BARRIERS), rng.weighted(BARRIERS)])].slice(0, rng.int(0, 2)),
            notes: null,
          }),
        );
        await this.#status(k, { command: 'start', version: k.version });
        if (baselineAt === 2) await this.#outcomes(k, 'baseline', rng.chance(0.8) ? 'face_to_face' : 'self_paper', baseline);
        await this.#plan(k, 'first', mid < total ? dateOf(mid) : dateOf(total));
      }
      const need = connections.get(i);
      if (need !== undefined) await this.#connect(k, need);
      if (i === 3 && extra !== null && !k.needs.includes(extra)) await this.#connect(k, extra);
      if (dropOutAt === i) {
        for (let a = rng.int(2, 3); a > 0; a--) {
          await wait(this.#after(rng, 3, 7));
          await this.#contact(k, false, 'phone');
        }
        await wait(this.#after(rng, 1, 4));
        return this.#discharge(k, rng.chance(0.5) ? 'unable_to_contact' : 'declined', 'coded_only');
      }
      if (i === mid && mid < total) await this.#plan(k, 'review', dateOf(total));
      if (holdAt === i && i < total) {
        await this.#status(k, { command: 'hold', version: k.version });
        k.status = 'on_hold';
        const pause = rng.int(14, 35) * DAY;
        for (let j = i; j < planned.length; j++) planned[j] = (planned[j] ?? s.now) + pause;
      }
      if (i === total) {
        if (baselineAt !== 0 && followedUp && total >= 4) {
          await this.#outcomes(k, 'final', rng.chance(0.7) ? (baselineAt === 1 ? 'telephone' : 'face_to_face') : 'self_online', followUpScores(rng, baseline));
        }
        await this.#plan(k, 'last', null);
      }
    }
    await wait(this.#after(rng, 0, 3));
    const reason = rng.weighted<DischargeReason>([
      ['goals_met', 84],
      ['referred_elsewhere', 7],
      ['moved_away', 4],
      ['other', 3],
      ['died', 2],
    ]);
    await this.#discharge(k, reason, rng.chance(0.72) ? 'full' : 'coded_only');
  }
}
