import { canonicalCheckpointText, type AuditCheckpoint } from '../../../domain/audit.ts';
import { hmacSha256, sameDigest } from '../../kernel/audit-key.ts';

/** The signature of a checkpoint: HMAC-SHA256 of its canonical text with the audit key, hex. */
export function signCheckpoint(key: string, c: Omit<AuditCheckpoint, 'signature'>): string {
  return hmacSha256(key, canonicalCheckpointText(c));
}

/** True when the checkpoint was signed with this key and not changed since. */
export function checkpointSignatureMatches(key: string, c: AuditCheckpoint): boolean {
  return sameDigest(signCheckpoint(key, c), c.signature);
}
