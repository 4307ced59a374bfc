import type { RouteContext, ZApp } from './context.ts';

/** The link worker's casework: lifecycle, contacts, conversation, plan, caseload, Today, discharge. */
export function registerCaseRoutes(_app: ZApp, _ctx: RouteContext): void {}
