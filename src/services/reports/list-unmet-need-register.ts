import { londonDate } from '../../domain/insight/periods.ts';
import type { NeedCode } from '../../domain/needs.ts';
import type { UnmetRegisterQuery, UnmetRegisterView } from '../../domain/schemas/unmet-register.ts';
import type { UnmetBarrier, UnmetNeedKind } from '../../domain/unmet-need.ts';
import { listUnmetNeedRegister as readRegister } from '../../db/repositories/reports/unmet-need.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { reportContext } from './shared/report-context.ts';

/**
 * The unmet-need register with the notes written with each unmet need, for those who may read
 * them (leads: `unmet_need:read_notes`), within their scope and the period, newest first. Notes
 * are free text about a person, so this is a person-level read: audited with the case ids shown.
 * The report's figures and CSV never carry them.
 */
export async function listUnmetNeedRegister(deps: ServiceDeps, actor: Actor, q: UnmetRegisterQuery): Promise<UnmetRegisterView> {
  return runUseCase(deps, actor, {
    permission: 'unmet_need:read_notes',
    action: 'report.unmet_register_viewed',
    entityType: 'report',
    entityId: 'unmet-need',
    work: async (tx, access) => {
      const ctx = await reportContext(
        tx,
        { period: q.period, pcn: q.pcn, practice: q.practice },
        { userId: access.userId, permissions: [], now: deps.clock.now() },
      );
      const { rows, total } = await readRegister(tx, {
        practiceIds: ctx.practices.map((p) => p.id),
        startUtc: ctx.period.startUtc,
        endUtc: ctx.period.endUtc,
        need: q.need,
        kind: q.kind,
        limit: q.limit,
      });
      const view: UnmetRegisterView = {
        period: { code: ctx.period.code, label: ctx.period.label, from: ctx.period.from, to: ctx.period.to },
        filters: { pcn: q.pcn ?? null, practice: q.practice ?? null, need: q.need ?? null, kind: q.kind ?? null },
        total,
        truncated: total > rows.length,
        entries: rows.map((r) => ({
          id: r.id,
          caseId: r.caseId,
          caseReference: r.caseReference,
          practiceId: r.practiceId,
          need: r.need as NeedCode,
          kind: r.kind as UnmetNeedKind,
          barrier: r.barrier as UnmetBarrier | null,
          lsoa: r.lsoa,
          imdDecile: r.imdDecile,
          recordedAt: r.createdAt,
          recordedOn: londonDate(r.createdAt),
          note: r.note,
        })),
      };
      return { view, personIds: rows.map((row) => row.personId) };
    },
    audit: ({ view: r, personIds }) => ({
      summary: {
        report: 'unmet-need',
        period: r.period.code,
        pcn: r.filters.pcn,
        practice: r.filters.practice,
        need: r.filters.need,
        kind: r.filters.kind,
        shown: r.entries.length,
        caseIds: [...new Set(r.entries.map((e) => e.caseId))],
      },
      shownPersonIds: personIds,
    }),
  }).then((r) => r.view);
}
