import type { PracticeExtractView } from '../../../domain/schemas/practice-data.ts';
import type { PracticeExtractSummary } from '../../../db/repositories/proactive/practice-data.ts';

/** The whitelisted view of an extract summary. */
export function presentPracticeExtract(e: PracticeExtractSummary): PracticeExtractView {
  return {
    id: e.id,
    practice: { id: e.practiceId, odsCode: e.practiceOds, name: e.practiceName },
    extractDate: e.extractDate,
    people: e.people,
    events: e.events,
    importedAt: e.importedAt,
    current: e.current,
  };
}
