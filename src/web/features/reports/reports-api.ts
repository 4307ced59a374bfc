import { headlinesViewSchema, reportViewSchema, type ReportQuery } from '../../../domain/schemas/reports.ts';
import type { ReportName } from '../../../domain/insight/reports.ts';
import { request } from '../../api.ts';

/** The insight reports' typed client: every answer checked against the schema the server filters it with. */
export const reportsKeys = {
  all: ['reports'] as const,
  report: (name: ReportName, query: ReportQuery) => [...reportsKeys.all, name, query] as const,
  headlines: () => [...reportsKeys.all, 'headlines'] as const,
};

export const reportsApi = {
  get: (name: ReportName, query: ReportQuery, signal?: AbortSignal) => request(reportViewSchema, `/reports/${name}`, { query, signal }),
  headlines: (signal?: AbortSignal) => request(headlinesViewSchema, '/reports/headlines', { signal }),
};
