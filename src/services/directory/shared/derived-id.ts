import { v5 as uuidv5 } from 'uuid';

// Ids derived from the feed's own keys, so a re-import finds the same rows (UUIDv5 in one namespace).
const ID_NAMESPACE = 'a4f8c2d0-5b7e-4f3a-9c61-2e8d7b0f1a35';
export const derivedId = (...parts: string[]): string => uuidv5(parts.join('\u0000'), ID_NAMESPACE);
