import type { Command } from 'commander';
import { AppError } from '../../domain/errors.ts';
import { defaultSourceName } from '../../domain/oruk/source.ts';
import { systemActor } from '../../services/kernel/context.ts';
import {
  DEFAULT_FEED_OPTIONS,
  importDirectory,
  type DirectoryImportProgress,
  type DirectoryImportSummary,
  type FeedLocation,
} from '../../services/directory/import-directory.ts';
import { loadOpenEligibility } from '../../services/directory/load-taxonomy.ts';
import type { WithDeps } from '../deps.ts';
import { isTerminal, type CliIo } from '../io.ts';

/** A file path, or an http(s) URL to page through. Other schemes are refused. */
export function feedLocation(arg: string): FeedLocation {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) {
    let url: URL;
    try {
      url = new URL(arg);
    } catch {
      throw new AppError('invalid_input', 'The feed address is not a valid URL', { reason: 'invalid_url' });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new AppError('invalid_input', 'Only http and https feed addresses can be fetched', { reason: 'invalid_url' });
    return { kind: 'url', url };
  }
  return { kind: 'file', path: arg };
}

function wholeNumber(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new AppError('invalid_input', `--${name} must be a whole number of at least 1`);
  return Number(value);
}

/** A one-line progress bar on stderr, redrawn in place; only when stderr is a terminal. */
function progressBar(io: CliIo): { onProgress?: (p: DirectoryImportProgress) => void; end: () => void } {
  if (!isTerminal(io.stderr)) return { end: () => {} };
  let drawn = false;
  const width = 30;
  return {
    onProgress: (p) => {
      const what = p.phase === 'read' ? 'reading pages' : 'writing services';
      const bar = p.total === null || p.total === 0 ? '' : `[${'#'.repeat(Math.round((p.done / p.total) * width)).padEnd(width, '.')}] `;
      io.stderr.write(`\r${bar}${what} ${p.done}${p.total === null ? '' : `/${p.total}`}\u001b[K`);
      drawn = true;
    },
    end: () => {
      if (drawn) io.stderr.write('\r\u001b[K');
    },
  };
}

const reasons = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

function printSummary(io: CliIo, s: DirectoryImportSummary, seconds: number): void {
  const skipped = Object.values(s.skipped).reduce((a, b) => a + b, 0);
  const lines = [
    `Imported ${s.source}: ${s.records} record(s) from ${s.pages} page(s) in ${seconds.toFixed(1)}s`,
    `  services: created ${s.created}, updated ${s.updated}, unchanged ${s.unchanged}, back in the feed ${s.returned}, flagged missing ${s.flaggedMissing}`,
    `  organisations: created ${s.organisations.created}, updated ${s.organisations.updated}; locations: created ${s.locations.created}, updated ${s.locations.updated}`,
    `  skipped ${skipped}${skipped > 0 ? ` (${reasons(s.skipped)})` : ''}`,
  ];
  if (Object.keys(s.warnings).length > 0) lines.push(`  parts dropped or corrected: ${reasons(s.warnings)}`);
  io.stdout.write(`${lines.join('\n')}\n`);
}

/** The same feed under a second source name lists its services twice: say so, and how to avoid it. */
function warnOtherSources(io: CliIo, s: DirectoryImportSummary): void {
  for (const other of s.alreadyFromOtherSources) {
    io.stderr.write(
      `warning: ${other.services} of the ${s.created} new service(s) are already in the directory from source "${other.source}" (the same feed ids), ` +
        `so link workers will see them twice. If this is the same feed, archive this import's copies or import it with --source ${other.source} to update those instead.\n`,
    );
  }
}

/** `linkwork directory import` and `linkwork directory taxonomy load`. */
export function addDirectoryImportCommands(directory: Command, io: CliIo, withDeps: WithDeps): void {
  directory
    .command('import <file-or-url>')
    .description('import an Open Referral UK feed (3.0, or the 1.0 feeds councils publish); a URL is paged through to the end')
    .option('--source <name>', 'the name this feed is known by (default: the file name, or the URL host)')
    .option('--json', 'print the summary as JSON')
    .option('--max-pages <n>', `refuse a feed of more pages than this (default ${DEFAULT_FEED_OPTIONS.maxPages})`)
    .option('--timeout <seconds>', `per request (default ${DEFAULT_FEED_OPTIONS.timeoutMs / 1000})`)
    .action((arg: string, opts: { source?: string; json?: boolean; maxPages?: string; timeout?: string }) =>
      withDeps(async (deps) => {
        const location = feedLocation(arg);
        const maxPages = wholeNumber(opts.maxPages, 'max-pages', DEFAULT_FEED_OPTIONS.maxPages);
        const timeoutMs = wholeNumber(opts.timeout, 'timeout', DEFAULT_FEED_OPTIONS.timeoutMs / 1000) * 1000;
        const source = opts.source ?? defaultSourceName(location);
        const bar = progressBar(io);
        const started = performance.now();
        let summary: DirectoryImportSummary;
        try {
          summary = await importDirectory(
            deps,
            systemActor(),
            { location, source },
            { maxPages, timeoutMs, ...(bar.onProgress === undefined ? {} : { onProgress: bar.onProgress }) },
          );
        } finally {
          bar.end();
        }
        const seconds = (performance.now() - started) / 1000;
        if (opts.json === true) io.stdout.write(`${JSON.stringify({ ...summary, seconds: Math.round(seconds * 1000) / 1000 })}\n`);
        else printSummary(io, summary, seconds);
        warnOtherSources(io, summary);
      }),
    );

  const taxonomy = directory.command('taxonomy').description('taxonomies directory services are tagged with');
  taxonomy
    .command('load <csv>')
    .description('load the Open Eligibility taxonomy CSV (id,name,parent_id,parent_name,vocabulary) as an ORUK taxonomy')
    .option('--json', 'print the summary as JSON')
    .action((file: string, opts: { json?: boolean }) =>
      withDeps(async (deps) => {
        const s = await loadOpenEligibility(deps, systemActor(), file);
        if (opts.json === true) io.stdout.write(`${JSON.stringify(s)}\n`);
        else io.stdout.write(`Open Eligibility: ${s.terms} term(s): created ${s.created}, updated ${s.updated}, unchanged ${s.unchanged}\n`);
      }),
    );
}
