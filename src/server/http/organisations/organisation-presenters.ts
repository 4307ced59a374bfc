import type { OrganisationView } from '../../../domain/schemas/organisations.ts';
import type { Organisation } from '../../../db/repositories/organisations/organisations.ts';
import { type PublicPracticesView } from '../../../domain/schemas/referrals.ts';

export const presentOrganisation = (o: Organisation): OrganisationView => ({
  id: o.id,
  kind: o.kind,
  name: o.name,
  odsCode: o.odsCode,
  parentId: o.parentId,
  listSize: o.listSize,
});

export const presentPublicPractices = (practices: readonly { id: string; name: string }[]): PublicPracticesView => ({
  practices: practices.map((p) => ({ id: p.id, name: p.name })),
});
