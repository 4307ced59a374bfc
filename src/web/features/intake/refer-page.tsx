import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { NeedCode } from '../../../domain/needs.ts';
import { SEXES, type Sex } from '../../../domain/schemas/person-details.ts';
import type { DuplicateCandidateView } from '../../../domain/schemas/person-details.ts';
import {
  createReferralBodySchema,
  REFERRAL_SOURCE_LABELS,
  REFERRAL_SOURCES,
  URGENCIES,
  URGENCY_LABELS,
  type ReferralCreatedView,
  type ReferralSource,
  type Urgency,
} from '../../../domain/schemas/referrals.ts';
import type { Role } from '../../../domain/roles.ts';
import { isApiError } from '../../api.ts';
import { organisationsApi } from '../organisations/organisations-api.ts';
import { intakeApi, possibleDuplicateOf, type CreateReferralBody } from './intake-api.ts';
import { Button, ErrorSummary, LoadFailed, Loading, PageHeading, Radios, Select, TextInput, usePageTitle, type FieldError } from '../../ui/kit.tsx';
import {
  apiEntries,
  DateInput,
  DUPLICATE_REASON_WORDS,
  EMPTY_DATE,
  errorOf,
  errorsByPath,
  isoFromParts,
  NeedCheckboxes,
  orUndefined,
  SEX_LABELS,
  SingleCheckbox,
  Textarea,
  zodEntries,
  type DateParts,
} from './intake-ui.tsx';
import { formatDate } from '../../ui/labels.ts';
import { Link } from '../../router.tsx';
import { useCan, useMe } from '../../session.tsx';
import { useLoad } from '../../ui/use-load.ts';

/**
 * The one-minute referral form for GPs and other clinicians (`referrer`), partner organisations
 * (`partner_referrer`) and staff keying in a referral or proactive outreach (link workers, leads).
 * The shared schema checks it in the browser first; the server's answers (field errors, a possible
 * duplicate) are explained in the NHS error-summary style without losing anything typed.
 */

type Caller = 'referrer' | 'partner' | 'staff';

function callerOf(role: Role): Caller {
  if (role === 'referrer') return 'referrer';
  if (role === 'partner_referrer') return 'partner';
  return 'staff';
}

/** The sources each kind of caller may choose (partners are always `partner`). */
const SOURCES_FOR: { readonly [C in Caller]: readonly ReferralSource[] } = {
  referrer: ['gp', 'clinician'],
  partner: [],
  staff: REFERRAL_SOURCES,
};

interface Form {
  source: ReferralSource | '';
  practiceId: string;
  nhsNumber: string;
  givenName: string;
  familyName: string;
  dateOfBirth: DateParts;
  sex: Sex | '';
  addressLine1: string;
  postcode: string;
  phone: string;
  needs: NeedCode[];
  reasonText: string;
  urgency: Urgency;
  consentGiven: boolean;
  safeguardingConcern: boolean;
  riskDetails: string;
  contactNotes: string;
  referrerContact: string;
}

const emptyForm = (caller: Caller): Form => ({
  source: caller === 'referrer' ? 'gp' : '',
  practiceId: '',
  nhsNumber: '',
  givenName: '',
  familyName: '',
  dateOfBirth: EMPTY_DATE,
  sex: '',
  addressLine1: '',
  postcode: '',
  phone: '',
  needs: [],
  reasonText: '',
  urgency: 'routine',
  consentGiven: false,
  safeguardingConcern: false,
  riskDetails: '',
  contactNotes: '',
  referrerContact: '',
});

/** Field paths (as the schema and the server name them) → input ids, in the order of the form. */
const FIELD_IDS: Record<string, string> = {
  source: 'source',
  practiceId: 'practiceId',
  'person.nhsNumber': 'nhsNumber',
  'person.givenName': 'givenName',
  person: 'givenName',
  'person.familyName': 'familyName',
  'person.dateOfBirth': 'dateOfBirth',
  'person.sex': 'sex',
  'person.address.line1': 'addressLine1',
  'person.address': 'postcode',
  'person.phone': 'phone',
  personId: 'givenName',
  needs: 'needs',
  reasonText: 'reasonText',
  urgency: 'urgency',
  consentGiven: 'consentGiven',
  safeguardingConcern: 'safeguardingConcern',
  riskDetails: 'riskDetails',
  contactNotes: 'contactNotes',
  referrerContact: 'referrerContact',
};

