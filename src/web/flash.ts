/**
 * A one-time success message carried across a navigation ("Account created"), shown by the next
 * page that asks for it. Kept in memory only: a reload drops it, which is what a flash should do.
 */
let pending: string | null = null;

export function setFlash(message: string): void {
  pending = message;
}

/** The pending message, cleared as it is read. */
export function takeFlash(): string | null {
  const m = pending;
  pending = null;
  return m;
}
