import type { Kysely } from 'kysely';
import { AppError } from '../domain/errors.ts';
import { matchIndexBuilder, matchServices as rankServices, type MatchIndex } from '../domain/matching/engine.ts';
import { isOutwardCode, outcodeCentroid } from '../domain/matching/outcodes.ts';
import type { MatchAnswer, PersonLocation } from '../domain/matching/types.ts';
import { normalisePostcode, outwardCode } from '../domain/postcode.ts';
import type { ServiceMatchInput } from '../domain/schemas/community.ts';
import { findCaseInScope } from '../db/repositories/community.ts';
import { directoryHead, directoryVersion, forEachMatchableServicePage, insertServiceMatch } from '../db/repositories/directory-search.ts';
import { findPostcode } from '../db/repositories/geo.ts';
import type { DB } from '../db/schema.ts';
import type { Actor, ServiceDeps, Tx } from './context.ts';
import { newId } from './ids.ts';
import { referralViewerOf } from './respond-community-referral.ts';
import { runUseCase } from './use-case.ts';

export interface ServiceMatchOutcome extends MatchAnswer {
  matchId: string | null;
}

/**
 * The matcher's index, one per database per process, rebuilt when the directory changes. Two
 * checks: on every match the directory's head (greatest service and location ids — new listings,
 * from the primary-key indexes, ~0.1 ms); and the full version stamp (counts and latest updated_at
 * of services and locations — edits such as capacity or an archive), which scans the tables
 * (~90 ms CPU at 100,000 services on SQLite). Below FULL_CHECK_ALWAYS_BELOW services the full stamp
 * is read on every match (a few ms). Above, it is read off the request path: at most every
 * FULL_CHECK_MS a check is scheduled after the answer (setImmediate) and, if the directory changed,
 * the next match rebuilds — so no request waits for the scan, and an edit reaches matching within
 * a few seconds of the next search.
 */
const FULL_CHECK_MS = 5_000;
const FULL_CHECK_ALWAYS_BELOW = 10_000;
const LOAD_PAGE = 500;

interface CachedIndex {
  head: string;
  version: string;
  checkedAt: number;
  index: MatchIndex;
  /** A background check found the directory changed: rebuild on the next match. */
  stale: boolean;
  checking: boolean;
}
const indexes = new WeakMap<object, CachedIndex>();

function scheduleFullCheck(db: Kysely<DB>, cached: CachedIndex): void {
  cached.checking = true;
  cached.checkedAt = performance.now();
  setImmediate(() => {
    directoryVersion(db)
      .then((v) => {
        if (v !== cached.version) cached.stale = true;
      })
      .catch(() => {
        cached.stale = true;
      })
      .finally(() => {
        cached.checking = false;
      });
  });
}

export async function matchIndexFor(db: Kysely<DB>, tx: Tx): Promise<MatchIndex> {
  const head = await directoryHead(tx);
  const cached = indexes.get(db);
  if (cached !== undefined && cached.head === head && !cached.stale) {
    if (cached.index.size >= FULL_CHECK_ALWAYS_BELOW) {
      if (!cached.checking && performance.now() - cached.checkedAt >= FULL_CHECK_MS) scheduleFullCheck(db, cached);
      return cached.index;
    }
    if ((await directoryVersion(tx)) === cached.version) return cached.index;
  }
  const version = await directoryVersion(tx);
  // read and index a page at a time: the records are never all in memory at once
  const builder = matchIndexBuilder();
  await forEachMatchableServicePage(tx, LOAD_PAGE, (page) => {
    for (const s of page) builder.add(s);
  });
  const index = builder.finish();
  indexes.set(db, { head, version, checkedAt: performance.now(), index, stale: false, checking: false });
  return index;
}

/** Forgets the cached index (tests; a deployment never needs to). */
export function forgetMatchIndex(db: Kysely<DB>): void {
  indexes.delete(db);
}

/**
 * Where the person is, from what the link worker typed: a full postcode from the postcode table
 * (or its district's centroid when the table lacks it), or a district alone ("HX1"). Unknown
 * places give no location (distances are then left out); text that is neither is refused.
 */
async function locate(tx: Tx, postcode: string | undefined): Promise<PersonLocation | null> {
  if (postcode === undefined || postcode.trim() === '') return null;
  const full = normalisePostcode(postcode);
  if (full !== null) {
    const found = await findPostcode(tx, full);
    if (found !== undefined && found.latitude !== null && found.longitude !== null) return { latitude: found.latitude, longitude: found.longitude, precision: 'postcode' };
    const c = outcodeCentroid(outwardCode(full));
    return c === undefined ? null : { ...c, precision: 'outcode' };
  }
  if (isOutwardCode(postcode)) {
    const c = outcodeCentroid(postcode);
    return c === undefined ? null : { ...c, precision: 'outcode' };
  }
  throw new AppError('invalid_input', 'Enter a postcode, or its first half, like HX1 1AA or HX1', { fields: { postcode: 'Enter a postcode, or its first half' } });
}

/**
 * "What would help this person?" (issue 4 part 6): ranks the directory's services for a need in
 * the link worker's words and/or coded needs, with the person's context, each with reasons.
 * From a case (`referralId`, which must be in the actor's scope) the run is recorded in
 * `service_match` — the understood needs and the ranked service ids — so the suggestion that was
 * chosen can be recorded with the referral. The audit event holds coded values only, never the text.
 */
export async function matchServicesForNeed(deps: ServiceDeps, actor: Actor, input: ServiceMatchInput): Promise<ServiceMatchOutcome> {
  const matchId = input.referralId === undefined ? null : newId();
  let personId: string | null = null;
  return runUseCase(deps, actor, {
    permission: 'service:read',
    action: 'service.matched',
    entityType: 'service_match',
    entityId: matchId,
    work: async (tx) => {
      if (input.referralId !== undefined) {
        const kase = await findCaseInScope(tx, input.referralId, referralViewerOf(actor));
        if (kase === undefined) throw new AppError('not_found', 'No such case');
        personId = kase.personId;
      }
      const location = await locate(tx, input.postcode);
      const index = await matchIndexFor(deps.db, tx);
      const answer = rankServices(
        index,
        { text: input.text, needs: input.needs, age: input.age ?? null, location, barriers: input.barriers, days: input.days, limit: input.limit },
        { now: deps.clock.now(), staleMonths: deps.config.directoryStaleMonths },
      );
      if (matchId !== null) {
        await insertServiceMatch(tx, {
          id: matchId,
          referralId: input.referralId ?? null,
          needs: answer.understoodNeeds.map((u) => u.need),
          resultIds: answer.results.map((r) => r.service.id),
          createdBy: actor.kind === 'user' ? actor.userId : `system:${actor.label}`,
          createdAt: deps.clock.now().toISOString(),
        });
      }
      return { matchId, ...answer };
    },
    audit: (r) => ({
      personId,
      summary: {
        caseId: input.referralId ?? null,
        needs: r.understoodNeeds.map((u) => u.need),
        codedNeeds: (input.needs ?? []).length,
        fromText: input.text !== undefined && input.text !== '',
        barriers: [...(input.barriers ?? [])],
        located: input.postcode !== undefined,
        results: r.results.length,
      },
    }),
  });
}
