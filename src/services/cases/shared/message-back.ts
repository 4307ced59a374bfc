import { DISCHARGE_REASONS, type DischargeReason } from '../../../domain/case-lifecycle.ts';
import { buildDischargeMessage, wellbeingOutcomes, type InstrumentAdministrations } from '../../../domain/discharge-message.ts';
import { AppError } from '../../../domain/errors.ts';
import type { ScoredAdministration } from '../../../domain/instruments/index.ts';
import type { DischargeMessage } from '../../../domain/schemas/cases.ts';
import type { CaseRecord } from '../../../db/repositories/cases/cases.ts';
import { countContacts } from '../../../db/repositories/cases/contacts.ts';
import { findConversation } from '../../../db/repositories/cases/conversations.ts';
import { listGpRecordEntries } from '../../../db/repositories/cases/gp-record-entries.ts';
import { findPlanVersion } from '../../../db/repositories/cases/plans.ts';
import { listCommunityReferrals } from '../../../db/repositories/community/case-community-referrals.ts';
import { listCaseAdministrations } from '../../../db/repositories/outcomes/administrations.ts';
import type { ServiceDeps, Tx } from '../../kernel/context.ts';
import { findInstrument } from '../../outcomes/shared/outcome-records.ts';

// Not a use case: the message back as every reader gets it (the link worker on the case page, the
// referrer in My referrals, the practice in its inbox), so all of them read the same message.
// Callers authorise, scope and audit.

const asDischargeReason = (v: string | null): DischargeReason =>
  (DISCHARGE_REASONS as readonly (string | null)[]).includes(v) ? (v as DischargeReason) : 'other';

/** The case's wellbeing administrations, grouped per instrument version, oldest first. */
async function administrationsByInstrument(tx: Tx, caseId: string): Promise<InstrumentAdministrations[]> {
  const groups = new Map<
    string,
    InstrumentAdministrations & { administrations: { timepoint: string; administeredOn: string; scores: ScoredAdministration }[] }
  >();
  for (const row of await listCaseAdministrations(tx, caseId)) {
    const key = `${row.instrumentCode}\u0000${row.instrumentVersion}`;
    let group = groups.get(key);
    if (group === undefined) {
      const instrument = await findInstrument(tx, row.instrumentCode, row.instrumentVersion);
      if (instrument === undefined) continue; // an instrument no longer installed cannot be worded: left out
      group = { instrument, administrations: [] };
      groups.set(key, group);
    }
    group.administrations.push({ timepoint: row.timepoint, administeredOn: row.administeredOn, scores: JSON.parse(row.scores) as ScoredAdministration });
  }
  return [...groups.values()];
}

/**
 * The message back for a discharged case, built from the case as it stands and honouring the
 * sharing choice the person made at discharge (when none was recorded, the narrower `coded_only`).
 * A case that is not discharged answers `invalid_transition`.
 */
export async function messageBackFor(tx: Tx, deps: ServiceDeps, c: CaseRecord): Promise<DischargeMessage> {
  if (c.status !== 'discharged' || c.closedAt === null) {
    throw new AppError('invalid_transition', 'The message back is written when the case is discharged', { status: c.status });
  }
  const counts = await countContacts(tx, c.id);
  const conversation = await findConversation(tx, c.id);
  const plan = await findPlanVersion(tx, c.id);
  const sharingChoice = c.sharingChoice ?? 'coded_only';
  return buildDischargeMessage({
    generatedAt: deps.clock.now().toISOString(),
    sharingChoice,
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
    communityReferrals: await listCommunityReferrals(tx, c.id),
    gpRecordEntries: await listGpRecordEntries(tx, c.id),
    // Scores are read only when the person chose to share them.
    wellbeing: sharingChoice === 'full' ? wellbeingOutcomes(await administrationsByInstrument(tx, c.id)) : [],
  });
}
