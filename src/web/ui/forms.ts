import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useRef, useState, type FormEvent } from 'react';
import { useForm, type DefaultValues, type FieldErrors, type FieldValues, type UseFormReturn } from 'react-hook-form';
import { z } from 'zod';
import { isApiError } from '../api.ts';
import type { FieldError } from './kit.tsx';

/**
 * Forms: react-hook-form holds what is typed; the shared domain schema (the one the server checks
 * the request with) judges it, through the zod resolver, so the browser and the server give the
 * same answers in the same words. Problems from either side are shown the NHS way: a summary at
 * the top linking to each field, and the message again beside the field. A problem is named by its
 * path in the request (`person.dateOfBirth`, `organisationIds.0`); each form says which input
 * shows the problems of which path.
 */

/** Records a problem only the form can see, at a path of the request (or of the form). */
export type Problem = (path: string, message: string) => void;

export interface FormSchemaOptions<V> {
  /** This form's own words for the shared schema's message at a path (or under its first segment). */
  messages?: Readonly<Record<string, string>>;
  /**
   * Where a problem in the request is in the form, when they differ (the request leaves out empty
   * rows, so its third step may be the form's fourth).
   */
  pathOf?: (path: string, values: V) => string;
}

/**
 * The schema a form validates with: its values (what the inputs hold) made into the request body
 * by `toBody` and checked by the shared `body` schema. `toBody` passes on what was typed as it is
 * (an empty choice as undefined, say), so the shared schema says what is missing in its own words;
 * problems `toBody` reports itself (three date boxes that are not a date) come first. Parses to
 * the body the API expects.
 */
export function formSchema<V extends FieldValues, B extends z.ZodType>(
  body: B,
  toBody: (values: V, problem: Problem) => unknown,
  { messages = {}, pathOf }: FormSchemaOptions<V> = {},
): z.ZodType<z.output<B>, V> {
  // A problem with the whole request goes under react-hook-form's `root` (shown at the first input).
  const split = (path: string): string[] => (path === '' ? ['root'] : path.split('.'));
  return z.custom<V>().transform((values, ctx) => {
    const input = toBody(values, (path, message) => ctx.issues.push({ code: 'custom', message, path: split(path), input: values }));
    const parsed = body.safeParse(input);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      const message = messages[path] ?? messages[String(issue.path[0] ?? '')] ?? issue.message;
      ctx.issues.push({ code: 'custom', message, path: split(pathOf === undefined ? path : pathOf(path, values)), input });
    }
    return z.NEVER;
  });
}

/** Which input shows the problems of which path: a table (in the order of the form) or a rule. */
export type FieldIds = Readonly<Record<string, string>> | ((path: string) => string | undefined);

/**
 * Problems keyed by path, mapped to input ids. A path with no input of its own goes to its
 * nearest parent that has one, else to `fallbackId`, so nothing said is dropped. One message per
 * input; ordered as the form is (a table's order), else as they came.
 */
