import { describe, expect, it } from 'vitest';
import { reachedWithoutTravel, servicesForPerson, sexForServices, type ServiceReach } from './services-for-person.ts';

// Real places: Halifax (HX1 1AA), Hebden Bridge (10.4 km west), Leeds city centre (22 km), York (~55 km).
const HALIFAX = { latitude: 53.7232, longitude: -1.8587 };
const HEBDEN = { latitude: 53.7413, longitude: -2.0136 };
const LEEDS = { latitude: 53.7965, longitude: -1.5479 };
const YORK = { latitude: 53.959, longitude: -1.0815 };

const svc = (name: string, o: Partial<ServiceReach> = {}): ServiceReach => ({
  name,
  description: null,
  eligibilityDescription: null,
  minimumAge: null,
  maximumAge: null,
  locations: [],
  remote: false,
  ...o,
});

const margaret = { age: 75, sex: 'female' as const, location: HALIFAX };

describe('servicesForPerson', () => {
  it('leaves out by age, sex and area, counting each once under the first reason', () => {
    const all = [
      svc('Over 50s singing', { minimumAge: 50, locations: [HALIFAX] }),
      svc('Young carers club', { maximumAge: 18 }),
      svc('Active at 60', { minimumAge: 60, maximumAge: 74 }),
      svc("Elland Men's Shed", { locations: [HALIFAX] }),
      svc("Men's walking football", { maximumAge: 30 }), // too old first
      svc('York befriending', { locations: [YORK] }),
      svc("Calderdale Women's Aid", { locations: [HEBDEN] }),
    ];
    const r = servicesForPerson(all, margaret, 30);
    expect(r.shown.map((x) => x.service.name)).toEqual(['Over 50s singing', "Calderdale Women's Aid"]);
    expect(r.leftOut).toEqual({ age: 3, sex: 1, area: 1 });
    expect(r.byDistance).toBe(true);
  });

  it('orders nearest first, services with no distance last in the order given, with distances to one decimal', () => {
    const r = servicesForPerson(
      [
        svc('A online', { remote: true }),
        svc('B Leeds', { locations: [LEEDS] }),
        svc('C both', { locations: [LEEDS, HEBDEN] }),
        svc('D here', { locations: [HALIFAX] }),
        svc('E phone'),
      ],
      margaret,
      30,
    );
    expect(r.shown.map((x) => x.service.name)).toEqual(['D here', 'C both', 'B Leeds', 'A online', 'E phone']);
    expect(r.shown.map((x) => x.distanceKm)).toEqual([0, 10.4, 22, null, null]);
  });

  it('never leaves out for area a service that comes to them, one with a location it cannot place, or when the person cannot be placed', () => {
    const far = [svc('Home visits', { locations: [YORK], remote: true }), svc('Unplaced branch', { locations: [YORK, null] })];
    const r = servicesForPerson(far, margaret, 30);
    expect(r.shown.map((x) => x.service.name)).toEqual(['Home visits', 'Unplaced branch']);
    expect(r.shown.map((x) => x.distanceKm)).toEqual([expect.any(Number), expect.any(Number)]);
    const nowhere = servicesForPerson([svc('B York', { locations: [YORK] }), svc('A Leeds', { locations: [LEEDS] })], { ...margaret, location: null }, 30);
    expect(nowhere.shown.map((x) => [x.service.name, x.distanceKm])).toEqual([
      ['B York', null],
      ['A Leeds', null],
    ]);
    expect(nowhere).toMatchObject({ byDistance: false, leftOut: { age: 0, sex: 0, area: 0 } });
  });

  it('the radius is a setting', () => {
    expect(servicesForPerson([svc('Leeds', { locations: [LEEDS] })], margaret, 20).leftOut.area).toBe(1);
    expect(servicesForPerson([svc('Leeds', { locations: [LEEDS] })], margaret, 30).leftOut.area).toBe(0);
  });

  it('leaves nothing out for what is not known about the person', () => {
    const all = [svc('Under 18s', { maximumAge: 17 }), svc("Women's group"), svc("Men's Shed"), svc('York', { locations: [YORK] })];
    const r = servicesForPerson(all, { age: null, sex: null, location: null }, 30);
    expect(r.shown).toHaveLength(4);
    expect(r.leftOut).toEqual({ age: 0, sex: 0, area: 0 });
    expect(servicesForPerson(all, { age: 40, sex: 'male', location: null }, 30).leftOut).toEqual({ age: 1, sex: 1, area: 0 });
  });

  it('ages are inclusive at both ends', () => {
    const band = [svc('50 to 75', { minimumAge: 50, maximumAge: 75 })];
    expect(servicesForPerson(band, { ...margaret, age: 75 }, 30).shown).toHaveLength(1);
    expect(servicesForPerson(band, { ...margaret, age: 50 }, 30).shown).toHaveLength(1);
    expect(servicesForPerson(band, { ...margaret, age: 76 }, 30).leftOut.age).toBe(1);
  });
});

describe('sexForServices', () => {
  it('narrows only by a recorded female or male, and not when a gender identity is recorded', () => {
    expect(sexForServices('female', null)).toBe('female');
    expect(sexForServices('male', '  ')).toBe('male');
    expect(sexForServices('male', 'Woman')).toBeNull();
    expect(sexForServices('indeterminate', null)).toBeNull();
    expect(sexForServices('not_known', null)).toBeNull();
    expect(sexForServices(null, null)).toBeNull();
  });
});

describe('reachedWithoutTravel', () => {
  const r = (o: Partial<Parameters<typeof reachedWithoutTravel>[0]>) =>
    reachedWithoutTravel({ description: null, eligibilityDescription: null, attendingTypes: [], locationTypes: ['physical'], ...o });
  it('from location types, schedules and plain words', () => {
    expect(r({ locationTypes: ['virtual'] })).toBe(true);
    expect(r({ attendingTypes: ['in person', 'online'] })).toBe(true);
    expect(r({ attendingTypes: ['phone'] })).toBe(true);
    expect(r({ attendingTypes: ['in person'] })).toBe(false);
    expect(r({ description: 'A trained volunteer rings once a week for a chat by phone.' })).toBe(true);
    expect(r({ description: 'We offer home visits for people who cannot get out.' })).toBe(true);
    expect(r({ description: 'Free, confidential help by phone or in person.' })).toBe(true);
    expect(r({ description: 'A national helpline, open 24 hours.' })).toBe(true);
    expect(r({ description: 'Weekly online sessions on Zoom.' })).toBe(true);
  });
  it('not from passing words', () => {
    expect(r({ description: 'Book online or just turn up to the Tuesday walk.' })).toBe(false);
    expect(r({ description: 'Ring the office to book; sessions at the Piece Hall.' })).toBe(false);
    expect(r({ description: null })).toBe(false);
  });
});