interface Duplicate {
  message: string;
  candidates: DuplicateCandidateView[];
}

function bodyOf(form: Form, caller: Caller, dateOfBirth: string, opts: { confirmNotDuplicate?: boolean; personId?: string }): CreateReferralBody {
  const person =
    opts.personId !== undefined
      ? undefined
      : {
          nhsNumber: orUndefined(form.nhsNumber),
          givenName: form.givenName,
          familyName: form.familyName,
          dateOfBirth,
          sex: form.sex === '' ? undefined : form.sex,
          address: orUndefined(form.postcode) === undefined ? undefined : { line1: orUndefined(form.addressLine1), postcode: form.postcode.trim() },
          phone: orUndefined(form.phone),
        };
  return {
    source: caller === 'partner' || form.source === '' ? undefined : form.source,
    practiceId: orUndefined(form.practiceId),
    personId: opts.personId,
    person,
    confirmNotDuplicate: opts.confirmNotDuplicate === true ? true : undefined,
    needs: form.needs,
    reasonText: orUndefined(form.reasonText),
    urgency: form.urgency,
    consentGiven: form.consentGiven,
    safeguardingConcern: form.safeguardingConcern,
    riskDetails: form.safeguardingConcern ? orUndefined(form.riskDetails) : undefined,
    contactNotes: orUndefined(form.contactNotes),
    referrerContact: orUndefined(form.referrerContact),
  };
}

/** Practices the caller may refer to: their own (referrers, staff), or any where the service runs (partners). */
async function loadPractices(caller: Caller, signal: AbortSignal): Promise<{ id: string; name: string }[]> {
  if (caller === 'partner') return (await intakeApi.publicPractices(signal)).practices;
  const { organisations } = await organisationsApi.list(signal);
  return organisations.filter((o) => o.kind === 'practice').map((o) => ({ id: o.id, name: o.name }));
}

