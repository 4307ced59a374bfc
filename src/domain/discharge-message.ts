import { DISCHARGE_REASON_LABELS, type DischargeReason, type SharingChoice } from './case-lifecycle.ts';
import { isNeedCode, needLabel, type NeedCode } from './needs.ts';
import { changeBetween, type InstrumentDefinition, type ScoredAdministration } from './instruments/index.ts';
import { goalsAchieved, type PlanGoal } from './plan.ts';
import type { DischargeMessage, WellbeingOutcome } from './schemas/cases.ts';

/**
 * The message back to the GP and the referrer when a case closes (DOMAIN.md §2 step 9; PRSB
 * social prescribing information standard, "message back"): who, when, needs identified, support
 * offered and taken up, the outcome, and the codes for the GP record. The person's sharing choice
 * decides how much: `full` adds the needs (with their words), the support by name, the goals and a
 * written summary and the wellbeing outcomes (baseline → latest, with bands); `coded_only` sends
 * identifiers, dates, coded outcome, counts and codes — no free text, no detail of needs (a coded
 * need such as domestic abuse can itself be sensitive) and no wellbeing scores.
 */

/** Community referral statuses that mean the person took the support up (the provider's own steps). */
export const TAKEN_UP_STATUSES: readonly string[] = ['started', 'attended', 'completed'];

export interface DischargeMessageInput {
  generatedAt: string;
  sharingChoice: SharingChoice;
  person: { nhsNumber: string | null; givenName: string; familyName: string; dateOfBirth: string };
  practice: { name: string; odsCode: string | null };
  referrer: { name: string | null; organisation: string | null } | null;
  referral: { reference: string; source: string; createdAt: string; needs: readonly string[]; reasonText: string | null };
  linkWorker: string | null;
  dates: { firstContactAt: string | null; acceptedAt: string | null; closedAt: string };
  dischargeReason: DischargeReason;
  contacts: { successful: number; attempts: number };
  conversationNeeds: readonly { code: NeedCode; words: string | null }[] | null;
  goals: readonly PlanGoal[] | null;
  communityReferrals: readonly { serviceName: string; kind: string; status: string; need: string | null }[];
  gpRecordEntries: readonly { code: string; description: string; recordedOn: string }[];
  /** Wellbeing outcomes, baseline to latest (see `wellbeingOutcomes`); shared only with the full choice. */
  wellbeing: readonly WellbeingOutcome[];
}

/** One instrument's administrations on the case, oldest first, with the stored scores. */
export interface InstrumentAdministrations {
  instrument: InstrumentDefinition;
  administrations: readonly { timepoint: string; administeredOn: string; scores: ScoredAdministration }[];
}

/**
 * Wellbeing outcomes for the message back: per instrument (per item for instruments reported item
 * by item, such as ONS4), the first baseline and the latest later administration, each with its
 * band, and the direction-aware verdict on the change. Instruments without a baseline are left
 * out (there is nothing to compare); a baseline alone has `latest: null`.
 */
export function wellbeingOutcomes(groups: readonly InstrumentAdministrations[]): WellbeingOutcome[] {
  const rows: WellbeingOutcome[] = [];
  for (const { instrument: def, administrations } of groups) {
    const baseline = administrations.find((a) => a.timepoint === 'baseline');
    if (baseline === undefined) continue;
    const later = administrations.filter((a) => a !== baseline && a.administeredOn >= baseline.administeredOn);
    const latest = later[later.length - 1] ?? null;
    const change = latest === null ? null : changeBetween(def, baseline.scores, latest.scores);
    const point = (on: string, score: number, band: { label: string } | null | undefined) => ({ on, score, band: band?.label ?? null });
    if (def.scoring.method === 'per_item') {
      for (const item of def.items) {
        const a = baseline.scores.items?.find((i) => i.id === item.id);
        if (a === undefined) continue;
        const b = latest?.scores.items?.find((i) => i.id === item.id);
        rows.push({
          instrument: def.name,
          measure: item.text,
          baseline: point(baseline.administeredOn, a.value, a.band),
          latest: latest === null || b === undefined ? null : point(latest.administeredOn, b.value, b.band),
          change: change?.items?.find((c) => c.id === item.id)?.verdict ?? null,
        });
      }
    } else if (baseline.scores.primary !== null) {
      const to = latest?.scores.primary ?? null;
      rows.push({
        instrument: def.name,
        measure: 'Score',
        baseline: point(baseline.administeredOn, baseline.scores.primary, baseline.scores.band),
        latest: latest === null || to === null ? null : point(latest.administeredOn, to, latest.scores.band),
        change: change?.primary?.verdict ?? null,
      });
    }
  }
  return rows;
}

const dateOf = (iso: string): string => iso.slice(0, 10);

