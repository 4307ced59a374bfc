import { describe, expect, it } from 'vitest';
import { updateServiceBodySchema } from '../../src/domain/schemas/directory.ts';
import { changedFields, currentValues } from '../../src/services/directory/shared/directory-access.ts';
import { splitChanges } from '../../src/services/directory/shared/service-update.ts';
import type { ServiceRecord } from '../../src/db/repositories/directory/curation.ts';

/** The pure rules of a listing edit: what always goes live, what a form may send, what a reviewer sees. */
describe('directory curation rules', () => {
  it('capacity and waiting time always go live; everything else can be held', () => {
    expect(splitChanges({ name: 'New', capacity: 'closed', waitingWeeks: null, needs: ['loneliness'], phone: null })).toEqual({
      live: { capacity: 'closed', waitingWeeks: null },
      held: { name: 'New', needs: ['loneliness'], phone: null },
    });
    expect(splitChanges({ capacity: 'open' })).toEqual({ live: { capacity: 'open' }, held: {} });
  });

  it('names the changed fields in form order, counting an explicit null (a cleared field) as a change', () => {
    expect(changedFields({ phone: null, name: 'A', description: null })).toEqual(['name', 'description', 'phone']);
    expect(changedFields({})).toEqual([]);
  });

  it('an edit must change something, ages must be in order, and empty text clears a field', () => {
    expect(updateServiceBodySchema.safeParse({ expectedVersion: 1 }).success).toBe(false);
    const ages = updateServiceBodySchema.safeParse({ expectedVersion: 1, minimumAge: 65, maximumAge: 18 });
    expect(ages.success ? [] : ages.error.issues.map((i) => i.path.join('.'))).toEqual(['maximumAge']);
    expect(updateServiceBodySchema.parse({ expectedVersion: 2, description: '  ', email: ' Hello@Example.ORG ', url: '', phone: '' })).toEqual({
      expectedVersion: 2,
      description: null,
      email: 'hello@example.org',
      url: null,
      phone: null,
    });
    expect(updateServiceBodySchema.safeParse({ expectedVersion: 1, url: 'javascript:alert(1)' }).success).toBe(false);
    expect(updateServiceBodySchema.safeParse({ expectedVersion: 1, needs: [] }).success).toBe(false);
    expect(updateServiceBodySchema.safeParse({ expectedVersion: 1, name: 'x', archived: true }).success).toBe(false);
  });

  it('shows a reviewer the live value of exactly the fields an edit changes', () => {
    const s = { name: 'Old', description: 'Was', capacity: 'open', waitingWeeks: null, needs: ['loneliness'], email: null } as unknown as ServiceRecord;
    expect(currentValues({ name: 'New', needs: ['bereavement'], phone: '01632 960 000' }, s, null)).toEqual({
      name: 'Old',
      needs: ['loneliness'],
      phone: null,
    });
  });
});