export function ReferPage() {
  const me = useMe();
  const can = useCan();
  const caller = callerOf(me.user.role);
  const [form, setForm] = useState<Form>(() => emptyForm(caller));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [duplicate, setDuplicate] = useState<Duplicate | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<{ created: ReferralCreatedView; name: string } | null>(null);
  const [practices] = useLoad((signal) => loadPractices(caller, signal), [caller]);
  usePageTitle(sent === null ? 'Make a referral' : 'Referral sent', errors.length > 0 || duplicate !== null);

  const set =
    <K extends keyof Form>(key: K) =>
    (value: Form[K]) =>
      setForm((f) => ({ ...f, [key]: value }));
  const onlyPractice = practices.status === 'ok' && practices.data.length === 1 ? practices.data[0] : undefined;
  const sources = SOURCES_FOR[caller];

  const send = async (opts: { confirmNotDuplicate?: boolean; personId?: string } = {}) => {
    setProblem(null);
    const date = isoFromParts(form.dateOfBirth, 'Date of birth');
    const local: [string, string][] = [];
    if (opts.personId === undefined) {
      if ('error' in date) local.push(['person.dateOfBirth', date.error]);
      else if (date.ok === '') local.push(['person.dateOfBirth', 'Enter the person’s date of birth']);
    }
    if (caller === 'staff' && form.source === '') local.push(['source', 'Say where this referral came from']);
    if (caller !== 'referrer' && form.practiceId === '' && onlyPractice === undefined) local.push(['practiceId', 'Choose the person’s GP practice']);
    const body = bodyOf(
      { ...form, practiceId: form.practiceId === '' ? (onlyPractice?.id ?? '') : form.practiceId },
      caller,
      'ok' in date ? date.ok : '',
      opts,
    );
    const parsed = createReferralBodySchema.safeParse(body);
    const found = errorsByPath([...local, ...(parsed.success ? [] : zodEntries(parsed.error))], FIELD_IDS, 'givenName');
    if (found.length > 0) {
      setDuplicate(null);
      setErrors(found);
      return;
    }
    setBusy(true);
    try {
      const created = await intakeApi.createReferral(body);
      setErrors([]);
      setDuplicate(null);
      const chosen = duplicate?.candidates.find((c) => c.personId === opts.personId);
      setSent({ created, name: chosen === undefined ? `${form.givenName.trim()} ${form.familyName.trim()}` : `${chosen.givenName} ${chosen.familyName}` });
    } catch (err) {
      if (!isApiError(err)) {
        setErrors([{ id: 'givenName', message: 'Something went wrong. Try again.' }]);
        return;
      }
      const dup = possibleDuplicateOf(err);
      if (dup !== null) {
        setErrors([]);
        setDuplicate({ message: err.message, candidates: dup.candidates });
      } else if (err.code === 'invalid_input') {
        setDuplicate(null);
        setErrors(errorsByPath(apiEntries(err).length > 0 ? apiEntries(err) : [['person', err.message]], FIELD_IDS, 'givenName'));
      } else {
        setDuplicate(null);
        setErrors([]);
        setProblem(err.message);
      }
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send();
  };

  if (sent !== null) {
    return (
      <Sent
        created={sent.created}
        name={sent.name}
        canSeeOwn={can('referral:read_own')}
        onAnother={() => {
          setForm(emptyForm(caller));
          setSent(null);
        }}
      />
    );
  }

  const err = (id: string) => errorOf(errors, id);
  const proactive = form.source === 'proactive';

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {problem === null ? null : (
          <ErrorSummary errors={[]}>
            <p>{problem}</p>
          </ErrorSummary>
        )}
        {duplicate === null ? null : (
          <DuplicateWarning
            duplicate={duplicate}
            busy={busy}
            onConfirm={() => void send({ confirmNotDuplicate: true })}
            onUse={(personId) => void send({ personId })}
          />
        )}
        <PageHeading>Make a referral</PageHeading>
        <p className="nhsuk-body-l">
          Refer someone to social prescribing: a link worker will contact them to talk about what matters to them and connect them to support in their
          community.
        </p>
        {practices.status === 'failed' ? <LoadFailed message={practices.message} /> : null}
        <form onSubmit={onSubmit} noValidate data-testid="referral-form">
          {sources.length === 0 ? null : (
            <Radios
              id="source"
              legend="Where the referral comes from"
              small
              value={form.source}
              onChange={(v) => set('source')(v as ReferralSource)}
              error={err('source')}
              items={sources.map((s) => ({
                value: s,
                label: REFERRAL_SOURCE_LABELS[s],
                hint: s === 'proactive' ? 'Your PCN offering the service to someone it identified. Consent is asked at first contact.' : undefined,
              }))}
            />
          )}
          {practices.status === 'loading' ? <Loading what="GP practices" /> : null}
          {practices.status === 'ok' ? (
            onlyPractice !== undefined ? (
              <p className="nhsuk-body" id="practiceId" tabIndex={-1} data-testid="practice">
                GP practice: <strong>{onlyPractice.name}</strong>
              </p>
            ) : (
              <Select
                id="practiceId"
                label="The person’s GP practice"
                value={form.practiceId}
                onChange={set('practiceId')}
                error={err('practiceId')}
                options={[{ value: '', label: 'Choose a GP practice' }, ...practices.data.map((p) => ({ value: p.id, label: p.name }))]}
              />
            )
          ) : null}

          <h2 className="nhsuk-heading-m">Who you are referring</h2>
          <TextInput
            id="nhsNumber"
            label="NHS number"
            hint="10 digits, for example 485 777 3456. It makes sure we find the right person."
            value={form.nhsNumber}
            onChange={set('nhsNumber')}
            width="width-10"
            inputMode="numeric"
            autoComplete="off"
            error={err('nhsNumber')}
          />
          <TextInput
            id="givenName"
            label="First name"
            value={form.givenName}
            onChange={set('givenName')}
            autoComplete="off"
            spellCheck={false}
            error={err('givenName')}
          />
          <TextInput
            id="familyName"
            label="Last name"
            value={form.familyName}
            onChange={set('familyName')}
            autoComplete="off"
            spellCheck={false}
            error={err('familyName')}
          />
          <DateInput
            id="dateOfBirth"
            legend="Date of birth"
            hint="For example, 12 3 1948"
            value={form.dateOfBirth}
            onChange={set('dateOfBirth')}
            error={err('dateOfBirth')}
          />
          <Radios
            id="sex"
            legend="Sex (optional)"
            small
            value={form.sex}
            onChange={(v) => set('sex')(v as Sex)}
            error={err('sex')}
            items={SEXES.map((s) => ({ value: s, label: SEX_LABELS[s] }))}
          />
          <TextInput
            id="addressLine1"
            label="Address line 1 (optional)"
            value={form.addressLine1}
            onChange={set('addressLine1')}
            autoComplete="off"
            error={err('addressLine1')}
          />
          <TextInput
            id="postcode"
            label="Postcode"
            hint="Helps the link worker find services near them"
            value={form.postcode}
            onChange={set('postcode')}
            width="width-10"
            autoComplete="off"
            error={err('postcode')}
          />
          <TextInput
            id="phone"
            label="Phone number (optional)"
            value={form.phone}
            onChange={set('phone')}
            width="width-20"
            autoComplete="off"
            error={err('phone')}
          />

          <h2 className="nhsuk-heading-m">Why you are referring them</h2>
          <NeedCheckboxes
            id="needs"
            legend="Reasons for the referral"
            hint="Choose all that apply."
            values={form.needs}
            onChange={set('needs')}
            error={err('needs')}
          />
          {form.needs.includes('domestic_abuse') ? (
            <div className="nhsuk-inset-text">
              <span className="nhsuk-u-visually-hidden">Information: </span>
              <p>Domestic abuse always flags the referral for safeguarding, so the lead sees it first.</p>
            </div>
          ) : null}
          <Textarea
            id="reasonText"
            label="In your own words (optional)"
            hint="What is going on for them and what might help. Do not include anything they have asked you not to share."
            value={form.reasonText}
            onChange={set('reasonText')}
            error={err('reasonText')}
            rows={3}
          />
          <Radios
            id="urgency"
            legend="How soon should a link worker contact them?"
            small
            value={form.urgency}
            onChange={(v) => set('urgency')(v as Urgency)}
            error={err('urgency')}
            items={URGENCIES.map((u) => ({ value: u, label: URGENCY_LABELS[u] }))}
            hint="Social prescribing is not an emergency service. If someone is at immediate risk, follow your safeguarding procedures now."
          />

          <h2 className="nhsuk-heading-m">Consent and safety</h2>
          <SingleCheckbox
            id="consentGiven"
            legend="Consent"
            label={proactive ? 'The person has already agreed to be contacted (optional for proactive outreach)' : 'The person agreed to be referred'}
            hint={
              proactive
                ? 'For proactive outreach the link worker asks for consent when they first get in touch.'
                : 'Social prescribing is voluntary. A link worker will phone or write to them, so they must know about this referral and agree to it. Their details go only to the social prescribing team.'
            }
            checked={form.consentGiven}
            onChange={set('consentGiven')}
            error={err('consentGiven')}
          />
          <SingleCheckbox
            id="safeguardingConcern"
            legend="Safeguarding"
            label="There is a safeguarding concern or a risk to a visiting link worker"
            checked={form.safeguardingConcern}
            onChange={set('safeguardingConcern')}
            error={err('safeguardingConcern')}
            conditional={
              <Textarea
                id="riskDetails"
                label="What is the concern?"
                hint="The lead sees this before allocating. Do not include information the person has not agreed to share unless there is a safeguarding reason to."
                value={form.riskDetails}
                onChange={set('riskDetails')}
                error={err('riskDetails')}
                rows={3}
              />
            }
          />

          <h2 className="nhsuk-heading-m">Contact</h2>
          <Textarea
            id="contactNotes"
            label="How best to contact them (optional)"
            hint="For example: ring after 2pm; hard of hearing, text first; daughter Jane is the main contact"
            value={form.contactNotes}
            onChange={set('contactNotes')}
            error={err('contactNotes')}
            rows={2}
          />
          <TextInput
            id="referrerContact"
            label="How the link worker can reach you (optional)"
            hint="Phone, extension or secure email"
            value={form.referrerContact}
            onChange={set('referrerContact')}
            autoComplete="off"
            error={err('referrerContact')}
          />
          <Button busy={busy}>Send referral</Button>
        </form>
      </div>
    </div>
  );
}

