import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  CASE_PAGE_COMMANDS,
  DISCHARGE_REASON_LABELS,
  DISCHARGE_REASONS,
  SHARING_CHOICES,
  canRecord,
  goalsMetNeedsConfirmation,
  isOpen,
  type CasePageCommand,
  type SharingChoice,
} from '../../../domain/case-lifecycle.ts';
import { formatNhsNumber } from '../../../domain/nhs-number.ts';
import { changeStatusBodySchema, type CaseView } from '../../../domain/schemas/cases.ts';
import { useWatch } from 'react-hook-form';
import { isApiError } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { CASE_STATUS_LABELS, CaseStatusTag } from '../../ui/case-status.tsx';
import { BackLink, Button, ErrorSummary, LoadFailed, Loading, PageHeading, SummaryList, Tag, usePageTitle, type FieldError } from '../../ui/kit.tsx';
import { IsoDateField, RadiosField } from '../../ui/form-fields.tsx';
import { errorFor, formSchema, useNhsForm } from '../../ui/forms.ts';
import { ageOn, formatDate, formatDateTime } from '../../ui/labels.ts';
import { Table } from '../../ui/table.tsx';
import { Link } from '../../router.tsx';
import { useCan } from '../../session.tsx';
import { casesApi, casesKeys, type ChangeStatusRequest } from './cases-api.ts';
import { communicationNeedWords, contactPreferenceWords } from './contact-words.ts';
import { CommunityReferralList, ReferToService, UnmetNeedForm, unmetKindLabel, unmetKindText } from './community.tsx';
import { ContactCount, ContactForm } from './contact-form.tsx';
import { FindService } from './find-service.tsx';
import { ConversationForm, ConversationSummary } from './conversation.tsx';
import { CaseOutcomes } from './outcomes.tsx';
import { reportFailure, type FormHost } from './host.ts';
import {
  COMMAND_LABELS,
  SHARING_CHOICE_LABELS,
  barrierLabel,
  caseStatusLabel,
  communityStatusLabel,
  contactTypeLabel,
  declineReasonLabel,
  dischargeReasonLabel,
  needText,
  sourceLabel,
  urgencyLabel,
} from './labels.ts';
import { CONFLICT_MESSAGE, ConflictCallout, SavedBanner } from './parts.tsx';
import { PlanEditor, PlanSummary } from './plan.tsx';
import { WorkSection, WorkStatusFields, workTimelineTitle } from './work.tsx';

interface Problem {
  errors: FieldError[];
  conflict: { what: string; firstFieldId: string; onReloaded: ((fresh: CaseView) => void) | undefined } | null;
  /** Counts problems, so a repeated one is announced (and focused) again. */
  n: number;
}

/**
 * The case page: who, where the case is and what may happen next (only the moves the lifecycle
 * allows), then everything recorded on it — contacts, what matters, the plan, community support,
 * unmet needs, GP-record entries — and the timeline of it all, newest first.
 */
