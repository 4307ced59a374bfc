import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.ts';
import { serviceMatchBodySchema, type ServiceMatchInput } from '../../domain/schemas/community.ts';
import { systemActor } from '../../services/kernel/context.ts';
import { matchServicesForNeed, type ServiceMatchOutcome } from '../../services/directory/match-services.ts';
import type { WithDeps } from '../deps.ts';
import type { CliIo } from '../io.ts';

/** The CLI contract other scripts rely on: one result as printed by `--json` and `--queries`. */
export interface CliMatchResult {
  id: string;
  externalId: string | null;
  name: string;
  score: number;
  reasons: string[];
}

const cliResults = (m: ServiceMatchOutcome): CliMatchResult[] =>
  m.results.map((r) => ({ id: r.service.id, externalId: r.service.externalId, name: r.service.name, score: r.score, reasons: r.reasons }));

function parseInput(value: unknown, where: string): ServiceMatchInput {
  const r = serviceMatchBodySchema.safeParse(value);
  if (!r.success) {
    const fields = r.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`);
    throw new AppError('invalid_input', `Invalid ${where} — ${fields.join('; ')}`);
  }
  return r.data;
}

function parseIntOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new AppError('invalid_input', `--${name} must be a whole number`);
  return Number(value);
}

interface MatchOptions {
  text?: string;
  postcode?: string;
  age?: string;
  limit?: string;
  queries?: string;
  json?: boolean;
}

/**
 * `linkwork directory match --text "<need>" [--postcode P] [--age N] [--limit N] --json` prints a
 * JSON array of {id, externalId, name, score, reasons} best first (a contract: the array stays an
 * array, so a place named in the text shows in the reasons' distances and in the plain output's
 * "Near …" line); `--queries FILE` reads JSON lines {id, text, age?, postcode?} and prints one
 * line {id, place, results} per query, in one process (place: the town named in the text that
 * distances were measured from, or null).
 */
export function addDirectoryMatchCommand(directory: Command, io: CliIo, withDeps: WithDeps): void {
  directory
    .command('match')
    .description('services ranked for a need, with reasons (against LINKWORK_DB / DATABASE_URL)')
    .option('--text <need>', "the need in the link worker's words")
    .option('--postcode <postcode>', "the person's postcode, or its first half")
    .option('--age <n>', "the person's age")
    .option('--limit <n>', 'how many services (default 10, at most 50)')
    .option('--queries <file>', 'JSON lines of {"id","text","age"?,"postcode"?}: one JSON line of results per query')
    .option('--json', 'print JSON')
    .action((opts: MatchOptions) =>
      withDeps(async (deps) => {
        const limit = parseIntOption(opts.limit, 'limit');
        if (opts.queries !== undefined) {
          const lines = readFileSync(opts.queries, 'utf8')
            .split(/\r?\n/)
            .filter((l) => l.trim() !== '');
          for (const [n, line] of lines.entries()) {
            let q: { id?: unknown; text?: unknown; age?: unknown; postcode?: unknown };
            try {
              q = JSON.parse(line) as typeof q;
            } catch {
              throw new AppError('invalid_input', `Line ${n + 1} of the queries file is not JSON`);
            }
            if (typeof q.id !== 'string' && typeof q.id !== 'number') throw new AppError('invalid_input', `Line ${n + 1} of the queries file has no id`);
            const input = parseInput({ text: q.text, age: q.age, postcode: q.postcode, ...(limit === undefined ? {} : { limit }) }, `query on line ${n + 1}`);
            const m = await matchServicesForNeed(deps, systemActor(), input);
            io.stdout.write(`${JSON.stringify({ id: q.id, place: m.place?.name ?? null, results: cliResults(m) })}\n`);
          }
          return;
        }
        if (opts.text === undefined) throw new AppError('invalid_input', 'Give --text "<need>" or --queries FILE');
        const input = parseInput(
          { text: opts.text, age: parseIntOption(opts.age, 'age'), postcode: opts.postcode, ...(limit === undefined ? {} : { limit }) },
          'match',
        );
        const m = await matchServicesForNeed(deps, systemActor(), input);
        if (opts.json === true) {
          io.stdout.write(`${JSON.stringify(cliResults(m))}\n`);
          return;
        }
        const understood = m.understoodNeeds.map((u) => u.label).join(', ');
        io.stdout.write(`Understood: ${understood === '' ? '(no need recognised; matched on the words)' : understood}\n`);
        if (m.place !== null) io.stdout.write(`Near ${m.place.name} (named in the text)\n`);
        m.results.forEach((r, i) => {
          io.stdout.write(`${i + 1}. ${r.service.name} (${r.service.organisationName}) — ${r.score.toFixed(3)}\n   ${r.reasons.join('; ')}\n`);
        });
        if (m.results.length === 0) io.stdout.write('No services matched.\n');
      }),
    );
}
