import type { Kysely } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { matchIndexBuilder, matchServices as rankServices, type MatchIndex } from '../../domain/matching/engine.ts';
import { isOutwardCode, outcodeCentroid } from '../../domain/matching/outcodes.ts';
import type { MatchAnswer, PersonLocation } from '../../domain/matching/types.ts';
import { normalisePostcode, outwardCode } from '../../domain/postcode.ts';
import type { ServiceMatchInput } from '../../domain/schemas/community.ts';
import { findCaseInScope } from '../../db/repositories/community/community-referrals.ts';
import { findPersonForServices } from '../../db/repositories/community/service-reach.ts';
import { sexForServices } from '../../domain/services-for-person.ts';
import { directoryHead, directoryVersion, forEachMatchableServicePage, insertServiceMatch } from '../../db/repositories/directory/match-corpus.ts';
import { findPostcode } from '../../db/repositories/geo/postcodes.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor, ServiceDeps, Tx } from '../kernel/context.ts';
import { newId } from '../kernel/ids.ts';
import { wordNet } from './shared/wordnet.ts';
import { requirePermission, runUseCase } from '../kernel/use-case.ts';

export interface ServiceMatchOutcome extends MatchAnswer {
  matchId: string | null;
}

/**
 * The matcher's index, one per database per process, rebuilt when the directory changes. Two
 * checks: on every match the directory's head (greatest service and location ids — new listings,
 * from the primary-key indexes, ~0.2 ms); and the full version stamp (counts and latest updated_at
 * of services and locations — edits such as capacity or an archive; ~13 ms at 100,000 services on
 * SQLite, answered mostly from indexes). Below LARGE services the full stamp is read on every match
 * and a change is rebuilt before answering (well under a second). A large directory's stamp is read
 * off the request path, at most every FULL_CHECK_MS after an answer; when either check finds a
 * change, the index is rebuilt in the background (~12 s at 100,000 services) while matches keep
 * being answered from the previous one — an edit reaches matching within seconds, and no request
 * waits for a rebuild. Only the very first build, when there is no index yet, is waited for; the
 * server starts it as it starts (`warmMatchIndex`).
 */
const FULL_CHECK_MS = 5_000;
const LARGE = 10_000;
const LOAD_PAGE = 500;

interface CachedIndex {
  head: string;
  version: string;
  checkedAt: number;
  index: MatchIndex;
  /** A background check found the directory changed: rebuild (in the background when large). */
  stale: boolean;
  checking: boolean;
}
interface IndexSlot {
  cached: CachedIndex | null;
  /** The build under way, if any: matches that must wait for it share it. */
  building: Promise<CachedIndex> | null;
}
const slots = new WeakMap<object, IndexSlot>();

function slotFor(db: Kysely<DB>): IndexSlot {
  let slot = slots.get(db);
  if (slot === undefined) slots.set(db, (slot = { cached: null, building: null }));
  return slot;
}

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

/** Reads the directory (through `db`: inside the caller's transaction, or on its own) and indexes
 * it a page at a time, so the records are never all in memory at once. */
async function buildFrom(db: Kysely<DB>, head?: string): Promise<CachedIndex> {
  const version = await directoryVersion(db);
  const headNow = head ?? (await directoryHead(db));
  const builder = matchIndexBuilder();
  await forEachMatchableServicePage(db, LOAD_PAGE, (page) => {
    for (const s of page) builder.add(s);
  });
  return { head: headNow, version, checkedAt: performance.now(), index: builder.finish(), stale: false, checking: false };
}

/** Starts a background build of `db`'s index, reading outside any transaction, unless one is
 * under way; the slot takes the result. */
function startBuild(db: Kysely<DB>, slot: IndexSlot): Promise<CachedIndex> {
  if (slot.building !== null) return slot.building;
  const building = buildFrom(db)
    .then((built) => {
      slot.cached = built;
      return built;
    })
    .finally(() => {
      if (slot.building === building) slot.building = null;
    });
  slot.building = building;
  return building;
}

