import { useState, type FormEvent } from 'react';
import { formatNhsNumber } from '../../../domain/nhs-number.ts';
import { GP_ENTRY_STATUSES, type GpEntriesQuery } from '../../../domain/schemas/cases.ts';
import { isApiError, queryString } from '../../api.ts';
import { organisationsApi } from '../organisations/organisations-api.ts';
import { casesApi } from './cases-api.ts';
import { Button, ErrorSummary, LoadFailed, Loading, PageHeading, Select, usePageTitle } from '../../ui/kit.tsx';
import { formatDate } from '../../ui/labels.ts';
import { Link, navigate, useSearchParams } from '../../router.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { SavedBanner } from './parts.tsx';

const STATUS_LABELS: Record<GpEntriesQuery['status'], string> = { pending: 'Waiting to be filed', filed: 'Filed', all: 'All' };

/**
 * The practice's GP-record entries: SNOMED CT codes written when people accept or decline social
 * prescribing, to file in the GP system. Download the pending ones as CSV, then mark them filed.
 */
export function GpEntriesPage() {
  const params = useSearchParams();
  const status = (GP_ENTRY_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as GpEntriesQuery['status']) : 'pending';
  const practiceId = params.get('practiceId') ?? undefined;
  const [loaded, reload] = useLoad((signal) => casesApi.gpEntries({ status, practiceId }, signal), [status, practiceId]);
  const [orgs] = useLoad(async (signal) => (await organisationsApi.list(signal)).organisations.filter((o) => o.kind === 'practice'), []);
  const [statusChoice, setStatusChoice] = useState<string>(status);
  const [practiceChoice, setPracticeChoice] = useState(practiceId ?? '');
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  usePageTitle('GP record entries', error !== null);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setSelected([]);
    navigate(
      `/gp-record-entries${queryString({ status: statusChoice === 'pending' ? undefined : statusChoice, practiceId: practiceChoice === '' ? undefined : practiceChoice })}`,
    );
  };

  const markFiled = async () => {
    setError(null);
    setFlash(null);
    if (selected.length === 0) {
      setError('Choose the entries you have filed in the GP system');
      return;
    }
    setBusy(true);
    try {
      const r = await casesApi.markGpEntriesFiled(selected);
      setSelected([]);
      setFlash(`${r.filed} ${r.filed === 1 ? 'entry' : 'entries'} marked as filed.`);
      reload();
    } catch (err) {
      setError(isApiError(err) ? err.message : 'Something went wrong. Try again.');
    } finally {
      setBusy(false);
    }
  };

  const entries = loaded.status === 'ok' ? loaded.data.entries : [];
  const pending = entries.filter((e) => e.filedAt === null);
  const allChosen = pending.length > 0 && pending.every((e) => selected.includes(e.id));
  return (
    <>
      {error === null ? null : <ErrorSummary errors={[{ id: pending.length > 0 ? 'gp-entry-all' : 'gp-status', message: error }]} />}
      {flash === null ? null : <SavedBanner message={flash} testId="gp-flash" />}
      <PageHeading>GP record entries</PageHeading>
      <p className="nhsuk-body">
        Codes to file in the GP record, written when someone accepts social prescribing (871731000000106) or declines it (871711000000103). Download the pending
        ones, file them in your clinical system, then mark them as filed here.
      </p>
      <form className="lw-filters" onSubmit={apply} noValidate aria-label="Filter entries">
        <div className="lw-inline-fields">
          <Select
            id="gp-status"
            label="Show"
            value={statusChoice}
            onChange={setStatusChoice}
            options={GP_ENTRY_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          />
          {orgs.status === 'ok' && orgs.data.length > 1 ? (
            <Select
              id="gp-practice"
              label="Practice"
              value={practiceChoice}
              onChange={setPracticeChoice}
              options={[{ value: '', label: 'All your practices' }, ...orgs.data.map((o) => ({ value: o.id, label: o.name }))]}
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
      {loaded.status === 'loading' ? <Loading what="entries" /> : null}
      {loaded.status === 'failed' ? <LoadFailed message={loaded.message} /> : null}
      {loaded.status === 'ok' && entries.length === 0 ? (
        <p className="nhsuk-body">{status === 'pending' ? 'Nothing waiting to be filed.' : 'No entries.'}</p>
      ) : null}
      {entries.length > 0 ? (
        <>
          <table className="nhsuk-table-responsive" data-testid="gp-entries-table">
            <caption className="nhsuk-table__caption">
              {entries.length} {entries.length === 1 ? 'entry' : 'entries'}: {STATUS_LABELS[status].toLowerCase()}
            </caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th className="nhsuk-table__header" scope="col">
                  {pending.length === 0 ? (
                    <span className="nhsuk-u-visually-hidden">Choose</span>
                  ) : (
                    <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
                      <div className="nhsuk-checkboxes__item">
                        <input
                          className="nhsuk-checkboxes__input"
                          id="gp-entry-all"
                          type="checkbox"
                          checked={allChosen}
                          onChange={(e) => setSelected(e.target.checked ? pending.map((p) => p.id) : [])}
                        />
                        <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="gp-entry-all">
                          <span className="nhsuk-u-visually-hidden">Choose all pending entries</span>
                        </label>
                      </div>
                    </div>
                  )}
                </th>
                <th className="nhsuk-table__header" scope="col">
                  Patient
                </th>
                <th className="nhsuk-table__header" scope="col">
                  SNOMED CT
                </th>
                <th className="nhsuk-table__header" scope="col">
                  Date
                </th>
                <th className="nhsuk-table__header" scope="col">
                  Filed
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {entries.map((e) => (
                <tr className="nhsuk-table__row" key={e.id} data-testid="gp-entry-row">
                  <td className="nhsuk-table__cell">
                    {e.filedAt === null ? (
                      <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
                        <div className="nhsuk-checkboxes__item">
                          <input
                            className="nhsuk-checkboxes__input"
                            id={`gp-entry-${e.id}`}
                            type="checkbox"
                            checked={selected.includes(e.id)}
                            onChange={(ev) => setSelected((s) => (ev.target.checked ? [...s, e.id] : s.filter((x) => x !== e.id)))}
                          />
                          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`gp-entry-${e.id}`}>
                            <span className="nhsuk-u-visually-hidden">
                              Choose {e.code} for {e.person.givenName} {e.person.familyName}
                            </span>
                          </label>
                        </div>
                      </div>
                    ) : null}
                  </td>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      Patient{' '}
                    </span>
                    <span className="lw-cell">
                      <span className="lw-block">
                        {e.person.familyName.toUpperCase()}, {e.person.givenName}
                      </span>
                      <span className="lw-block nhsuk-u-secondary-text-colour nhsuk-u-font-size-16">
                        {e.person.nhsNumber === null ? 'NHS number not known' : formatNhsNumber(e.person.nhsNumber)} · born {formatDate(e.person.dateOfBirth)} ·{' '}
                        {e.practice.odsCode ?? ''}
                      </span>
                    </span>
                  </td>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      SNOMED CT{' '}
                    </span>
                    <span className="lw-cell">
                      <span className="lw-block lw-nowrap">{e.code}</span>
                      <span className="lw-block nhsuk-u-font-size-16">{e.description}</span>
                    </span>
                  </td>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      Date{' '}
                    </span>
                    {formatDate(e.recordedOn)}
                  </td>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      Filed{' '}
                    </span>
                    {e.filedAt === null ? 'Not yet' : formatDate(e.filedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {pending.length > 0 ? (
            <Button type="button" busy={busy} onClick={() => void markFiled()}>
              Mark chosen entries as filed
            </Button>
          ) : null}
        </>
      ) : null}
      <p className="nhsuk-body-s">
        <Link to="/">Back to your home page</Link>
      </p>
    </>
  );
}
