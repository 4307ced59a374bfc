import { readFile, stat } from 'node:fs/promises';
import { AppError, conflict, fileReason, isAppError } from '../../domain/errors.ts';
import { classifyService, needsFromClassification } from '../../domain/oruk/classify-service.ts';
import { nextPageNumber, parseFeedPage } from '../../domain/oruk/feed.ts';
import { normaliseFeed } from '../../domain/oruk/normalise.ts';
import { sourceNameSchema } from '../../domain/oruk/source.ts';
import { termKey, type NormalisedFeed, type OrukLocation, type OrukOrganisation, type OrukService } from '../../domain/oruk/types.ts';
import {
  clearMissingFlag,
  deleteServiceChildren,
  flagMissingFromSource,
  insertImportedOrganisations,
  insertImportedServices,
  insertServiceChildren,
  listImportedLocations,
  listImportedOrganisations,
  listImportedServices,
  countServicesFromOtherSources,
  saveLocations,
  saveTaxonomy,
  updateImportedOrganisation,
  updateImportedService,
  type ServiceWrite,
  type TaxonomyWrite,
  type TermWrite,
} from '../../db/repositories/directory/services.ts';
import { isUniqueViolation } from '../../db/values.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { newId, sha256 } from '../kernel/ids.ts';
import { requirePermission, runUseCase } from '../kernel/use-case.ts';
import { derivedId } from './shared/derived-id.ts';
import { cleanUnstorableText } from '../../domain/schemas/text.ts';

/** Where a feed comes from: a local file, or a URL paged through to the end. */
export type FeedLocation = { kind: 'file'; path: string } | { kind: 'url'; url: URL };

export interface FeedReadOptions {
  /** Refuse a feed of more pages than this (a server that never says "last page"). */
  maxPages?: number;
  /** Per request. */
  timeoutMs?: number;
  /** Per document (file or page). */
  maxBytes?: number;
  onProgress?: (p: DirectoryImportProgress) => void;
}

export interface DirectoryImportProgress {
  phase: 'read' | 'write';
  done: number;
  /** Null while the total is not known (a feed that does not say how many pages it has). */
  total: number | null;
}

export interface DirectoryImportSummary {
  source: string;
  pages: number;
  /** Records the feed held. */
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Services back in the feed after being flagged missing (their flag is cleared). */
  returned: number;
  /** Services of this source that the feed no longer lists: flagged, not deleted. */
  flaggedMissing: number;
  /** Records left out, by coded reason. */
  skipped: Record<string, number>;
  /** Parts of kept records dropped or corrected, by coded reason. */
  warnings: Record<string, number>;
  organisations: { created: number; updated: number };
  locations: { created: number; updated: number };
  /**
   * New services whose feed ids other sources already hold, per source: usually the same feed
   * imported before under another source name, so every such service would be listed twice.
   */
  alreadyFromOtherSources: { source: string; services: number }[];
}

export const DEFAULT_FEED_OPTIONS = { maxPages: 500, timeoutMs: 30_000, maxBytes: 100 * 1024 * 1024 } as const;

/** UUIDv5 namespace for ids Linkwork derives from feed keys (taxonomies and terms), so re-imports find them. */

function notJson(where: string): AppError {
  return new AppError('invalid_input', `${where} is not JSON (or is cut short)`, { reason: 'not_json' });
}

/** JSON.parse reviver: a NUL or lone surrogate in a feed's text (PostgreSQL cannot store NUL) is cleaned, not fatal. */
const storableStrings = (_key: string, value: unknown): unknown => (typeof value === 'string' ? cleanUnstorableText(value) : value);

async function readFileFeed(path: string, maxBytes: number): Promise<unknown> {
  let text: string;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new AppError('invalid_input', `Cannot read file: ${path}`, { reason: 'not_a_file' });
    if (s.size > maxBytes) throw new AppError('invalid_input', `The file is larger than ${maxBytes} bytes`, { reason: 'too_large' });
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (isAppError(err)) throw err;
    const code = (err as { code?: unknown }).code;
    throw new AppError('invalid_input', `Cannot read file: ${path}`, { reason: fileReason(code), ...(typeof code === 'string' ? { systemCode: code } : {}) });
  }
  try {
    return JSON.parse(text, storableStrings) as unknown;
  } catch {
    throw notJson('The file');
  }
}

