/**
 * How long a practice's own data stays (issue 12): person-level GP data is kept only as long as
 * it is needed. An extract is deleted when its extract date is more than the retention period
 * before today, or when the practice has two newer extracts — the current one (that cohorts and
 * impact read) and the one before it (kept so that people found in the last cohort run can still
 * be traced while the new extract is checked). Whichever comes first.
 */

/** How many of a practice's extracts are kept, newest first, however recent the others are. */
export const EXTRACTS_KEPT_PER_PRACTICE = 2;

/** The date `days` days before `today` (both YYYY-MM-DD). */
export function daysBefore(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** The ids of the extracts the retention rule deletes today. */
export function extractsToPurge(extracts: readonly { id: string; practiceId: string; extractDate: string }[], today: string, retentionDays: number): string[] {
  const cutoff = daysBefore(today, retentionDays);
  const byPractice = new Map<string, { id: string; extractDate: string }[]>();
  for (const e of extracts) {
    const list = byPractice.get(e.practiceId) ?? [];
    list.push(e);
    byPractice.set(e.practiceId, list);
  }
  const out: string[] = [];
  for (const list of byPractice.values()) {
    list.sort((a, b) => (a.extractDate < b.extractDate ? 1 : a.extractDate > b.extractDate ? -1 : 0));
    list.forEach((e, i) => {
      if (i >= EXTRACTS_KEPT_PER_PRACTICE || e.extractDate < cutoff) out.push(e.id);
    });
  }
  return out;
}
