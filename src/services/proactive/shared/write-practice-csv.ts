import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { eventsCsvLines, peopleCsvLines, type SyntheticPracticeData } from '../../../domain/proactive/synthetic-practice.ts';

/** Writes lines to a file with back-pressure (a 2M-line events file must not sit in memory twice); answers the data lines written. */
export async function writeLines(file: string, lines: Iterable<string>): Promise<number> {
  const out = createWriteStream(file);
  let count = -1;
  let buffer: string[] = [];
  for (const line of lines) {
    buffer.push(line);
    count++;
    if (buffer.length >= 10_000) {
      if (!out.write(`${buffer.join('\n')}\n`)) await once(out, 'drain');
      buffer = [];
    }
  }
  out.end(buffer.length > 0 ? `${buffer.join('\n')}\n` : '');
  await once(out, 'finish');
  return count;
}

/** Writes generated practice data as `people.csv` and `events.csv` in `dir` (made if missing), in the documented format. */
export async function writePracticeCsvFiles(
  dir: string,
  data: Pick<SyntheticPracticeData, 'people' | 'events'>,
): Promise<{ people: string; events: string; rows: { people: number; events: number } }> {
  mkdirSync(dir, { recursive: true });
  const people = join(dir, 'people.csv');
  const events = join(dir, 'events.csv');
  const rows = { people: await writeLines(people, peopleCsvLines(data.people)), events: await writeLines(events, eventsCsvLines(data.events)) };
  return { people, events, rows };
}
