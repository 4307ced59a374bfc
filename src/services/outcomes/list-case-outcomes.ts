import { AppError } from '../../domain/errors.ts';
import {
  changeBetween,
  type AdministrationChange,
  type InstrumentDefinition,
  type OutcomeMode,
  type OutcomeTimepoint,
  type ScoredAdministration,
} from '../../domain/instruments/index.ts';
import { londonDate } from '../../domain/worklist.ts';
import { listCaseAdministrations } from '../../db/repositories/outcomes/administrations.ts';
import { requireCase } from '../cases/shared/case-access.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { findInstrument } from './shared/outcome-records.ts';
import { runUseCase } from '../kernel/use-case.ts';

export interface CaseAdministration {
  id: string;
  caseId: string;
  instrumentCode: string;
  instrumentVersion: string;
  timepoint: OutcomeTimepoint;
  mode: OutcomeMode;
  administeredOn: string;
  scores: ScoredAdministration;
  createdAt: string;
  /** Change from the first baseline; null for that baseline itself or when there is none. */
  changeFromBaseline: AdministrationChange | null;
}

export interface CaseInstrumentOutcomes {
  instrument: InstrumentDefinition;
  source: 'built_in' | 'pack';
  administrations: CaseAdministration[];
}

export interface CaseOutcomes {
  caseId: string;
  personId: string;
  today: string;
  instruments: CaseInstrumentOutcomes[];
}

/**
 * A case's outcomes, per instrument version: administrations over time with their stored scores
 * and bands, and each one's change from the first baseline judged against the instrument's
 * meaningful change. A case outside scope answers not_found; the read is audited against the person.
 */
export async function listCaseOutcomes(deps: ServiceDeps, actor: Actor, caseId: string): Promise<CaseOutcomes> {
  return runUseCase(deps, actor, {
    permission: 'outcome:read',
    action: 'outcome.viewed',
    entityType: 'referral',
    entityId: caseId,
    work: async (tx, access) => {
      const c = await requireCase(tx, access, caseId);
      const rows = await listCaseAdministrations(tx, c.id);
      const groups = new Map<string, CaseInstrumentOutcomes>();
      for (const row of rows) {
        const key = `${row.instrumentCode}\u0000${row.instrumentVersion}`;
        let group = groups.get(key);
        if (group === undefined) {
          const def = await findInstrument(tx, row.instrumentCode, row.instrumentVersion);
          if (def === undefined) throw new AppError('internal', 'An administration refers to an instrument that is not installed');
          group = { instrument: def, source: def.licence.kind === 'licensed' ? 'pack' : 'built_in', administrations: [] };
          groups.set(key, group);
        }
        const scores = JSON.parse(row.scores) as ScoredAdministration;
        group.administrations.push({
          id: row.id,
          caseId: row.referralId,
          instrumentCode: row.instrumentCode,
          instrumentVersion: row.instrumentVersion,
          timepoint: row.timepoint as OutcomeTimepoint,
          mode: row.mode as OutcomeMode,
          administeredOn: row.administeredOn,
          scores,
          createdAt: row.createdAt,
          changeFromBaseline: null,
        });
      }
      for (const group of groups.values()) {
        const baseline = group.administrations.find((a) => a.timepoint === 'baseline');
        if (baseline === undefined) continue;
        for (const a of group.administrations) {
          if (a !== baseline) a.changeFromBaseline = changeBetween(group.instrument, baseline.scores, a.scores);
        }
      }
      return { caseId: c.id, personId: c.person.id, today: londonDate(deps.clock.now()), instruments: [...groups.values()] };
    },
    audit: (r) => ({
      personId: r.personId,
      summary: {
        part: 'outcomes',
        instruments: r.instruments.map((i) => i.instrument.code),
        count: r.instruments.reduce((n, i) => n + i.administrations.length, 0),
      },
    }),
  });
}
