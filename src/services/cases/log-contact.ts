import { statusAfterContact, suggestedDischarge, type CaseStatus, type DischargeReason } from '../../domain/case-lifecycle.ts';
import { AppError } from '../../domain/errors.ts';
import type { LogContactInput } from '../../domain/schemas/cases.ts';
import { insertContact, type ContactRecord } from '../../db/repositories/cases/contacts.ts';
import { updateCaseAtVersion, type CaseChanges } from '../../db/repositories/cases/cases.ts';
import { requireActivity, requireCase, staleVersion } from './shared/case-access.ts';
import { appendCaseEvent } from './shared/case-events.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { newId } from '../kernel/ids.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** A contact may be logged a little ahead of the server's clock (device clocks drift), not more. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface ContactLogged {
  id: string;
  personId: string;
  status: CaseStatus;
  version: number;
  contact: ContactRecord;
  suggestedDischarge: DischargeReason | null;
}

/**
 * Logs a contact or an attempt. A failed attempt before first contact moves the case to
 * `contacting` and counts towards "unable to contact" (suggested after UNABLE_TO_CONTACT_AFTER);
 * a successful contact sets the first-contact time (once, the earliest) and the last-contact time.
 * Appending needs no version from the user; the case row is still updated at the version read.
 */
export async function logContact(deps: ServiceDeps, actor: Actor, id: string, input: LogContactInput): Promise<ContactLogged> {
  return runUseCase(deps, actor, {
    permission: 'case:update',
    action: 'case.contact_logged',
    entityType: 'case',
    entityId: id,
    work: async (tx, access) => {
      const c = await requireCase(tx, access, id);
      requireActivity(c, 'contact');
      const nowMs = deps.clock.now().getTime();
      const at = new Date(input.at);
      if (at.getTime() > nowMs + FUTURE_TOLERANCE_MS) {
        throw new AppError('invalid_input', 'A contact cannot be in the future', {
          fields: { at: 'Enter when the contact happened: it cannot be in the future' },
        });
      }
      const atIso = at.toISOString();
      const now = new Date(nowMs).toISOString();
      const after = statusAfterContact(c.status, input.successful);
      const changes: CaseChanges = {};
      if (after.status !== c.status) changes.status = after.status;
      if (after.countsAsAttempt) changes.contact_attempts = c.contactAttempts + 1;
      if (input.successful) {
        if (c.firstContactAt === null || atIso < c.firstContactAt) changes.first_contact_at = atIso;
        if (c.lastContactAt === null || atIso > c.lastContactAt) changes.last_contact_at = atIso;
      }
      const contactId = newId();
      await insertContact(
        tx,
        {
          id: contactId,
          referralId: id,
          at: atIso,
          type: input.type,
          durationMinutes: input.durationMinutes,
          successful: input.successful,
          notes: input.notes,
          createdBy: access.recordedBy,
        },
        now,
      );
      let version = c.version;
      if (Object.keys(changes).length > 0) {
        if (!(await updateCaseAtVersion(tx, id, c.version, changes, now))) throw staleVersion();
        version += 1;
      }
      await appendCaseEvent(tx, deps.clock, actor, id, {
        kind: 'contact_logged',
        data: {
          type: input.type,
          successful: input.successful,
          durationMinutes: input.durationMinutes,
        },
      });
      if (after.status !== c.status)
        await appendCaseEvent(tx, deps.clock, actor, id, { kind: 'status_changed', data: { from: c.status, to: after.status, command: 'log_attempt' } });
      const contactAttempts = changes.contact_attempts ?? c.contactAttempts;
      const firstContactAt = changes.first_contact_at ?? c.firstContactAt;
      return {
        id,
        personId: c.person.id,
        status: after.status,
        version,
        contact: {
          id: contactId,
          at: atIso,
          type: input.type,
          durationMinutes: input.durationMinutes,
          successful: input.successful,
          notes: input.notes,
          createdBy: { id: access.recordedBy, displayName: null },
        },
        suggestedDischarge: suggestedDischarge({ status: after.status, contactAttempts, firstContactAt }, deps.config.unableToContactAfter),
      };
    },
    audit: (r) => ({ personId: r.personId, summary: { type: input.type, successful: input.successful, status: r.status } }),
  });
}
