import type { Command } from 'commander';
import { AppError } from '../../domain/errors.ts';
import { seedDemo } from '../../services/demo/seed-demo.ts';
import { depsRunner } from '../deps.ts';
import type { CliContext } from '../io.ts';

/** `linkwork seed-demo`: the fictional demo PCN, users and geography, in demo mode only. */
export function register(command: Command, ctx: CliContext): void {
  const withDeps = depsRunner(ctx.io);
  command.action(() =>
    withDeps(async (deps, config) => {
      if (!config.demo) throw new AppError('forbidden', 'Demo data may only be loaded in demo mode (LINKWORK_DEMO=1)');
      const r = await seedDemo(deps, { directory: true });
      ctx.io.stdout.write(r.seeded ? 'Demo data loaded\n' : 'Demo data already present\n');
    }),
  );
}