function DuplicateWarning({
  duplicate,
  busy,
  onConfirm,
  onUse,
}: {
  duplicate: Duplicate;
  busy: boolean;
  onConfirm: () => void;
  onUse: (personId: string) => void;
}) {
  return (
    <ErrorSummary errors={[]} title="This person may already be known">
      <div data-testid="duplicate-warning" className="lw-spaced">
        <p>{duplicate.message}.</p>
        {duplicate.candidates.length === 0 ? (
          <p>Nothing has been sent yet.</p>
        ) : (
          <>
            <p>Records with similar details (nothing has been sent yet):</p>
            <ul className="nhsuk-list" data-testid="duplicate-candidates">
              {duplicate.candidates.map((c) => (
                <li key={c.personId} className="lw-candidate">
                  <strong>
                    {c.givenName} {c.familyName}
                  </strong>
                  , born {formatDate(c.dateOfBirth)}
                  {c.postcode === null ? '' : `, ${c.postcode}`}, {c.practice.name}
                  {c.hasNhsNumber ? '' : ' (no NHS number recorded)'}
                  <span className="lw-block nhsuk-u-font-size-16">Matched on: {c.reasons.map((r) => DUPLICATE_REASON_WORDS[r]).join(', ')}</span>
                  <Button type="button" variant="secondary" small busy={busy} onClick={() => onUse(c.personId)}>
                    Refer this person
                    <span className="nhsuk-u-visually-hidden">
                      {' '}
                      ({c.givenName} {c.familyName})
                    </span>
                  </Button>
                </li>
              ))}
            </ul>
          </>
        )}
        <Button type="button" variant="secondary" busy={busy} onClick={onConfirm}>
          This is a different person: send the referral
        </Button>
      </div>
    </ErrorSummary>
  );
}

