import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { needLabel, NEEDS, type NeedCode } from '../../../domain/needs.ts';
import { unmetRegisterViewSchema, type UnmetRegisterEntry, type UnmetRegisterQuery } from '../../../domain/schemas/unmet-register.ts';
import { UNMET_BARRIER_LABELS, UNMET_NEED_KIND_LABELS, UNMET_NEED_KINDS, type UnmetNeedKind } from '../../../domain/unmet-need.ts';
import { request } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { Select } from '../../ui/fields.tsx';
import { LoadFailed, Loading } from '../../ui/kit.tsx';
import { formatDate } from '../../ui/labels.ts';
import { Table } from '../../ui/table.tsx';
import { Link } from '../../router.tsx';

/**
 * The unmet-need register with the notes recorded with each unmet need: for those who may read
 * them (`unmet_need:read_notes`, leads), under the unmet-need report. Every load is audited on the
 * server with the cases it showed; commissioners and PCN leads never reach it (403).
 */

export interface UnmetNeedRegisterProps {
  /** The report's filters, as in its address: a period code, a PCN id, a practice id (absent: all in scope). */
  period?: string | undefined;
  pcn?: string | undefined;
  practice?: string | undefined;
}

type RegisterFilters = Pick<UnmetRegisterQuery, 'period' | 'pcn' | 'practice' | 'need' | 'kind'>;

export const unmetRegisterKeys = {
  all: ['reports', 'unmet-need', 'register'] as const,
  list: (f: RegisterFilters) => [...unmetRegisterKeys.all, f] as const,
};

const fetchRegister = (f: RegisterFilters, signal?: AbortSignal) =>
  request(unmetRegisterViewSchema, '/reports/unmet-need/register', {
    query: { period: f.period, pcn: f.pcn, practice: f.practice, need: f.need, kind: f.kind },
    signal,
  });

const NEED_OPTIONS = [
  { value: '', label: 'All needs' },
  ...[...NEEDS].sort((a, b) => a.label.localeCompare(b.label)).map((n) => ({ value: n.code, label: n.label })),
];
const KIND_OPTIONS = [{ value: '', label: 'All kinds' }, ...UNMET_NEED_KINDS.map((k) => ({ value: k, label: UNMET_NEED_KIND_LABELS[k] }))];

const isNeed = (v: string): v is NeedCode => NEEDS.some((n) => n.code === v);
const isKind = (v: string): v is UnmetNeedKind => (UNMET_NEED_KINDS as readonly string[]).includes(v);

function kindText(e: UnmetRegisterEntry): string {
  return e.barrier === null ? UNMET_NEED_KIND_LABELS[e.kind] : `${UNMET_NEED_KIND_LABELS[e.kind]}: ${UNMET_BARRIER_LABELS[e.barrier].toLowerCase()}`;
}

/** The register as a table, filtered by need and kind (the filters are sent to the server, so only what is shown is read and audited). */
export function UnmetNeedRegister({ period, pcn, practice }: UnmetNeedRegisterProps) {
  const [need, setNeed] = useState('');
  const [kind, setKind] = useState('');
  const filters: RegisterFilters = {
    ...(period === undefined || period === '' ? {} : { period }),
    ...(pcn === undefined || pcn === '' ? {} : { pcn }),
    ...(practice === undefined || practice === '' ? {} : { practice }),
    ...(isNeed(need) ? { need } : {}),
    ...(isKind(kind) ? { kind } : {}),
  };
  const register = useQuery({ queryKey: unmetRegisterKeys.list(filters), queryFn: ({ signal }) => fetchRegister(filters, signal) });

  return (
    <section aria-labelledby="unmet-register-heading" data-testid="unmet-register">
      <h2 className="nhsuk-heading-m" id="unmet-register-heading">
        The register, with notes
      </h2>
      <p className="nhsuk-body">
        Each unmet need recorded in the period, with the note the link worker wrote. Notes are about people: they are shown only to leads, never in the figures
        above or the CSV, and each time this list is shown it is recorded in the audit trail.
      </p>
      <div className="lw-filters">
        <Select id="unmet-register-need" label="Need" value={need} onChange={setNeed} options={NEED_OPTIONS} />
        <Select id="unmet-register-kind" label="Kind" value={kind} onChange={setKind} options={KIND_OPTIONS} />
      </div>
      <div aria-live="polite" aria-busy={register.isPending}>
        {register.isPending ? <Loading what="the register" /> : null}
        {register.isError ? <LoadFailed message={problemOf(register.error).message} /> : null}
        {register.isSuccess ? (
          register.data.entries.length === 0 ? (
            <p className="nhsuk-body" data-testid="unmet-register-empty">
              No unmet needs recorded{need === '' && kind === '' ? '' : ' that match these filters'} in {register.data.period.label}.
            </p>
          ) : (
            <>
              <p className="nhsuk-body" data-testid="unmet-register-count">
                {register.data.truncated
                  ? `The newest ${register.data.entries.length} of ${register.data.total} unmet needs recorded in ${register.data.period.label}.`
                  : `${register.data.total} ${register.data.total === 1 ? 'unmet need' : 'unmet needs'} recorded in ${register.data.period.label}.`}
              </p>
              <Table
                responsive
                testId="unmet-register-table"
                caption={`Unmet needs recorded in ${register.data.period.label}`}
                captionStyle="hidden"
                rows={register.data.entries}
                rowKey={(e) => e.id}
                rowAttributes={(e) => ({ 'data-testid': 'unmet-register-row', 'data-case': e.caseReference })}
                columns={[
                  { key: 'recorded', header: 'Recorded', className: 'lw-nowrap', cell: (e) => formatDate(e.recordedOn) },
                  { key: 'need', header: 'Need', cell: (e) => needLabel(e.need) },
                  { key: 'kind', header: 'Why it could not be met', cell: (e) => kindText(e) },
                  {
                    key: 'area',
                    header: 'Area',
                    cell: (e) =>
                      e.lsoa === null ? (
                        <span className="nhsuk-u-secondary-text-colour">Not known</span>
                      ) : (
                        <span className="lw-cell">
                          <span className="lw-block">{e.lsoa}</span>
                          <span className="nhsuk-u-secondary-text-colour nhsuk-u-font-size-16">
                            {e.imdDecile === null ? 'IMD decile not known' : `IMD decile ${e.imdDecile}`}
                          </span>
                        </span>
                      ),
                  },
                  {
                    key: 'case',
                    header: 'Case',
                    className: 'lw-nowrap',
                    cell: (e) => <Link to={`/cases/${e.caseId}`}>{e.caseReference}</Link>,
                  },
                  {
                    key: 'note',
                    header: 'Note',
                    cell: (e) => (e.note === null ? <span className="nhsuk-u-secondary-text-colour">No note</span> : <span className="lw-pre">{e.note}</span>),
                  },
                ]}
              />
            </>
          )
        ) : null}
      </div>
    </section>
  );
}
