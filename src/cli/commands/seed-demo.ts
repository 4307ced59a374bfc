import type { Command } from 'commander';
import { AppError } from '../../domain/errors.ts';
import { seedDemo } from '../../services/demo/seed-demo.ts';
import { depsRunner } from '../deps.ts';
import type { CliContext } from '../io.ts';

/** `linkwork seed-demo [--months N]`: the living demo (PCN, users, HX directory, N months of history; 18 by default), in demo mode only. */
export function register(command: Command, ctx: CliContext): void {
  const withDeps = depsRunner(ctx.io);
  command.option('--months <n>', 'months of history up to today (1 to 36; default 18)');
  command.action((opts: { months?: string }) =>
    withDeps(async (deps, config) => {
      if (!config.demo) throw new AppError('forbidden', 'Demo data may only be loaded in demo mode (LINKWORK_DEMO=1)');
      const months = opts.months === undefined ? undefined : Number(opts.months);
      if (months !== undefined && !(Number.isInteger(months) && months >= 1 && months <= 36)) {
        throw new AppError('invalid_input', 'Give --months as a whole number from 1 to 36', { fields: { months: 'Give a whole number from 1 to 36' } });
      }
      const r = await seedDemo(deps, { history: months === undefined ? true : { months } });
      ctx.io.stdout.write(r.seeded ? 'Demo data loaded\n' : 'Demo data already present\n');
    }),
  );
}