export function CasePage({ id }: { id: string }) {
  const can = useCan();
  const mayUpdate = can('case:update');
  const queryClient = useQueryClient();
  // Kept on screen while it is re-read after a save, so the forms beneath stay as typed.
  const kase = useQuery({ queryKey: casesKeys.detail(id), queryFn: ({ signal }) => casesApi.getCase(id, signal) });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [flash, setFlashState] = useState<{ message: string; n: number } | null>(null);
  const setFlash = (message: string | null) => setFlashState((f) => (message === null ? null : { message, n: (f?.n ?? 0) + 1 }));
  const [editing, setEditing] = useState<'conversation' | 'plan' | null>(null);
  const [reloading, setReloading] = useState(false);
  const flashRef = useRef<HTMLDivElement>(null);

  const data = kase.data ?? null;
  const failure = kase.isError ? problemOf(kase.error) : null;
  const name = data === null ? 'Case' : `${data.person.givenName} ${data.person.familyName}`;
  usePageTitle(name, problem !== null);

  useEffect(() => {
    if (flash !== null) flashRef.current?.focus();
  }, [flash]);

  const reloadAfterConflict = async () => {
    const onReloaded = problem?.conflict?.onReloaded;
    setReloading(true);
    const fresh = await kase.refetch();
    setReloading(false);
    if (fresh.isError || fresh.data === undefined) return;
    onReloaded?.(fresh.data);
    setProblem(null);
  };

  const host: FormHost = {
    caseId: id,
    errors: problem?.errors ?? [],
    fail: (errors) => {
      setFlash(null);
      setProblem((p) => ({ errors, conflict: null, n: (p?.n ?? 0) + 1 }));
    },
    conflict: (firstFieldId, what, onReloaded) => {
      setFlash(null);
      setProblem((p) => ({ errors: [], conflict: { what, firstFieldId, onReloaded }, n: (p?.n ?? 0) + 1 }));
    },
    conflictWhat: problem?.conflict?.what ?? null,
    reloadAfterConflict,
    reloading,
    done: async (message) => {
      setProblem(null);
      await queryClient.invalidateQueries({ queryKey: casesKeys.detail(id) });
      setFlash(message);
    },
  };

  return (
    <>
      <BackLink to="/cases">Back to caseload</BackLink>
      {problem === null ? null : problem.conflict === null ? (
        <ErrorSummary key={problem.n} errors={problem.errors} />
      ) : (
        <ErrorSummary key={problem.n} errors={[]} title="Someone else changed this case">
          <p data-testid="conflict-message">{CONFLICT_MESSAGE}</p>
          <ul className="nhsuk-list nhsuk-error-summary__list">
            <li>
              <a
                href={`#${problem.conflict.firstFieldId}`}
                onClick={(ev) => {
                  ev.preventDefault();
                  const el = document.getElementById(problem.conflict?.firstFieldId ?? '');
                  el?.focus();
                  el?.scrollIntoView({ block: 'center' });
                }}
              >
                Go to your changes to {problem.conflict.what} (not saved yet)
              </a>
            </li>
          </ul>
          <Button type="button" variant="secondary" small busy={reloading} onClick={() => void reloadAfterConflict()}>
            Reload the case
          </Button>
        </ErrorSummary>
      )}
      <div ref={flashRef} tabIndex={-1} className="lw-focus-target">
        {flash === null ? null : <SavedBanner message={flash.message} />}
      </div>
      {failure !== null && data !== null ? <LoadFailed message={failure.message} /> : null}
      <PageHeading caption={data === null ? undefined : `Case ${data.reference}`}>
        {failure !== null && data === null && failure.code === 'not_found' ? 'Case not found' : name}
      </PageHeading>
      {kase.isPending ? <Loading what="the case" /> : null}
      {failure !== null && data === null ? (
        <LoadFailed message={failure.code === 'not_found' ? 'There is no such case at the practices you cover.' : failure.message} />
      ) : null}
      {data === null ? null : (
        <CaseBody
          data={data}
          host={host}
          mayUpdate={mayUpdate}
          editing={editing}
          setEditing={(e) => {
            setProblem(null);
            setEditing(e);
          }}
        />
      )}
    </>
  );
}

