import type { z } from 'zod';
import { outcomeReportSchema, type OutcomeReportQuery } from '../../../domain/schemas/outcome-reports.ts';
import {
  administrationViewSchema,
  caseOutcomesViewSchema,
  instrumentListViewSchema,
  loadPackResultSchema,
  type recordOutcomeBodySchema,
} from '../../../domain/schemas/outcomes.ts';
import {
  outcomeLinkCreatedViewSchema,
  outcomeLinksViewSchema,
  publicQuestionnaireViewSchema,
  questionnaireSubmittedViewSchema,
  type createOutcomeLinkBodySchema,
  type submitQuestionnaireBodySchema,
} from '../../../domain/schemas/self-completion.ts';
import { request } from '../../api.ts';

/**
 * The typed client for outcomes: instruments (built in and installed packs), a case's
 * administrations with change from baseline, recording one, and the person's self-completion
 * questionnaire. Every answer is checked against the shared zod schema the server filters it with.
 */

const caseUrl = (id: string, rest: string): string => `/cases/${encodeURIComponent(id)}${rest}`;

export type RecordOutcomeRequest = z.input<typeof recordOutcomeBodySchema>;
export type CreateOutcomeLinkRequest = z.input<typeof createOutcomeLinkBodySchema>;
export type SubmitQuestionnaireRequest = z.input<typeof submitQuestionnaireBodySchema>;

/** Query keys: outcomes, everything under `outcomesKeys.all`. */
export const outcomesKeys = {
  all: ['outcomes'] as const,
  instruments: () => [...outcomesKeys.all, 'instruments'] as const,
  /** Everything about one case's outcomes (its administrations and its links). */
  forCase: (caseId: string) => [...outcomesKeys.all, 'case', caseId] as const,
  caseAdministrations: (caseId: string) => [...outcomesKeys.forCase(caseId), 'administrations'] as const,
  caseLinks: (caseId: string) => [...outcomesKeys.forCase(caseId), 'links'] as const,
  questionnaire: (token: string) => [...outcomesKeys.all, 'questionnaire', token] as const,
  report: (query: OutcomeReportQuery) => [...outcomesKeys.all, 'report', query] as const,
};

export const instrumentsApi = {
  list: (signal?: AbortSignal) => request(instrumentListViewSchema, '/instruments', { signal }),
  /** Uploads a pack file's parsed JSON (admins). */
  loadPack: (pack: unknown) => request(loadPackResultSchema, '/instruments/packs', { method: 'POST', body: pack }),
};

export const outcomesApi = {
  forCase: (caseId: string, signal?: AbortSignal) => request(caseOutcomesViewSchema, caseUrl(caseId, '/outcomes'), { signal }),
  record: (caseId: string, body: RecordOutcomeRequest) => request(administrationViewSchema, caseUrl(caseId, '/outcomes'), { method: 'POST', body }),
  createLink: (caseId: string, body: CreateOutcomeLinkRequest) =>
    request(outcomeLinkCreatedViewSchema, caseUrl(caseId, '/outcome-links'), { method: 'POST', body }),
};

/** The person's side: no sign-in, the token is the only authority. */
export const selfCompletionApi = {
  get: (token: string, signal?: AbortSignal) =>
    request(publicQuestionnaireViewSchema, `/public/questionnaires/${encodeURIComponent(token)}`, { signal, sessionOptional: true }),
  submit: (token: string, body: SubmitQuestionnaireRequest) =>
    request(questionnaireSubmittedViewSchema, `/public/questionnaires/${encodeURIComponent(token)}`, { method: 'POST', body, sessionOptional: true }),
};

// ---- Self-completion links on a case (added by the self-completion work) ----

/** The links made on a case and where each stands (never the link itself: only its hash is kept). */
export const outcomeLinksApi = {
  list: (caseId: string, signal?: AbortSignal) => request(outcomeLinksViewSchema, caseUrl(caseId, '/outcome-links'), { signal }),
};

/** The cohort outcome report (leads, PCN leads, commissioners) for these filters. */
export const outcomeReportsApi = {
  outcomes: (query: OutcomeReportQuery, signal?: AbortSignal) => request(outcomeReportSchema, '/reports/outcomes', { query, signal }),
};
