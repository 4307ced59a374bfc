import { isOpen } from '../../domain/case-lifecycle.ts';
import { AppError } from '../../domain/errors.ts';
import { usableForNewAdministrations, type InstrumentDefinition } from '../../domain/instruments/index.ts';
import type { CreateOutcomeLinkInput } from '../../domain/schemas/self-completion.ts';
import { londonDate } from '../../domain/worklist.ts';
import { insertOutcomeLink, revokeOpenOutcomeLinks } from '../../db/repositories/outcomes/self-completion-links.ts';
import { requireCase } from '../cases/shared/case-access.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { newId, newToken, sha256 } from '../kernel/ids.ts';
import { findInstrument } from './shared/outcome-records.ts';
import { runUseCase } from '../kernel/use-case.ts';

export interface OutcomeLinkCreated {
  id: string;
  /** The one-time token: returned once, to be put in the link; only its hash is stored. */
  token: string;
  expiresAt: string;
  /** Earlier unused links for the same case, instrument and timepoint that this one revoked. */
  replaced: number;
}

const DAY_MS = 86_400_000;

/**
 * A link worker makes a one-time self-completion link for the person on a case in their scope:
 * a random 256-bit token, stored only as its SHA-256, usable once until `outcomeLinkDays` from now
 * (or the end of a licensed pack's last licensed day, if sooner).
 *
 * A new link for the same case, instrument and timepoint revokes the case's earlier unused ones
 * (they expire now): a person handed a second link because the first went astray should not hold
 * two working ones, and only the newest link the link worker knows about can be answered.
 */
export async function createOutcomeLink(
  deps: ServiceDeps,
  actor: Actor,
  caseId: string,
  input: CreateOutcomeLinkInput,
): Promise<OutcomeLinkCreated & { personId: string; instrument: InstrumentDefinition }> {
  const id = newId();
  return runUseCase(deps, actor, {
    permission: 'outcome:record',
    action: 'outcome.link_created',
    entityType: 'outcome_link',
    entityId: id,
    work: async (tx, access) => {
      const c = await requireCase(tx, access, caseId);
      // The link worker's form's rule: an open case, or a final questionnaire at discharge.
      if (!(isOpen(c.status) || (c.status === 'discharged' && input.timepoint === 'final'))) {
        throw new AppError('invalid_transition', 'A questionnaire link can only be made for an open case (or a final questionnaire at discharge)', {
          status: c.status,
          activity: 'outcome_link',
        });
      }
      const now = deps.clock.now();
      const def = await findInstrument(tx, input.instrument, undefined, londonDate(now));
      if (def === undefined)
        throw new AppError('invalid_input', 'Choose a questionnaire from the list', { fields: { instrument: 'Choose a questionnaire from the list' } });
      if (def.scoring.method === 'external' || def.items.length === 0) {
        throw new AppError('invalid_input', `${def.name} is scored elsewhere and cannot be answered through a link`, {
          fields: { instrument: 'Choose a questionnaire the person answers themselves' },
        });
      }
      if (!usableForNewAdministrations(def, londonDate(now))) {
        throw new AppError('invalid_input', `The licence for ${def.name} has expired: it cannot be used for new answers`, {
          fields: { instrument: 'The licence for this questionnaire has expired' },
          reason: 'licence_expired',
        });
      }
      let expires = new Date(now.getTime() + deps.config.outcomeLinkDays * DAY_MS);
      // A licensed pack's last day is the last day it may take answers (the end of that day, UK time
      // ignored: UTC midnight after it is the conservative, simple bound).
      if (def.licence.expiresOn !== null) {
        const licenceEnd = new Date(`${def.licence.expiresOn}T23:59:59.999Z`);
        if (licenceEnd < expires) expires = licenceEnd;
      }
      const at = now.toISOString();
      const replaced = await revokeOpenOutcomeLinks(tx, { referralId: c.id, instrumentCode: def.code, timepoint: input.timepoint, now: at });
      const token = newToken();
      await insertOutcomeLink(tx, {
        id,
        tokenHash: sha256(token),
        referralId: c.id,
        personId: c.person.id,
        instrumentCode: def.code,
        instrumentVersion: def.version,
        timepoint: input.timepoint,
        createdBy: access.recordedBy,
        createdAt: at,
        expiresAt: expires.toISOString(),
      });
      return { id, token, expiresAt: expires.toISOString(), replaced, personId: c.person.id, instrument: def, caseId: c.id };
    },
    // Never the token: the audit trail is read by people who must not be able to open the link.
    audit: (r) => ({
      personId: r.personId,
      summary: {
        caseId: r.caseId,
        instrument: r.instrument.code,
        version: r.instrument.version,
        timepoint: input.timepoint,
        expiresAt: r.expiresAt,
        replaced: r.replaced,
      },
    }),
  });
}
