import { z } from 'zod';

/** A stored practice data extract, summarised: which practice, which search date, how many rows — never a person's data. */
export const practiceExtractViewSchema = z.object({
  id: z.string(),
  practice: z.object({ id: z.string(), odsCode: z.string().nullable(), name: z.string() }),
  /** YYYY-MM-DD: the day the practice ran its search */
  extractDate: z.string(),
  people: z.number().int(),
  events: z.number().int(),
  importedAt: z.string(),
  /** The practice's latest extract: the one cohorts and impact read. */
  current: z.boolean(),
});
export type PracticeExtractView = z.infer<typeof practiceExtractViewSchema>;

export const practiceExtractListViewSchema = z.object({ extracts: z.array(practiceExtractViewSchema) });
