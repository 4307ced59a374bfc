import {
  allowedCommands,
  consentNeededToAccept,
  goalsMetNeedsConfirmation,
  gpRecordEventFor,
  nextStatus,
  type CaseStatus,
} from '../../domain/case-lifecycle.ts';
import { AppError } from '../../domain/errors.ts';
import type { ChangeStatusInput } from '../../domain/schemas/cases.ts';
import { GP_RECORD_CODES } from '../../domain/snomed.ts';
import { londonDate } from '../../domain/worklist.ts';
import { hasGpRecordEntry, insertGpRecordEntry } from '../../db/repositories/cases/gp-record-entries.ts';
import { updateCaseAtVersion, type CaseChanges } from '../../db/repositories/cases/cases.ts';
import { findPlanVersion } from '../../db/repositories/cases/plans.ts';
import { toDbBool } from '../../db/values.ts';
import { listCommunityReferralsForCase } from '../../db/repositories/community/community-referrals.ts';
import { requireCase, requireVersion, staleVersion } from './shared/case-access.ts';
import { appendCaseEvent } from './shared/case-events.ts';
import { checkWorkDates, writeWorkRecord } from './shared/work-records.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { newId } from '../kernel/ids.ts';
import { createNotification } from '../kernel/notifications.ts';
import { applyCommunityCommand } from '../community/shared/community-commands.ts';
import { runUseCase } from '../kernel/use-case.ts';

export interface StatusChanged {
  id: string;
  personId: string;
  from: CaseStatus;
  status: CaseStatus;
  version: number;
  gpRecordCode: string | null;
  /** Referrals to services still waiting for the provider's answer, cancelled by a discharge. */
  cancelledCommunityReferrals: number;
  /** The person's consent was recorded with this acceptance (proactive outreach asks at first contact). */
  consentRecorded: boolean;
}

/**
 * Moves a case through its lifecycle on the case page: accept, decline, start, hold, resume,
 * discharge. Only moves `nextStatus` allows (else `invalid_transition`), only from the version the
 * user saw (else `conflict`, nothing written). Acceptance writes SNOMED CT 871731000000106 to the
 * GP record, a decline 871711000000103 — once per episode. Discharge records the coded reason and
 * the person's sharing choice for the message back, and cancels referrals to community services
 * that the provider has not answered yet (nobody would follow them up; ones already accepted or
 * under way stay, since the person may carry on with the service). The referrer is notified.
 * Accepting a case with no consent on record (proactive outreach) needs `consentGiven: true`, which
 * is recorded with the time (else `invalid_input`, reason `consent_required`); discharging as
 * "goals met" when no goal in the plan is achieved needs `confirmGoalsMet: true` (else `conflict`,
 * reason `goals_not_achieved`). Either refusal writes nothing. A discharge may carry the person's
 * work status at discharge (and the date they went back to work), recorded as the case's
 * discharge-stage work record.
 */
