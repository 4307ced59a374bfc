import { allowedCommands, suggestedDischarge, type CaseCommand, type DischargeReason } from '../../domain/case-lifecycle.ts';
import { countContacts, listContacts, type ContactRecord } from '../../db/repositories/cases/contacts.ts';
import { findConversation, type ConversationRecord } from '../../db/repositories/cases/conversations.ts';
import { listCommunityReferrals, type CommunityReferralRecord } from '../../db/repositories/community/case-community-referrals.ts';
import { listGpRecordEntries, type GpRecordEntryRecord } from '../../db/repositories/cases/gp-record-entries.ts';
import { listPlanVersions, type PlanVersionRecord } from '../../db/repositories/cases/plans.ts';
import { listTimeline, type TimelineEventRecord } from '../../db/repositories/cases/timeline.ts';
import { listUnmetNeeds, type UnmetNeedRecord } from '../../db/repositories/community/unmet-needs.ts';
import { type CaseRecord } from '../../db/repositories/cases/cases.ts';
import { listWorkRecords, type WorkRecordRecord } from '../../db/repositories/cases/work.ts';
import { londonDate } from '../../domain/worklist.ts';
import { requireCase } from './shared/case-access.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** Everything on the case page, for the link workers and leads whose scope covers it. */
export interface CaseDetail {
  case: CaseRecord;
  allowedCommands: CaseCommand[];
  suggestedDischarge: DischargeReason | null;
  contacts: ContactRecord[];
  contactCounts: { successful: number; attempts: number };
  conversation: ConversationRecord | null;
  planVersions: PlanVersionRecord[];
  communityReferrals: CommunityReferralRecord[];
  unmetNeeds: UnmetNeedRecord[];
  gpRecordEntries: GpRecordEntryRecord[];
  timeline: TimelineEventRecord[];
  /** Work as a pathway: the case's work records, and today's London date to say which follow-ups are due. */
  work: { records: WorkRecordRecord[]; today: string };
}

/**
 * The case page: the person, the referral, status and what may happen next, contacts against the
 * 6–12 guidance, the conversation, the plan with its versions, community referrals, unmet needs,
 * GP-record entries and the timeline. A person-level read, audited against the person.
 */
export async function getCase(deps: ServiceDeps, actor: Actor, id: string): Promise<CaseDetail> {
  return runUseCase(deps, actor, {
    permission: 'case:read',
    action: 'case.viewed',
    entityType: 'case',
    entityId: id,
    work: async (tx, access) => {
      const c = await requireCase(tx, access, id);
      const contacts = await listContacts(tx, id);
      const counts = await countContacts(tx, id);
      return {
        case: c,
        allowedCommands: allowedCommands(c.status),
        suggestedDischarge: suggestedDischarge(c, deps.config.unableToContactAfter),
        contacts,
        contactCounts: { successful: counts.successful, attempts: counts.total - counts.successful },
        conversation: (await findConversation(tx, id)) ?? null,
        planVersions: await listPlanVersions(tx, id),
        communityReferrals: await listCommunityReferrals(tx, id),
        unmetNeeds: await listUnmetNeeds(tx, id),
        gpRecordEntries: await listGpRecordEntries(tx, id),
        timeline: await listTimeline(tx, id),
        work: { records: await listWorkRecords(tx, id), today: londonDate(deps.clock.now()) },
      };
    },
    audit: (d) => ({ personId: d.case.person.id, summary: { view: 'case', status: d.case.status } }),
  });
}
