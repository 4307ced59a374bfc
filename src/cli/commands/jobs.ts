import type { Command } from 'commander';
import { expireCommunityReferrals } from '../../services/community/expire-community-referrals.ts';
import { depsRunner } from '../deps.ts';
import type { CliContext } from '../io.ts';

/** `linkwork jobs expire-referrals`: scheduled jobs the server also runs, for cron. */
export function register(jobs: Command, ctx: CliContext): void {
  const withDeps = depsRunner(ctx.io);
  jobs
    .command('expire-referrals')
    .description('community referrals unanswered past their expiry become "no response" and the link worker is told')
    .action(() =>
      withDeps(async (deps) => {
        const r = await expireCommunityReferrals(deps);
        ctx.io.stdout.write(`Expired ${r.expired} community referral(s) with no response\n`);
      }),
    );
}
