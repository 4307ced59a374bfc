import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { EDITABLE_FIELDS, PROBLEM_KINDS, reportProblemBodySchema, type ServiceDetailView } from '../../../domain/schemas/directory.ts';
import { isApiError } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { directoryApi, directoryKeys } from './directory-api.ts';
import {
  BackLink,
  Button,
  ErrorSummary,
  LoadFailed,
  Loading,
  NotificationBanner,
  PageHeading,
  SummaryList,
  Tag,
  usePageTitle,
  WarningCallout,
} from '../../ui/kit.tsx';
import { RadiosField, TextareaField } from '../../ui/form-fields.tsx';
import { formSchema, useNhsForm } from '../../ui/forms.ts';
import { Table } from '../../ui/table.tsx';
import { takeFlash } from '../../flash.ts';
import { formatDate, formatDateTime } from '../../ui/labels.ts';
import { Link } from '../../router.tsx';
import { StaleTag } from './directory.tsx';
import { capacityColour, capacityText, FIELD_LABELS, needWords, NEEDS_SOURCE_LABELS, PROBLEM_KIND_LABELS, valueText } from './labels.ts';

function ages(min: number | null, max: number | null): string {
  if (min === null && max === null) return 'Any age';
  if (min !== null && max !== null) return `${min} to ${max}`;
  return min !== null ? `${min} and over` : `Up to ${max ?? ''}`;
}

const orNot = (v: string | null | undefined): ReactNode =>
  v === null || v === undefined || v === '' ? <span className="nhsuk-u-secondary-text-colour">Not given</span> : <span className="lw-pre-wrap">{v}</span>;

/**
 * A listing's page for staff: what it offers and for whom, capacity and waiting time, when it was
 * last checked (and a warning when stale), needs with how sure the classifier was and why, where
 * it came from. Owners edit, confirm ("verify"), archive or restore it; link workers report a
 * problem in one click.
 */
