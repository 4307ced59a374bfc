import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorsByPath, flattenErrors, formSchema } from './forms.ts';

const body = z.strictObject({
  name: z.string().trim().min(1, 'Enter a name'),
  role: z.enum(['a', 'b']),
  steps: z.array(z.strictObject({ text: z.string().min(1, 'Describe the step') })).default([]),
});

interface Values {
  name: string;
  role: string;
  born: string;
  steps: { text: string }[];
}

const form = formSchema(
  body,
  (v: Values, problem) => {
    if (v.born === '') problem('born', 'Enter the date of birth');
    // Empty rows are left out of the request.
    return { name: v.name, role: v.role || undefined, steps: v.steps.filter((s) => s.text !== 'skip') };
  },
  {
    messages: { role: 'Choose a role' },
    pathOf: (path, v) => {
      const m = /^steps\.(\d+)(.*)$/.exec(path);
      if (m === null) return path;
      const kept = v.steps.flatMap((s, i) => (s.text === 'skip' ? [] : [i]));
      return `steps.${kept[Number(m[1])] ?? 0}${m[2] ?? ''}`;
    },
  },
);

const problems = (values: Values): [string, string][] => {
  const r = form.safeParse(values);
  return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message]);
};

describe('a form judged by a shared schema', () => {
  it('parses to the request body when all is well', () => {
    expect(form.parse({ name: ' Ada ', role: 'a', born: '1948-03-12', steps: [] })).toEqual({ name: 'Ada', role: 'a', steps: [] });
  });

  it('says the form’s own problems first, then the shared schema’s, in this form’s words and at the form’s paths', () => {
    expect(problems({ name: '', role: '', born: '', steps: [{ text: 'skip' }, { text: '' }] })).toEqual([
      ['born', 'Enter the date of birth'],
      ['name', 'Enter a name'],
      ['role', 'Choose a role'],
      ['steps.1.text', 'Describe the step'],
    ]);
  });
});

describe('problems shown at inputs', () => {
  const ids = { name: 'name-input', role: 'role-input', steps: 'steps-input' };

  it('go to the nearest input up the path, else the fallback; one per input, in the order of the form', () => {
    expect(
      errorsByPath(
        [
          ['steps.1.text', 'Describe the step'],
          ['role', 'Choose a role'],
          ['steps.0.text', 'Another'],
          ['nowhere', 'Said anyway'],
          ['name', 'Enter a name'],
        ],
        ids,
        'name-input',
      ),
    ).toEqual([
      { id: 'name-input', message: 'Said anyway' },
      { id: 'role-input', message: 'Choose a role' },
      { id: 'steps-input', message: 'Describe the step' },
    ]);
  });

  it('follow a rule in the order they came', () => {
    const rule = (p: string) => (p.startsWith('steps.') ? `step-${p.split('.')[1] ?? ''}` : undefined);
    expect(
      errorsByPath(
        [
          ['steps.2.text', 'Third'],
          ['steps.0', 'First'],
        ],
        rule,
        'top',
      ),
    ).toEqual([
      { id: 'step-2', message: 'Third' },
      { id: 'step-0', message: 'First' },
    ]);
  });

  it('reads react-hook-form’s nested errors, including a field called "type" and an array’s root', () => {
    const errors = {
      type: { type: 'custom', message: 'Choose how you made contact' },
      goals: { root: { type: 'custom', message: 'Add at least one goal' }, 0: { text: { type: 'custom', message: 'Write the goal' } } },
    };
    expect(flattenErrors(errors)).toEqual([
      ['type', 'Choose how you made contact'],
      ['goals.0.text', 'Write the goal'],
      ['goals', 'Add at least one goal'],
    ]);
  });
});
