import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditHashKind } from '../../domain/audit.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from './context.ts';
import { sha256 } from './ids.ts';

/**
 * The audit key (LINKWORK_AUDIT_KEY) belongs to the database handle it was configured with, not
 * to the process: tests (and a process holding two databases) open several handles with different
 * settings, and appendAudit's callers hand it only a transaction. Every transaction of a Kysely
 * instance shares that instance's dialect adapter, so the adapter is the handle's identity here.
 */
const keys = new WeakMap<object, string>();

const identity = (db: Tx): object => db.getExecutor().adapter;

/** Makes this database handle (and its transactions) sign new audit events with the key; null: plain hashes. */
export function bindAuditKey(db: Kysely<DB>, key: string | null): void {
  if (key === null) keys.delete(identity(db));
  else keys.set(identity(db), key);
}

/** The audit key bound to this handle or transaction, if any. */
export function auditKeyOf(db: Tx): string | null {
  return keys.get(identity(db)) ?? null;
}

/** HMAC-SHA256 of the text with the key, hex. */
export function hmacSha256(key: string, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

/** The hash a new event gets on this handle: keyed when a key is bound, plain otherwise. */
export function chainHash(db: Tx, canonicalText: string): { hash: string; kind: AuditHashKind } {
  const key = auditKeyOf(db);
  return key === null ? { hash: sha256(canonicalText), kind: 'sha256' } : { hash: hmacSha256(key, canonicalText), kind: 'hmac-sha256' };
}

/** The hash an event of this kind should have; null when it is keyed and no key is known. */
export function expectedHash(kind: AuditHashKind, canonicalText: string, key: string | null): string | null {
  if (kind === 'sha256') return sha256(canonicalText);
  return key === null ? null : hmacSha256(key, canonicalText);
}

/** Compares two hex digests in constant time (a signature check should not leak how much matched). */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
