/** The moment every API test's fixed clock starts at (and the demo template is seeded at). */
export const TEST_START = new Date('2026-11-21T09:00:00.000Z');
