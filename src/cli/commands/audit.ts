import { readFile, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { AUDIT_ACTIONS, type AuditCheckpoint } from '../../domain/audit.ts';
import { AppError } from '../../domain/errors.ts';
import { auditCheckpointSchema, auditQuerySchema } from '../../domain/schemas/audit.ts';
import { systemActor } from '../../services/kernel/context.ts';
import { createAuditCheckpoint } from '../../services/audit/create-audit-checkpoint.ts';
import { exportAuditEvents } from '../../services/audit/export-audit-events.ts';
import { verifyAuditChain, type ChainBreak } from '../../services/audit/verify-audit-chain.ts';
import { depsRunner, parseOrFail } from '../deps.ts';
import type { CliContext } from '../io.ts';

const CHAIN_BREAK_TEXT: { readonly [B in ChainBreak]: string } = {
  altered: 'the event was edited: it no longer matches its own hash',
  forged: 'the event is keyed but its HMAC does not match: it was edited or written without the audit key (or with another key)',
  downgraded: 'the event has a plain hash after keyed ones: it was written without the audit key (forged, or by a process with no LINKWORK_AUDIT_KEY)',
  key_missing: 'it is keyed and LINKWORK_AUDIT_KEY is not set, so it cannot be checked',
  checkpoint_unsigned: "the checkpoint's signature does not match: the file was changed, or it was signed with another audit key",
  shortened: 'the checkpoint records events up to here and beyond, and the trail no longer has them: its tail was deleted or it was emptied',
  rewritten: 'the checkpoint recorded another hash for this event: the history up to it was rewritten',
  rehashed: 'the event was edited and given a new hash: the next event or the chain head recorded a different one',
  missing: 'no event has this number: it was deleted',
  broken_link: 'the event does not link to the one before it, or the chain head does not match the trail',
  truncated: 'the chain head records events from here on, and they are gone',
};

/** Reads and validates a checkpoint file; anything else is invalid_input naming the file's problem, not its content. */
async function readCheckpoint(file: string): Promise<AuditCheckpoint> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new AppError('invalid_input', 'The checkpoint file cannot be read', { reason: 'bad_checkpoint' });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('invalid_input', 'The checkpoint file is not JSON', { reason: 'bad_checkpoint' });
  }
  const r = auditCheckpointSchema.safeParse(json);
  if (!r.success) throw new AppError('invalid_input', 'The file is not a Linkwork audit checkpoint', { reason: 'bad_checkpoint' });
  return r.data;
}

/** `linkwork audit verify|checkpoint|export`: the tamper-evident audit trail. */
export function register(audit: Command, ctx: CliContext): void {
  const { io } = ctx;
  const withDeps = depsRunner(io);
  audit
    .command('verify')
    .description('recompute the hash chain; exit 0 when intact, 1 naming the first bad event')
    .option('--checkpoint <file>', 'also check the trail still holds this signed checkpoint (from `audit checkpoint`)')
    .action((opts: { checkpoint?: string }) =>
      withDeps(async (deps) => {
        const checkpoint = opts.checkpoint === undefined ? null : await readCheckpoint(opts.checkpoint);
        const v = await verifyAuditChain(deps, checkpoint);
        if (v.ok) {
          io.stdout.write(`Audit trail intact: ${v.events} event(s) verified\n`);
          if (v.checkpoint !== null) io.stdout.write(`It still holds the checkpoint of event seq ${v.checkpoint.seq} taken at ${v.checkpoint.at}.\n`);
          if (v.keyed === 0 && v.events > 0) {
            io.stdout.write('None of its events is keyed: set LINKWORK_AUDIT_KEY so that nobody with only database access can rewrite it.\n');
          }
          return;
        }
        io.stderr.write(
          `Audit trail BROKEN at event seq ${v.firstBadSeq}${v.firstBadId === null ? '' : ` (id ${v.firstBadId})`}: ${v.reason} (${CHAIN_BREAK_TEXT[v.reason]}); ${v.events} event(s) before it verified\n`,
        );
        ctx.exitCode = 1;
      }),
    );
  audit
    .command('checkpoint')
    .description('sign a checkpoint of the chain head (needs LINKWORK_AUDIT_KEY); keep it outside the database')
    .option('--out <file>', 'write it to this file instead of standard output')
    .action((opts: { out?: string }) =>
      withDeps(async (deps) => {
        const checkpoint = await createAuditCheckpoint(deps, systemActor());
        const text = `${JSON.stringify(checkpoint, null, 2)}\n`;
        if (opts.out === undefined) {
          io.stdout.write(text);
          return;
        }
        await writeFile(opts.out, text, 'utf8');
        io.stderr.write(`Checkpoint of event seq ${checkpoint.seq} written to ${opts.out}\n`);
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
