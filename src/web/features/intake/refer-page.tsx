import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useWatch } from 'react-hook-form';
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
import { problemOf } from '../../queries.ts';
import { organisationsApi } from '../organisations/organisations-api.ts';
import { intakeApi, intakeKeys, possibleDuplicateOf, type CreateReferralBody } from './intake-api.ts';
import { Button, ErrorSummary, LoadFailed, Loading, PageHeading, Tag, usePageTitle } from '../../ui/kit.tsx';
import { EMPTY_DATE, isoFromParts, type DateParts } from '../../ui/fields.tsx';
import { DateField, NeedCheckboxesField, RadiosField, SelectField, SingleCheckboxField, TextField, TextareaField } from '../../ui/form-fields.tsx';
import { formSchema, useNhsForm, type Problem } from '../../ui/forms.ts';
import { DUPLICATE_REASON_WORDS, orUndefined, SEX_LABELS } from './labels.ts';
import { formatDate } from '../../ui/labels.ts';
import { Link } from '../../router.tsx';
import { useCan, useMe } from '../../session.tsx';

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

const SOURCES_FOR: { readonly [C in Caller]: readonly ReferralSource[] } = {
  referrer: ['gp', 'clinician'],
  partner: [],
  staff: REFERRAL_SOURCES,
};

interface ReferralValues {
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
  /** Set by the possible-duplicate answer's buttons: send anyway, or refer someone already known. */
  confirmNotDuplicate: boolean;
  personId: string;
}

