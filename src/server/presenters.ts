import type { AuditEventView } from '../domain/schemas/audit.ts';
import type { OrganisationView } from '../domain/schemas/organisations.ts';
import type { PersonView } from '../domain/schemas/person.ts';
import type { PostcodeLookupView } from '../domain/schemas/geo.ts';
import type { UserView } from '../domain/schemas/users.ts';
import type { AuditEventRow } from '../db/repositories/audit.ts';
import type { Organisation } from '../db/repositories/organisations.ts';
import type { Person } from '../db/repositories/persons.ts';
import type { PostcodeLookup } from '../db/repositories/geo.ts';
import type { User } from '../db/repositories/users.ts';
import type { AuditOutcome } from '../domain/audit.ts';

// Presenters: explicit field whitelists from internal records to what the API says. Nothing
// reaches a response that is not named here (password hashes, versions of secrets, raw rows).

export const presentUser = (u: User & { organisationIds: string[] }): UserView => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  disabled: u.disabled,
  organisationIds: u.organisationIds,
  createdAt: u.createdAt,
});

export const presentOrganisation = (o: Organisation): OrganisationView => ({
  id: o.id,
  kind: o.kind,
  name: o.name,
  odsCode: o.odsCode,
  parentId: o.parentId,
  listSize: o.listSize,
});

export const presentPerson = (p: Person): PersonView => ({
  id: p.id,
  nhsNumber: p.nhsNumber,
  givenName: p.givenName,
  familyName: p.familyName,
  dateOfBirth: p.dateOfBirth,
  postcode: p.postcode,
  lsoa: p.lsoa,
  imdDecile: p.imdDecile,
  practiceId: p.practiceId,
  version: p.version,
});

export const presentAuditEvent = (e: AuditEventRow): AuditEventView => ({
  seq: e.seq,
  id: e.id,
  at: e.at,
  actorUserId: e.actorUserId,
  actorName: e.actorName,
  actorRole: e.actorRole,
  action: e.action,
  entityType: e.entityType,
  entityId: e.entityId,
  personId: e.personId,
  requestId: e.requestId,
  ip: e.ip,
  outcome: e.outcome as AuditOutcome,
  summary: JSON.parse(e.summary) as Record<string, unknown>,
});

export const presentPostcode = (p: PostcodeLookup): PostcodeLookupView => ({
  postcode: p.postcode,
  lsoa: p.lsoa,
  latitude: p.latitude,
  longitude: p.longitude,
  imdDecile: p.imdDecile,
  terminated: p.terminated,
});
