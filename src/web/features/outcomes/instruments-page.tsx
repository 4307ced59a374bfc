import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { loadPackBodySchema, type InstrumentView, type LoadPackResult } from '../../../domain/schemas/outcomes.ts';
import { isApiError } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { instrumentsApi, outcomesKeys } from './outcomes-api.ts';
import { Button, ErrorSummary, LoadFailed, Loading, NotificationBanner, PageHeading, Tag, usePageTitle } from '../../ui/kit.tsx';
import { formSchema, useNhsForm } from '../../ui/forms.ts';
import { formatDate } from '../../ui/labels.ts';
import { Table } from '../../ui/table.tsx';
import { useCan } from '../../session.tsx';

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

/** The file chosen (its contents are read, and checked as a pack, when it is sent). */
const packForm = formSchema(z.object({ file: z.instanceof(File, { message: 'Choose a pack file to upload' }) }), (v: { files: FileList | null }) => ({
  file: v.files?.[0],
}));

/** A pack file's contents: JSON of the shape the server checks in full. */
async function readPack(file: File): Promise<z.output<typeof loadPackBodySchema> | null> {
  try {
    const parsed = loadPackBodySchema.safeParse(JSON.parse(await file.text()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function InstrumentsPage() {
  const can = useCan();
  const queryClient = useQueryClient();
  const instruments = useQuery({ queryKey: outcomesKeys.instruments(), queryFn: ({ signal }) => instrumentsApi.list(signal) });
  const form = useNhsForm({ schema: packForm, defaultValues: { files: null }, fieldIds: { file: FILE_ID } });
  const [issues, setIssues] = useState<PackIssue[]>([]);
  const [result, setResult] = useState<LoadPackResult | null>(null);
  const upload = useMutation({
    mutationFn: (pack: z.output<typeof loadPackBodySchema>) => instrumentsApi.loadPack(pack),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: outcomesKeys.instruments() }),
  });
  const error = form.errors[0]?.message ?? null;
  usePageTitle('Outcome instruments', error !== null);

  const onSubmit = form.submitWith(async ({ file }) => {
    setIssues([]);
    setResult(null);
    const pack = await readPack(file);
    if (pack === null) {
      form.fail([{ id: FILE_ID, message: 'The file is not a JSON pack file' }]);
      return;
    }
    try {
      const loaded = await upload.mutateAsync(pack);
      form.reset();
      setResult(loaded);
    } catch (err) {
      const raw = isApiError(err) ? err.details?.['issues'] : undefined;
      if (Array.isArray(raw)) setIssues(raw.filter((i): i is PackIssue => typeof i === 'object' && i !== null && 'code' in i && 'message' in i));
      form.fail([{ id: FILE_ID, message: isApiError(err) ? err.message : 'Something went wrong. Try again.' }]);
    }
  });

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
        <form onSubmit={onSubmit} noValidate className="nhsuk-u-margin-bottom-6" data-testid="pack-form">
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
              type="file"
              accept="application/json,.json"
              aria-describedby={`${FILE_ID}-hint`}
              {...form.register('files')}
            />
          </div>
          <Button busy={form.formState.isSubmitting}>Upload pack</Button>
        </form>
      ) : null}
      {instruments.isPending ? <Loading what="instruments" /> : null}
      {instruments.isError ? <LoadFailed message={problemOf(instruments.error).message} /> : null}
      {instruments.isSuccess ? (
        <Table
          responsive
          testId="instruments-table"
          caption="Instruments"
          rows={instruments.data.instruments}
          rowKey={(i) => `${i.code}@${i.version}`}
          rowAttributes={() => ({ 'data-testid': 'instrument-row' })}
          columns={[
            {
              key: 'instrument',
              header: 'Instrument',
              cell: (i) => (
                <>
                  <strong className="lw-block">{i.name}</strong>
                  <span className="lw-block nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour">
                    {i.code}, version {i.version} ·{' '}
                    {i.source === 'built_in' ? 'built in' : `pack installed ${i.installedAt === null ? '' : formatDate(i.installedAt)}`}
                  </span>
                </>
              ),
            },
            {
              key: 'scoring',
              header: 'Scoring',
              cell: (i) => (
                <>
                  {METHOD_LABELS[i.method]}
                  {i.items.length > 0 ? `, ${i.items.length} ${i.items.length === 1 ? 'item' : 'items'}` : ''}
                </>
              ),
            },
            { key: 'holder', header: 'Licence holder', cell: (i) => i.licence.holder },
            {
              key: 'licence',
              header: 'Licence',
              cell: (i) => (
                <>
                  {i.usable ? null : (
                    <span className="lw-block">
                      <Tag colour="red">Not usable</Tag>
                    </span>
                  )}
                  {licenceText(i)}
                </>
              ),
            },
          ]}
        />
      ) : null}
    </>
  );
}
