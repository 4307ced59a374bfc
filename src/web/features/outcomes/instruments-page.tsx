import { useRef, useState, type FormEvent } from 'react';
import type { InstrumentView, LoadPackResult } from '../../../domain/schemas/outcomes.ts';
import { isApiError } from '../../api.ts';
import { instrumentsApi } from './outcomes-api.ts';
import { Button, ErrorSummary, LoadFailed, Loading, NotificationBanner, PageHeading, Tag, usePageTitle } from '../../ui/kit.tsx';
import { formatDate } from '../../ui/labels.ts';
import { useCan } from '../../session.tsx';
import { useLoad } from '../../ui/use-load.ts';

/**
 * Outcome instruments: the built-in ones and the licensed packs this deployment has installed, with
 * whose licence each is and when it ends. Administrators upload a pack file here (the same check
 * as `linkwork instruments load`); nothing is installed unless the whole pack is valid.
 */

interface PackIssue {
  code: string;
  path: string;
  message: string;
}

const FILE_ID = 'pack-file';

function licenceText(i: InstrumentView): string {
  switch (i.licence.kind) {
    case 'open':
      return 'Free to use';
    case 'external_score':
      return 'Score recorded only (administered under your own licence)';
    case 'licensed':
      return i.licence.expiresOn === null ? 'Licensed' : `${i.licence.status === 'expired' ? 'Expired' : 'Licensed until'} ${formatDate(i.licence.expiresOn)}`;
  }
}

const METHOD_LABELS: { readonly [M in InstrumentView['method']]: string } = {
  sum: 'Total of the items',
  per_item: 'Each item on its own',
  conversion_table: 'Total converted by a table',
  external: 'Score entered from elsewhere',
};

export function InstrumentsPage() {
  const can = useCan();
  const [loaded, reload] = useLoad((signal) => instrumentsApi.list(signal), []);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<PackIssue[]>([]);
  const [result, setResult] = useState<LoadPackResult | null>(null);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  usePageTitle('Outcome instruments', error !== null);

  const upload = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setIssues([]);
    setResult(null);
    const file = fileRef.current?.files?.[0];
    if (file === undefined) {
      setError('Choose a pack file to upload');
      return;
    }
    let pack: unknown;
    try {
      pack = JSON.parse(await file.text());
    } catch {
      setError('The file is not a JSON pack file');
      return;
    }
    setBusy(true);
    try {
      setResult(await instrumentsApi.loadPack(pack));
      if (fileRef.current !== null) fileRef.current.value = '';
      reload();
    } catch (err) {
      setError(isApiError(err) ? err.message : 'Something went wrong. Try again.');
      const raw = isApiError(err) ? err.details?.['issues'] : undefined;
      if (Array.isArray(raw)) setIssues(raw.filter((i): i is PackIssue => typeof i === 'object' && i !== null && 'code' in i && 'message' in i));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading>Outcome instruments</PageHeading>
      <p className="nhsuk-body">
        The wellbeing measures link workers can record. ONS4, the ONS loneliness question and the UCLA 3-item scale are built in; licensed measures (such as
        WEMWBS) are added as packs under your organisation’s own licence.
      </p>
      {result === null ? null : (
        <NotificationBanner success testId="pack-loaded">
          <p className="nhsuk-notification-banner__heading">
            {result.status === 'installed' ? 'Installed' : 'Already installed, unchanged'}: {result.name} (version {result.version})
          </p>
          {result.usable ? null : <p className="nhsuk-body">Its licence has expired: it cannot be used for new administrations.</p>}
        </NotificationBanner>
      )}
      {error === null ? null : (
        <ErrorSummary errors={[{ id: FILE_ID, message: error }]}>
          {issues.length === 0 ? null : (
            <ul className="nhsuk-list nhsuk-list--bullet" data-testid="pack-issues">
              {issues.map((i, n) => (
                <li key={n}>
                  {i.path === '' ? '' : <code>{i.path}</code>} {i.message}
                </li>
              ))}
            </ul>
          )}
        </ErrorSummary>
      )}
      {can('instrument:manage') ? (
        <form onSubmit={(e) => void upload(e)} noValidate className="nhsuk-u-margin-bottom-6" data-testid="pack-form">
          <div className={error === null ? 'nhsuk-form-group' : 'nhsuk-form-group nhsuk-form-group--error'}>
            <label className="nhsuk-label nhsuk-label--m" htmlFor={FILE_ID}>
              Upload an instrument pack
            </label>
            <div className="nhsuk-hint" id={`${FILE_ID}-hint`}>
              A JSON pack file in the Linkwork pack format, from the licence holder or your own licensed copy. It is checked in full before anything is
              installed.
            </div>
            <input
              className="nhsuk-input"
              id={FILE_ID}
              name="pack"
              type="file"
              accept="application/json,.json"
              ref={fileRef}
              aria-describedby={`${FILE_ID}-hint`}
            />
          </div>
          <Button busy={busy}>Upload pack</Button>
        </form>
      ) : null}
      {loaded.status === 'loading' ? <Loading what="instruments" /> : null}
      {loaded.status === 'failed' ? <LoadFailed message={loaded.message} /> : null}
      {loaded.status === 'ok' ? (
        <table className="nhsuk-table-responsive" data-testid="instruments-table">
          <caption className="nhsuk-table__caption">Instruments</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th className="nhsuk-table__header" scope="col">
                Instrument
              </th>
              <th className="nhsuk-table__header" scope="col">
                Scoring
              </th>
              <th className="nhsuk-table__header" scope="col">
                Licence holder
              </th>
              <th className="nhsuk-table__header" scope="col">
                Licence
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {loaded.data.instruments.map((i) => (
              <tr className="nhsuk-table__row" key={`${i.code}@${i.version}`} data-testid="instrument-row">
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Instrument{' '}
                  </span>
                  <strong className="lw-block">{i.name}</strong>
                  <span className="lw-block nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour">
                    {i.code}, version {i.version} ·{' '}
                    {i.source === 'built_in' ? 'built in' : `pack installed ${i.installedAt === null ? '' : formatDate(i.installedAt)}`}
                  </span>
                </td>
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Scoring{' '}
                  </span>
                  {METHOD_LABELS[i.method]}
                  {i.items.length > 0 ? `, ${i.items.length} ${i.items.length === 1 ? 'item' : 'items'}` : ''}
                </td>
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Licence holder{' '}
                  </span>
                  {i.licence.holder}
                </td>
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Licence{' '}
                  </span>
                  {i.usable ? null : (
                    <span className="lw-block">
                      <Tag colour="red">Not usable</Tag>
                    </span>
                  )}
                  {licenceText(i)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