export function DirectoryServicePage({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const service = useQuery({ queryKey: directoryKeys.detail(id), queryFn: ({ signal }) => directoryApi.get(id, signal) });
  const [flash, setFlashState] = useState<string | null>(() => takeFlash());
  // The page shows the change before the banner says it happened.
  const reloadThenSay = async (message: string) => {
    await queryClient.invalidateQueries({ queryKey: directoryKeys.all });
    setFlashState(message);
  };
  const action = useMutation({
    mutationFn: (what: 'verify' | 'archive' | 'restore') => directoryApi[what](id),
    onMutate: () => setFlashState(null),
    onSuccess: (_, what) =>
      reloadThenSay(
        what === 'verify'
          ? 'Thank you: the listing is marked as checked today.'
          : what === 'archive'
            ? 'Listing archived. Link workers no longer find it; referrals already made keep it.'
            : 'Listing restored to the directory.',
      ),
  });
  const s = service.data ?? null;
  const failure = service.isError ? problemOf(service.error) : null;
  usePageTitle(s?.name ?? 'Service');

  return (
    <>
      <BackLink to="/directory">Back to the directory</BackLink>
      {flash === null ? null : (
        <NotificationBanner success testId="service-flash">
          <p className="nhsuk-notification-banner__heading">{flash}</p>
        </NotificationBanner>
      )}
      {action.error === null ? null : (
        <ErrorSummary errors={[{ id: 'service-actions', message: isApiError(action.error) ? action.error.message : 'Something went wrong. Try again.' }]} />
      )}
      <PageHeading caption={s?.organisation.name}>{failure?.code === 'not_found' && s === null ? 'Service not found' : (s?.name ?? 'Service')}</PageHeading>
      {service.isPending ? <Loading what="the service" /> : null}
      {failure !== null ? <LoadFailed message={failure.message} /> : null}
      {s === null ? null : (
        <ServiceBody
          s={s}
          busy={action.isPending}
          act={(what) =>
            action.mutateAsync(what).then(
              () => undefined,
              () => undefined,
            )
          }
          onReported={(m) => reloadThenSay(m)}
        />
      )}
    </>
  );
}

function ServiceBody({
  s,
  busy,
  act,
  onReported,
}: {
  s: ServiceDetailView;
  busy: boolean;
  act: (what: 'verify' | 'archive' | 'restore') => Promise<void>;
  onReported: (message: string) => Promise<void>;
}) {
  const [confirmArchive, setConfirmArchive] = useState(false);
  const rejected = s.lastDecidedEdit !== null && s.lastDecidedEdit.status === 'rejected' && s.pendingEdit === null ? s.lastDecidedEdit : null;
  return (
    <>
      <p className="nhsuk-body" data-testid="service-tags">
        <Tag colour={capacityColour(s.capacity)}>{capacityText(s.capacity, s.waitingWeeks)}</Tag>
        <span className="lw-tag-gap">{s.takesReferrals ? <Tag colour="blue">Takes referrals</Tag> : <Tag colour="grey">Signpost only</Tag>}</span>
        {s.stale ? (
          <span className="lw-tag-gap">
            <StaleTag stale />
          </span>
        ) : null}
        {s.archived ? (
          <span className="lw-tag-gap">
            <Tag colour="grey">Archived</Tag>
          </span>
        ) : null}
        {s.status !== 'active' ? (
          <span className="lw-tag-gap">
            <Tag colour="red">{s.status === 'temporarily closed' ? 'Temporarily closed' : s.status === 'defunct' ? 'No longer runs' : 'Inactive'}</Tag>
          </span>
        ) : null}
      </p>
      {s.stale ? (
        <WarningCallout label="Not checked recently" testId="stale-warning">
          <p>
            Nobody has confirmed this listing since {formatDate(s.lastKnownGoodAt)} (more than {s.staleMonths} months). Ring the service before sending someone.
            {s.mayManage ? ' If it is still right, confirm it below.' : ''}
          </p>
        </WarningCallout>
      ) : null}
      {s.archived ? (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>This listing is archived: it is kept for history and for the referrals already made to it, but no one can be referred or signposted to it.</p>
        </div>
      ) : null}
      {s.missingFromSource ? (
        <div className="nhsuk-inset-text" data-testid="missing-from-source">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            This service was not in its source directory ({s.source ?? 'unknown'}) at the last import
            {s.missingFromSourceAt === null ? '' : ` on ${formatDate(s.missingFromSourceAt)}`}. It may have closed.
          </p>
        </div>
      ) : null}

      {s.mayManage ? (
        <div className="lw-actions-panel" id="service-actions" tabIndex={-1} data-testid="owner-actions">
          <h2 className="nhsuk-heading-m">Keep this listing right</h2>
          {s.pendingEdit === null ? null : (
            <div className="nhsuk-inset-text" data-testid="pending-edit">
              <span className="nhsuk-u-visually-hidden">Information: </span>
              <p>
                A change to{' '}
                {Object.keys(s.pendingEdit.changes)
                  .map((f) => (f in FIELD_LABELS ? FIELD_LABELS[f as keyof typeof FIELD_LABELS] : f).toLowerCase())
                  .join(', ')}{' '}
                is waiting for a lead to approve it (sent {formatDateTime(s.pendingEdit.submittedAt)}
                {s.pendingEdit.submittedBy === null ? '' : ` by ${s.pendingEdit.submittedBy}`}).
              </p>
            </div>
          )}
          {rejected === null ? null : (
            <div className="nhsuk-inset-text" data-testid="rejected-edit">
              <span className="nhsuk-u-visually-hidden">Information: </span>
              <p>
                Your change of {formatDate(rejected.submittedAt)} was not accepted{rejected.decidedBy === null ? '' : ` by ${rejected.decidedBy}`}: “
                {rejected.decisionReason}”
              </p>
            </div>
          )}
          {s.openProblems > 0 ? (
            <p className="nhsuk-body">
              <Link to="/reported-problems" data-testid="open-problems-link">
                {s.openProblems === 1 ? '1 problem reported' : `${s.openProblems} problems reported`} with this listing
              </Link>
            </p>
          ) : null}
          {s.archived ? (
            <Button type="button" busy={busy} onClick={() => void act('restore')}>
              Restore to the directory
            </Button>
          ) : confirmArchive ? (
            <div className="nhsuk-warning-callout" data-testid="confirm-archive">
              <h3 className="nhsuk-warning-callout__label">
                <span role="text">
                  <span className="nhsuk-u-visually-hidden">Important: </span>Archive this listing?
                </span>
              </h3>
              <p>Link workers will no longer find it or refer to it. Referrals already made keep it, and you can restore it later.</p>
              <div className="nhsuk-button-group">
                <Button type="button" variant="warning" busy={busy} onClick={() => void act('archive').then(() => setConfirmArchive(false))}>
                  Yes, archive it
                </Button>
                <Button type="button" variant="secondary" onClick={() => setConfirmArchive(false)}>
                  Cancel
                </Button>
              </div>
            </div>
          ) : (
            <div className="nhsuk-button-group">
              <Link className="nhsuk-button" to={`/directory/services/${s.id}/edit`} data-testid="edit-listing">
                Edit the listing
              </Link>
              <Button type="button" variant="secondary" busy={busy} onClick={() => void act('verify')}>
                Confirm it is still right
              </Button>
              <Button type="button" variant="warning" busy={busy} onClick={() => setConfirmArchive(true)}>
                Archive…
              </Button>
            </div>
          )}
          <p className="nhsuk-hint">
            {s.editsNeedApproval ? 'Changes wait for a lead’s approval, except capacity and waiting time, which change at once. ' : ''}Confirming tells link
            workers the listing was checked today. Archiving takes it out of the directory without deleting it.
          </p>
        </div>
      ) : null}

      <h2 className="nhsuk-heading-m">About the service</h2>
      <SummaryList
        rows={[
          { key: 'What it offers', value: orNot(s.description) },
          { key: 'Who it is for', value: orNot(s.eligibilityDescription) },
          { key: 'Ages', value: ages(s.minimumAge, s.maximumAge) },
          {
            key: 'Costs',
            value:
              s.feesDescription === null && s.costs.length === 0 ? (
                orNot(null)
              ) : (
                <>
                  {s.feesDescription === null ? null : <span className="lw-block">{s.feesDescription}</span>}
                  {s.costs.map((c, i) => (
                    <span className="lw-block" key={i}>
                      {[
                        c.option,
                        c.amount === null ? null : `${c.currency === 'GBP' || c.currency === null ? '£' : `${c.currency} `}${c.amount.toFixed(2)}`,
                        c.amountDescription,
                      ]
                        .filter((x) => x !== null && x !== '')
                        .join(': ')}
                    </span>
                  ))}
                </>
              ),
          },
          { key: 'How to get help', value: orNot(s.applicationProcess) },
          { key: 'Referrals', value: s.takesReferrals ? 'Takes referrals through Linkwork' : 'Signpost only: give the person the details' },
          { key: 'Capacity', value: capacityText(s.capacity, s.waitingWeeks) },
          {
            key: 'Contact',
            value: (
              <>
                {s.phones.map((p) => (
                  <span className="lw-block" key={p.number}>
                    {p.number}
                    {p.description === null ? '' : ` (${p.description})`}
                  </span>
                ))}
                {s.email === null ? null : <span className="lw-block lw-break">{s.email}</span>}
                {s.url === null ? null : (
                  <span className="lw-block lw-break">
                    <a href={s.url} rel="noopener noreferrer" target="_blank">
                      {s.url} (opens in a new tab)
                    </a>
                  </span>
                )}
                {s.phones.length === 0 && s.email === null && s.url === null ? orNot(null) : null}
              </>
            ),
          },
          {
            key: 'Where',
            value:
              s.locations.length === 0
                ? orNot(null)
                : s.locations.map((l, i) => (
                    <span className="lw-block" key={i}>
                      {[l.name, l.address, l.postcode].filter((x) => x !== null && x !== '').join(', ')}
                      {l.accessibility.length === 0 ? null : <span className="lw-block nhsuk-u-font-size-16">Access: {l.accessibility.join('; ')}</span>}
                    </span>
                  )),
          },
          {
            key: 'When',
            value:
              s.schedules.length === 0
                ? orNot(null)
                : s.schedules.map((x, i) => (
                    <span className="lw-block" key={i}>
                      {x.description ??
                        [x.byday, x.opensAt === null ? null : `${x.opensAt}${x.closesAt === null ? '' : `–${x.closesAt}`}`]
                          .filter((v) => v !== null && v !== '')
                          .join(' ')}
                    </span>
                  )),
          },
          ...(s.languages.length === 0 ? [] : [{ key: 'Languages', value: s.languages.join(', ') }]),
          {
            key: 'Last checked',
            value: (
              <span data-testid="last-checked">
                {s.lastVerifiedAt === null
                  ? `Not yet confirmed in Linkwork; listed or assured ${formatDate(s.lastKnownGoodAt)}`
                  : `${formatDate(s.lastVerifiedAt)}${s.lastVerifiedBy === null ? '' : ` by ${s.lastVerifiedBy}`}`}
              </span>
            ),
          },
          { key: 'Where it came from', value: s.source === null ? 'Added in Linkwork' : `${s.source}${s.externalId === null ? '' : ` (id ${s.externalId})`}` },
        ]}
      />

      <h2 className="nhsuk-heading-m">What it helps with</h2>
      <p className="nhsuk-body">{NEEDS_SOURCE_LABELS[s.needsSource]}.</p>
      {s.needs.length === 0 ? (
        <p className="nhsuk-body">Not classified yet.</p>
      ) : (
        <Table
          testId="service-needs"
          caption="Needs this service meets"
          captionStyle="hidden"
          rows={s.needs}
          rowKey={(n) => n.code}
          columns={[
            { key: 'need', header: 'Need', cell: (n) => needWords(n.code) },
            { key: 'sure', header: 'How sure', cell: (n) => (n.confidence === null ? 'Chosen by a person' : `${Math.round(n.confidence * 100)}%`) },
            { key: 'words', header: 'Words in the listing', cell: (n) => (n.terms.length === 0 ? '–' : n.terms.map((t) => `“${t}”`).join(', ')) },
          ]}
        />
      )}

      {s.mayReport ? <ReportProblem serviceId={s.id} onReported={onReported} /> : null}
    </>
  );
}

const PROBLEM_FIELDS = { kind: 'problem-kind', note: 'problem-note' };

const problemForm = formSchema(reportProblemBodySchema, (v: { kind: string; note: string }) => ({ kind: v.kind === '' ? undefined : v.kind, note: v.note }), {
  messages: { kind: 'Choose what is wrong' },
});

/** One click (and an optional note) tells the listing's owner something is wrong. */
function ReportProblem({ serviceId, onReported }: { serviceId: string; onReported: (message: string) => Promise<void> }) {
  const form = useNhsForm({ schema: problemForm, defaultValues: { kind: '', note: '' }, fieldIds: PROBLEM_FIELDS });
  const onSubmit = form.submitWith(async (body) => {
    try {
      await directoryApi.reportProblem(serviceId, body);
    } catch (err) {
      form.fail([{ id: PROBLEM_FIELDS.kind, message: isApiError(err) ? err.message : 'Something went wrong. Try again.' }]);
      return;
    }
    form.reset({ kind: '', note: '' });
    await onReported('Thank you. The problem has been sent to the people who look after this listing.');
  });
  return (
    <section aria-labelledby="report-heading" data-testid="report-problem">
      <h2 className="nhsuk-heading-m" id="report-heading">
        Report a problem with this listing
      </h2>
      <ErrorSummary errors={form.errors} />
      <form onSubmit={onSubmit} noValidate>
        <RadiosField
          control={form.control}
          name="kind"
          id={PROBLEM_FIELDS.kind}
          legend="What is wrong?"
          small
          error={form.errorFor(PROBLEM_FIELDS.kind)}
          items={PROBLEM_KINDS.map((k) => ({ value: k, label: PROBLEM_KIND_LABELS[k].label, hint: PROBLEM_KIND_LABELS[k].hint }))}
        />
        <TextareaField
          control={form.control}
          name="note"
          id={PROBLEM_FIELDS.note}
          label="Anything the owner should know (optional)"
          hint="For example the right phone number. No names or details of the person."
          error={form.errorFor(PROBLEM_FIELDS.note)}
          rows={2}
        />
        <Button busy={form.formState.isSubmitting} variant="secondary">
          Report the problem
        </Button>
      </form>
    </section>
  );
}

/** Before-and-after lines for the fields an edit changes. */
export function ChangeList({ changes, current }: { changes: Record<string, unknown>; current: Record<string, unknown> }) {
  const fields = EDITABLE_FIELDS.filter((f) => f in changes);
  return (
    <dl className="nhsuk-summary-list">
      {fields.map((f) => (
        <div className="nhsuk-summary-list__row" key={f}>
          <dt className="nhsuk-summary-list__key">{FIELD_LABELS[f]}</dt>
          <dd className="nhsuk-summary-list__value">
            <span className="lw-block">
              <span className="nhsuk-u-visually-hidden">New: </span>
              <strong className="lw-pre-wrap">{valueText(f, changes[f])}</strong>
            </span>
            <span className="lw-block nhsuk-u-secondary-text-colour nhsuk-u-font-size-16 lw-pre-wrap">Now: {valueText(f, current[f])}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
