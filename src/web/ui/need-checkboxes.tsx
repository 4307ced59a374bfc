import type { ReactNode } from 'react';
import { NEED_GROUPS, NEEDS, type NeedCode, type NeedGroup } from '../../domain/needs.ts';
import { Fieldset, type FieldProps } from './fields.tsx';

/** How each group of needs is headed on forms (the codes and labels live in domain/needs.ts). */
export const NEED_GROUP_LABELS: { readonly [G in NeedGroup]: string } = {
  connection: 'People and relationships',
  money: 'Money',
  home: 'Home and getting about',
  health_and_lifestyle: 'Health and lifestyle',
  mind: 'Mind and mood',
  care: 'Caring, disability and family',
  work_and_learning: 'Work and learning',
  safety: 'Safety',
};

const needsByGroup: ReadonlyMap<NeedGroup, readonly { code: NeedCode; label: string }[]> = new Map(
  NEED_GROUPS.map((g) => [g, NEEDS.filter((n) => n.group === g).map((n) => ({ code: n.code, label: n.label }))]),
);

/** The first need on the form (its checkbox carries the group's id). */
const FIRST_NEED: NeedCode | undefined = NEED_GROUPS.map((g) => needsByGroup.get(g)?.[0]?.code).find((c) => c !== undefined);

/**
 * The needs vocabulary as checkboxes, one fieldset per group (legend: the group), inside one
 * fieldset for the question. The first checkbox carries `id`, so an error link lands on it.
 */
export function NeedCheckboxes({
  id,
  legend,
  hint,
  error,
  values,
  onChange,
  onBlur,
}: FieldProps & { legend: ReactNode; values: readonly NeedCode[]; onChange: (v: NeedCode[]) => void; onBlur?: () => void }) {
  return (
    <Fieldset id={id} legend={legend} legendSize="m" hint={hint} error={error}>
      <div className="lw-need-groups">
        {NEED_GROUPS.map((group) => (
          <fieldset className="nhsuk-fieldset lw-need-group" key={group}>
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{NEED_GROUP_LABELS[group]}</legend>
            <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
              {(needsByGroup.get(group) ?? []).map((need) => {
                const inputId = need.code === FIRST_NEED ? id : `${id}-${need.code}`;
                return (
                  <div className="nhsuk-checkboxes__item" key={need.code}>
                    <input
                      className="nhsuk-checkboxes__input"
                      id={inputId}
                      name={id}
                      type="checkbox"
                      value={need.code}
                      checked={values.includes(need.code)}
                      onChange={(e) => onChange(e.target.checked ? [...values, need.code] : values.filter((v) => v !== need.code))}
                      onBlur={onBlur}
                    />
                    <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={inputId}>
                      {need.label}
                    </label>
                  </div>
                );
              })}
            </div>
          </fieldset>
        ))}
      </div>
    </Fieldset>
  );
}
