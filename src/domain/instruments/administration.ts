/** When in the person's journey an instrument was administered. */
export const OUTCOME_TIMEPOINTS = ['baseline', 'review', 'final'] as const;
export type OutcomeTimepoint = (typeof OUTCOME_TIMEPOINTS)[number];

/** How it was administered: scores differ by mode, so it is always recorded (DOMAIN.md §5). */
export const OUTCOME_MODES = ['self_online', 'self_paper', 'face_to_face', 'telephone'] as const;
export type OutcomeMode = (typeof OUTCOME_MODES)[number];

export const TIMEPOINT_LABELS: { readonly [T in OutcomeTimepoint]: string } = { baseline: 'Baseline', review: 'Review', final: 'Final' };
export const MODE_LABELS: { readonly [M in OutcomeMode]: string } = {
  self_online: 'Self-completed online',
  self_paper: 'Self-completed on paper',
  face_to_face: 'Face to face',
  telephone: 'Telephone',
};