async function fetchPage(url: URL, timeoutMs: number, maxBytes: number): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' }, redirect: 'follow' });
  } catch (err) {
    const name = (err as { name?: unknown }).name;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    throw new AppError('unavailable', timedOut ? `The feed did not answer within ${Math.round(timeoutMs / 1000)} s` : 'The feed could not be reached', {
      reason: timedOut ? 'timeout' : 'fetch_failed',
    });
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new AppError(res.status >= 500 ? 'unavailable' : 'invalid_input', `The feed answered HTTP ${res.status}`, {
      reason: 'http_status',
      status: res.status,
    });
  }
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new AppError('invalid_input', `A feed page is larger than ${maxBytes} bytes`, { reason: 'too_large' });
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    const name = (err as { name?: unknown }).name;
    throw new AppError('unavailable', 'The feed stopped answering part-way through a page', { reason: name === 'TimeoutError' ? 'timeout' : 'fetch_failed' });
  }
  if (text.length > maxBytes) throw new AppError('invalid_input', `A feed page is larger than ${maxBytes} bytes`, { reason: 'too_large' });
  try {
    return JSON.parse(text, storableStrings) as unknown;
  } catch {
    throw notJson('A feed page');
  }
}

/**
 * Reads a whole feed into memory: a file as one document, a URL page by page (`?page=N`, following
 * the feed's page number, total pages and last-page flag) to the end. Any failure — unreadable,
 * not JSON, not a feed, too many pages, a server that serves the same page again — throws before
 * anything is written.
 */
export async function readDirectoryFeed(location: FeedLocation, opts: FeedReadOptions = {}): Promise<{ items: unknown[]; pages: number }> {
  const maxPages = opts.maxPages ?? DEFAULT_FEED_OPTIONS.maxPages;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_FEED_OPTIONS.timeoutMs;
  const maxBytes = opts.maxBytes ?? DEFAULT_FEED_OPTIONS.maxBytes;
  if (location.kind === 'file') {
    const page = parseFeedPage(await readFileFeed(location.path, maxBytes));
    opts.onProgress?.({ phase: 'read', done: 1, total: 1 });
    return { items: page.items, pages: 1 };
  }
  const items: unknown[] = [];
  const url = new URL(location.url);
  const asked = url.searchParams.get('page');
  let requested = asked !== null && /^\d+$/.test(asked) ? Number(asked) : 1;
  let pages = 0;
  let previous: number | null = null;
  for (;;) {
    const page = parseFeedPage(await fetchPage(url, timeoutMs, maxBytes));
    pages += 1;
    items.push(...page.items);
    const number = page.paging?.pageNumber ?? requested;
    if (previous !== null && number === previous) {
      throw new AppError('invalid_input', 'The feed served the same page twice: it does not page with ?page=N', { reason: 'paging_stuck', page: number });
    }
    previous = number;
    opts.onProgress?.({ phase: 'read', done: pages, total: page.paging?.totalPages ?? null });
    const next = nextPageNumber(page.paging, requested, page.items.length);
    if (next === null) {
      // Fewer records than the feed says it has: a page came back short, and importing it would
      // flag the services on the missing part as gone from the source.
      const total = page.paging?.totalItems ?? null;
      if (total !== null && items.length < total) {
        throw new AppError('invalid_input', `The feed says it has ${total} records but its pages held ${items.length}`, {
          reason: 'incomplete_feed',
          expected: total,
          received: items.length,
        });
      }
      return { items, pages };
    }
    if (pages >= maxPages) throw new AppError('invalid_input', `The feed has more than ${maxPages} pages`, { reason: 'too_many_pages' });
    requested = next;
    url.searchParams.set('page', String(next));
  }
}

/** The service's own content, for its hash: its organisation by id only (organisations are compared on their own). */
const hashOf = (s: OrukService, classification: unknown): string =>
  sha256(JSON.stringify({ v: 1, service: { ...s, organisation: s.organisation.externalId }, classification }));

const sameOrg = (a: { name: string; description: string | null; email: string | null; website: string | null }, b: OrukOrganisation & { name: string }) =>
  a.name === b.name && a.description === b.description && a.email === b.email && a.website === b.website;

function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

/**
 * Imports an Open Referral feed (ORUK 3.0 or the real 1.0 feeds) into the directory: organisations,
 * services and locations upserted by (source, external id); a service's child rows (schedules,
 * contacts, phones, costs, areas, languages, term links) replaced when its content changed, and
 * nothing written when it did not (content hash). Services of the source missing from the feed are
 * flagged, never deleted; curated fields are never overwritten. One transaction: a feed that fails
 * anywhere leaves the directory exactly as it was. Needs are classified from each service's text and
 * taxonomy terms unless a curator corrected them.
 */
