import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { AUDIT_ACTIONS } from '../../domain/audit.ts';
import { auditQuerySchema } from '../../domain/schemas/audit.ts';
import { systemActor } from '../../services/kernel/context.ts';
import { exportAuditEvents } from '../../services/audit/export-audit-events.ts';
import { verifyAuditChain, type ChainBreak } from '../../services/audit/verify-audit-chain.ts';
import { depsRunner, parseOrFail } from '../deps.ts';
import type { CliContext } from '../io.ts';

const CHAIN_BREAK_TEXT: { readonly [B in ChainBreak]: string } = {
  altered: 'the event was edited: it no longer matches its own hash',
  rehashed: 'the event was edited and given a new hash: the next event or the chain head recorded a different one',
  missing: 'no event has this number: it was deleted',
  broken_link: 'the event does not link to the one before it, or the chain head does not match the trail',
  truncated: 'the chain head records events from here on, and they are gone',
};

/** `linkwork audit verify|export`: the tamper-evident audit trail. */
export function register(audit: Command, ctx: CliContext): void {
  const { io } = ctx;
  const withDeps = depsRunner(io);
  audit
    .command('verify')
    .description('recompute the hash chain; exit 0 when intact, 1 naming the first bad event')
    .action(() =>
      withDeps(async (deps) => {
        const v = await verifyAuditChain(deps);
        if (v.ok) {
          io.stdout.write(`Audit trail intact: ${v.events} event(s) verified\n`);
          return;
        }
        io.stderr.write(
          `Audit trail BROKEN at event seq ${v.firstBadSeq}${v.firstBadId === null ? '' : ` (id ${v.firstBadId})`}: ${v.reason} (${CHAIN_BREAK_TEXT[v.reason]}); ${v.events} event(s) before it verified\n`,
        );
        ctx.exitCode = 1;
      }),
    );
  audit
    .command('export')
    .description('write the audit trail as CSV to stdout')
    .option('--person <id>')
    .option('--user <id>')
    .addOption(new Option('--action <action>').choices(AUDIT_ACTIONS))
    .option('--from <date>', 'YYYY-MM-DD')
    .option('--to <date>', 'YYYY-MM-DD')
    .action((opts: { person?: string; user?: string; action?: string; from?: string; to?: string }) =>
      withDeps(async (deps) => {
        const q = parseOrFail(auditQuerySchema.omit({ limit: true, before: true }), {
          ...(opts.person === undefined ? {} : { personId: opts.person }),
          ...(opts.user === undefined ? {} : { userId: opts.user }),
          ...(opts.action === undefined ? {} : { action: opts.action }),
          ...(opts.from === undefined ? {} : { from: opts.from }),
          ...(opts.to === undefined ? {} : { to: opts.to }),
        });
        await pipeline(await exportAuditEvents(deps, systemActor(), q), io.stdout);
      }),
    );
}
