import type { UnmetNeedKind } from './unmet-need.ts';
import type { BarrierCode } from './barriers.ts';
import type { CaseStatus, DischargeReason, SharingChoice } from './case-lifecycle.ts';
import type { CommunityReferralStatus, DeclineReason } from './community-referral.ts';
import type { ContactType } from './contacts.ts';
import type { NeedCode } from './needs.ts';
import type { ReassignReason } from './schemas/cases.ts';
import type { EmploymentStatus, FitNoteState, WorkGoal, WorkStage } from './work.ts';

/**
 * A step on a case's timeline, as the use cases write it and the timeline reads it: one closed
 * union, so a new kind or a changed field is a type error in both places. Data holds coded values
 * only; free text stays in its own table where scope rules decide who reads it.
 */
export type CaseEvent =
  | {
      kind: 'referral_created';
      data: {
        source: string;
        urgency: string;
        needCount: number;
        safeguarding: boolean;
        consentGiven: boolean;
        personMatch: string;
        detailsDiffer: readonly string[];
        nhsNumberNotMatched: boolean;
      };
    }
  | { kind: 'allocated' | 'reallocated'; data: { from: CaseStatus; to: CaseStatus; linkWorkerId: string; previousLinkWorkerId: string | null } }
  | { kind: 'reassigned'; data: { status: CaseStatus; linkWorkerId: string; previousLinkWorkerId: string | null; reason: ReassignReason | null } }
  | { kind: 'rejected' | 'redirected'; data: { from: CaseStatus; to: CaseStatus; reason: string } }
  | {
      kind: 'status_changed';
      data: { from: CaseStatus; to: CaseStatus; command: string; reason?: DischargeReason; sharingChoice?: SharingChoice };
    }
  | { kind: 'contact_logged'; data: { type: ContactType; successful: boolean; durationMinutes: number | null } }
  | { kind: 'conversation_saved'; data: { version: number; needs: readonly NeedCode[]; barriers: readonly BarrierCode[] } }
  | { kind: 'plan_saved'; data: { version: number; goals: number; rated: number; reviewOn: string | null; workGoal?: WorkGoal | null } }
  | {
      kind: 'work_recorded';
      data: {
        stage: WorkStage;
        followUpWeeks: number;
        employmentStatus: EmploymentStatus | null;
        fitNoteState: FitNoteState | null;
        inWork: boolean | null;
        returnedToWork: boolean;
      };
    }
  | { kind: 'gp_record_entry_added'; data: { code: string } }
  | { kind: 'unmet_need_recorded'; data: { need: NeedCode; kind: UnmetNeedKind } }
  | { kind: 'community_referral_sent' | 'community_referral_signposted'; data: { communityReferralId: string; serviceId: string; need: NeedCode | null } }
  | {
      kind: `community_referral_${CommunityReferralStatus}`;
      data: { communityReferralId: string; serviceId: string; from: CommunityReferralStatus; to: CommunityReferralStatus; declineReason: DeclineReason | null };
    }
  | { kind: 'person_merged'; data: { fromPersonId: string; toPersonId: string } };

/** The kind of a timeline step. */
export type CaseEventKind = CaseEvent['kind'];

/** The data of one kind of step. */
export type CaseEventData<K extends CaseEventKind> = Extract<CaseEvent, { kind: K }>['data'];
