import { findDuplicates } from '../../domain/duplicates.ts';
import type { IdentityCheck, SuggestedLinkWorkerView, TriageQuery } from '../../domain/schemas/referrals.ts';
import { listDuplicatePool, type PersonIdentity } from '../../db/repositories/people/person-details.ts';
import {
  countOpenCaseloads,
  countTriage,
  findCreationEventData,
  listLinkWorkersCovering,
  listTriageRows,
  type TriageRow,
} from '../../db/repositories/intake/referrals.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

const DAY_MS = 86_400_000;

/** A referral on the triage board, with what the lead needs to decide. */
export interface TriageItem extends TriageRow {
  daysWaiting: number;
  identityChecks: IdentityCheck[];
  suggestedLinkWorkers: SuggestedLinkWorkerView[];
}

export interface TriageList {
  referrals: TriageItem[];
  counts: { waiting: number; urgent: number; safeguarding: number };
}

/**
 * The lead's triage board: referrals waiting (status `referred`) at practices in their scope,
 * urgent and safeguarding first, then soon, then routine, oldest first within each (in SQL;
 * domain/triage-order.ts), each with days waiting (by the injected clock), flags, identity checks
 * to make (possible duplicate among the people they cover, an NHS number that did not match,
 * details that differ from the record reused) and suggested link workers — those covering the
 * practice, fewest open cases first. The listing is audited with its count and who was on it.
 */
export async function listTriage(deps: ServiceDeps, actor: Actor, query: TriageQuery): Promise<TriageList> {
  return runUseCase(deps, actor, {
    permission: 'referral:triage',
    action: 'referral.listed',
    entityType: 'referral',
    work: async (tx, access) => {
      const viewer = access.referrals;
      const rows = await listTriageRows(tx, viewer, { practiceId: query.practiceId, limit: query.limit });
      const counts = await countTriage(tx, viewer, query.practiceId);

      const covering = await listLinkWorkersCovering(tx, [...new Set(rows.map((r) => r.practiceId))]);
      const caseloads = await countOpenCaseloads(
        tx,
        covering.map((c) => c.userId),
      );
      const suggestions = new Map<string, SuggestedLinkWorkerView[]>();
      for (const c of covering) {
        const list = suggestions.get(c.practiceId) ?? [];
        list.push({ id: c.userId, displayName: c.displayName, openCaseload: caseloads.get(c.userId) ?? 0 });
        suggestions.set(c.practiceId, list);
      }
      for (const list of suggestions.values())
        list.sort((a, b) => a.openCaseload - b.openCaseload || a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));

      const pool = new Map<string, PersonIdentity[]>();
      for (const p of await listDuplicatePool(
        tx,
        rows.map((r) => r.person.dateOfBirth),
        { scope: access.people },
      )) {
        pool.set(p.dateOfBirth, [...(pool.get(p.dateOfBirth) ?? []), p]);
      }
      const created = await findCreationEventData(
        tx,
        rows.map((r) => r.id),
      );
      const now = deps.clock.now().getTime();

      const referrals = rows.map((r): TriageItem => {
        const checks: IdentityCheck[] = [];
        const others = (pool.get(r.person.dateOfBirth) ?? []).filter((p) => p.id !== r.person.id);
        if (findDuplicates({ ...r.person }, others).length > 0) checks.push('possible_duplicate');
        const data = created.get(r.id);
        if (data?.['nhsNumberNotMatched'] === true) checks.push('nhs_number_not_matched');
        if (Array.isArray(data?.['detailsDiffer']) && (data['detailsDiffer'] as unknown[]).length > 0) checks.push('details_differ_from_record');
        return {
          ...r,
          daysWaiting: Math.max(0, Math.floor((now - Date.parse(r.createdAt)) / DAY_MS)),
          identityChecks: checks,
          suggestedLinkWorkers: suggestions.get(r.practiceId) ?? [],
        };
      });
      return { referrals, counts };
    },
    audit: (list) => ({
      summary: { view: 'triage', count: list.referrals.length, waiting: list.counts.waiting },
      shownPersonIds: list.referrals.map((r) => r.person.id),
    }),
  });
}
