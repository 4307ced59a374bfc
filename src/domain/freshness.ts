/**
 * Directory freshness: a listing nobody has verified for `staleMonths` (LINKWORK_DIRECTORY_STALE_MONTHS,
 * 6 by default) is stale — shown as such and demoted in matching, never hidden. A listing never
 * verified in Linkwork falls back to its source feed's assured date, then to when it was added.
 */
export interface FreshnessFacts {
  lastVerifiedAt: string | null;
  assuredDate: string | null;
  createdAt: string;
}

/** The date the listing was last known to be right (ISO text). */
export function lastKnownGood(f: FreshnessFacts): string {
  return f.lastVerifiedAt ?? f.assuredDate ?? f.createdAt;
}

/** The instant before which a listing's last known good date makes it stale. */
export function staleBefore(now: Date, staleMonths: number): Date {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - staleMonths);
  return d;
}

/** True when the listing has not been verified within `staleMonths` of `now`. */
export function isStale(f: FreshnessFacts, now: Date, staleMonths: number): boolean {
  const known = Date.parse(lastKnownGood(f));
  if (Number.isNaN(known)) return true;
  return known < staleBefore(now, staleMonths).getTime();
}
