import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useController } from 'react-hook-form';
import { formatNhsNumber } from '../../../domain/nhs-number.ts';
import { GP_ENTRY_STATUSES, gpEntriesQuerySchema, markGpEntriesFiledBodySchema, type GpEntriesQuery } from '../../../domain/schemas/cases.ts';
import { queryString } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { organisationsApi, organisationsKeys } from '../organisations/organisations-api.ts';
import { casesApi, casesKeys } from './cases-api.ts';
import { Button, ErrorSummary, LoadFailed, Loading, PageHeading, usePageTitle } from '../../ui/kit.tsx';
import { SelectField } from '../../ui/form-fields.tsx';
import { formSchema, useNhsForm } from '../../ui/forms.ts';
import { formatDate } from '../../ui/labels.ts';
import { Table } from '../../ui/table.tsx';
import { Link, navigate, useSearchParams } from '../../router.tsx';
import { SavedBanner } from './parts.tsx';

const STATUS_LABELS: Record<GpEntriesQuery['status'], string> = { pending: 'Waiting to be filed', filed: 'Filed', all: 'All' };

const filterForm = formSchema(gpEntriesQuerySchema, (v: { status: string; practiceId: string }) => ({
  status: v.status,
  practiceId: v.practiceId === '' ? undefined : v.practiceId,
}));

const filedForm = formSchema(markGpEntriesFiledBodySchema, (v: { ids: string[] }) => ({ ids: v.ids }), {
  messages: { ids: 'Choose the entries you have filed in the GP system' },
});

/** A checkbox in the table (its label is for screen readers: the row says the rest). */
function ChooseBox({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
      <div className="nhsuk-checkboxes__item">
        <input className="nhsuk-checkboxes__input" id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
        <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
          <span className="nhsuk-u-visually-hidden">{label}</span>
        </label>
      </div>
    </div>
  );
}

/**
 * The practice's GP-record entries: SNOMED CT codes written when people accept or decline social
 * prescribing, to file in the GP system. Download the pending ones as CSV, then mark them filed.
 */