export async function changeCaseStatus(deps: ServiceDeps, actor: Actor, id: string, input: ChangeStatusInput): Promise<StatusChanged> {
  return runUseCase(deps, actor, {
    permission: 'case:update',
    action: 'case.status_changed',
    entityType: 'case',
    entityId: id,
    work: async (tx, access) => {
      const c = await requireCase(tx, access, id);
      requireVersion(c.version, input.version);
      const to = nextStatus(c.status, input.command);
      if (to === null) {
        throw new AppError('invalid_transition', `A case that is ${c.status.replace(/_/g, ' ')} cannot be moved that way`, {
          from: c.status,
          command: input.command,
          allowed: allowedCommands(c.status),
        });
      }
      const now = deps.clock.now().toISOString();
      const changes: CaseChanges = { status: to };
      let consentRecorded = false;
      switch (input.command) {
        case 'accept':
          if (consentNeededToAccept(c, input.consentGiven)) {
            const message = 'Record that they agreed to support before accepting: their consent was not given with the referral';
            throw new AppError('invalid_input', message, { reason: 'consent_required', fields: { consentGiven: message } });
          }
          if (!c.consentGiven) {
            changes.consent_given = toDbBool(true);
            changes.consent_recorded_at = now;
            consentRecorded = true;
          }
          changes.accepted_at = now;
          // Accepting (or declining) is done in conversation with the person: a first contact.
          if (c.firstContactAt === null) changes.first_contact_at = now;
          changes.status_reason = null;
          break;
        case 'decline':
          if (c.firstContactAt === null) changes.first_contact_at = now;
          changes.status_reason = 'declined';
          break;
        case 'discharge':
          if (input.confirmGoalsMet !== true && goalsMetNeedsConfirmation(input.reason, (await findPlanVersion(tx, id))?.goals ?? null)) {
            throw new AppError('conflict', 'No goal in the plan is marked achieved. Confirm that the goals were met, or choose another reason', {
              reason: 'goals_not_achieved',
            });
          }
          if (input.work !== undefined) checkWorkDates(input.work, { referredAt: c.createdAt }, deps.clock.now());
          changes.closed_at = now;
          changes.status_reason = input.reason;
          changes.sharing_choice = input.sharingChoice;
          changes.next_review_on = null;
          break;
        case 'start':
        case 'hold':
        case 'resume':
          changes.status_reason = null;
          break;
      }
      if (!(await updateCaseAtVersion(tx, id, c.version, changes, now))) throw staleVersion();

      let cancelledCommunityReferrals = 0;
      if (input.command === 'discharge') {
        for (const cr of await listCommunityReferralsForCase(tx, id)) {
          if (cr.status !== 'sent') continue;
          await applyCommunityCommand(tx, deps, actor, cr, 'cancel', { expectedVersion: cr.version });
          cancelledCommunityReferrals += 1;
        }
        if (input.work !== undefined) {
          const w = input.work;
          await writeWorkRecord(
            tx,
            { referralId: id, personId: c.person.id, stage: 'discharge', followUpWeeks: 0, version: 0, recordedBy: access.recordedBy, fields: w },
            now,
          );
          await appendCaseEvent(tx, deps.clock, actor, id, {
            kind: 'work_recorded',
            data: {
              stage: 'discharge',
              followUpWeeks: 0,
              employmentStatus: w.employmentStatus,
              fitNoteState: w.fitNoteState,
              inWork: null,
              returnedToWork: w.returnedToWorkOn !== null,
            },
          });
        }
      }

      let gpRecordCode: string | null = null;
      const gpEvent = gpRecordEventFor(input.command);
      if (gpEvent !== null) {
        const entry = GP_RECORD_CODES[gpEvent];
        // One code per episode: the lifecycle allows one acceptance, and this guards the record too.
        if (!(await hasGpRecordEntry(tx, id, entry.code))) {
          await insertGpRecordEntry(
            tx,
            {
              id: newId(),
              referralId: id,
              personId: c.person.id,
              practiceId: c.practice.id,
              code: entry.code,
              description: entry.description,
              recordedOn: londonDate(new Date(now)),
            },
            now,
          );
          await appendCaseEvent(tx, deps.clock, actor, id, { kind: 'gp_record_entry_added', data: { code: entry.code } });
          gpRecordCode = entry.code;
        }
      }
      await appendCaseEvent(tx, deps.clock, actor, id, {
        kind: 'status_changed',
        data: {
          from: c.status,
          to,
          command: input.command,
          ...(input.command === 'discharge' ? { reason: input.reason, sharingChoice: input.sharingChoice } : {}),
          ...(consentRecorded ? { consentRecorded } : {}),
        },
      });
      if (c.referrer.userId !== null && (input.command === 'accept' || input.command === 'decline' || input.command === 'discharge')) {
        await createNotification(tx, deps.clock, actor, c.referrer.userId, 'referral_status_changed', id);
      }
      return { id, personId: c.person.id, from: c.status, status: to, version: c.version + 1, gpRecordCode, cancelledCommunityReferrals, consentRecorded };
    },
    audit: (r) => ({
      personId: r.personId,
      summary: {
        from: r.from,
        to: r.status,
        command: input.command,
        gpRecordCode: r.gpRecordCode,
        ...(r.consentRecorded ? { consentRecorded: true } : {}),
        ...(input.command === 'discharge'
          ? {
              reason: input.reason,
              sharingChoice: input.sharingChoice,
              cancelledCommunityReferrals: r.cancelledCommunityReferrals,
              ...(input.work === undefined ? {} : { workStatus: input.work.employmentStatus, returnedToWork: input.work.returnedToWorkOn !== null }),
            }
          : {}),
      },
    }),
  });
}
