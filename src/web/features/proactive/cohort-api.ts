import type { z } from 'zod';
import {
  cohortRuleListViewSchema,
  cohortRunListViewSchema,
  cohortRunViewSchema,
  type CohortRunInput,
  type FairnessReasonInput,
} from '../../../domain/schemas/proactive.ts';
import { request } from '../../api.ts';

/** Proactive cohorts' typed client: every answer checked against the schema the server filters it with. */
export const cohortKeys = {
  all: ['cohort-runs'] as const,
  list: () => [...cohortKeys.all, 'list'] as const,
  run: (id: string) => [...cohortKeys.all, 'run', id] as const,
};

const listSchema = cohortRunListViewSchema.extend({ options: cohortRuleListViewSchema });
export type CohortRunList = z.infer<typeof listSchema>;

export const cohortApi = {
  list: (signal?: AbortSignal) => request(listSchema, '/proactive/cohort-runs', { signal }),
  get: (id: string, signal?: AbortSignal) => request(cohortRunViewSchema, `/proactive/cohort-runs/${encodeURIComponent(id)}`, { signal }),
  run: (body: CohortRunInput) => request(cohortRunViewSchema, '/proactive/cohort-runs', { method: 'POST', body }),
  recordReason: (id: string, body: FairnessReasonInput) =>
    request(cohortRunViewSchema, `/proactive/cohort-runs/${encodeURIComponent(id)}/fairness-reason`, { method: 'POST', body }),
};
