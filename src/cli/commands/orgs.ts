import { Option, type Command } from 'commander';
import { ORGANISATION_KINDS } from '../../domain/roles.ts';
import { createOrganisationBodySchema } from '../../domain/schemas/organisations.ts';
import { systemActor } from '../../services/kernel/context.ts';
import { createOrganisation } from '../../services/organisations/create-organisation.ts';
import { listOrganisations } from '../../services/organisations/list-organisations.ts';
import { depsRunner, parseOrFail } from '../deps.ts';
import type { CliContext } from '../io.ts';

/** `linkwork orgs add|list`: the organisation tree (ICB → PCN → practice, and partners). */
export function register(orgs: Command, ctx: CliContext): void {
  const { io } = ctx;
  const withDeps = depsRunner(io);
  orgs
    .command('add')
    .addOption(new Option('--kind <kind>').choices(ORGANISATION_KINDS).makeOptionMandatory())
    .requiredOption('--name <name>')
    .option('--ods <code>', 'ODS code (required for practices)')
    .option('--parent <id>', 'parent organisation id')
    .option('--list-size <n>', 'registered list size (practices)')
    .action((opts: { kind: string; name: string; ods?: string; parent?: string; listSize?: string }) =>
      withDeps(async (deps) => {
        const input = parseOrFail(createOrganisationBodySchema, {
          kind: opts.kind,
          name: opts.name,
          ...(opts.ods === undefined ? {} : { odsCode: opts.ods }),
          ...(opts.parent === undefined ? {} : { parentId: opts.parent }),
          ...(opts.listSize === undefined ? {} : { listSize: Number(opts.listSize) }),
        });
        const org = await createOrganisation(deps, systemActor(), input);
        io.stdout.write(`Created ${org.kind} ${org.name} (${org.id})\n`);
      }),
    );
  orgs.command('list').action(() =>
    withDeps(async (deps) => {
      for (const o of await listOrganisations(deps, systemActor())) io.stdout.write(`${o.id}\t${o.kind}\t${o.odsCode ?? '-'}\t${o.name}\n`);
    }),
  );
}
