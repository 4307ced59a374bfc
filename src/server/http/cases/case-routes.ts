import { z } from 'zod';
import { idSchema } from '../../../domain/schemas/common.ts';
import {
  caseloadQuerySchema,
  caseloadViewSchema,
  caseParamsSchema,
  caseReassignedViewSchema,
  caseViewSchema,
  caseWriteResultSchema,
  changeStatusBodySchema,
  contactLoggedViewSchema,
  conversationSavedViewSchema,
  dischargeMessageSchema,
  gpEntriesCsvQuerySchema,
  gpEntriesFiledViewSchema,
  gpEntriesQuerySchema,
  gpEntriesViewSchema,
  logContactBodySchema,
  markGpEntriesFiledBodySchema,
  notificationsQuerySchema,
  notificationsViewSchema,
  notificationViewSchema,
  planPrintViewSchema,
  planQuerySchema,
  planSavedViewSchema,
  practiceMessagesQuerySchema,
  practiceMessagesViewSchema,
  reassignCaseBodySchema,
  recordUnmetNeedBodySchema,
  saveConversationBodySchema,
  savePlanBodySchema,
  todayQuerySchema,
  todayViewSchema,
  unmetNeedViewSchema,
} from '../../../domain/schemas/cases.ts';
import { changeCaseStatus } from '../../../services/cases/change-case-status.ts';
import { exportGpEntries, gpEntriesCsv } from '../../../services/cases/export-gp-entries.ts';
import { getCase } from '../../../services/cases/get-case.ts';
import { getDischargeMessage } from '../../../services/cases/get-discharge-message.ts';
import { getPracticeMessage } from '../../../services/cases/get-practice-message.ts';
import { listPracticeMessages } from '../../../services/cases/list-practice-messages.ts';
import { getPlanPrint } from '../../../services/cases/get-plan-print.ts';
import { getToday } from '../../../services/cases/get-today.ts';
import { listCaseload } from '../../../services/cases/list-caseload.ts';
import { listNotifications } from '../../../services/notifications/list-notifications.ts';
import { logContact } from '../../../services/cases/log-contact.ts';
import { markGpEntriesFiled } from '../../../services/cases/mark-gp-entries-filed.ts';
import { markNotificationRead } from '../../../services/notifications/mark-notification-read.ts';
import { reassignCase } from '../../../services/cases/reassign-case.ts';
import { recordUnmetNeed } from '../../../services/community/record-unmet-need.ts';
import { saveConversation } from '../../../services/cases/save-conversation.ts';
import { savePlan } from '../../../services/cases/save-plan.ts';
import { requireActor } from '../../auth.ts';
import {
  presentCase,
  presentCaseSummary,
  presentCaseWrite,
  presentContact,
  presentConversation,
  presentDischargeMessage,
  presentGpEntry,
  presentNotification,
  presentPlanPrint,
  presentPlanVersion,
  presentPracticeMessage,
  presentToday,
  presentUnmetNeed,
} from './case-presenters.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

