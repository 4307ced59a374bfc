import { describe, expect, it } from 'vitest';
import { isValidNhsNumber } from '../nhs-number.ts';
import { eventsCsvLines, generatePracticeData, peopleCsvLines } from './synthetic-practice.ts';

const base = { seed: 11, practices: [{ ods: 'Y00001', people: 3000 }], extractDate: '2026-11-30', years: 3 } as const;

describe('generatePracticeData', () => {
  it('is reproducible from its seed, and a different seed gives different data', () => {
    const a = generatePracticeData(base);
    const b = generatePracticeData(base);
    expect(b.events).toEqual(a.events);
    expect(b.people).toEqual(a.people);
    const c = generatePracticeData({ ...base, seed: 12 });
    expect(c.events.length).not.toBe(a.events.length);
  });

  it('writes valid, unique NHS numbers, and no event after the extract date or before the history', () => {
    const d = generatePracticeData(base);
    expect(d.people).toHaveLength(3000);
    expect(new Set(d.people.map((p) => p.nhsNumber)).size).toBe(3000);
    for (const p of d.people) expect(isValidNhsNumber(p.nhsNumber), p.nhsNumber).toBe(true);
    for (const e of d.events) {
      expect(e.date <= '2026-11-30').toBe(true);
      expect(e.date >= '2023-11-30').toBe(true);
      if (e.kind === 'fit_note') {
        expect(e.endDate !== null && e.endDate >= e.date).toBe(true);
        expect(e.fitness).not.toBeNull();
      }
      if (e.kind === 'appointment' || e.kind === 'dna') expect(e.role).not.toBeNull();
    }
  });

  it('records each referral as an sp_referral event on its index date, for adults only', () => {
    const d = generatePracticeData({ ...base, referredShare: 0.05 });
    expect(d.referred.length).toBeGreaterThan(50);
    const spEvents = new Set(d.events.filter((e) => e.kind === 'sp_referral').map((e) => `${e.nhsNumber}|${e.date}`));
    for (const r of d.referred) expect(spEvents.has(`${r.nhsNumber}|${r.indexDate}`)).toBe(true);
    const dob = new Map(d.people.map((p) => [p.nhsNumber, p.dateOfBirth]));
    for (const r of d.referred) expect(Date.parse(r.indexDate) - Date.parse(dob.get(r.nhsNumber) ?? '')).toBeGreaterThan(17 * 365 * 86_400_000);
  });

  it('applies no effect when none is asked, and reports the effect applied when one is', () => {
    expect(generatePracticeData(base).truth).toMatchObject({ gpAppointmentsPerQuarter: 0, fitNotesPerQuarter: 0 });
    const t = generatePracticeData({ ...base, trueEffect: { gpAppointmentsPerQuarter: -0.5, fitNotesPerQuarter: -0.2 } }).truth;
    expect(t.people).toBeGreaterThan(0);
    // Rates never go below zero, so the applied effect is at most the one asked, and close to it for appointments.
    expect(t.gpAppointmentsPerQuarter).toBeLessThan(-0.4);
    expect(t.gpAppointmentsPerQuarter).toBeGreaterThanOrEqual(-0.5);
    expect(t.fitNotesPerQuarter).toBeLessThan(0);
    expect(t.fitNotesPerQuarter).toBeGreaterThanOrEqual(-0.2);
  });

  it('writes CSV in the documented column order', () => {
    const d = generatePracticeData({ ...base, practices: [{ ods: 'Y00001', people: 20 }] });
    const people = [...peopleCsvLines(d.people)];
    expect(people[0]).toBe('nhs_number,practice_ods,date_of_birth,sex,ethnicity,postcode,ltc_registers,palliative,do_not_contact,extract_date');
    expect(people).toHaveLength(21);
    expect(people[1]).toMatch(/^999\d{7},Y00001,\d{4}-\d\d-\d\d,[MFOU],[A-Z]?,,[A-Z;]*,[YN],[YN],2026-11-30$/);
    const events = [...eventsCsvLines(d.events)];
    expect(events[0]).toBe('nhs_number,date,kind,end_date,fitness,role');
    expect(events).toHaveLength(d.events.length + 1);
  });
});
