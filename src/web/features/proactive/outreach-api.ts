import {
  outreachAcceptedViewSchema,
  outreachListViewSchema,
  outreachStartedViewSchema,
  outreachViewSchema,
  type AcceptOutreachInput,
  type DeclineOutreachInput,
  type RecordInvitationInput,
  type RecordResponseInput,
  type ReviewOutreachInput,
} from '../../../domain/schemas/outreach.ts';
import { request } from '../../api.ts';

/** Proactive outreach's typed client: every answer checked against the schema the server filters it with. */
export const outreachKeys = {
  all: ['outreach'] as const,
  list: (view: 'worklist' | 'reviews', run: string | null) => [...outreachKeys.all, view, run ?? 'all'] as const,
};

const q = (run: string | null) => (run === null ? '' : `?run=${encodeURIComponent(run)}`);
const one = (id: string, step: string) => `/proactive/outreach/${encodeURIComponent(id)}/${step}`;

/** Request bodies as the forms build them (defaults applied by the server's schema). */
type Body<T> = Omit<T, 'version'> & { version: number };

export const outreachApi = {
  worklist: (run: string | null, signal?: AbortSignal) => request(outreachListViewSchema, `/proactive/outreach${q(run)}`, { signal }),
  reviews: (run: string | null, signal?: AbortSignal) => request(outreachListViewSchema, `/proactive/outreach/reviews${q(run)}`, { signal }),
  start: (runId: string) => request(outreachStartedViewSchema, '/proactive/outreach/start', { method: 'POST', body: { runId } }),
  review: (id: string, body: Body<ReviewOutreachInput>) => request(outreachViewSchema, one(id, 'review'), { method: 'POST', body }),
  invite: (id: string, body: Body<Partial<RecordInvitationInput>>) => request(outreachViewSchema, one(id, 'invitations'), { method: 'POST', body }),
  respond: (id: string, body: Body<RecordResponseInput>) => request(outreachViewSchema, one(id, 'response'), { method: 'POST', body }),
  decline: (id: string, body: Body<DeclineOutreachInput>) => request(outreachViewSchema, one(id, 'decline'), { method: 'POST', body }),
  optOut: (id: string, version: number) => request(outreachViewSchema, one(id, 'opt-out'), { method: 'POST', body: { version } }),
  accept: (id: string, body: Body<Partial<AcceptOutreachInput>>) => request(outreachAcceptedViewSchema, one(id, 'accept'), { method: 'POST', body }),
};
