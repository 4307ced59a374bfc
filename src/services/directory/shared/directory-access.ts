import { AppError } from '../../../domain/errors.ts';
import { isStale, lastKnownGood } from '../../../domain/freshness.ts';
import { EDITABLE_FIELDS, type EditableField, type ServiceChanges } from '../../../domain/schemas/directory.ts';
import { isInDirectScope } from '../../../db/repositories/community/community-referrals.ts';
import {
  countOpenProblems,
  findMainPhone,
  findLastDecidedEdit,
  findPendingEdit,
  findServiceExtras,
  findServiceRecord,
  type ServiceEdit,
  type ServiceExtras,
  type ServiceRecord,
} from '../../../db/repositories/directory/curation.ts';
import type { Actor, ServiceDeps, Tx } from '../../kernel/context.ts';
import { actorCan } from '../../kernel/use-case.ts';

// What the directory curation use cases share: who may manage which listing, whether an edit is
// held for approval, and a listing assembled for its page. Not a use case itself.

/**
 * A listing the actor may manage, or not_found: providers manage their own organisations'
 * listings only (an organisation named in their scope); leads, administrators and the operator any.
 */
export async function getManageableService(tx: Tx, actor: Actor, serviceId: string): Promise<ServiceRecord> {
  const service = await findServiceRecord(tx, serviceId);
  if (service === undefined || !(await mayManage(tx, actor, service.organisationId))) throw new AppError('not_found', 'No such service');
  return service;
}

/** True when the actor may manage listings of this organisation (the permission itself is checked by the use case). */
export async function mayManage(tx: Tx, actor: Actor, organisationId: string): Promise<boolean> {
  if (!actorCan(actor, 'service:manage')) return false;
  if (actor.kind === 'user' && actor.role === 'provider') return isInDirectScope(tx, actor.userId, organisationId);
  return true;
}

/** Edits by this actor wait for a lead when the deployment says so; those who approve edits apply their own. */
export function editsHeldFor(deps: ServiceDeps, actor: Actor): boolean {
  return deps.config.directoryEditsNeedApproval && !actorCan(actor, 'service:approve');
}

export const actorId = (actor: Actor): string => (actor.kind === 'user' ? actor.userId : `system:${actor.label}`);
export const actorUserId = (actor: Actor): string | null => (actor.kind === 'user' ? actor.userId : null);

/** The names of the fields a change touches, in form order (coded, safe for audit summaries). */
export const changedFields = (c: ServiceChanges): EditableField[] => EDITABLE_FIELDS.filter((f) => c[f] !== undefined);

/** The live values of the fields an edit changes, so a reviewer sees before and after. */
export function currentValues(changes: ServiceChanges, s: ServiceRecord, phone: string | null): ServiceChanges {
  const now: Required<ServiceChanges> = {
    name: s.name,
    description: s.description,
    eligibilityDescription: s.eligibilityDescription,
    minimumAge: s.minimumAge,
    maximumAge: s.maximumAge,
    feesDescription: s.feesDescription,
    capacity: s.capacity,
    waitingWeeks: s.waitingWeeks,
    takesReferrals: s.takesReferrals,
    needs: s.needs,
    email: s.email,
    url: s.url,
    phone,
  };
  const out: Record<string, unknown> = {};
  for (const f of changedFields(changes)) out[f] = now[f];
  return out;
}

/** An edit with what it would replace and the listing's version now. */
export interface EditWithContext {
  edit: ServiceEdit;
  current: ServiceChanges;
  serviceVersion: number;
}

export async function editWithContext(tx: Tx, edit: ServiceEdit): Promise<EditWithContext> {
  const s = await findServiceRecord(tx, edit.serviceId);
  if (s === undefined) throw new AppError('internal', 'Edit without its service');
  return { edit, current: currentValues(edit.changes, s, await findMainPhone(tx, s.id)), serviceVersion: s.version };
}

/** A listing as its page shows it, with freshness and what this viewer may do. */
export interface ServiceDetail {
  record: ServiceRecord;
  extras: ServiceExtras;
  lastKnownGoodAt: string;
  stale: boolean;
  staleMonths: number;
  openProblems: number;
  pendingEdit: EditWithContext | null;
  lastDecidedEdit: EditWithContext | null;
  mayManage: boolean;
  mayReport: boolean;
  editsNeedApproval: boolean;
}

export async function loadServiceDetail(tx: Tx, deps: ServiceDeps, actor: Actor, serviceId: string): Promise<ServiceDetail> {
  const record = await findServiceRecord(tx, serviceId);
  if (record === undefined) throw new AppError('not_found', 'No such service');
  const manage = await mayManage(tx, actor, record.organisationId);
  // A held edit is the owner's and the approvers' business, not every reader's.
  const curator = manage || actorCan(actor, 'service:approve');
  const pending = curator ? await findPendingEdit(tx, serviceId) : undefined;
  const decided = curator ? await findLastDecidedEdit(tx, serviceId) : undefined;
  const facts = { lastVerifiedAt: record.lastVerifiedAt, assuredDate: record.assuredDate, createdAt: record.createdAt };
  return {
    record,
    extras: await findServiceExtras(tx, serviceId),
    lastKnownGoodAt: lastKnownGood(facts),
    stale: isStale(facts, deps.clock.now(), deps.config.directoryStaleMonths),
    staleMonths: deps.config.directoryStaleMonths,
    openProblems: await countOpenProblems(tx, serviceId),
    pendingEdit: pending === undefined ? null : await editWithContext(tx, pending),
    lastDecidedEdit: decided === undefined ? null : await editWithContext(tx, decided),
    mayManage: manage,
    mayReport: actorCan(actor, 'service:report') && !record.archived,
    editsNeedApproval: editsHeldFor(deps, actor),
  };
}