export async function importDirectory(
  deps: ServiceDeps,
  actor: Actor,
  input: { location: FeedLocation; source: string },
  opts: FeedReadOptions = {},
): Promise<DirectoryImportSummary> {
  const parsedSource = sourceNameSchema.safeParse(input.source);
  if (!parsedSource.success)
    throw new AppError('invalid_input', parsedSource.error.issues[0]?.message ?? 'Invalid source name', { fields: { source: 'invalid' } });
  const source = parsedSource.data;
  const uc = { permission: 'directory:import', action: 'directory.imported', entityType: 'directory_source', entityId: source } as const;
  // Refuse before any slow reading or fetching.
  await requirePermission(deps, actor, uc);
  const feed = await readDirectoryFeed(input.location, opts);
  if (feed.items.length === 0)
    throw new AppError('invalid_input', 'The feed lists no services: nothing was imported and nothing flagged', { reason: 'empty_feed' });
  const normalised = normaliseFeed(feed.items);
  if (normalised.services.length === 0) {
    // Every record skipped: importing would flag the whole source as gone. Say why instead.
    throw new AppError('invalid_input', 'No record in the feed can be used: nothing was imported and nothing flagged', {
      reason: 'no_usable_records',
      skipped: normalised.skipped,
    });
  }

  try {
    return await writeImport(deps, actor, uc, source, feed.pages, normalised, opts);
  } catch (err) {
    // Two imports of one source at once: the later one's inserts collide with the earlier one's.
    if (isUniqueViolation(err))
      throw conflict.because('concurrent_import', 'Another import of this source ran at the same time: nothing was imported; run it again');
    throw err;
  }
}