export async function matchIndexFor(db: Kysely<DB>, tx: Tx): Promise<MatchIndex> {
  const slot = slotFor(db);
  const head = await directoryHead(tx);
  const cached = slot.cached;
  if (cached !== null && cached.index.size >= LARGE) {
    if (cached.head !== head || cached.stale) startBuild(db, slot).catch(() => undefined);
    else if (!cached.checking && performance.now() - cached.checkedAt >= FULL_CHECK_MS) scheduleFullCheck(db, cached);
    return cached.index;
  }
  if (cached !== null && cached.head === head && !cached.stale && (await directoryVersion(tx)) === cached.version) return cached.index;
  // No index, or a small one out of date: built here, inside this transaction, so the index holds
  // what it sees. Never by waiting for a background build: that reads outside this transaction,
  // and on SQLite's one connection its next query waits for this transaction to end.
  const built = await buildFrom(tx, head);
  slot.cached = built;
  return built.index;
}

/**
 * Builds the matcher's index in the background unless there is one, so the first search after the
 * server starts does not wait for it (100,000 services take ~12 s). Reads page by page, yielding
 * between queries, so requests are served meanwhile. Resolves when there is an index (or the build
 * failed: the first match then builds in its transaction and reports the failure). Never call it
 * inside a transaction (see matchIndexFor).
 */
export function warmMatchIndex(db: Kysely<DB>): Promise<void> {
  const slot = slotFor(db);
  // WordNet's index files (~6 MB) are read after the build, so they do not add to its peak
  if (slot.cached !== null) {
    wordNet();
    return Promise.resolve();
  }
  return startBuild(db, slot).then(
    () => void wordNet(),
    () => void wordNet(),
  );
}

/** Forgets the cached index (tests; a deployment never needs to). */
export function forgetMatchIndex(db: Kysely<DB>): void {
  slots.delete(db);
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
    if (found !== undefined && found.latitude !== null && found.longitude !== null)
      return { latitude: found.latitude, longitude: found.longitude, precision: 'postcode' };
    const c = outcodeCentroid(outwardCode(full));
    return c === undefined ? null : { ...c, precision: 'outcode' };
  }
  if (isOutwardCode(postcode)) {
    const c = outcodeCentroid(postcode);
    return c === undefined ? null : { ...c, precision: 'outcode' };
  }
  throw new AppError('invalid_input', 'Enter a postcode, or its first half, like HX1 1AA or HX1', {
    fields: { postcode: 'Enter a postcode, or its first half' },
  });
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
  let sex: 'female' | 'male' | null = null;
  const uc = { permission: 'service:read', action: 'service.matched', entityType: 'service_match', entityId: matchId } as const;
  // refuse first; then, outside the transaction, wait for the index if there is none yet
  await requirePermission(deps, actor, uc);
  await warmMatchIndex(deps.db);
  return runUseCase(deps, actor, {
    ...uc,
    work: async (tx, access) => {
      if (input.referralId !== undefined) {
        const kase = await findCaseInScope(tx, input.referralId, access.referrals);
        if (kase === undefined) throw new AppError('not_found', 'No such case');
        personId = kase.personId;
        // services only for the other sex are left out for this person (never logged or audited)
        const person = await findPersonForServices(tx, kase.personId);
        if (person !== undefined) sex = sexForServices(person.sex, person.genderIdentity);
      }
      const location = await locate(tx, input.postcode);
      const index = await matchIndexFor(deps.db, tx);
      const answer = rankServices(
        index,
        { text: input.text, needs: input.needs, age: input.age ?? null, sex, location, barriers: input.barriers, days: input.days, limit: input.limit },
        { now: deps.clock.now(), staleMonths: deps.config.directoryStaleMonths, lexicon: wordNet() },
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
        placeNamed: r.place !== null,
        results: r.results.length,
      },
    }),
  });
}
