import type { Command } from 'commander';
import type { CliContext } from '../io.ts';

/** `linkwork serve` (the default command): migrate, seed demo data in demo mode, and listen. */
export function register(command: Command, ctx: CliContext): void {
  command.action(async () => {
    // The configuration comes from io.env, so a bad variable is reported through runCli (exit 2).
    const { loadCliConfig } = await import('../deps.ts');
    const config = loadCliConfig(ctx.io);
    const { main } = await import('../../server/main.ts');
    await main(config);
  });
}
