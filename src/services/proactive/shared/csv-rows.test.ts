import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvRows, type CsvRow } from './csv-rows.ts';

const dir = mkdtempSync(join(tmpdir(), 'linkwork-csv-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function rows(content: string): Promise<CsvRow[]> {
  const file = join(dir, `f${++n}.csv`);
  writeFileSync(file, content);
  const out: CsvRow[] = [];
  for await (const batch of readCsvRows(file)) out.push(...batch);
  return out;
}

describe('readCsvRows', () => {
  it('splits plain lines, drops a BOM and CR, skips blank and comma-only lines, numbers lines as the file does', async () => {
    expect(await rows('\uFEFFa,b,c\r\n1,2,3\r\n\r\n,,\r\n4,,6')).toEqual([
      { cells: ['a', 'b', 'c'], line: 1 },
      { cells: ['1', '2', '3'], line: 2 },
      { cells: ['4', '', '6'], line: 5 },
    ]);
  });

  it('reads quoted cells as RFC 4180 says: commas, doubled quotes and line breaks inside quotes', async () => {
    expect(await rows('a,b\n"x, y","say ""hi"""\n"two\nlines",z\nlast,1\n')).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: ['x, y', 'say "hi"'], line: 2 },
      { cells: ['two\nlines', 'z'], line: 3 },
      { cells: ['last', '1'], line: 5 },
    ]);
  });

  it('reads a large file across chunk boundaries the same as a small one', async () => {
    const lines = ['nhs_number,date,kind'];
    for (let i = 0; i < 60_000; i++) lines.push(i % 1000 === 0 ? `"${i}","2026-01-01","a ""q"""` : `${i},2026-01-01,appointment`);
    const got = await rows(lines.join('\n'));
    expect(got).toHaveLength(60_001);
    expect(got[1]).toEqual({ cells: ['0', '2026-01-01', 'a "q"'], line: 2 });
    expect(got[60_000]).toEqual({ cells: ['59999', '2026-01-01', 'appointment'], line: 60_001 });
    expect(got.every((r, i) => r.line === i + 1 && r.cells.length === 3)).toBe(true);
  });

  it('refuses a quote that is never closed, naming the line; a missing file is coded', async () => {
    await expect(rows('a,b\n1,"open\n2,3\n')).rejects.toMatchObject({ code: 'invalid_input', details: { reason: 'not_csv', line: 2 } });
    const gen = readCsvRows(join(dir, 'missing.csv'));
    await expect(gen.next()).rejects.toMatchObject({ code: 'invalid_input', details: { reason: 'file_not_found' } });
  });
});
