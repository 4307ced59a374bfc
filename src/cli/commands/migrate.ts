import type { Command } from 'commander';
import { depsRunner } from '../deps.ts';
import type { CliContext } from '../io.ts';

/** `linkwork migrate`: bring the database schema up to date. */
export function register(command: Command, ctx: CliContext): void {
  const withDeps = depsRunner(ctx.io);
  command.action(() =>
    withDeps((_deps, config) => {
      ctx.io.stdout.write(`Database (${config.database.kind}) is up to date\n`);
      return Promise.resolve();
    }),
  );
}
