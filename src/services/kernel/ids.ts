import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { formatReference } from '../../domain/reference.ts';

/** Sortable, app-generated ids (UUIDv7): portable across SQLite and PostgreSQL. */
export const newId = (): string => uuidv7();

/** An unguessable token for cookies and links (256 bits, base64url). */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** SHA-256 hex; tokens are stored only as their hash. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A new human-friendly referral reference (collisions are caught by the unique index and retried). */
export const newReference = (): string => formatReference(randomBytes(8));
