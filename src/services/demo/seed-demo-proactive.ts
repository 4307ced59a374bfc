import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../../domain/clock.ts';
import { londonDate } from '../../domain/insight/periods.ts';
import type { NeedCode } from '../../domain/needs.ts';
import type { OutreachChannel } from '../../domain/proactive/outreach.ts';
import { generatePracticeData } from '../../domain/proactive/synthetic-practice.ts';
import type { OutreachItem } from '../proactive/shared/outreach.ts';
import { systemActor, type ServiceDeps } from '../kernel/context.ts';
import { acceptOutreach } from '../proactive/accept-outreach.ts';
import { declineOutreach } from '../proactive/decline-outreach.ts';
import { findCohort } from '../proactive/find-cohort.ts';
import { importPracticeData } from '../proactive/import-practice-data.ts';
import { listOutreach } from '../proactive/list-outreach.ts';
import { optOutOfOutreach } from '../proactive/opt-out-of-outreach.ts';
import { recordFairnessReason } from '../proactive/record-fairness-reason.ts';
import { recordOutreachInvitation } from '../proactive/record-outreach-invitation.ts';
import { recordOutreachResponse } from '../proactive/record-outreach-response.ts';
import { reviewOutreach } from '../proactive/review-outreach.ts';
import { writePracticeCsvFiles } from '../proactive/shared/write-practice-csv.ts';
import { startOutreach } from '../proactive/start-outreach.ts';
import type { Cast } from './history/cast.ts';

const DAY = 86_400_000;

export interface DemoProactiveSummary {
  people: number;
  events: number;
  cohort: number;
  outreach: { started: number; cleared: number; invited: number; accepted: number; declined: number; optedOut: number };
}

/** Invented names for the people who accept (the practice extract has none). */
const ACCEPTED = [
  { givenName: 'Dawn', familyName: 'Whiteley', needs: ['employment', 'mental_wellbeing'] },
  { givenName: 'Kamran', familyName: 'Aziz', needs: ['employment', 'debt'] },
  { givenName: 'Lorraine', familyName: 'Pickles', needs: ['loneliness', 'physical_activity'] },
] as const satisfies readonly { givenName: string; familyName: string; needs: readonly NeedCode[] }[];

/** Live postcodes of the demo's area (no termination date), so people fall in real LSOAs with IMD deciles. */
function demoPostcodes(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(','))
    .filter((c) => c[0] !== undefined && c[0] !== '' && (c[4] ?? '') === '')
    .map((c) => c[0] ?? '');
}

/**
 * Proactive social prescribing in the living demo (issue 12): each of Halifax Central PCN's four
 * practices has exported its search (synthetic people and three years of coded events, from the
 * seeded generator, with a modest true effect of social prescribing; by default the whole list),
 * imported a few days ago; the
 * lead ran a fit-note cohort (repeat fit notes in the most deprived areas) and its fairness check, and outreach is under way: some people
 * cleared by the clinician's review, some invited, a few who replied — three accepted (now referrals
 * with source "proactive"), one declined, one opted out — and the rest still waiting.
 */
export async function seedDemoProactive(
  deps: ServiceDeps,
  cast: Cast,
  endMs: number,
  postcodeFile: string,
  peoplePerPractice?: number,
): Promise<DemoProactiveSummary> {
  const clock = fixedClock(new Date(endMs - 6 * DAY));
  const d: ServiceDeps = { ...deps, clock };
  const extractDate = londonDate(new Date(endMs - 7 * DAY));
  const data = generatePracticeData({
    seed: 2026,
    practices: cast.practices.map((p) => ({ ods: p.odsCode, people: peoplePerPractice ?? p.listSize })),
    extractDate,
    years: 3,
    trueEffect: { gpAppointmentsPerQuarter: -0.4, fitNotesPerQuarter: -0.15 },
    referredShare: 0.02,
    postcodes: demoPostcodes(postcodeFile),
  });
  const dir = mkdtempSync(join(tmpdir(), 'linkwork-demo-practice-'));
  let imported: { people: number; events: number };
  try {
    const files = await writePracticeCsvFiles(dir, data);
    imported = await importPracticeData(d, systemActor('demo-seed'), files);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Five days ago: the lead finds people with repeat fit notes living in the most deprived areas.
  clock.set(new Date(endMs - 5 * DAY));
  const lead = cast.lead.actor;
  let run = await findCohort(d, lead, { rules: ['FN-1', 'DEP-1'], mode: 'all' });
  if (run.blocked) {
    clock.advance(20 * 60_000);
    run = await recordFairnessReason(d, lead, run.id, {
      text: 'Fit notes go to people of working age in the most deprived areas by design, so other groups are expected to be few; the practices agreed.',
    });
  }
  clock.advance(30 * 60_000);
  const started = await startOutreach(d, lead, { runId: run.id });
  const counts = { started: started.started, cleared: 0, invited: 0, accepted: 0, declined: 0, optedOut: 0 };

  // The clinician's review of the first forty, four days ago; invitations three days ago.
  const worklist = async (): Promise<OutreachItem[]> => (await listOutreach(d, lead, { run: run.id, limit: 1000 })).items;
  const firstForty = (await worklist()).slice(0, 40);
  clock.set(new Date(endMs - 4 * DAY));
  const reviewed: OutreachItem[] = [];
  for (const [i, item] of firstForty.entries()) {
    clock.advance(3 * 60_000);
    reviewed.push(
      i % 13 === 12
        ? await reviewOutreach(d, lead, item.id, { version: item.version, outcome: 'not_suitable', reason: 'recent_bereavement' })
        : await reviewOutreach(d, lead, item.id, { version: item.version, outcome: 'cleared' }),
    );
  }
  const cleared = reviewed.filter((r) => r.state === 'cleared');
  counts.cleared = cleared.length;
  clock.set(new Date(endMs - 3 * DAY));
  const channels: OutreachChannel[] = ['letter', 'sms', 'sms', 'phone'];
  const invited: OutreachItem[] = [];
  for (const [i, item] of cleared.slice(0, 28).entries()) {
    clock.advance(4 * 60_000);
    invited.push(
      await recordOutreachInvitation(d, lead, item.id, {
        version: item.version,
        channel: channels[i % channels.length] ?? 'letter',
        language: i % 9 === 4 ? 'ur' : i % 11 === 6 ? 'pl' : 'en',
        easyRead: i % 7 === 3,
      }),
    );
  }
  counts.invited = invited.length;

  // Replies over the last two days: three accept, one declines, one opts out.
  clock.set(new Date(endMs - 2 * DAY));
  for (const [i, item] of invited.slice(0, 5).entries()) {
    clock.advance(45 * 60_000);
    const replied = await recordOutreachResponse(d, lead, item.id, { version: item.version, outcome: 'responded' });
    const who = ACCEPTED[i];
    if (who !== undefined) {
      await acceptOutreach(d, lead, replied.id, {
        version: replied.version,
        givenName: who.givenName,
        familyName: who.familyName,
        needs: [...who.needs],
        reasonText: 'Replied to the practice letter about support with fit notes and getting back to work.',
        urgency: 'routine',
        consentGiven: true,
        confirmNotDuplicate: true,
      });
      counts.accepted += 1;
    } else if (i === 3) {
      await declineOutreach(d, lead, replied.id, { version: replied.version, code: 'not_now' });
      counts.declined += 1;
    } else {
      await optOutOfOutreach(d, lead, replied.id, { version: replied.version });
      counts.optedOut += 1;
    }
  }
  return { people: imported.people, events: imported.events, cohort: run.people, outreach: counts };
}
