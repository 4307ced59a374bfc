import type { Command } from 'commander';
import { depsRunner } from '../deps.ts';
import type { CliContext } from '../io.ts';
import { addDirectoryImportCommands } from './directory-import.ts';
import { addDirectoryMatchCommand } from './directory-match.ts';

/** `linkwork directory import|taxonomy load|match`: the community service directory (Open Referral UK). */
export function register(directory: Command, ctx: CliContext): void {
  const withDeps = depsRunner(ctx.io);
  addDirectoryImportCommands(directory, ctx.io, withDeps);
  addDirectoryMatchCommand(directory, ctx.io, withDeps);
}
