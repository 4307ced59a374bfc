import { AUDIT_HASH_KINDS, canonicalAuditText, GENESIS_HASH, type AuditCheckpoint, type AuditHashKind } from '../../domain/audit.ts';
import { AppError } from '../../domain/errors.ts';
import { getChainHead, streamAuditEvents } from '../../db/repositories/audit/audit-events.ts';
import { auditKeyOf, expectedHash } from '../kernel/audit-key.ts';
import type { ServiceDeps } from '../kernel/context.ts';
import { checkpointSignatureMatches } from './shared/checkpoint-signature.ts';

/**
 * Why the chain is broken at the event named:
 * - `altered`: the row was edited; its content no longer matches its own (plain) hash.
 * - `forged`: a keyed event whose HMAC does not match: edited, or written by someone without the
 *   audit key (or with another key).
 * - `downgraded`: a plain-hash event after keyed ones: written without the key (a forgery, or a
 *   process started without LINKWORK_AUDIT_KEY).
 * - `key_missing`: a keyed event, and no audit key to check it with.
 * - `rehashed`: the row matches its own hash, but the next event (or the chain head) recorded a
 *   different hash for it: it was edited and given a fresh hash.
 * - `missing`: no event has this seq (deleted from the middle).
 * - `broken_link`: the event does not start from the genesis hash / the head does not match the trail.
 * - `truncated`: the chain head says there were events from this seq on; they are gone.
 * Against a checkpoint:
 * - `checkpoint_unsigned`: the checkpoint's signature does not match (edited, or another key).
 * - `shortened`: the checkpoint names an event the trail no longer reaches (tail deleted, emptied).
 * - `rewritten`: the event the checkpoint names has another hash now (history rewritten).
 */
export type ChainBreak =
  | 'altered'
  | 'forged'
  | 'downgraded'
  | 'key_missing'
  | 'rehashed'
  | 'missing'
  | 'broken_link'
  | 'truncated'
  | 'checkpoint_unsigned'
  | 'shortened'
  | 'rewritten';

export type ChainVerdict =
  | { ok: true; events: number; keyed: number; checkpoint: { seq: number; at: string } | null }
  | { ok: false; events: number; firstBadSeq: number; firstBadId: string | null; reason: ChainBreak };

const isHashKind = (k: string): k is AuditHashKind => (AUDIT_HASH_KINDS as readonly string[]).includes(k);

/**
 * Walks the whole trail in seq order and recomputes every hash (keyed ones with the audit key
 * bound to this database handle), stopping at the FIRST bad event (`events` counts those verified
 * before it). An edited row fails its own hash; an edited row given a fresh hash no longer matches
 * the prev_hash its successor recorded (or the chain head); a deleted row leaves a gap in seq; a
 * deleted tail no longer reaches the chain head; a row added or rewritten without the key fails
 * its HMAC or is a plain row after keyed ones. What the database alone cannot show (the tail
 * deleted with the head reset to match, the trail emptied, every row rewritten) a checkpoint
 * kept outside it does: its head must still be in the trail with the same hash.
 */
export async function verifyAuditChain(deps: Pick<ServiceDeps, 'db'>, checkpoint: AuditCheckpoint | null = null): Promise<ChainVerdict> {
  const key = auditKeyOf(deps.db);
  if (checkpoint !== null && key === null) {
    throw new AppError('invalid_input', 'No audit key is configured: set LINKWORK_AUDIT_KEY to check a checkpoint', { reason: 'no_audit_key' });
  }
  if (checkpoint !== null && key !== null && !checkpointSignatureMatches(key, checkpoint)) {
    return { ok: false, events: 0, firstBadSeq: checkpoint.seq, firstBadId: null, reason: 'checkpoint_unsigned' };
  }
  let expectedSeq = 1;
  let prev: { seq: number; id: string; hash: string } | null = null;
  let events = 0;
  let keyed = 0;
  let hashAtCheckpoint: string | null = null;
  for await (const e of streamAuditEvents(deps.db, {})) {
    if (e.seq !== expectedSeq) return { ok: false, events, firstBadSeq: expectedSeq, firstBadId: null, reason: 'missing' };
    const bad = (reason: ChainBreak): ChainVerdict => ({ ok: false, events, firstBadSeq: e.seq, firstBadId: e.id, reason });
    if (!isHashKind(e.hashKind)) return bad('altered');
    // Once the trail is keyed it stays keyed: a plain row after a keyed one was not written by us.
    if (e.hashKind === 'sha256' && keyed > 0) return bad('downgraded');
    // Own hash first: a row edited in place is itself the bad event.
    const expected = expectedHash(e.hashKind, canonicalAuditText(e), key);
    if (expected === null) return bad('key_missing');
    if (expected !== e.hash) return bad(e.hashKind === 'sha256' ? 'altered' : 'forged');
    if (e.prevHash !== (prev?.hash ?? GENESIS_HASH)) {
      // This row is self-consistent, so the one before it was given a new hash after this was written.
      return prev === null ? bad('broken_link') : { ok: false, events: events - 1, firstBadSeq: prev.seq, firstBadId: prev.id, reason: 'rehashed' };
    }
    if (checkpoint !== null && e.seq === checkpoint.seq) hashAtCheckpoint = e.hash;
    prev = { seq: e.seq, id: e.id, hash: e.hash };
    expectedSeq += 1;
    events += 1;
    if (e.hashKind === 'hmac-sha256') keyed += 1;
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
  if (checkpoint !== null && checkpoint.seq > 0) {
    if (lastSeq < checkpoint.seq) return { ok: false, events, firstBadSeq: lastSeq + 1, firstBadId: null, reason: 'shortened' };
    if (hashAtCheckpoint !== checkpoint.hash) return { ok: false, events, firstBadSeq: checkpoint.seq, firstBadId: null, reason: 'rewritten' };
  }
  return { ok: true, events, keyed, checkpoint: checkpoint === null ? null : { seq: checkpoint.seq, at: checkpoint.at } };
}
