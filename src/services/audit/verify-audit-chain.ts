import { canonicalAuditText, GENESIS_HASH } from '../../domain/audit.ts';
import { getChainHead, streamAuditEvents } from '../../db/repositories/audit/audit-events.ts';
import type { ServiceDeps } from '../kernel/context.ts';
import { sha256 } from '../kernel/ids.ts';

/**
 * Why the chain is broken at the event named:
 * - `altered`: the row was edited; its content no longer matches its own hash.
 * - `rehashed`: the row matches its own hash, but the next event (or the chain head) recorded a
 *   different hash for it: it was edited and given a fresh hash.
 * - `missing`: no event has this seq (deleted from the middle).
 * - `broken_link`: the event does not start from the genesis hash / the head does not match the trail.
 * - `truncated`: the chain head says there were events from this seq on; they are gone.
 */
export type ChainBreak = 'altered' | 'rehashed' | 'missing' | 'broken_link' | 'truncated';

export type ChainVerdict = { ok: true; events: number } | { ok: false; events: number; firstBadSeq: number; firstBadId: string | null; reason: ChainBreak };

/**
 * Walks the whole trail in seq order and recomputes every hash, stopping at the FIRST bad event
 * (`events` counts those verified before it). An edited row fails its own hash; an edited row
 * given a fresh hash no longer matches the prev_hash its successor recorded (or the chain head);
 * a deleted row leaves a gap in seq; a deleted tail no longer reaches the chain head. (Rewriting
 * every later event and the head too is not detectable from inside the database: export the head
 * hash elsewhere to anchor it.)
 */
export async function verifyAuditChain(deps: Pick<ServiceDeps, 'db'>): Promise<ChainVerdict> {
  let expectedSeq = 1;
  let prev: { seq: number; id: string; hash: string } | null = null;
  let events = 0;
  for await (const e of streamAuditEvents(deps.db, {})) {
    if (e.seq !== expectedSeq) return { ok: false, events, firstBadSeq: expectedSeq, firstBadId: null, reason: 'missing' };
    // Own hash first: a row edited in place is itself the bad event.
    if (sha256(canonicalAuditText(e)) !== e.hash) return { ok: false, events, firstBadSeq: e.seq, firstBadId: e.id, reason: 'altered' };
    if (e.prevHash !== (prev?.hash ?? GENESIS_HASH)) {
      // This row is self-consistent, so the one before it was given a new hash after this was written.
      return prev === null
        ? { ok: false, events, firstBadSeq: e.seq, firstBadId: e.id, reason: 'broken_link' }
        : { ok: false, events: events - 1, firstBadSeq: prev.seq, firstBadId: prev.id, reason: 'rehashed' };
    }
    prev = { seq: e.seq, id: e.id, hash: e.hash };
    expectedSeq += 1;
    events += 1;
  }
  const head = await getChainHead(deps.db);
  const lastSeq = prev?.seq ?? 0;
  if (head === undefined || head.seq < lastSeq) {
    return { ok: false, events: head?.seq ?? 0, firstBadSeq: (head?.seq ?? 0) + 1, firstBadId: null, reason: 'broken_link' };
  }
  if (head.seq > lastSeq) return { ok: false, events, firstBadSeq: expectedSeq, firstBadId: null, reason: 'truncated' };
  if (head.hash !== (prev?.hash ?? GENESIS_HASH)) {
    return prev === null
      ? { ok: false, events, firstBadSeq: 1, firstBadId: null, reason: 'broken_link' }
      : { ok: false, events: events - 1, firstBadSeq: prev.seq, firstBadId: prev.id, reason: 'rehashed' };
  }
  return { ok: true, events };
}
