import { z } from 'zod';
import { idSchema } from '../../../domain/schemas/common.ts';
import { createUserBodySchema, resetPasswordBodySchema, updateUserBodySchema, userListQuerySchema, userViewSchema } from '../../../domain/schemas/users.ts';
import { createUser } from '../../../services/identity/create-user.ts';
import { getUser } from '../../../services/identity/get-user.ts';
import { listUsers } from '../../../services/identity/list-users.ts';
import { resetUserPassword } from '../../../services/identity/reset-user-password.ts';
import { setUserDisabled } from '../../../services/identity/set-user-disabled.ts';
import { updateUser } from '../../../services/identity/update-user.ts';
import { requireActor } from '../../auth.ts';
import { presentUser } from './user-presenters.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

const params = z.strictObject({ id: idSchema });

export function registerUserRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.get('/api/v1/users', {
    schema: { tags: ['users'], querystring: userListQuerySchema, response: { 200: z.object({ users: z.array(userViewSchema) }) } },
    handler: async (req) => {
      const users = await listUsers(deps, await requireActor(req, deps, secure), {
        role: req.query.role,
        includeDisabled: req.query.includeDisabled === 'true',
      });
      return { users: users.map(presentUser) };
    },
  });
  app.get('/api/v1/users/:id', {
    schema: { tags: ['users'], params, response: { 200: userViewSchema } },
    handler: async (req) => presentUser(await getUser(deps, await requireActor(req, deps, secure), req.params.id)),
  });
  app.post('/api/v1/users', {
    schema: { tags: ['users'], summary: 'Create a user (admin)', body: createUserBodySchema, response: { 201: userViewSchema } },
    handler: async (req, reply) => reply.status(201).send(presentUser(await createUser(deps, await requireActor(req, deps, secure), req.body))),
  });
  app.patch('/api/v1/users/:id', {
    schema: {
      tags: ['users'],
      summary: 'Change an account: a link worker’s or lead’s contracted hours a week (admin)',
      params,
      body: updateUserBodySchema,
      response: { 200: userViewSchema },
    },
    handler: async (req) => presentUser(await updateUser(deps, await requireActor(req, deps, secure), req.params.id, req.body)),
  });
  for (const [path, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(`/api/v1/users/:id/${path}`, {
      schema: { tags: ['users'], summary: `${path === 'disable' ? 'Disable' : 'Re-enable'} a user (admin)`, params, response: { 200: userViewSchema } },
      handler: async (req) => {
        return presentUser(await setUserDisabled(deps, await requireActor(req, deps, secure), req.params.id, disabled));
      },
    });
  }
  app.post('/api/v1/users/:id/reset-password', {
    schema: {
      tags: ['users'],
      summary: 'Set a new password and end their sessions (admin)',
      params,
      body: resetPasswordBodySchema,
      response: { 200: userViewSchema },
    },
    handler: async (req) => {
      return presentUser(await resetUserPassword(deps, await requireActor(req, deps, secure), req.params.id, req.body.password));
    },
  });
}
