import { describe, expect, it } from 'vitest';
import { IN_NAME, TF2_MAX, buildMatchIndex, matchIndexBuilder, reasonFacts } from './build.ts';
import { stem } from './text.ts';
import type { MatchableService } from './types.ts';

function svc(id: string, over: Partial<MatchableService> = {}): MatchableService {
  return {
    id,
    externalId: null,
    name: `Service ${id}`,
    organisationId: 'org-1',
    organisationName: 'Calder Trust',
    description: null,
    eligibilityDescription: null,
    feesDescription: null,
    needs: [],
    needsSource: 'classified',
    classification: [],
    taxonomyTerms: [],
    costs: [],
    schedules: [],
    accessibility: [],
    languages: [],
    interpretationServices: null,
    locations: [],
    minimumAge: null,
    maximumAge: null,
    capacity: 'open',
    waitingWeeks: null,
    takesReferrals: true,
    status: 'active',
    archived: false,
    lastVerifiedAt: '2026-10-01T00:00:00Z',
    assuredDate: null,
    createdAt: '2020-01-01T00:00:00Z',
    ...over,
  };
}

describe('the index layout', () => {
  it('keeps each stem’s postings in service order with twice the field-weighted frequency', () => {
    const index = buildMatchIndex([
      // body: name ×1, description ×1, taxonomy ×2, organisation ×0.5 (the name is also a field of its own)
      svc('b', { name: 'Walking group', description: 'A gentle walk. Walking is good.', organisationName: 'Walking Trust' }),
      svc('a', { name: 'Choir', description: 'We sing and walk home together.', taxonomyTerms: ['Walking'] }),
      svc('c', { name: 'Debt advice', description: 'Money advice, debt and benefits.' }),
    ]);
    // services are indexed in id order whatever order they came in
    expect(index.services.map((s) => s.id)).toEqual(['a', 'b', 'c']);
    const walk = index.postings[index.stemIds.get(stem('walking'))!]!;
    expect([...walk.docs]).toEqual([0, 1]);
    // a: taxonomy "walking" ×2 + body "walk" ×1 = 3; b: body (name 1, "walk" 1, "walking" 1) + organisation 0.5 = 3.5
    expect([...walk.tf2].map((t) => t & TF2_MAX)).toEqual([6, 7]);
    // and marks the postings whose word is in the service's name too ("Walking group")
    expect([...walk.tf2].map((t) => t >= IN_NAME)).toEqual([false, true]);
    const debt = index.postings[index.stemIds.get(stem('debt'))!]!;
    expect([...debt.docs]).toEqual([2]);
    expect([...debt.tf2]).toEqual([4 | IN_NAME]); // body: name 1 + description 1; in the name
    // every posting list is a view into one shared buffer per kind
    expect(walk.docs.buffer).toBe(debt.docs.buffer);
  });

  it('finds every word of a large vocabulary again (the word table grows and rehashes without losing one)', () => {
    const services = Array.from({ length: 3000 }, (_, i) =>
      svc(`s${String(i).padStart(5, '0')}`, { name: `Group ${i}`, description: `Meets at hall${i} with kx${i}a, kx${i}b and kx${i}c. Shared words.` }),
    );
    const index = buildMatchIndex(services);
    for (const i of [0, 1, 1234, 2999]) {
      for (const w of [`hall${i}`, `kx${i}a`, `kx${i}c`]) {
        const id = index.stemIds.get(w);
        expect(id, w).toBeDefined();
        expect([...index.postings[id!]!.docs], w).toEqual([i]);
      }
    }
    expect(index.postings[index.stemIds.get(stem('shared'))!]!.docs.length).toBe(3000);
  });

  it('decodes the reason facts of a service exactly as they went in (terms kept to three, first interest word, languages)', () => {
    const b = matchIndexBuilder();
    b.add(
      svc('a', {
        name: 'Singing for the brain',
        description: 'A choir and singing group. We also garden on the allotment.',
        needs: ['loneliness'],
        needsSource: 'corrected',
        classification: [
          { need: 'loneliness', confidence: 0.912345, terms: ['lonely', 'isolated', 'befriending', 'company'] },
          { need: 'dementia_memory', confidence: 0.5, terms: [] },
        ],
        languages: ['Urdu', 'English', 'Polish'],
      }),
    );
    b.add(svc('b'));
    const index = b.finish();
    expect(reasonFacts(index, 0)).toEqual({
      needsSource: 'corrected',
      classification: [
        { need: 'loneliness', confidence: 0.912345, terms: ['lonely', 'isolated', 'befriending'] },
        { need: 'dementia_memory', confidence: 0.5, terms: [] },
      ],
      needs: ['loneliness'],
      interestWords: { singing: 'singing', gardening: 'garden' },
      languages: ['Polish', 'Urdu'],
    });
    expect(reasonFacts(index, 1)).toEqual({ needsSource: 'classified', classification: [], needs: [], interestWords: undefined, languages: undefined });
  });
});
