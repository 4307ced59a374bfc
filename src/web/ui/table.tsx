import type { ReactNode } from 'react';
import { cx } from './fields.tsx';

/** One column of a table: its heading, and what each row shows in it. */
export interface Column<T> {
  /** Identifies the column among its siblings (React key). */
  key: string;
  header: ReactNode;
  /**
   * What a stacked responsive table says in front of each cell on a small screen: the header when
   * it is plain text, unless given here; null for none (a column of checkboxes).
   */
  heading?: string | null;
  cell: (row: T, index: number) => ReactNode;
  /** Extra classes on each cell (`lw-nowrap`, `lw-break`). */
  className?: string;
  numeric?: boolean;
  /** Cells are row headers (`<th scope="row">`). */
  rowHeader?: boolean;
  cellTestId?: string;
}

/** Attributes a row carries for tests and styling (`data-testid`, `data-reference`…). */
export type RowAttributes = { [K in `data-${string}`]?: string | undefined };

export interface TableProps<T> {
  caption: ReactNode;
  /** `hidden`: for screen readers only (the page heading already says what the table is); `s`/`m`: NHS caption sizes. */
  captionStyle?: 'hidden' | 's' | 'm';
  columns: readonly (Column<T> | null | false)[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string;
  rowAttributes?: (row: T) => RowAttributes;
  /** Stacks into labelled blocks on small screens (`nhsuk-table-responsive`). */
  responsive?: boolean;
  className?: string;
  testId?: string;
  id?: string;
}

/** An NHS table driven by column definitions. */
export function Table<T>({ caption, captionStyle, columns, rows, rowKey, rowAttributes, responsive, className, testId, id }: TableProps<T>) {
  const shown = columns.filter((c): c is Column<T> => c !== null && c !== false);
  const headingOf = (c: Column<T>): string | null => (c.heading !== undefined ? c.heading : typeof c.header === 'string' ? c.header : null);
  return (
    <table className={cx(responsive === true ? 'nhsuk-table-responsive' : 'nhsuk-table', className)} data-testid={testId} id={id}>
      <caption
        className={cx(
          'nhsuk-table__caption',
          captionStyle === 'hidden' && 'nhsuk-u-visually-hidden',
          (captionStyle === 's' || captionStyle === 'm') && `nhsuk-table__caption--${captionStyle}`,
        )}
      >
        {caption}
      </caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          {shown.map((c) => (
            <th key={c.key} className={cx('nhsuk-table__header', c.numeric === true && 'nhsuk-table__header--numeric')} scope="col">
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((row, i) => (
          <tr className="nhsuk-table__row" key={rowKey(row, i)} {...rowAttributes?.(row)}>
            {shown.map((c) => {
              const heading = responsive === true ? headingOf(c) : null;
              const content = (
                <>
                  {heading === null ? null : (
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      {heading}{' '}
                    </span>
                  )}
                  {c.cell(row, i)}
                </>
              );
              return c.rowHeader === true ? (
                <th key={c.key} className={cx('nhsuk-table__header', c.className)} scope="row" data-testid={c.cellTestId}>
                  {content}
                </th>
              ) : (
                <td key={c.key} className={cx('nhsuk-table__cell', c.numeric === true && 'nhsuk-table__cell--numeric', c.className)} data-testid={c.cellTestId}>
                  {content}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
