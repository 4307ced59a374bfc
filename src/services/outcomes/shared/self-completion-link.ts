import { isOpen, type CaseStatus } from '../../../domain/case-lifecycle.ts';
import { AppError } from '../../../domain/errors.ts';
import { usableForNewAdministrations, type InstrumentDefinition } from '../../../domain/instruments/index.ts';
import { OUTCOME_LINK_TOKEN_PATTERN } from '../../../domain/schemas/self-completion.ts';
import { londonDate } from '../../../domain/worklist.ts';
import { findOutcomeLinkState, findUsableOutcomeLink, type UsableOutcomeLink } from '../../../db/repositories/outcomes/self-completion-links.ts';
import { appendAudit } from '../../kernel/audit-append.ts';
import type { Actor, RequestMeta, ServiceDeps, Tx } from '../../kernel/context.ts';
import { sha256 } from '../../kernel/ids.ts';
import { findInstrument } from './outcome-records.ts';

/**
 * The public side of self-completion. Nobody signs in: the token is the only authority, so these
 * use cases check no permission. They keep the use-case shape otherwise — one transaction with
 * its audit event — and a refusal is audited in its own transaction with the reason (unknown,
 * used, expired, licence expired), which the person is never told: every refusal answers the
 * same `not_found`, so the answer is no oracle for which tokens exist or were used.
 */

/** The system actor for the person answering (no user; the request's id and address are kept). */
export function selfCompletionActor(meta: RequestMeta): Actor {
  return { kind: 'system', label: 'self-completion', meta };
}

/** The one answer for every link that cannot be used. */
export function unusableLink(): AppError {
  return new AppError('not_found', 'This link cannot be used. It may have been used already or have expired. Ask your link worker for a new one.');
}

export const LINK_REFUSAL_REASONS = ['malformed', 'unknown', 'used', 'expired', 'case_closed', 'licence_expired', 'instrument_missing'] as const;
export type LinkRefusalReason = (typeof LINK_REFUSAL_REASONS)[number];

/** Thrown inside the transaction so it rolls back; carries the reason for the audit trail only. */
export class LinkRefused extends Error {
  readonly reason: LinkRefusalReason;
  readonly link: { id: string; personId: string } | null;
  constructor(reason: LinkRefusalReason, link: { id: string; personId: string } | null = null) {
    super(`outcome link refused: ${reason}`);
    this.name = 'LinkRefused';
    this.reason = reason;
    this.link = link;
  }
}

export interface OpenedLink {
  link: UsableOutcomeLink;
  instrument: InstrumentDefinition;
}

/**
 * The link behind a token, usable now, with its instrument (the version it was made for), or a
 * LinkRefused saying why not.
 */
export async function openLink(tx: Tx, token: string, now: Date): Promise<OpenedLink> {
  if (!OUTCOME_LINK_TOKEN_PATTERN.test(token)) throw new LinkRefused('malformed');
  const hash = sha256(token);
  const at = now.toISOString();
  const link = await findUsableOutcomeLink(tx, hash, at);
  if (link === undefined) {
    const state = await findOutcomeLinkState(tx, hash);
    if (state === undefined) throw new LinkRefused('unknown');
    throw new LinkRefused(state.usedAt !== null ? 'used' : 'expired', { id: state.id, personId: state.personId });
  }
  // The same rule as the link worker's form: an open case, or a final measure at discharge.
  const status = link.caseStatus as CaseStatus;
  if (!(isOpen(status) || (status === 'discharged' && link.timepoint === 'final')))
    throw new LinkRefused('case_closed', { id: link.id, personId: link.personId });
  const instrument = await findInstrument(tx, link.instrumentCode, link.instrumentVersion);
  if (instrument === undefined) throw new LinkRefused('instrument_missing', { id: link.id, personId: link.personId });
  if (!usableForNewAdministrations(instrument, londonDate(now))) throw new LinkRefused('licence_expired', { id: link.id, personId: link.personId });
  return { link, instrument };
}

/** Records a refusal in a transaction of its own (the work's has rolled back) and answers not_found. */
export async function refuseLink(
  deps: ServiceDeps,
  actor: Actor,
  attempted: 'outcome.link_opened' | 'outcome.self_completed',
  refused: LinkRefused,
): Promise<AppError> {
  await deps.db.transaction().execute((tx) =>
    appendAudit(tx, deps.clock, actor, {
      action: 'access.denied',
      outcome: 'denied',
      entityType: 'outcome_link',
      entityId: refused.link?.id ?? null,
      personId: refused.link?.personId ?? null,
      summary: { attempted, reason: refused.reason },
    }),
  );
  return unusableLink();
}
