import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError, isAppError } from '../../domain/errors.ts';
import { systemActor } from '../../services/kernel/context.ts';
import { listInstruments } from '../../services/outcomes/list-instruments.ts';
import { loadInstrumentPack } from '../../services/outcomes/load-instrument-pack.ts';
import { depsRunner } from '../deps.ts';
import type { CliContext } from '../io.ts';

/** `linkwork instruments load|list`: outcome instruments, built in and licensed packs. */
export function register(instruments: Command, ctx: CliContext): void {
  const { io } = ctx;
  const withDeps = depsRunner(io);
  instruments
    .command('load <pack>')
    .description('validate and install a licensed instrument pack (a JSON file)')
    .action((file: string) =>
      withDeps(async (deps) => {
        let pack: unknown;
        try {
          pack = JSON.parse(await readFile(file, 'utf8'));
        } catch (err) {
          const reason = err instanceof SyntaxError ? 'it is not valid JSON' : 'it cannot be read';
          throw new AppError('invalid_input', `Cannot load the pack: ${reason}`);
        }
        try {
          const r = await loadInstrumentPack(deps, systemActor(), pack);
          const verb = r.status === 'installed' ? 'Installed' : 'Already installed (unchanged)';
          io.stdout.write(
            `${verb}: ${r.code} ${r.version} (${r.name}), licence expires ${r.licenceExpiresOn ?? 'never'}${r.usable ? '' : ' — EXPIRED: not usable for new administrations'}\nchecksum ${r.checksum}\n`,
          );
        } catch (err) {
          // Pack problems are about the file, never a person: list each with its code and where.
          const issues = isAppError(err) ? err.details?.['issues'] : undefined;
          if (Array.isArray(issues)) {
            for (const i of issues as { code: string; path: string; message: string }[]) io.stderr.write(`  [${i.code}] ${i.path}: ${i.message}\n`);
          }
          throw err;
        }
      }),
    );
  instruments
    .command('list')
    .description('built-in instruments and installed packs with their licence status')
    .action(() =>
      withDeps(async (deps) => {
        for (const i of await listInstruments(deps, systemActor())) {
          const d = i.definition;
          const status =
            d.licence.expiresOn === null
              ? d.licence.kind
              : d.licence.expiresOn < i.today
                ? `expired ${d.licence.expiresOn}`
                : `licensed until ${d.licence.expiresOn}`;
          io.stdout.write(`${d.code}\t${d.version}\t${i.source}\t${status}\t${d.name}\n`);
        }
      }),
    );
}