/** 21 November 2026, from YYYY-MM-DD (no time zone arithmetic: it is already a date). */
export function longDate(date: string): string {
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${Number(d)} ${months[Number(m) - 1] ?? ''} ${y ?? ''}`;
}

/** Builds the message; pure, so the same case always gives the same message. */
export function buildDischargeMessage(input: DischargeMessageInput): DischargeMessage {
  const full = input.sharingChoice === 'full';
  const takenUp = (status: string, kind: string): boolean | null => (kind === 'refer' ? TAKEN_UP_STATUSES.includes(status) : null);

  // Needs identified: the conversation's (with the person's words) first, then any the referral
  // named that the conversation did not.
  const conversation = input.conversationNeeds ?? [];
  const seen = new Set<string>(conversation.map((n) => n.code));
  const needs: { code: NeedCode; label: string; personWords: string | null }[] = conversation.map((n) => ({
    code: n.code,
    label: needLabel(n.code),
    personWords: n.words,
  }));
  for (const code of input.referral.needs) {
    if (seen.has(code) || !isNeedCode(code)) continue;
    seen.add(code);
    needs.push({ code, label: needLabel(code), personWords: null });
  }

  const support = input.communityReferrals.map((c) => ({
    serviceName: c.serviceName,
    kind: c.kind,
    status: c.status,
    need: c.need,
    takenUp: takenUp(c.status, c.kind),
  }));
  const goals = input.goals === null ? null : input.goals.map((g) => ({ text: g.text, status: g.status, progress: g.progress }));
  const achieved = input.goals === null || input.goals.length === 0 ? null : goalsAchieved(input.goals);

  return {
    kind: 'social_prescribing_discharge',
    generatedAt: input.generatedAt,
    sharingChoice: input.sharingChoice,
    recipients: { gpPractice: { name: input.practice.name, odsCode: input.practice.odsCode }, referrer: input.referrer },
    person: { ...input.person },
    episode: {
      reference: input.referral.reference,
      source: input.referral.source,
      referredOn: dateOf(input.referral.createdAt),
      firstContactOn: input.dates.firstContactAt === null ? null : dateOf(input.dates.firstContactAt),
      acceptedOn: input.dates.acceptedAt === null ? null : dateOf(input.dates.acceptedAt),
      dischargedOn: dateOf(input.dates.closedAt),
      linkWorker: input.linkWorker,
    },
    outcome: { dischargeReason: input.dischargeReason, dischargeReasonLabel: DISCHARGE_REASON_LABELS[input.dischargeReason], goalsAchieved: achieved },
    contacts: { ...input.contacts },
    support: { offered: support.length, takenUp: support.filter((s) => s.takenUp === true).length },
    gpRecordCodes: input.gpRecordEntries.map((e) => ({ system: 'http://snomed.info/sct', code: e.code, display: e.description, recordedOn: e.recordedOn })),
    needsIdentified: full ? needs : null,
    supportOffered: full ? support : null,
    goals: full ? goals : null,
    summary: full ? writeSummary(input, needs, support, achieved) : null,
    wellbeing: full ? input.wellbeing.map((w) => ({ ...w, baseline: { ...w.baseline }, latest: w.latest === null ? null : { ...w.latest } })) : null,
    withheld: full ? [] : ['needsIdentified', 'supportOffered', 'goals', 'summary', 'wellbeing'],
  };
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/** The human summary of the full message, in plain English (no pronouns: we do not assume them). */
function writeSummary(
  input: DischargeMessageInput,
  needs: readonly { label: string }[],
  support: readonly { serviceName: string; kind: string; status: string; takenUp: boolean | null }[],
  achieved: { achieved: number; total: number } | null,
): string {
  const name = `${input.person.givenName} ${input.person.familyName}`;
  const by = input.referrer?.name ?? input.referrer?.organisation ?? null;
  const parts: string[] = [];
  parts.push(
    `${name} was referred to social prescribing on ${longDate(input.referral.createdAt)}${by === null ? '' : ` by ${by}`}` +
      `${needs.length === 0 ? '' : ` for ${list(needs.map((n) => n.label.toLowerCase()))}`}.`,
  );
  if (input.dates.acceptedAt !== null) parts.push(`The offer of support was accepted on ${longDate(input.dates.acceptedAt)}.`);
  parts.push(
    `There ${input.contacts.successful === 1 ? 'was 1 contact' : `were ${input.contacts.successful} contacts`}${input.linkWorker === null ? '' : ` with ${input.linkWorker}, social prescribing link worker`}.`,
  );
  if (achieved !== null)
    parts.push(
      `${achieved.achieved} of ${achieved.total} goal${achieved.total === 1 ? '' : 's'} in the personal plan ${achieved.achieved === 1 ? 'was' : 'were'} achieved.`,
    );
  if (support.length > 0) {
    parts.push(
      `Support offered: ${list(support.map((s) => `${s.serviceName} (${s.kind === 'refer' ? `referral, ${s.status.replace(/_/g, ' ')}` : 'signposted'})`))}.`,
    );
  }
  parts.push(`The case was closed on ${longDate(input.dates.closedAt)}: ${DISCHARGE_REASON_LABELS[input.dischargeReason].toLowerCase()}.`);
  return parts.join(' ');
}