async function writeImport(
  deps: ServiceDeps,
  actor: Actor,
  uc: { permission: 'directory:import'; action: 'directory.imported'; entityType: 'directory_source'; entityId: string },
  source: string,
  pages: number,
  normalised: NormalisedFeed,
  opts: FeedReadOptions,
): Promise<DirectoryImportSummary> {
  return runUseCase(deps, actor, {
    ...uc,
    audit: (s) => ({
      summary: {
        records: s.records,
        created: s.created,
        updated: s.updated,
        unchanged: s.unchanged,
        returned: s.returned,
        flaggedMissing: s.flaggedMissing,
        skipped: Object.values(s.skipped).reduce((a, b) => a + b, 0),
        skippedReasons: Object.entries(s.skipped).map(([k, v]) => `${k}:${v}`),
        pages: s.pages,
        alreadyFromOtherSources: s.alreadyFromOtherSources.map((o) => `${o.source}:${o.services}`),
      },
    }),
    work: async (tx) => {
      const at = deps.clock.now().toISOString();
      const summary: DirectoryImportSummary = {
        source,
        pages,
        records: normalised.records,
        created: 0,
        updated: 0,
        unchanged: 0,
        returned: 0,
        flaggedMissing: 0,
        skipped: { ...normalised.skipped },
        warnings: { ...normalised.warnings },
        organisations: { created: 0, updated: 0 },
        locations: { created: 0, updated: 0 },
        alreadyFromOtherSources: [],
      };

      // Organisations: one per external id (the first full copy in the feed wins).
      const orgRows = new Map((await listImportedOrganisations(tx, source)).map((o) => [o.externalId, o]));
      const feedOrgs = new Map<string, OrukOrganisation>();
      for (const s of normalised.services) {
        const known = feedOrgs.get(s.organisation.externalId);
        if (known === undefined || (known.name === null && s.organisation.name !== null)) feedOrgs.set(s.organisation.externalId, s.organisation);
      }
      const orgIds = new Map<string, string>();
      const newOrgs: { id: string; org: OrukOrganisation & { name: string } }[] = [];
      for (const [externalId, org] of feedOrgs) {
        const row = orgRows.get(externalId);
        const named = org.name === null ? null : { ...org, name: org.name };
        if (row !== undefined) {
          orgIds.set(externalId, row.id);
          if (named !== null && !sameOrg(row, named)) {
            await updateImportedOrganisation(tx, row.id, named);
            summary.organisations.updated += 1;
          }
        } else if (named !== null) {
          const id = newId();
          orgIds.set(externalId, id);
          newOrgs.push({ id, org: named });
        }
        // Named by id only and unknown here: its services are skipped below.
      }
      await insertImportedOrganisations(tx, source, newOrgs, at);
      summary.organisations.created = newOrgs.length;

      // Services: decide created / updated / unchanged from the content hash.
      const existing = new Map((await listImportedServices(tx, source)).map((s) => [s.externalId, s]));
      const creates: ServiceWrite[] = [];
      const updates: { write: ServiceWrite; replaceNeeds: boolean }[] = [];
      const returned: string[] = [];
      for (const s of normalised.services) {
        const organisationId = orgIds.get(s.organisation.externalId);
        if (organisationId === undefined) {
          bump(summary.skipped, 'missing_organisation');
          continue;
        }
        const classification = classifyService(s);
        const write: ServiceWrite = {
          id: '',
          organisationId,
          service: s,
          contentHash: hashOf(s, classification),
          classification,
          needs: needsFromClassification(classification),
        };
        const row = existing.get(s.externalId);
        if (row === undefined) creates.push({ ...write, id: newId() });
        else if (row.contentHash === write.contentHash) {
          summary.unchanged += 1;
          if (row.missingFromSourceAt !== null) returned.push(row.id);
        } else {
          if (row.missingFromSourceAt !== null) summary.returned += 1;
          // Needs chosen by a person (corrected, or set by hand) are theirs to keep.
          updates.push({ write: { ...write, id: row.id }, replaceNeeds: row.needsSource === 'classified' });
        }
      }
      summary.returned += returned.length;
      await clearMissingFlag(tx, returned);
      summary.alreadyFromOtherSources = await countServicesFromOtherSources(
        tx,
        source,
        creates.map((c) => c.service.externalId),
      );

      const changed = [...creates, ...updates.map((u) => u.write)];
      const total = changed.length;
      opts.onProgress?.({ phase: 'write', done: 0, total });

      // Locations of changed services (unchanged services' locations are, by their hash, unchanged).
      const locationIds = new Map((await listImportedLocations(tx, source)).map((l) => [l.externalId, l.id]));
      const toSave = new Map<string, { id: string; isNew: boolean; organisationId: string; location: OrukLocation }>();
      for (const w of changed) {
        for (const sal of w.service.serviceAtLocations) {
          const ext = sal.location.externalId;
          if (toSave.has(ext)) continue;
          const known = locationIds.get(ext);
          const id = known ?? newId();
          toSave.set(ext, { id, isNew: known === undefined, organisationId: w.organisationId, location: sal.location });
          locationIds.set(ext, id);
        }
      }
      await saveLocations(tx, source, [...toSave.values()], newId, at);
      for (const l of toSave.values()) summary.locations[l.isNew ? 'created' : 'updated'] += 1;

      // Taxonomies and terms the changed services use (ids derived from the source and the feed's keys).
      const taxonomies = new Map<string, TaxonomyWrite>();
      const terms = new Map<string, TermWrite>();
      const termIds = new Map<string, string>();
      for (const w of changed) {
        for (const t of w.service.taxonomyTerms) {
          const taxonomyId = derivedId(source, 'taxonomy', t.taxonomy.key);
          if (!taxonomies.has(taxonomyId)) {
            taxonomies.set(taxonomyId, {
              id: taxonomyId,
              name: `${t.taxonomy.name} (${source})`,
              description: `${t.taxonomy.name}: terms used by the ${source} directory feed`,
              uri: null,
              version: null,
            });
          }
          const id = derivedId(source, 'term', t.taxonomy.key, t.key);
          termIds.set(termKey(t), id);
          if (!terms.has(id)) {
            terms.set(id, {
              id,
              taxonomyId,
              code: t.code,
              name: t.name,
              description: t.description ?? t.name,
              parentId: t.parentKey === null ? null : derivedId(source, 'term', t.taxonomy.key, t.parentKey),
              termUri: t.termUri,
            });
          }
        }
      }
      await saveTaxonomy(tx, [...taxonomies.values()], [...terms.values()]);

      await insertImportedServices(tx, source, creates, at);
      summary.created = creates.length;
      opts.onProgress?.({ phase: 'write', done: creates.length, total });
      let done = creates.length;
      for (const u of updates) {
        await updateImportedService(tx, u.write, u.replaceNeeds, at);
        done += 1;
        if (done % 100 === 0) opts.onProgress?.({ phase: 'write', done, total });
      }
      summary.updated = updates.length;
      await deleteServiceChildren(
        tx,
        updates.map((u) => u.write.id),
      );
      await insertServiceChildren(tx, changed, locationIds, termIds, newId);
      opts.onProgress?.({ phase: 'write', done: total, total });

      // Services of this source the feed no longer names: flagged (once), never deleted.
      const present = new Set(normalised.presentIds);
      const gone = [...existing.values()].filter((r) => !present.has(r.externalId) && r.missingFromSourceAt === null).map((r) => r.id);
      await flagMissingFromSource(tx, gone, at);
      summary.flaggedMissing = gone.length;
      return summary;
    },
  });
}
