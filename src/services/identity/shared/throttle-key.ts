import { sha256 } from '../../kernel/ids.ts';

/** The throttle key for a typed e-mail: hashed, so the table stores no address. */
export const throttleKeyFor = (email: string): string => `email:${sha256(email.trim().toLowerCase())}`;