export function GpEntriesPage() {
  const queryClient = useQueryClient();
  const params = useSearchParams();
  const status = (GP_ENTRY_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as GpEntriesQuery['status']) : 'pending';
  const practiceId = params.get('practiceId') ?? undefined;
  const entries = useQuery({
    queryKey: casesKeys.gpEntries({ status, practiceId }),
    queryFn: ({ signal }) => casesApi.gpEntries({ status, practiceId }, signal),
  });
  const practices = useQuery({
    queryKey: organisationsKeys.list(),
    queryFn: ({ signal }) => organisationsApi.list(signal),
    select: (r) => r.organisations.filter((o) => o.kind === 'practice'),
  });
  const filters = useNhsForm({
    schema: filterForm,
    defaultValues: { status, practiceId: practiceId ?? '' },
    fieldIds: { status: 'gp-status', practiceId: 'gp-practice' },
  });
  const filed = useNhsForm({ schema: filedForm, defaultValues: { ids: [] }, fieldIds: { ids: 'gp-entry-all' } });
  const chosen = useController({ control: filed.control, name: 'ids' }).field;
  const [flash, setFlash] = useState<string | null>(null);
  usePageTitle('GP record entries', filed.errors.length > 0);

  const onFilter = filters.submitWith((f) => {
    filed.reset({ ids: [] });
    navigate(`/gp-record-entries${queryString({ status: f.status === 'pending' ? undefined : f.status, practiceId: f.practiceId })}`);
  });

  const onMarkFiled = filed.submitWith(async (body) => {
    setFlash(null);
    const r = await casesApi.markGpEntriesFiled(body.ids);
    filed.reset({ ids: [] });
    // The list shows them filed before the banner says so.
    await queryClient.invalidateQueries({ queryKey: casesKeys.all });
    setFlash(`${r.filed} ${r.filed === 1 ? 'entry' : 'entries'} marked as filed.`);
  });

  const rows = entries.data?.entries ?? [];
  const pending = rows.filter((e) => e.filedAt === null);
  const allChosen = pending.length > 0 && pending.every((e) => chosen.value.includes(e.id));
  return (
    <>
      <ErrorSummary errors={filed.errors.map((e) => (pending.length > 0 ? e : { ...e, id: 'gp-status' }))} />
      {flash === null ? null : <SavedBanner message={flash} testId="gp-flash" />}
      <PageHeading>GP record entries</PageHeading>
      <p className="nhsuk-body">
        Codes to file in the GP record, written when someone accepts social prescribing (871731000000106) or declines it (871711000000103). Download the pending
        ones, file them in your clinical system, then mark them as filed here.
      </p>
      <form className="lw-filters" onSubmit={onFilter} noValidate aria-label="Filter entries">
        <div className="lw-inline-fields">
          <SelectField
            control={filters.control}
            name="status"
            id="gp-status"
            label="Show"
            options={GP_ENTRY_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          />
          {practices.isSuccess && practices.data.length > 1 ? (
            <SelectField
              control={filters.control}
              name="practiceId"
              id="gp-practice"
              label="Practice"
              options={[{ value: '', label: 'All your practices' }, ...practices.data.map((o) => ({ value: o.id, label: o.name }))]}
            />
          ) : null}
        </div>
        <div className="nhsuk-button-group">
          <Button variant="secondary" small>
            Apply
          </Button>
        </div>
      </form>
      <p className="nhsuk-body">
        <a className="nhsuk-button nhsuk-button--secondary" href={casesApi.gpEntriesCsvUrl(practiceId)} data-testid="gp-csv" download>
          Download pending entries (CSV)
        </a>
      </p>
      {entries.isPending ? <Loading what="entries" /> : null}
      {entries.isError ? <LoadFailed message={problemOf(entries.error).message} /> : null}
      {entries.isSuccess && rows.length === 0 ? <p className="nhsuk-body">{status === 'pending' ? 'Nothing waiting to be filed.' : 'No entries.'}</p> : null}
      {rows.length > 0 ? (
        <form onSubmit={onMarkFiled} noValidate aria-label="Entries">
          <Table
            responsive
            testId="gp-entries-table"
            caption={`${rows.length} ${rows.length === 1 ? 'entry' : 'entries'}: ${STATUS_LABELS[status].toLowerCase()}`}
            rows={rows}
            rowKey={(e) => e.id}
            rowAttributes={() => ({ 'data-testid': 'gp-entry-row' })}
            columns={[
              {
                key: 'choose',
                header:
                  pending.length === 0 ? (
                    <span className="nhsuk-u-visually-hidden">Choose</span>
                  ) : (
                    <ChooseBox
                      id="gp-entry-all"
                      label="Choose all pending entries"
                      checked={allChosen}
                      onChange={(on) => chosen.onChange(on ? pending.map((p) => p.id) : [])}
                    />
                  ),
                heading: null,
                cell: (e) =>
                  e.filedAt === null ? (
                    <ChooseBox
                      id={`gp-entry-${e.id}`}
                      label={`Choose ${e.code} for ${e.person.givenName} ${e.person.familyName}`}
                      checked={chosen.value.includes(e.id)}
                      onChange={(on) => chosen.onChange(on ? [...chosen.value, e.id] : chosen.value.filter((x) => x !== e.id))}
                    />
                  ) : null,
              },
              {
                key: 'patient',
                header: 'Patient',
                cell: (e) => (
                  <span className="lw-cell">
                    <span className="lw-block">
                      {e.person.familyName.toUpperCase()}, {e.person.givenName}
                    </span>
                    <span className="lw-block nhsuk-u-secondary-text-colour nhsuk-u-font-size-16">
                      {e.person.nhsNumber === null ? 'NHS number not known' : formatNhsNumber(e.person.nhsNumber)} · born {formatDate(e.person.dateOfBirth)} ·{' '}
                      {e.practice.odsCode ?? ''}
                    </span>
                  </span>
                ),
              },
              {
                key: 'code',
                header: 'SNOMED CT',
                cell: (e) => (
                  <span className="lw-cell">
                    <span className="lw-block lw-nowrap">{e.code}</span>
                    <span className="lw-block nhsuk-u-font-size-16">{e.description}</span>
                  </span>
                ),
              },
              { key: 'date', header: 'Date', cell: (e) => formatDate(e.recordedOn) },
              { key: 'filed', header: 'Filed', cell: (e) => (e.filedAt === null ? 'Not yet' : formatDate(e.filedAt)) },
            ]}
          />
          {pending.length > 0 ? <Button busy={filed.formState.isSubmitting}>Mark chosen entries as filed</Button> : null}
        </form>
      ) : null}
      <p className="nhsuk-body-s">
        <Link to="/">Back to your home page</Link>
      </p>
    </>
  );
}
