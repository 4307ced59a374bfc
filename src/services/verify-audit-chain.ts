import { canonicalAuditText, GENESIS_HASH } from '../domain/audit.ts';
import { getChainHead, streamAuditEvents } from '../db/repositories/audit.ts';
import type { ServiceDeps } from './context.ts';
import { sha256 } from './ids.ts';

export type ChainVerdict =
  | { ok: true; events: number }
  | { ok: false; events: number; firstBadSeq: number; firstBadId: string | null; reason: 'altered' | 'missing' | 'broken_link' | 'truncated' };

/**
 * Walks the whole trail in order and recomputes every hash. An edited row fails its own hash; a
 * deleted row leaves a gap in the sequence or a broken link; a deleted tail no longer reaches the
 * chain head. Returns the first bad event.
 */
export async function verifyAuditChain(deps: Pick<ServiceDeps, 'db'>): Promise<ChainVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let events = 0;
  for await (const e of streamAuditEvents(deps.db, {})) {
    if (e.seq !== expectedSeq) return { ok: false, events, firstBadSeq: expectedSeq, firstBadId: null, reason: 'missing' };
    if (e.prevHash !== prevHash) return { ok: false, events, firstBadSeq: e.seq, firstBadId: e.id, reason: 'broken_link' };
    const recomputed = sha256(canonicalAuditText(e));
    if (recomputed !== e.hash) return { ok: false, events, firstBadSeq: e.seq, firstBadId: e.id, reason: 'altered' };
    prevHash = e.hash;
    expectedSeq += 1;
    events += 1;
  }
  const head = await getChainHead(deps.db);
  if (head === undefined || head.seq !== expectedSeq - 1 || head.hash !== prevHash) {
    return { ok: false, events, firstBadSeq: expectedSeq, firstBadId: null, reason: 'truncated' };
  }
  return { ok: true, events };
}
