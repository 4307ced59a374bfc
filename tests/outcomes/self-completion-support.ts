import type { LightMyRequestResponse } from 'fastify';
import type { DialectName } from '../../src/db/connection.ts';
import { casework, type Casework } from '../casework/case-support.ts';

/** Answers to ONS4 (item id → 0–10). */
export const ONS4_ANSWERS = { life_satisfaction: 7, worthwhile: 8, happiness: 6, anxiety: 3 } as const;

export interface SelfCompletion extends Casework {
  /** Jo makes a link on a case; answers the token (from the URL) and the response. */
  makeLink: (caseId: string, body?: object) => Promise<{ token: string; res: LightMyRequestResponse }>;
  /** The public questionnaire, as the person's phone asks for it (no cookie, no CSRF token). */
  open: (token: string, ip?: string) => Promise<LightMyRequestResponse>;
  send: (token: string, answers: object, ip?: string) => Promise<LightMyRequestResponse>;
}

let ipCounter = 1;
/** A fresh address per call unless one is given, so tests do not trip each other's rate limits. */
export const freshIp = (): string => `203.0.113.${(ipCounter++ % 250) + 1}`;

/** A demo deployment with the casework actors signed in and helpers for links. */
export async function selfCompletion(dialect: DialectName, env: Record<string, string> = {}): Promise<SelfCompletion> {
  const cw = await casework(dialect, env);
  const makeLink: SelfCompletion['makeLink'] = async (caseId, body = { instrument: 'ons4', timepoint: 'review' }) => {
    const res = await cw.post(cw.s.jo, `/api/v1/cases/${caseId}/outcome-links`, body);
    const url = res.statusCode === 201 ? res.json<{ url: string }>().url : '';
    return { token: url.slice(url.lastIndexOf('/') + 1), res };
  };
  return {
    ...cw,
    makeLink,
    open: (token, ip) => cw.t.app.inject({ method: 'GET', url: `/api/v1/public/questionnaires/${token}`, remoteAddress: ip ?? freshIp() }),
    send: (token, answers, ip) =>
      cw.t.app.inject({ method: 'POST', url: `/api/v1/public/questionnaires/${token}`, payload: { answers }, remoteAddress: ip ?? freshIp() }),
  };
}