function CaseBody({
  data,
  host,
  mayUpdate,
  editing,
  setEditing,
}: {
  data: CaseView;
  host: FormHost;
  mayUpdate: boolean;
  editing: 'conversation' | 'plan' | null;
  setEditing: (e: 'conversation' | 'plan' | null) => void;
}) {
  const age = ageOn(data.person.dateOfBirth, new Date());
  const open = isOpen(data.status);
  const mayReadOutcomes = useCan()('outcome:read');
  const sections: { id: string; label: string; show: boolean }[] = [
    { id: 'contacts', label: 'Contacts', show: true },
    { id: 'what-matters', label: 'What matters to them', show: true },
    { id: 'plan', label: 'Plan', show: true },
    { id: 'work', label: 'Work', show: true },
    { id: 'community', label: 'Community support', show: true },
    { id: 'outcomes', label: 'Wellbeing outcomes', show: mayReadOutcomes },
    { id: 'unmet-need', label: 'Unmet need', show: open || data.unmetNeeds.length > 0 },
    { id: 'gp-record', label: 'GP record', show: true },
    { id: 'timeline', label: 'Timeline', show: true },
  ];
  return (
    <>
      <div className="lw-case-status" data-testid="case-status">
        <CaseStatusTag status={data.status} />
        {data.status !== 'discharged' || data.statusReason === null ? null : (
          <span className="lw-case-status__reason">{dischargeReasonLabel(data.statusReason)}</span>
        )}
        {data.referral.safeguarding ? <Tag colour="red">Safeguarding</Tag> : null}
        {data.referral.urgency !== 'routine' ? <Tag colour="orange">{urgencyLabel(data.referral.urgency)}</Tag> : null}
      </div>

      <SummaryList
        rows={[
          {
            key: 'NHS number',
            value: <span data-testid="case-nhs-number">{data.person.nhsNumber === null ? 'Not known' : formatNhsNumber(data.person.nhsNumber)}</span>,
          },
          { key: 'Date of birth', value: `${formatDate(data.person.dateOfBirth)}${age === null ? '' : ` (${age} years old)`}` },
          { key: 'Contact', value: [data.person.phone, data.person.email].filter((v) => v !== null).join(', ') || 'Not recorded' },
          ...howToReach(data),
          { key: 'GP practice', value: `${data.practice.name}${data.practice.odsCode === null ? '' : ` (${data.practice.odsCode})`}` },
          { key: 'Link worker', value: data.linkWorker?.displayName ?? 'Not allocated' },
          {
            key: 'Referral',
            value: (
              <>
                <span className="lw-block">
                  {sourceLabel(data.referral.source)}, {formatDate(data.referral.createdAt)}
                  {data.referral.referrer.name === null ? '' : `, from ${data.referral.referrer.name}`}
                  {data.referral.referrer.organisation === null ? '' : ` (${data.referral.referrer.organisation})`}
                </span>
                <span className="lw-block">{data.referral.needs.map((n) => needText(n)).join(', ')}</span>
                {data.referral.reasonText === null ? null : <span className="lw-block lw-quote lw-pre">“{data.referral.reasonText}”</span>}
                {data.referral.riskText === null ? null : (
                  <span className="lw-block lw-pre">
                    <strong>Risks:</strong> {data.referral.riskText}
                  </span>
                )}
                {data.referral.referrer.contact === null ? null : (
                  <span className="lw-block nhsuk-u-secondary-text-colour">Referrer contact: {data.referral.referrer.contact}</span>
                )}
              </>
            ),
          },
          { key: 'Next review', value: data.nextReviewOn === null ? 'Not set' : formatDate(data.nextReviewOn) },
        ]}
      />

      {mayUpdate ? <StatusActions key={data.status} data={data} host={host} /> : null}
      {data.status === 'discharged' ? (
        <div className="nhsuk-inset-text" data-testid="discharged-note">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            Discharged {data.closedAt === null ? '' : formatDate(data.closedAt)}: {dischargeReasonLabel(data.statusReason)}. They chose to share{' '}
            {data.sharingChoice === 'full' ? 'the full summary' : 'coded events only'} with their GP.
          </p>
          <p>
            <Link to={`/cases/${data.id}/message`} data-testid="gp-message-link">
              Message back to the GP and the referrer
            </Link>
          </p>
        </div>
      ) : null}

      <nav className="nhsuk-contents-list lw-case-contents" aria-label="On this case">
        <h2 className="nhsuk-u-visually-hidden">On this case</h2>
        <ol className="nhsuk-contents-list__list">
          {sections
            .filter((s) => s.show)
            .map((s) => (
              <li className="nhsuk-contents-list__item" key={s.id}>
                <a className="nhsuk-contents-list__link" href={`#${s.id}`}>
                  {s.label}
                </a>
              </li>
            ))}
        </ol>
      </nav>

      <div className="lw-case-layout">
        <div className="lw-case-main">
          <Section id="contacts" title="Contacts">
            <ContactCount contacts={data.contacts} />
            {mayUpdate && canRecord(data.status, 'contact') ? (
              <>
                <h3 className="nhsuk-heading-s" id="log-contact-heading">
                  Log a contact
                </h3>
                <ContactForm host={host} />
              </>
            ) : null}
          </Section>

          <Section id="what-matters" title="What matters to them" headingId="conversation-heading">
            {data.conversation === null ? (
              <p className="nhsuk-body">Not recorded yet.</p>
            ) : editing === 'conversation' ? null : (
              <ConversationSummary conversation={data.conversation} />
            )}
            {mayUpdate && canRecord(data.status, 'conversation') ? (
              editing === 'conversation' ? (
                <ConversationForm host={host} data={data} onClose={() => setEditing(null)} />
              ) : (
                <Button type="button" variant="secondary" onClick={() => setEditing('conversation')}>
                  {data.conversation === null ? 'Record what matters to them' : 'Update what matters to them'}
                </Button>
              )
            ) : data.conversation === null && open ? (
              <p className="nhsuk-body nhsuk-u-secondary-text-colour">You can record this once they have accepted support.</p>
            ) : null}
          </Section>

          <Section id="plan" title="Plan" headingId="plan-heading">
            {editing === 'plan' && data.plan.current !== null ? (
              <details className="nhsuk-details">
                <summary className="nhsuk-details__summary">
                  <span className="nhsuk-details__summary-text">The saved plan (version {data.plan.current.version})</span>
                </summary>
                <div className="nhsuk-details__text">
                  <PlanSummary plan={data.plan} caseId={data.id} />
                </div>
              </details>
            ) : editing === 'plan' ? null : (
              <PlanSummary plan={data.plan} caseId={data.id} />
            )}
            {mayUpdate && canRecord(data.status, 'plan') ? (
              editing === 'plan' ? (
                <PlanEditor host={host} data={data} onClose={() => setEditing(null)} />
              ) : (
                <Button type="button" variant="secondary" onClick={() => setEditing('plan')}>
                  {data.plan.current === null ? 'Write the plan' : 'Update or review the plan'}
                </Button>
              )
            ) : null}
          </Section>

          <Section id="work" title="Work">
            <WorkSection data={data} host={host} mayUpdate={mayUpdate} />
          </Section>

          <Section id="community" title="Community support">
            <CommunityReferralList items={data.communityReferrals} {...(mayUpdate ? { host } : {})} />
            {mayUpdate && open ? (
              <>
                <h3 className="nhsuk-heading-s">Find a service</h3>
                <FindService host={host} data={data} />
                <h3 className="nhsuk-heading-s">Or browse services by need</h3>
                <ReferToService host={host} data={data} />
              </>
            ) : null}
          </Section>

          {mayReadOutcomes ? (
            <Section id="outcomes" title="Wellbeing outcomes">
              <CaseOutcomes host={host} status={data.status} />
            </Section>
          ) : null}

          {open || data.unmetNeeds.length > 0 ? (
            <Section id="unmet-need" title="Unmet need">
              {mayUpdate && open ? (
                <UnmetNeedForm host={host} data={data} />
              ) : (
                <ul className="nhsuk-list nhsuk-list--bullet">
                  {data.unmetNeeds.map((u) => (
                    <li key={u.id} data-testid="unmet-need-item">
                      {needText(u.need)}: {unmetKindText(u)}
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          ) : null}

          <Section id="gp-record" title="GP record">
            {data.gpRecordEntries.length === 0 ? (
              <p className="nhsuk-body">No codes for the GP record yet. Accepting or declining support writes one.</p>
            ) : (
              <Table
                testId="case-gp-entries"
                caption="Codes for the GP record"
                captionStyle="hidden"
                rows={data.gpRecordEntries}
                rowKey={(e) => e.id}
                columns={[
                  { key: 'code', header: 'SNOMED CT', className: 'lw-nowrap', cell: (e) => e.code },
                  { key: 'description', header: 'Description', cell: (e) => e.description },
                  { key: 'date', header: 'Date', cell: (e) => formatDate(e.recordedOn) },
                  { key: 'filed', header: 'Filed', cell: (e) => (e.filedAt === null ? 'Waiting for the practice' : formatDate(e.filedAt)) },
                ]}
              />
            )}
          </Section>
        </div>

        <div className="lw-case-side">
          <Section id="timeline" title="Timeline">
            <Timeline data={data} />
          </Section>
        </div>
      </div>
    </>
  );
}

/**
 * How to reach the person and what they need to take part: their contact preferences and
 * communication needs (self-referral form or record) and the referrer's "how best to contact them".
 */
function howToReach(data: CaseView): { key: string; value: ReactNode }[] {
  const prefs = contactPreferenceWords(data.person.contactPreferences);
  const prefNotes = data.person.contactPreferences?.notes ?? null;
  const needs = communicationNeedWords(data.person.communicationNeeds);
  const rows: { key: string; value: ReactNode }[] = [];
  if (prefs !== null || prefNotes !== null || data.referral.contactNotes !== null) {
    rows.push({
      key: 'How to contact them',
      value: (
        <span data-testid="case-how-to-contact">
          {prefs === null ? null : <span className="lw-block">{prefs}</span>}
          {prefNotes === null ? null : <span className="lw-block lw-pre-wrap">{prefNotes}</span>}
          {data.referral.contactNotes === null ? null : (
            <span className="lw-block lw-pre-wrap">
              <span className="nhsuk-u-secondary-text-colour">From the referrer: </span>
              {data.referral.contactNotes}
            </span>
          )}
        </span>
      ),
    });
  }
  if (needs !== null) rows.push({ key: 'Communication needs', value: <strong data-testid="case-communication-needs">{needs}</strong> });
  rows.push({
    key: 'Consent',
    value: (
      <span data-testid="case-consent">
        {data.referral.consentGiven
          ? `Agreed to be referred${data.referral.consentRecordedAt === null ? '' : ` (recorded ${formatDate(data.referral.consentRecordedAt)})`}`
          : 'Not recorded yet: ask when you first speak to them (accepting support records it)'}
      </span>
    ),
  });
  return rows;
}

function Section({ id, title, headingId, children }: { id: string; title: string; headingId?: string; children: ReactNode }) {
  return (
    <section className="lw-case-section" id={id} aria-labelledby={headingId ?? `${id}-heading`} tabIndex={-1}>
      <h2 className="nhsuk-heading-m" id={headingId ?? `${id}-heading`}>
        {title}
      </h2>
      {children}
    </section>
  );
}

const STATUS_FIELDS = {
  command: 'status-actions',
  reason: 'discharge-reason',
  sharingChoice: 'discharge-sharing',
  consentGiven: 'accept-consent',
  confirmGoalsMet: 'discharge-confirm-goals',
  'work.employmentStatus': 'work-discharge-status',
  'work.offSickSince': 'work-discharge-off-sick-since',
  'work.fitNoteState': 'work-discharge-fit-note',
  'work.adjustments': 'work-discharge-adjustments',
  'work.returnedToWorkOn': 'work-discharge-returned-on',
  work: 'work-discharge-status',
};
const DISCHARGE_WORK_IDS = {
  employmentStatus: STATUS_FIELDS['work.employmentStatus'],
  offSickSince: STATUS_FIELDS['work.offSickSince'],
  fitNoteState: STATUS_FIELDS['work.fitNoteState'],
  adjustments: STATUS_FIELDS['work.adjustments'],
  returnedToWorkOn: STATUS_FIELDS['work.returnedToWorkOn'],
  movement: 'work-discharge-movement',
};

/** A single NHS checkbox, for the two confirmations the status moves may ask for. */
function ConfirmBox({
  id,
  label,
  hint,
  checked,
  onChange,
  error,
}: {
  id: string;
  label: string;
  hint?: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  error: string | undefined;
}) {
  return (
    <div className={`nhsuk-form-group${error === undefined ? '' : ' nhsuk-form-group--error'}`}>
      {error === undefined ? null : (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      )}
      <div className="nhsuk-checkboxes">
        <div className="nhsuk-checkboxes__item">
          <input
            className="nhsuk-checkboxes__input"
            id={id}
            type="checkbox"
            checked={checked}
            onChange={(e) => onChange(e.target.checked)}
            aria-describedby={
              [hint === undefined ? null : `${id}-hint`, error === undefined ? null : `${id}-error`].filter((x) => x !== null).join(' ') || undefined
            }
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
            {label}
          </label>
          {hint === undefined ? null : (
            <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`${id}-hint`}>
              {hint}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

interface DischargeValues {
  /** The version the case page shows; sent as it is at the moment of sending. */
  version: number;
  reason: string;
  sharingChoice: string;
  /** Work at discharge (optional): left empty, nothing about work is sent. */
  employmentStatus: string;
  offSickSince: string;
  fitNoteState: string;
  adjustments: string[];
  returnedToWorkOn: string;
}

const dischargeForm = formSchema(
  changeStatusBodySchema,
  (v: DischargeValues) => ({
    command: 'discharge',
    version: v.version,
    reason: v.reason || undefined,
    sharingChoice: v.sharingChoice || undefined,
    ...(v.employmentStatus === '' && v.fitNoteState === '' && v.returnedToWorkOn === ''
      ? {}
      : {
          work: {
            employmentStatus: v.employmentStatus || undefined,
            offSickSince: v.employmentStatus === 'off_sick' ? v.offSickSince || null : null,
            fitNoteState: v.fitNoteState || null,
            adjustments: v.fitNoteState === 'may_be_fit' ? v.adjustments : [],
            returnedToWorkOn: v.returnedToWorkOn || null,
          },
        }),
  }),
  { messages: { sharingChoice: 'Choose what they want shared with their GP' } },
);

const DONE_WORDS: Record<CasePageCommand, string> = {
  accept: 'Recorded that they accepted support. Code 871731000000106 is waiting to be filed in the GP record.',
  decline: 'Recorded that they declined. Code 871711000000103 is waiting to be filed in the GP record.',
  start: 'Support started.',
  hold: 'The case is on hold.',
  resume: 'Support resumed.',
  discharge: 'Case discharged. The message back to the GP is ready.',
};

/** The moves the lifecycle allows now, and only those; discharge asks for its reason and the sharing choice. */
function StatusActions({ data, host }: { data: CaseView; host: FormHost }) {
  const commands = CASE_PAGE_COMMANDS.filter((c) => data.allowedCommands.includes(c));
  const [discharging, setDischarging] = useState(false);
  const [consent, setConsent] = useState(false);
  const [confirmGoals, setConfirmGoals] = useState(false);
  const change = useMutation({ mutationFn: (body: ChangeStatusRequest) => casesApi.changeStatus(data.id, body) });
  const form = useNhsForm({
    schema: dischargeForm,
    defaultValues: {
      version: data.version,
      reason: data.suggestedDischarge ?? (data.status === 'declined' ? 'declined' : ''),
      sharingChoice: '',
      employmentStatus: '',
      offSickSince: '',
      fitNoteState: '',
      adjustments: [],
      returnedToWorkOn: '',
    },
    fieldIds: STATUS_FIELDS,
    report: host.fail,
  });
  const err = (fid: string) => errorFor(host.errors, fid);
  const reason = useWatch({ control: form.control, name: 'reason' });
  if (commands.length === 0) return null;

  const run = async (body: ChangeStatusRequest) => {
    try {
      const r = await change.mutateAsync(body);
      setDischarging(false);
      const consentWords = body.command === 'accept' && body.consentGiven === true ? ' Their consent is recorded.' : '';
      await host.done(`${DONE_WORDS[body.command]}${consentWords} Status: ${CASE_STATUS_LABELS[r.status]}.`);
    } catch (caught) {
      // "Goals met" with no goal achieved is a question, not someone else's change.
      if (isApiError(caught) && caught.details?.['reason'] === 'goals_not_achieved') {
        host.fail([{ id: STATUS_FIELDS.confirmGoalsMet, message: caught.message }]);
        return;
      }
      reportFailure(host, caught, STATUS_FIELDS, { what: 'the case status' });
    }
  };
  const askGoals = reason === 'goals_met' && goalsMetNeedsConfirmation('goals_met', data.plan.current?.goals ?? null);
  const askConsent = !data.referral.consentGiven;
  const busy = change.isPending || form.formState.isSubmitting;

  const simple = commands.filter((c): c is Exclude<CasePageCommand, 'discharge'> => c !== 'discharge');
  return (
    <div className="lw-actions-panel" data-testid="status-actions" id={STATUS_FIELDS.command} tabIndex={-1}>
      <h2 className="nhsuk-heading-m">What happens next</h2>
      {data.suggestedDischarge === 'unable_to_contact' ? (
        <div className="nhsuk-warning-callout" data-testid="suggested-discharge">
          <h3 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              No contact after {data.contacts.attempts} attempts
            </span>
          </h3>
          <p>You have not been able to reach them. You may discharge the case as “Unable to contact”.</p>
        </div>
      ) : null}
      <ConflictCallout host={host} what="the case status" />
      {simple.length === 0 ? null : (
        <ul className="nhsuk-list lw-command-list">
          {simple.map((c) => (
            <li key={c}>
              {c === 'accept' && askConsent ? (
                <ConfirmBox
                  id={STATUS_FIELDS.consentGiven}
                  label="They agreed to have support, and to be referred to services"
                  hint="Not recorded with the referral (proactive outreach): ask them first. Accepting records their consent, which providers see."
                  checked={consent}
                  onChange={setConsent}
                  error={err(STATUS_FIELDS.consentGiven)}
                />
              ) : null}
              <Button
                type="button"
                variant={c === 'decline' || c === 'hold' ? 'secondary' : undefined}
                busy={busy}
                onClick={() =>
                  void run(
                    c === 'accept' && askConsent ? { command: 'accept', version: data.version, consentGiven: consent } : { command: c, version: data.version },
                  )
                }
              >
                {COMMAND_LABELS[c].button}
              </Button>
              <p className="nhsuk-hint lw-command-hint">{COMMAND_LABELS[c].hint}</p>
            </li>
          ))}
        </ul>
      )}
      {commands.includes('discharge') ? (
        discharging ? (
          <form
            onSubmit={form.submitWith((body) =>
              run(body.command === 'discharge' ? { ...body, version: data.version, confirmGoalsMet: askGoals && confirmGoals } : body),
            )}
            noValidate
            data-testid="discharge-form"
            className="lw-discharge-form"
          >
            <h3 className="nhsuk-heading-s">Discharge</h3>
            <RadiosField
              control={form.control}
              name="reason"
              id={STATUS_FIELDS.reason}
              legend="Why is the case closing?"
              error={err(STATUS_FIELDS.reason)}
              small
              items={DISCHARGE_REASONS.map((r) => ({ value: r, label: DISCHARGE_REASON_LABELS[r] }))}
            />
            <RadiosField
              control={form.control}
              name="sharingChoice"
              id={STATUS_FIELDS.sharingChoice}
              legend="What do they want shared with their GP?"
              hint="Ask them. The message back to the GP follows their choice."
              error={err(STATUS_FIELDS.sharingChoice)}
              small
              items={SHARING_CHOICES.map((s) => ({ value: s, label: SHARING_CHOICE_LABELS[s].label, hint: SHARING_CHOICE_LABELS[s].hint }))}
            />
            <details className="nhsuk-details" data-testid="discharge-work">
              <summary className="nhsuk-details__summary">
                <span className="nhsuk-details__summary-text">Work at discharge (optional)</span>
              </summary>
              <div className="nhsuk-details__text">
                <WorkStatusFields control={form.control} ids={DISCHARGE_WORK_IDS} err={err} optional />
                <IsoDateField
                  control={form.control}
                  name="returnedToWorkOn"
                  id={DISCHARGE_WORK_IDS.returnedToWorkOn}
                  legend="Back at work from (optional)"
                  error={err(DISCHARGE_WORK_IDS.returnedToWorkOn)}
                />
              </div>
            </details>
            {askGoals ? (
              <div className="nhsuk-warning-callout" data-testid="goals-met-warning">
                <h4 className="nhsuk-warning-callout__label">
                  <span role="text">
                    <span className="nhsuk-u-visually-hidden">Important: </span>
                    No goal is marked achieved
                  </span>
                </h4>
                <p>
                  {data.plan.current === null ? 'There is no plan on this case.' : 'None of the goals in their plan is marked achieved.'} The GP and the
                  referrer will read “goals met”.
                </p>
                <ConfirmBox
                  id={STATUS_FIELDS.confirmGoalsMet}
                  label="Yes, their goals were met"
                  checked={confirmGoals}
                  onChange={setConfirmGoals}
                  error={err(STATUS_FIELDS.confirmGoalsMet)}
                />
              </div>
            ) : null}
            <div className="nhsuk-button-group">
              <Button variant="warning" busy={busy}>
                Discharge the case
              </Button>
              <Button type="button" variant="secondary" onClick={() => setDischarging(false)}>
                Cancel
              </Button>
            </div>
          </form>
        ) : (
          <p className="nhsuk-body">
            <Button type="button" variant="secondary" onClick={() => setDischarging(true)}>
              Discharge…
            </Button>
          </p>
        )
      ) : null}
    </div>
  );
}

interface TimelineItem {
  key: string;
  at: string;
  who: string | null;
  title: string;
  detail?: ReactNode;
  testId?: string;
}

/** Everything that happened on the case, newest first: events (coded) with contacts in full. */
function Timeline({ data }: { data: CaseView }) {
  const services = new Map(data.communityReferrals.map((r) => [r.id, r.serviceName]));
  const items: TimelineItem[] = [];
  for (const c of data.contacts.items) {
    items.push({
      key: `contact-${c.id}`,
      at: c.at,
      who: c.createdBy.displayName,
      title: `${contactTypeLabel(c.type)}: ${c.successful ? 'spoke with them' : 'attempted, no contact'}${c.durationMinutes === null ? '' : `, ${c.durationMinutes} min`}`,
      detail: c.notes === null ? undefined : <span className="lw-pre">{c.notes}</span>,
      testId: 'timeline-contact',
    });
  }
  for (const e of data.timeline) {
    if (e.kind === 'contact_logged') continue; // shown from the contact itself, with its notes
    if (e.kind === 'status_changed' && e.data['command'] === 'log_attempt') continue; // said by the attempt
    items.push({ key: e.id, at: e.at, who: e.actor?.displayName ?? null, ...describeEvent(e.kind, e.data, services, data) });
  }
  items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  if (items.length === 0) return <p className="nhsuk-body">Nothing recorded yet.</p>;
  return (
    <ol className="lw-timeline" data-testid="timeline">
      {items.map((i) => (
        <li className="lw-timeline__item" key={i.key} data-testid={i.testId ?? 'timeline-item'}>
          <p className="lw-timeline__when">
            <time dateTime={i.at}>{formatDateTime(i.at)}</time>
            {i.who === null ? '' : ` · ${i.who}`}
          </p>
          <p className="lw-timeline__what">{i.title}</p>
          {i.detail === undefined ? null : <div className="lw-timeline__detail">{i.detail}</div>}
        </li>
      ))}
    </ol>
  );
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

function describeEvent(kind: string, d: Record<string, unknown>, services: Map<string, string>, data: CaseView): { title: string; detail?: ReactNode } {
  const service = services.get(str(d['communityReferralId']) ?? '') ?? 'a service';
  switch (kind) {
    case 'referral_created':
      return { title: `Referral received (${sourceLabel(str(d['source']) ?? '')}, ${urgencyLabel(str(d['urgency']) ?? 'routine').toLowerCase()})` };
    case 'allocated':
      return { title: `Allocated to ${str(d['linkWorkerId']) === data.linkWorker?.id ? (data.linkWorker?.displayName ?? 'a link worker') : 'a link worker'}` };
    case 'reallocated':
      return {
        title: `Reallocated to ${str(d['linkWorkerId']) === data.linkWorker?.id ? (data.linkWorker?.displayName ?? 'another link worker') : 'another link worker'}`,
      };
    case 'reassigned':
      return {
        title: `Reassigned by a lead to ${str(d['linkWorkerId']) === data.linkWorker?.id ? (data.linkWorker?.displayName ?? 'another link worker') : 'another link worker'}`,
      };
    case 'rejected':
      return { title: 'Rejected at triage' };
    case 'redirected':
      return { title: 'Redirected at triage' };
    case 'status_changed': {
      const to = str(d['to']) ?? '';
      const command = str(d['command']);
      if (command === 'discharge') {
        const sharing = str(d['sharingChoice']);
        return {
          title: `Discharged: ${dischargeReasonLabel(str(d['reason']))}`,
          detail:
            sharing === null
              ? undefined
              : `Sharing with the GP: ${sharing in SHARING_CHOICE_LABELS ? SHARING_CHOICE_LABELS[sharing as SharingChoice].label.toLowerCase() : sharing}`,
        };
      }
      if (command === 'accept') return { title: 'Accepted support' };
      if (command === 'decline') return { title: 'Declined support' };
      if (command === 'start') return { title: 'Support started' };
      if (command === 'hold') return { title: 'Put on hold' };
      if (command === 'resume') return { title: 'Support resumed' };
      return { title: `Status: ${caseStatusLabel(str(d['from']) ?? '')} → ${caseStatusLabel(to)}` };
    }
    case 'gp_record_entry_added':
      return { title: `GP-record code recorded: ${str(d['code']) ?? ''}`, detail: data.gpRecordEntries.find((e) => e.code === str(d['code']))?.description };
    case 'conversation_saved': {
      const needs = Array.isArray(d['needs']) ? (d['needs'] as unknown[]).map((n) => needText(String(n))) : [];
      const barriers = Array.isArray(d['barriers']) ? (d['barriers'] as unknown[]).map((b) => barrierLabel(String(b))) : [];
      return {
        title: `What matters recorded (version ${num(d['version']) ?? '?'})`,
        detail: (
          <>
            {needs.length === 0 ? null : <span className="lw-block">Needs: {needs.join(', ')}</span>}
            {barriers.length === 0 ? null : <span className="lw-block">Barriers: {barriers.join(', ')}</span>}
          </>
        ),
      };
    }
    case 'plan_saved': {
      const goals = num(d['goals']) ?? 0;
      const rated = num(d['rated']) ?? 0;
      const reviewOn = str(d['reviewOn']);
      return {
        title: `Plan version ${num(d['version']) ?? '?'} saved${rated > 0 ? ' (review)' : ''}`,
        detail: `${goals} ${goals === 1 ? 'goal' : 'goals'}${rated > 0 ? `, ${rated} rated` : ''}${reviewOn === null ? '' : `; next review ${formatDate(reviewOn)}`}`,
      };
    }
    case 'community_referral_sent':
      return { title: `Referred to ${service}`, detail: str(d['need']) === null ? undefined : `For ${needText(str(d['need'])).toLowerCase()}` };
    case 'community_referral_signposted':
      return { title: `Signposted to ${service}`, detail: str(d['need']) === null ? undefined : `For ${needText(str(d['need'])).toLowerCase()}` };
    case 'unmet_need_recorded':
      return { title: `Unmet need recorded: ${needText(str(d['need']))}`, detail: unmetKindLabel(str(d['kind'])) };
    case 'person_merged':
      return { title: 'Person record merged with a duplicate' };
    case 'work_recorded':
      return { title: workTimelineTitle(d) };
    default:
      if (kind.startsWith('community_referral_')) {
        const to = str(d['to']) ?? kind.slice('community_referral_'.length);
        const reason = declineReasonLabel(str(d['declineReason']));
        return { title: `${service}: ${communityStatusLabel(to).toLowerCase()}${reason === '' ? '' : ` (${reason.toLowerCase()})`}` };
      }
      return { title: kind.replace(/_/g, ' ') };
  }
}
