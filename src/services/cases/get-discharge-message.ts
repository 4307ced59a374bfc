import { DISCHARGE_REASONS, type DischargeReason } from '../../domain/case-lifecycle.ts';
import { buildDischargeMessage } from '../../domain/discharge-message.ts';
import { AppError } from '../../domain/errors.ts';
import type { DischargeMessage } from '../../domain/schemas/cases.ts';
import { countContacts } from '../../db/repositories/cases/contacts.ts';
import { findConversation } from '../../db/repositories/cases/conversations.ts';
import { findPlanVersion } from '../../db/repositories/cases/plans.ts';
import { listCommunityReferrals } from '../../db/repositories/community/case-community-referrals.ts';
import { listGpRecordEntries } from '../../db/repositories/cases/gp-record-entries.ts';
import { requireCase } from './shared/case-access.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

const asDischargeReason = (v: string | null): DischargeReason =>
  (DISCHARGE_REASONS as readonly (string | null)[]).includes(v) ? (v as DischargeReason) : 'other';

/**
 * The message back to the GP and the referrer for a discharged case (PRSB "message back"), built
 * from the case as it stands and honouring the sharing choice the person made at discharge (when
 * none was recorded, the narrower `coded_only`). The web app renders it for printing.
 */
export async function getDischargeMessage(deps: ServiceDeps, actor: Actor, id: string): Promise<DischargeMessage & { personId: string }> {
  return runUseCase(deps, actor, {
    permission: 'case:read',
    action: 'case.discharge_message_viewed',
    entityType: 'case',
    entityId: id,
    work: async (tx, access) => {
      const c = await requireCase(tx, access, id);
      if (c.status !== 'discharged' || c.closedAt === null) {
        throw new AppError('invalid_transition', 'The message back is written when the case is discharged', { status: c.status });
      }
      const counts = await countContacts(tx, id);
      const conversation = await findConversation(tx, id);
      const plan = await findPlanVersion(tx, id);
      const message = buildDischargeMessage({
        generatedAt: deps.clock.now().toISOString(),
        sharingChoice: c.sharingChoice ?? 'coded_only',
        person: { nhsNumber: c.person.nhsNumber, givenName: c.person.givenName, familyName: c.person.familyName, dateOfBirth: c.person.dateOfBirth },
        practice: { name: c.practice.name, odsCode: c.practice.odsCode },
        referrer: c.referrer.name === null && c.referrer.organisation === null ? null : { name: c.referrer.name, organisation: c.referrer.organisation },
        referral: { reference: c.reference, source: c.source, createdAt: c.createdAt, needs: c.needs, reasonText: c.reasonText },
        linkWorker: c.linkWorker?.displayName ?? null,
        dates: { firstContactAt: c.firstContactAt, acceptedAt: c.acceptedAt, closedAt: c.closedAt },
        dischargeReason: asDischargeReason(c.statusReason),
        contacts: { successful: counts.successful, attempts: counts.total - counts.successful },
        conversationNeeds: conversation?.needs ?? null,
        goals: plan?.goals ?? null,
        communityReferrals: await listCommunityReferrals(tx, id),
        gpRecordEntries: await listGpRecordEntries(tx, id),
      });
      return { ...message, personId: c.person.id };
    },
    audit: (m) => ({ personId: m.personId, summary: { sharingChoice: m.sharingChoice, codes: m.gpRecordCodes.map((g) => g.code) } }),
  });
}
