import { useEffect, useState, type ReactNode } from 'react';
import { useController, type Control, type FieldPathByValue, type FieldValues } from 'react-hook-form';
import { isNeedCode, type NeedCode } from '../../domain/needs.ts';
import {
  Checkbox,
  Checkboxes,
  DateInput,
  dateHintFor,
  EMPTY_DATE,
  isoOrTyped,
  partsFromIso,
  Radios,
  ScaleRadios,
  Select,
  SingleCheckbox,
  TextInput,
  Textarea,
  type DateParts,
  type SelectProps,
  type TextInputProps,
  type TextareaProps,
} from './fields.tsx';
import { NeedCheckboxes } from './need-checkboxes.tsx';

/**
 * The kit's fields bound to a react-hook-form form: `control` and `name` (a path in the form's
 * values, type-checked against them) instead of `value` and `onChange`. The inline `error` is
 * still given by the form, from the problems it shows.
 */

interface Bound<V extends FieldValues, T, Value> {
  control: Control<V, unknown, T>;
  name: FieldPathByValue<V, Value>;
}

const asString = (v: unknown): string => (typeof v === 'string' ? v : '');
const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const asDate = (v: unknown): DateParts =>
  v !== null && typeof v === 'object' && 'day' in v && 'month' in v && 'year' in v
    ? { day: asString(v.day), month: asString(v.month), year: asString(v.year) }
    : EMPTY_DATE;

type Unbound<P> = Omit<P, 'value' | 'values' | 'checked' | 'onChange' | 'onBlur' | 'name'>;

export function TextField<V extends FieldValues, T>({ control, name, ...props }: Unbound<TextInputProps> & Bound<V, T, string>) {
  const { field } = useController({ control, name });
  return <TextInput {...props} value={asString(field.value)} onChange={field.onChange} onBlur={field.onBlur} />;
}

export function TextareaField<V extends FieldValues, T>({ control, name, ...props }: Unbound<TextareaProps> & Bound<V, T, string>) {
  const { field } = useController({ control, name });
  return <Textarea {...props} value={asString(field.value)} onChange={field.onChange} onBlur={field.onBlur} />;
}

export function SelectField<V extends FieldValues, T>({ control, name, ...props }: Unbound<SelectProps> & Bound<V, T, string>) {
  const { field } = useController({ control, name });
  return <Select {...props} value={asString(field.value)} onChange={field.onChange} onBlur={field.onBlur} />;
}

type ChoiceProps = Unbound<Parameters<typeof Radios>[0]>;

export function RadiosField<V extends FieldValues, T>({ control, name, ...props }: ChoiceProps & Bound<V, T, string>) {
  const { field } = useController({ control, name });
  return <Radios {...props} value={asString(field.value)} onChange={field.onChange} onBlur={field.onBlur} />;
}

export function CheckboxesField<V extends FieldValues, T>({
  control,
  name,
  ...props
}: Unbound<Parameters<typeof Checkboxes>[0]> & Bound<V, T, readonly string[]>) {
  const { field } = useController({ control, name });
  return <Checkboxes {...props} values={asStrings(field.value)} onChange={field.onChange} onBlur={field.onBlur} />;
}

export function NeedCheckboxesField<V extends FieldValues, T>({
  control,
  name,
  ...props
}: Unbound<Parameters<typeof NeedCheckboxes>[0]> & Bound<V, T, readonly NeedCode[]>) {
  const { field } = useController({ control, name });
  return <NeedCheckboxes {...props} values={asStrings(field.value).filter(isNeedCode)} onChange={field.onChange} onBlur={field.onBlur} />;
}

export function CheckboxField<V extends FieldValues, T>({ control, name, ...props }: { id: string; label: ReactNode } & Bound<V, T, boolean>) {
  const { field } = useController({ control, name });
  return <Checkbox {...props} checked={field.value === true} onChange={field.onChange} onBlur={field.onBlur} />;
}

export function SingleCheckboxField<V extends FieldValues, T>({
  control,
  name,
  ...props
}: Unbound<Parameters<typeof SingleCheckbox>[0]> & Bound<V, T, boolean>) {
  const { field } = useController({ control, name });
  return <SingleCheckbox {...props} checked={field.value === true} onChange={field.onChange} onBlur={field.onBlur} />;
}

export function DateField<V extends FieldValues, T>({ control, name, ...props }: Unbound<Parameters<typeof DateInput>[0]> & Bound<V, T, DateParts>) {
  const { field } = useController({ control, name });
  return <DateInput {...props} value={asDate(field.value)} onChange={field.onChange} onBlur={field.onBlur} />;
}

/**
 * A date held in the form as an ISO string ('YYYY-MM-DD', '' when empty), entered in the NHS
 * day, month and year boxes. A browser's own date picker shows its locale's order (mm/dd/yyyy in
 * an American Chromium); the boxes and their hint are in the British order whatever the browser.
 */
export function IsoDateField<V extends FieldValues, T>({ control, name, hint, ...props }: Unbound<Parameters<typeof DateInput>[0]> & Bound<V, T, string>) {
  const { field } = useController({ control, name });
  const value = asString(field.value);
  const [parts, setParts] = useState<DateParts>(() => partsFromIso(value));
  // A value set from outside (a reset, a default) shows in the boxes; what was typed stays as typed.
  useEffect(() => {
    setParts((typed) => (isoOrTyped(typed) === value ? typed : partsFromIso(value)));
  }, [value]);
  return (
    <DateInput
      {...props}
      birthday={false}
      hint={hint ?? dateHintFor()}
      value={parts}
      onChange={(next) => {
        setParts(next);
        field.onChange(isoOrTyped(next));
      }}
      onBlur={field.onBlur}
    />
  );
}

export function ScaleRadiosField<V extends FieldValues, T>({ control, name, ...props }: Unbound<Parameters<typeof ScaleRadios>[0]> & Bound<V, T, string>) {
  const { field } = useController({ control, name });
  return <ScaleRadios {...props} value={asString(field.value)} onChange={field.onChange} onBlur={field.onBlur} />;
}
