import type {
  DirectoryListItemView,
  ServiceDetailView,
  ServiceEditView,
  ServiceProblemView,
  ServiceChanges,
  UpdateServiceResultView,
} from '../../../domain/schemas/directory.ts';
import type { ServiceProblem } from '../../../db/repositories/directory/curation.ts';
import type { EditWithContext, ServiceDetail } from '../../../services/directory/shared/directory-access.ts';
import type { DirectoryItem } from '../../../services/directory/list-directory.ts';
import type { UpdateServiceResult } from '../../../services/directory/shared/service-update.ts';

// Directory curation responses: explicit field lists, never rows (house rule 5).

/** Only the editable fields, by name (a stored edit is JSON: nothing else may leak through). */
function presentChanges(c: ServiceChanges): ServiceEditView['changes'] {
  const out: ServiceEditView['changes'] = {};
  if (c.name !== undefined) out.name = c.name;
  if (c.description !== undefined) out.description = c.description;
  if (c.eligibilityDescription !== undefined) out.eligibilityDescription = c.eligibilityDescription;
  if (c.minimumAge !== undefined) out.minimumAge = c.minimumAge;
  if (c.maximumAge !== undefined) out.maximumAge = c.maximumAge;
  if (c.feesDescription !== undefined) out.feesDescription = c.feesDescription;
  if (c.capacity !== undefined) out.capacity = c.capacity;
  if (c.waitingWeeks !== undefined) out.waitingWeeks = c.waitingWeeks;
  if (c.takesReferrals !== undefined) out.takesReferrals = c.takesReferrals;
  if (c.needs !== undefined) out.needs = c.needs;
  if (c.email !== undefined) out.email = c.email;
  if (c.url !== undefined) out.url = c.url;
  if (c.phone !== undefined) out.phone = c.phone;
  return out;
}

export const presentServiceEdit = ({ edit: e, current, serviceVersion }: EditWithContext): ServiceEditView => ({
  id: e.id,
  serviceId: e.serviceId,
  serviceName: e.serviceName,
  organisationName: e.organisationName,
  status: e.status,
  baseVersion: e.baseVersion,
  serviceVersion,
  changes: presentChanges(e.changes),
  current: presentChanges(current),
  submittedBy: e.submittedBy,
  submittedAt: e.submittedAt,
  decidedBy: e.decidedBy,
  decidedAt: e.decidedAt,
  decisionReason: e.decisionReason,
});

export const presentServiceDetail = (d: ServiceDetail): ServiceDetailView => {
  const s = d.record;
  const byNeed = new Map(s.classification.map((c) => [c.need, c]));
  return {
    id: s.id,
    version: s.version,
    name: s.name,
    organisation: { id: s.organisationId, name: s.organisationName, website: s.organisationWebsite },
    description: s.description,
    url: s.url,
    email: s.email,
    phones: d.extras.phones.map((p) => ({ number: p.number, description: p.description })),
    eligibilityDescription: s.eligibilityDescription,
    minimumAge: s.minimumAge,
    maximumAge: s.maximumAge,
    feesDescription: s.feesDescription,
    applicationProcess: s.applicationProcess,
    costs: d.extras.costs.map((c) => ({ option: c.option, amount: c.amount, currency: c.currency, amountDescription: c.amountDescription })),
    locations: d.extras.locations.map((l) => ({ name: l.name, address: l.address, postcode: l.postcode, accessibility: l.accessibility })),
    schedules: d.extras.schedules.map((x) => ({ description: x.description, byday: x.byday, opensAt: x.opensAt, closesAt: x.closesAt })),
    languages: d.extras.languages,
    status: s.status,
    capacity: s.capacity,
    waitingWeeks: s.waitingWeeks,
    takesReferrals: s.takesReferrals,
    archived: s.archived,
    lastVerifiedAt: s.lastVerifiedAt,
    lastVerifiedBy: s.lastVerifiedByName,
    lastKnownGoodAt: d.lastKnownGoodAt,
    stale: d.stale,
    staleMonths: d.staleMonths,
    needs: s.needs.map((code) => {
      const c = byNeed.get(code);
      return { code, confidence: c === undefined ? null : c.confidence, terms: c === undefined ? [] : c.terms };
    }),
    needsSource: s.needsSource,
    openProblems: d.openProblems,
    pendingEdit: d.pendingEdit === null ? null : presentServiceEdit(d.pendingEdit),
    lastDecidedEdit: d.lastDecidedEdit === null ? null : presentServiceEdit(d.lastDecidedEdit),
    source: s.source,
    externalId: s.externalId,
    missingFromSource: s.missingFromSourceAt !== null,
    missingFromSourceAt: s.missingFromSourceAt,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    mayManage: d.mayManage,
    mayReport: d.mayReport,
    editsNeedApproval: d.editsNeedApproval,
  };
};

export const presentUpdateResult = (r: UpdateServiceResult): UpdateServiceResultView => ({
  outcome: r.outcome,
  service: presentServiceDetail(r.service),
  edit: r.edit === null ? null : presentServiceEdit(r.edit),
});

export const presentDirectoryItem = (i: DirectoryItem): DirectoryListItemView => ({
  id: i.id,
  name: i.name,
  organisationId: i.organisationId,
  organisationName: i.organisationName,
  description: i.description,
  needs: i.needs,
  capacity: i.capacity,
  waitingWeeks: i.waitingWeeks,
  takesReferrals: i.takesReferrals,
  status: i.status,
  archived: i.archived,
  lastKnownGoodAt: i.lastKnownGoodAt,
  stale: i.stale,
  missingFromSource: i.missingFromSourceAt !== null,
  openProblems: i.openProblems,
  pendingEdit: i.pendingEdit,
});

export const presentServiceProblem = (p: ServiceProblem): ServiceProblemView => ({
  id: p.id,
  serviceId: p.serviceId,
  serviceName: p.serviceName,
  organisationName: p.organisationName,
  kind: p.kind,
  note: p.note,
  status: p.status,
  reportedBy: p.reportedBy,
  reportedAt: p.reportedAt,
  resolvedBy: p.resolvedBy,
  resolvedAt: p.resolvedAt,
});
