import type { Command } from 'commander';
import type { CliContext } from '../io.ts';

/** `linkwork serve` (the default command): migrate, seed demo data in demo mode, and listen. */
export function register(command: Command, ctx: CliContext): void {
  command.action(async () => {
    // The server reads its configuration itself; checking it here first reports a bad variable
    // through runCli (exit 2) instead of the server exiting the process.
    const { loadCliConfig } = await import('../deps.ts');
    loadCliConfig(ctx.io);
    const { main } = await import('../../server/main.ts');
    await main();
  });
}
