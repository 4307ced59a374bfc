import { DEPLOYMENT_WIDE_ROLES, ROLE_PERMISSIONS } from '../../domain/permissions.ts';
import type { Me } from '../../domain/schemas/auth.ts';
import { findOrganisationsByIds } from '../../db/repositories/organisations/organisations.ts';
import { listScopeIds } from '../../db/repositories/identity/users.ts';
import type { AuthSession } from './shared/auth-session.ts';
import type { ServiceDeps } from '../kernel/context.ts';

/** The signed-in user, their permissions and the organisations they cover. */
export async function getMe(deps: ServiceDeps, auth: AuthSession): Promise<Me> {
  const scopeIds = (await listScopeIds(deps.db, [auth.userId])).get(auth.userId) ?? [];
  const orgs = await findOrganisationsByIds(deps.db, scopeIds);
  return {
    user: { id: auth.userId, email: auth.email, displayName: auth.displayName, role: auth.role },
    permissions: [...ROLE_PERMISSIONS[auth.role]],
    scope: {
      deploymentWide: DEPLOYMENT_WIDE_ROLES.includes(auth.role),
      organisations: orgs.sort((a, b) => a.name.localeCompare(b.name)).map((o) => ({ id: o.id, name: o.name, kind: o.kind, odsCode: o.odsCode })),
    },
    session: { idleExpiresAt: auth.idleExpiresAt, absoluteExpiresAt: auth.absoluteExpiresAt },
    csrfToken: auth.csrfToken,
    demo: deps.config.demo,
  };
}
