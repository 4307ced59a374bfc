import type { NeedCode } from '../../../domain/needs.ts';
import type { Role } from '../../../domain/roles.ts';
import { listScopeIds, listUsers } from '../../../db/repositories/identity/users.ts';
import { listOrganisations } from '../../../db/repositories/organisations/organisations.ts';
import { listProviderUsers, listServices } from '../../../db/repositories/community/community-referrals.ts';
import type { Actor, ServiceDeps } from '../../kernel/context.ts';
import { demoEmail } from '../../identity/shared/demo-accounts.ts';

/** A demo user acting in the history, as the use cases see them. */
export interface CastMember {
  actor: Actor & { kind: 'user' };
  id: string;
  email: string;
  /** The organisations named in their scope. */
  organisationIds: readonly string[];
}

export interface CastPractice {
  id: string;
  odsCode: string;
  name: string;
  listSize: number;
}

export interface CastService {
  id: string;
  name: string;
  organisationId: string;
  needs: readonly NeedCode[];
  /** Takes referrals and its organisation has a provider user to answer them. */
  referable: boolean;
}

/** Who and what the history is about: the demo users, practices and services seedDemo made. */
export interface Cast {
  referrers: CastMember[];
  partner: CastMember;
  linkWorkers: CastMember[];
  lead: CastMember;
  providers: CastMember[];
  /** Halifax Central PCN's practices (the demo staff cover these). */
  practices: CastPractice[];
  /** The neighbouring PCN's practice, which nobody in the demo covers. */
  otherPractices: CastPractice[];
  services: CastService[];
  /** The provider who answers for each organisation with a provider user. */
  providerFor: ReadonlyMap<string, CastMember>;
}

const ACTOR_META = { requestId: null, ip: null };

/** Reads the cast from the database (the demo accounts by their e-mail addresses). */
export async function loadCast(deps: ServiceDeps): Promise<Cast> {
  const users = await listUsers(deps.db, { all: true }, { includeDisabled: false });
  const scopes = await listScopeIds(
    deps.db,
    users.map((u) => u.id),
  );
  const member = (role: Role, n?: number): CastMember => {
    const email = demoEmail(role, n);
    const u = users.find((x) => x.email === email);
    if (u === undefined) throw new Error(`The demo account ${email} is missing`);
    return { actor: { kind: 'user', userId: u.id, role: u.role, meta: ACTOR_META }, id: u.id, email, organisationIds: scopes.get(u.id) ?? [] };
  };
  const orgs = await listOrganisations(deps.db, { all: true });
  const pcn = orgs.find((o) => o.odsCode === 'XDEMO2');
  const practice = (o: (typeof orgs)[number]): CastPractice => ({ id: o.id, odsCode: o.odsCode ?? '', name: o.name, listSize: o.listSize ?? 0 });
  const practices = orgs.filter((o) => o.kind === 'practice' && o.parentId === pcn?.id).map(practice);
  const otherPractices = orgs.filter((o) => o.kind === 'practice' && o.parentId !== pcn?.id).map(practice);
  practices.sort((a, b) => a.odsCode.localeCompare(b.odsCode));

  const providers = [member('provider'), member('provider', 2)];
  const providerFor = new Map<string, CastMember>();
  for (const p of providers) for (const orgId of p.organisationIds) providerFor.set(orgId, p);
  const services: CastService[] = [];
  for (const s of await listServices(deps.db, {})) {
    const answered = providerFor.has(s.organisationId) && (await listProviderUsers(deps.db, s.organisationId)).length > 0;
    services.push({ id: s.id, name: s.name, organisationId: s.organisationId, needs: s.needs, referable: s.takesReferrals && answered });
  }
  // In a fixed order whatever the database's collation, so that the same seed picks the same services.
  services.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.organisationId < b.organisationId ? -1 : 1));
  return {
    referrers: [member('referrer'), member('referrer', 2)],
    partner: member('partner_referrer'),
    linkWorkers: [member('link_worker'), member('link_worker', 2), member('link_worker', 3)],
    lead: member('lead'),
    providers,
    practices,
    otherPractices,
    services,
    providerFor,
  };
}