export function errorsByPath(entries: Iterable<readonly [string, string]>, ids: FieldIds, fallbackId: string): FieldError[] {
  const idOf = typeof ids === 'function' ? ids : (p: string) => ids[p];
  const byId = new Map<string, string>();
  for (const [path, message] of entries) {
    let id: string | undefined;
    for (let p = path; p !== '' && id === undefined; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') id = idOf(p);
    const target = id ?? fallbackId;
    if (!byId.has(target)) byId.set(target, message);
  }
  const list = [...byId.entries()].map(([id, message]) => ({ id, message }));
  if (typeof ids === 'function') return list;
  const order = [...new Set([...Object.values(ids), fallbackId])];
  return list.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

/** react-hook-form's nested errors as `[path, message]`, in the order they were found. */
export function flattenErrors(errors: FieldErrors, prefix = ''): [string, string][] {
  const out: [string, string][] = [];
  const node = errors as Record<string, unknown>;
  // A leaf is { type, message, ref }; anything else is a level of the path (a field may be called "type").
  const leaf = typeof node['message'] === 'string' && typeof node['type'] === 'string';
  if (leaf) out.push([prefix, node['message'] as string]);
  for (const [key, child] of Object.entries(node)) {
    if (leaf && (key === 'message' || key === 'type' || key === 'ref' || key === 'types')) continue;
    if (child === null || typeof child !== 'object') continue;
    const path = key === 'root' ? prefix : prefix === '' ? key : `${prefix}.${key}`;
    out.push(...flattenErrors(child, path));
  }
  return out;
}

/** The server's per-field messages, or its one message when it names no field. */
export function apiProblems(err: unknown): [string, string][] {
  if (!isApiError(err)) return [['', 'Something went wrong. Try again.']];
  const fields = Object.entries(err.fields);
  return fields.length > 0 ? fields : [['', err.message]];
}

/** The message for one input, for the inline error beside it. */
export function errorFor(errors: readonly FieldError[], id: string): string | undefined {
  return errors.find((e) => e.id === id)?.message;
}

export interface NhsFormOptions<V extends FieldValues, B> {
  schema: z.ZodType<B, V>;
  defaultValues: DefaultValues<V>;
  fieldIds: FieldIds;
  /** Where a problem with no input of its own is shown (the first input, unless said). */
  fallbackId?: string;
  /**
   * Where problems go instead of this form's own summary (the case page keeps one summary for all
   * its forms); inline messages then come from wherever they went.
   */
  report?: (errors: FieldError[]) => void;
}

export interface NhsForm<V extends FieldValues, B> extends UseFormReturn<V, unknown, B> {
  /** What is wrong now, from the browser's check or the server's answer, as the summary lists it. */
  errors: FieldError[];
  errorFor: (id: string) => string | undefined;
  /**
   * The form's onSubmit: checks with the schema, then runs `send` with the parsed body. Anything
   * `send` throws is shown as problems (the server's field messages on their fields).
   */
  submitWith: (send: (body: B) => Promise<void> | void) => (e?: FormEvent) => void;
  /** Shows problems this form found itself (after the schema passed). */
  fail: (errors: FieldError[]) => void;
  /** Shows a failed request: its field messages on their fields, else its message on the first. */
  failWith: (err: unknown) => void;
  fallbackId: string;
}

/**
 * A react-hook-form form judged by a shared schema. It checks only when sent (and again only when
 * sent again), as the NHS pattern has it: nothing changes under the user while they type, and the
 * error summary, not the first field, takes focus.
 */
export function useNhsForm<V extends FieldValues, B>({ schema, defaultValues, fieldIds, fallbackId, report }: NhsFormOptions<V, B>): NhsForm<V, B> {
  const form = useForm<V, unknown, B>({
    resolver: zodResolver(schema),
    defaultValues,
    mode: 'onSubmit',
    reValidateMode: 'onSubmit',
    shouldFocusError: false,
  });
  const [problems, setProblems] = useState<FieldError[]>([]);
  const fallback = fallbackId ?? (typeof fieldIds === 'function' ? undefined : Object.values(fieldIds)[0]) ?? 'maincontent';
  const checked = errorsByPath(flattenErrors(form.formState.errors), fieldIds, fallback);
  const errors = checked.length > 0 ? checked : problems;

  // The callbacks below are stable (pages use them in effects) and read the latest options here.
  const latest = useRef({ fieldIds, fallback, report });
  latest.current = { fieldIds, fallback, report };
  // Counts problems shown, so a send that showed its own is not then cleared as a success.
  const shown = useRef(0);

  const fail = useCallback((list: FieldError[]) => {
    shown.current++;
    const { report: to } = latest.current;
    if (to === undefined) setProblems(list);
    else to(list);
  }, []);
  const failWith = useCallback((err: unknown) => fail(errorsByPath(apiProblems(err), latest.current.fieldIds, latest.current.fallback)), [fail]);
  const { handleSubmit } = form;
  const submitWith = useCallback(
    (send: (body: B) => Promise<void> | void) => (e?: FormEvent) => {
      void handleSubmit(
        async (body) => {
          const before = shown.current;
          try {
            await send(body);
            if (shown.current === before) setProblems([]);
          } catch (err) {
            failWith(err);
          }
        },
        (found) => {
          setProblems([]);
          const { report: to, fieldIds: ids, fallback: first } = latest.current;
          if (to !== undefined) to(errorsByPath(flattenErrors(found), ids, first));
        },
      )(e);
    },
    [handleSubmit, failWith],
  );

  return { ...form, errors, errorFor: (id) => errorFor(errors, id), submitWith, fail, failWith, fallbackId: fallback };
}
