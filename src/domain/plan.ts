/**
 * The personalised care and support plan (DOMAIN.md §2 step 5): goals in the person's own words,
 * each with steps, a target date, a status and a 0–10 progress rating given at each review.
 * Every save is a new version; the highest is current.
 */
export const GOAL_STATUSES = ['not_started', 'in_progress', 'achieved', 'partly_achieved', 'stopped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export const GOAL_STATUS_LABELS: { readonly [S in GoalStatus]: string } = {
  not_started: 'Not started',
  in_progress: 'In progress',
  achieved: 'Achieved',
  partly_achieved: 'Partly achieved',
  stopped: 'Stopped',
};

export const PROGRESS_MIN = 0;
export const PROGRESS_MAX = 10;

export interface PlanStep {
  text: string;
  /** Who does this step ("me", "Jo, link worker", "my daughter"): free text, the person's words. */
  who: string | null;
  done: boolean;
}

export interface PlanGoal {
  id: string;
  /** The goal in the person's own words. */
  text: string;
  steps: PlanStep[];
  targetDate: string | null;
  status: GoalStatus;
  /** 0–10, the person's own rating at the review that produced this version; null before the first review. */
  progress: number | null;
}

/** How many goals are achieved (fully) of all goals, for the discharge message's outcome line. */
export function goalsAchieved(goals: readonly PlanGoal[]): { achieved: number; total: number } {
  return { achieved: goals.filter((g) => g.status === 'achieved').length, total: goals.length };
}