/** The link worker's casework: lifecycle, contacts, conversation, plan, caseload, Today, discharge. */
export function registerCaseRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  const params = caseParamsSchema;
  const tags = ['cases'];

  app.get('/api/v1/cases', {
    schema: {
      tags,
      summary: 'Caseload: your cases (a lead: the PCN, or one link worker) — filter, sort, search by name, NHS number or reference',
      querystring: caseloadQuerySchema,
      response: { 200: caseloadViewSchema },
    },
    handler: async (req) => {
      const r = await listCaseload(deps, await requireActor(req, deps, secure), req.query);
      return { cases: r.cases.map(presentCaseSummary), total: r.total };
    },
  });

  app.get('/api/v1/cases/:id', {
    schema: {
      tags,
      summary: 'The case page: person, referral, status, contacts, conversation, plan, community referrals, unmet needs, GP-record entries, timeline',
      params,
      response: { 200: caseViewSchema },
    },
    handler: async (req) => presentCase(await getCase(deps, await requireActor(req, deps, secure), req.params.id)),
  });

  app.post('/api/v1/cases/:id/status', {
    schema: {
      tags,
      summary: 'Accept, decline, start, hold, resume or discharge (with a coded reason and the sharing choice)',
      params,
      body: changeStatusBodySchema,
      response: { 200: caseWriteResultSchema },
    },
    handler: async (req) => presentCaseWrite(await changeCaseStatus(deps, await requireActor(req, deps, secure), req.params.id, req.body)),
  });

  app.post('/api/v1/cases/:id/reassign', {
    schema: {
      tags,
      summary: 'A lead moves an open case to another link worker who covers its practice (both are notified)',
      params,
      body: reassignCaseBodySchema,
      response: { 200: caseReassignedViewSchema },
    },
    handler: async (req) => {
      const r = await reassignCase(deps, await requireActor(req, deps, secure), req.params.id, req.body);
      return { ...presentCaseWrite(r), linkWorker: r.linkWorker, previousLinkWorkerId: r.previousLinkWorkerId };
    },
  });

  app.post('/api/v1/cases/:id/contacts', {
    schema: { tags, summary: 'Log a contact or a contact attempt', params, body: logContactBodySchema, response: { 201: contactLoggedViewSchema } },
    handler: async (req, reply) => {
      const r = await logContact(deps, await requireActor(req, deps, secure), req.params.id, req.body);
      return reply.status(201).send({ ...presentCaseWrite(r), contact: presentContact(r.contact), suggestedDischarge: r.suggestedDischarge });
    },
  });

  app.put('/api/v1/cases/:id/conversation', {
    schema: {
      tags,
      summary: 'Save the "what matters to you" conversation (version 0 creates it)',
      params,
      body: saveConversationBodySchema,
      response: { 200: conversationSavedViewSchema },
    },
    handler: async (req) => presentConversation(await saveConversation(deps, await requireActor(req, deps, secure), req.params.id, req.body)),
  });

  app.post('/api/v1/cases/:id/plan/versions', {
    schema: {
      tags,
      summary: 'Save the plan as a new version (a review adds progress ratings)',
      params,
      body: savePlanBodySchema,
      response: { 201: planSavedViewSchema },
    },
    handler: async (req, reply) => {
      const r = await savePlan(deps, await requireActor(req, deps, secure), req.params.id, req.body);
      return reply.status(201).send({ ...presentPlanVersion(r), caseVersion: r.caseVersion });
    },
  });

  app.get('/api/v1/cases/:id/plan', {
    schema: {
      tags,
      summary: 'The plan to print for the person: current, or ?version=N',
      params,
      querystring: planQuerySchema,
      response: { 200: planPrintViewSchema },
    },
    handler: async (req) => presentPlanPrint(await getPlanPrint(deps, await requireActor(req, deps, secure), req.params.id, req.query.version)),
  });

  app.post('/api/v1/cases/:id/unmet-needs', {
    schema: {
      tags,
      summary: 'Record an unmet need (no suitable service) in the person’s area',
      params,
      body: recordUnmetNeedBodySchema,
      response: { 201: unmetNeedViewSchema },
    },
    handler: async (req, reply) =>
      reply.status(201).send(presentUnmetNeed(await recordUnmetNeed(deps, await requireActor(req, deps, secure), req.params.id, req.body))),
  });

  app.get('/api/v1/practice-messages', {
    schema: {
      tags,
      summary: 'The practice inbox: messages back for discharged cases at your practices, newest first (GP practice staff)',
      querystring: practiceMessagesQuerySchema,
      response: { 200: practiceMessagesViewSchema },
    },
    handler: async (req) => ({
      messages: (await listPracticeMessages(deps, await requireActor(req, deps, secure), req.query.limit)).map(presentPracticeMessage),
    }),
  });

  app.get('/api/v1/practice-messages/:id', {
    schema: { tags, summary: 'One message back in the practice inbox, as the person chose to share it', params, response: { 200: dischargeMessageSchema } },
    handler: async (req) => presentDischargeMessage(await getPracticeMessage(deps, await requireActor(req, deps, secure), req.params.id)),
  });

  app.get('/api/v1/cases/:id/discharge-message', {
    schema: {
      tags,
      summary: 'The message back to the GP and the referrer, honouring the person’s sharing choice',
      params,
      response: { 200: dischargeMessageSchema },
    },
    handler: async (req) => presentDischargeMessage(await getDischargeMessage(deps, await requireActor(req, deps, secure), req.params.id)),
  });

  app.get('/api/v1/today', {
    schema: { tags, summary: "A link worker's worklist (a lead may pass linkWorkerId)", querystring: todayQuerySchema, response: { 200: todayViewSchema } },
    handler: async (req) => presentToday(await getToday(deps, await requireActor(req, deps, secure), req.query)),
  });

  app.get('/api/v1/notifications', {
    schema: {
      tags: ['notifications'],
      summary: 'Your in-app notifications, newest first',
      querystring: notificationsQuerySchema,
      response: { 200: notificationsViewSchema },
    },
    handler: async (req) => {
      const r = await listNotifications(deps, await requireActor(req, deps, secure), { unreadOnly: req.query.unreadOnly === 'true', limit: req.query.limit });
      return { notifications: r.notifications.map(presentNotification), unread: r.unread };
    },
  });

  app.post('/api/v1/notifications/:id/read', {
    schema: {
      tags: ['notifications'],
      summary: 'Mark one of your notifications read',
      params: z.strictObject({ id: idSchema }),
      response: { 200: notificationViewSchema },
    },
    handler: async (req) => presentNotification(await markNotificationRead(deps, await requireActor(req, deps, secure), req.params.id)),
  });

  app.get('/api/v1/gp-record-entries', {
    schema: {
      tags: ['gp-record'],
      summary: 'GP-record entries at your practices (pending by default)',
      querystring: gpEntriesQuerySchema,
      response: { 200: gpEntriesViewSchema },
    },
    handler: async (req) => {
      const rows = await exportGpEntries(deps, await requireActor(req, deps, secure), {
        practiceId: req.query.practiceId,
        status: req.query.status,
        limit: req.query.limit,
        format: 'json',
      });
      return { entries: rows.map(presentGpEntry) };
    },
  });

  app.get('/api/v1/gp-record-entries.csv', {
    schema: {
      tags: ['gp-record'],
      summary: 'Pending GP-record entries as CSV (NHS number, SNOMED CT code, date, description)',
      querystring: gpEntriesCsvQuerySchema,
    },
    handler: async (req, reply) => {
      const rows = await exportGpEntries(deps, await requireActor(req, deps, secure), {
        practiceId: req.query.practiceId,
        status: 'pending',
        limit: null,
        format: 'csv',
      });
      const day = deps.clock.now().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="linkwork-gp-record-entries-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(gpEntriesCsv(rows));
    },
  });

  app.post('/api/v1/gp-record-entries/filed', {
    schema: {
      tags: ['gp-record'],
      summary: 'Mark GP-record entries as filed in the GP system',
      body: markGpEntriesFiledBodySchema,
      response: { 200: gpEntriesFiledViewSchema },
    },
    handler: async (req) => markGpEntriesFiled(deps, await requireActor(req, deps, secure), req.body.ids),
  });
}