const emptyForm = (caller: Caller): ReferralValues => ({
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
  confirmNotDuplicate: false,
  personId: '',
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

/** The referral as the API takes it, with what only the form can check (the date boxes, the caller's choices). */
function referralForm(caller: Caller, onlyPracticeId: string | undefined) {
  return formSchema(createReferralBodySchema, (form: ReferralValues, problem: Problem): CreateReferralBody => {
    const known = form.personId !== '';
    const date = isoFromParts(form.dateOfBirth, 'Date of birth');
    if (!known) {
      if ('error' in date) problem('person.dateOfBirth', date.error);
      else if (date.ok === '') problem('person.dateOfBirth', 'Enter the person’s date of birth');
    }
    if (caller === 'staff' && form.source === '') problem('source', 'Say where this referral came from');
    const practiceId = form.practiceId === '' ? (onlyPracticeId ?? '') : form.practiceId;
    if (caller !== 'referrer' && practiceId === '') problem('practiceId', 'Choose the person’s GP practice');
    const person = known
      ? undefined
      : {
          nhsNumber: orUndefined(form.nhsNumber),
          givenName: form.givenName,
          familyName: form.familyName,
          dateOfBirth: 'ok' in date ? date.ok : '',
          sex: form.sex === '' ? undefined : form.sex,
          address: orUndefined(form.postcode) === undefined ? undefined : { line1: orUndefined(form.addressLine1), postcode: form.postcode.trim() },
          phone: orUndefined(form.phone),
        };
    return {
      source: caller === 'partner' || form.source === '' ? undefined : form.source,
      practiceId: orUndefined(practiceId),
      personId: known ? form.personId : undefined,
      person,
      confirmNotDuplicate: form.confirmNotDuplicate ? true : undefined,
      needs: form.needs,
      reasonText: orUndefined(form.reasonText),
      urgency: form.urgency,
      consentGiven: form.consentGiven,
      safeguardingConcern: form.safeguardingConcern,
      riskDetails: form.safeguardingConcern ? orUndefined(form.riskDetails) : undefined,
      contactNotes: orUndefined(form.contactNotes),
      referrerContact: orUndefined(form.referrerContact),
    };
  });
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
  const practices = useQuery({ queryKey: intakeKeys.referralPractices(caller), queryFn: ({ signal }) => loadPractices(caller, signal) });
  const onlyPractice = practices.data?.length === 1 ? practices.data[0] : undefined;
  const form = useNhsForm({ schema: referralForm(caller, onlyPractice?.id), defaultValues: emptyForm(caller), fieldIds: FIELD_IDS, fallbackId: 'givenName' });
  const [duplicate, setDuplicate] = useState<Duplicate | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState<{ created: ReferralCreatedView; name: string } | null>(null);
  usePageTitle(sent === null ? 'Make a referral' : 'Referral sent', form.errors.length > 0 || duplicate !== null);
  const source = useWatch({ control: form.control, name: 'source' });
  const needs = useWatch({ control: form.control, name: 'needs' });
  const sources = SOURCES_FOR[caller];

  const send = form.submitWith(async (body) => {
    setProblem(null);
    try {
      const created = await intakeApi.createReferral(body);
      setDuplicate(null);
      const chosen = duplicate?.candidates.find((c) => c.personId === body.personId);
      const typed = form.getValues();
      setSent({ created, name: chosen === undefined ? `${typed.givenName.trim()} ${typed.familyName.trim()}` : `${chosen.givenName} ${chosen.familyName}` });
    } catch (err) {
      const dup = isApiError(err) ? possibleDuplicateOf(err) : null;
      if (isApiError(err) && dup !== null) {
        form.fail([]);
        setDuplicate({ message: err.message, candidates: dup.candidates });
      } else if (!isApiError(err) || err.code === 'invalid_input') {
        setDuplicate(null);
        form.failWith(err);
      } else {
        setDuplicate(null);
        form.fail([]);
        setProblem(err.message);
      }
    }
  });
  /** Sends again, this once with the duplicate answer's choice. */
  const sendWith = (choice: { confirmNotDuplicate: true } | { personId: string }) => {
    if ('personId' in choice) form.setValue('personId', choice.personId);
    else form.setValue('confirmNotDuplicate', true);
    send();
    // Sending reads the values at once, so the choice applies to this send only.
    form.setValue('confirmNotDuplicate', false);
    form.setValue('personId', '');
  };

  if (sent !== null) {
    return (
      <Sent
        created={sent.created}
        name={sent.name}
        canSeeOwn={can('referral:read_own')}
        onAnother={() => {
          form.reset(emptyForm(caller));
          setSent(null);
        }}
      />
    );
  }

  const err = form.errorFor;
  const proactive = source === 'proactive';
  const busy = form.formState.isSubmitting;

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={form.errors} />
        {problem === null ? null : (
          <ErrorSummary errors={[]}>
            <p>{problem}</p>
          </ErrorSummary>
        )}
        {duplicate === null ? null : (
          <DuplicateWarning
            duplicate={duplicate}
            busy={busy}
            onConfirm={() => sendWith({ confirmNotDuplicate: true })}
            onUse={(personId) => sendWith({ personId })}
          />
        )}
        <PageHeading>Make a referral</PageHeading>
        <p className="nhsuk-body-l">
          Refer someone to social prescribing: a link worker will contact them to talk about what matters to them and connect them to support in their
          community.
        </p>
        {practices.isError ? <LoadFailed message={problemOf(practices.error).message} /> : null}
        <form onSubmit={send} noValidate data-testid="referral-form">
          {sources.length === 0 ? null : (
            <RadiosField
              control={form.control}
              name="source"
              id="source"
              legend="Where the referral comes from"
              small
              error={err('source')}
              items={sources.map((s) => ({
                value: s,
                label: REFERRAL_SOURCE_LABELS[s],
                hint: s === 'proactive' ? 'Your PCN offering the service to someone it identified. Consent is asked at first contact.' : undefined,
              }))}
            />
          )}
          {practices.isPending ? <Loading what="GP practices" /> : null}
          {practices.isSuccess ? (
            onlyPractice !== undefined ? (
              <p className="nhsuk-body" id="practiceId" tabIndex={-1} data-testid="practice">
                GP practice: <strong>{onlyPractice.name}</strong>
              </p>
            ) : (
              <SelectField
                control={form.control}
                name="practiceId"
                id="practiceId"
                label="The person’s GP practice"
                error={err('practiceId')}
                options={[{ value: '', label: 'Choose a GP practice' }, ...practices.data.map((p) => ({ value: p.id, label: p.name }))]}
              />
            )
          ) : null}

          <h2 className="nhsuk-heading-m">Who you are referring</h2>
          <TextField
            control={form.control}
            name="nhsNumber"
            id="nhsNumber"
            label="NHS number"
            hint="10 digits, for example 485 777 3456. It makes sure we find the right person."
            width="width-10"
            inputMode="numeric"
            autoComplete="off"
            error={err('nhsNumber')}
          />
          <TextField control={form.control} name="givenName" id="givenName" label="First name" autoComplete="off" spellCheck={false} error={err('givenName')} />
          <TextField
            control={form.control}
            name="familyName"
            id="familyName"
            label="Last name"
            autoComplete="off"
            spellCheck={false}
            error={err('familyName')}
          />
          <DateField
            control={form.control}
            name="dateOfBirth"
            id="dateOfBirth"
            legend="Date of birth"
            hint="For example, 12 3 1948"
            error={err('dateOfBirth')}
          />
          <RadiosField
            control={form.control}
            name="sex"
            id="sex"
            legend="Sex (optional)"
            small
            error={err('sex')}
            items={SEXES.map((s) => ({ value: s, label: SEX_LABELS[s] }))}
          />
          <TextField
            control={form.control}
            name="addressLine1"
            id="addressLine1"
            label="Address line 1 (optional)"
            autoComplete="off"
            error={err('addressLine1')}
          />
          <TextField
            control={form.control}
            name="postcode"
            id="postcode"
            label="Postcode"
            hint="Helps the link worker find services near them"
            width="width-10"
            autoComplete="off"
            error={err('postcode')}
          />
          <TextField control={form.control} name="phone" id="phone" label="Phone number (optional)" width="width-20" autoComplete="off" error={err('phone')} />

          <h2 className="nhsuk-heading-m">Why you are referring them</h2>
          <NeedCheckboxesField
            control={form.control}
            name="needs"
            id="needs"
            legend="Reasons for the referral"
            hint="Choose all that apply."
            error={err('needs')}
          />
          {needs.includes('domestic_abuse') ? (
            <div className="nhsuk-inset-text">
              <span className="nhsuk-u-visually-hidden">Information: </span>
              <p>Domestic abuse always flags the referral for safeguarding, so the lead sees it first.</p>
            </div>
          ) : null}
          <TextareaField
            control={form.control}
            name="reasonText"
            id="reasonText"
            label="In your own words (optional)"
            hint="What is going on for them and what might help. Do not include anything they have asked you not to share."
            error={err('reasonText')}
            rows={3}
          />
          <RadiosField
            control={form.control}
            name="urgency"
            id="urgency"
            legend="How soon should a link worker contact them?"
            small
            error={err('urgency')}
            items={URGENCIES.map((u) => ({ value: u, label: URGENCY_LABELS[u] }))}
            hint="Social prescribing is not an emergency service. If someone is at immediate risk, follow your safeguarding procedures now."
          />

          <h2 className="nhsuk-heading-m">Consent and safety</h2>
          <SingleCheckboxField
            control={form.control}
            name="consentGiven"
            id="consentGiven"
            legend="Consent"
            label={proactive ? 'The person has already agreed to be contacted (optional for proactive outreach)' : 'The person agreed to be referred'}
            hint={
              proactive
                ? 'For proactive outreach the link worker asks for consent when they first get in touch.'
                : 'Social prescribing is voluntary. A link worker will phone or write to them, so they must know about this referral and agree to it. Their details go only to the social prescribing team.'
            }
            error={err('consentGiven')}
          />
          <SingleCheckboxField
            control={form.control}
            name="safeguardingConcern"
            id="safeguardingConcern"
            legend="Safeguarding"
            label="There is a safeguarding concern or a risk to a visiting link worker"
            error={err('safeguardingConcern')}
            conditional={
              <TextareaField
                control={form.control}
                name="riskDetails"
                id="riskDetails"
                label="What is the concern?"
                hint="The lead sees this before allocating. Do not include information the person has not agreed to share unless there is a safeguarding reason to."
                error={err('riskDetails')}
                rows={3}
              />
            }
          />

          <h2 className="nhsuk-heading-m">Contact</h2>
          <TextareaField
            control={form.control}
            name="contactNotes"
            id="contactNotes"
            label="How best to contact them (optional)"
            hint="For example: ring after 2pm; hard of hearing, text first; daughter Jane is the main contact"
            error={err('contactNotes')}
            rows={2}
          />
          <TextField
            control={form.control}
            name="referrerContact"
            id="referrerContact"
            label="How the link worker can reach you (optional)"
            hint="Phone, extension or secure email"
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
            <Tag colour="red">Safeguarding</Tag> The referral is flagged for safeguarding, so the lead sees it first.
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