function Sent({ created, name, canSeeOwn, onAnother }: { created: ReferralCreatedView; name: string; canSeeOwn: boolean; onAnother: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <div className="nhsuk-panel" data-testid="referral-sent">
          <h1 className="nhsuk-panel__title" tabIndex={-1} ref={heading}>
            Referral sent
          </h1>
          <div className="nhsuk-panel__body">
            Reference
            <br />
            <strong className="lw-reference" data-testid="reference">
              {created.reference}
            </strong>
          </div>
        </div>
        {created.safeguarding ? (
          <p className="nhsuk-body">
            <strong className="nhsuk-tag nhsuk-tag--red">Safeguarding</strong> The referral is flagged for safeguarding, so the lead sees it first.
          </p>
        ) : null}
        <h2 className="nhsuk-heading-m">What happens next</h2>
        <p className="nhsuk-body">
          The social prescribing lead will give the referral to a link worker, who will contact {name}. Quote the reference if you need to ask about it.
        </p>
        {canSeeOwn ? (
          <p className="nhsuk-body">
            <Link to="/my-referrals" data-testid="my-referrals-link">
              See what happens to it in My referrals
            </Link>
          </p>
        ) : null}
        <Button type="button" variant="secondary" onClick={onAnother}>
          Make another referral
        </Button>
      </div>
    </div>
  );
}
