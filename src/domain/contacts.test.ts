import { describe, expect, it } from 'vitest';
import { CONTACT_GUIDANCE, CONTACT_TYPE_LABELS, CONTACT_TYPES, contactGuidanceBand } from './contacts.ts';

describe('contacts', () => {
  it('places a count against the 6–12 guidance', () => {
    expect(CONTACT_GUIDANCE).toEqual({ min: 6, max: 12 });
    expect([0, 5, 6, 12, 13].map(contactGuidanceBand)).toEqual(['below', 'below', 'within', 'within', 'above']);
  });

  it('labels every contact type', () => {
    expect(CONTACT_TYPES).toEqual(['phone', 'face_to_face', 'home_visit', 'video', 'text', 'email', 'accompanied_visit']);
    for (const t of CONTACT_TYPES) expect(CONTACT_TYPE_LABELS[t]).toMatch(/^[A-Z]/);
  });
});
