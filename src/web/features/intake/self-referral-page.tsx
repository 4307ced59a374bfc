import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ETHNIC_CATEGORIES, type EthnicCategoryCode } from '../../../domain/ethnicity.ts';
import type { NeedCode } from '../../../domain/needs.ts';
import {
  ACCESSIBLE_FORMATS,
  BEST_CONTACT_TIMES,
  CONTACT_METHODS,
  type AccessibleFormat,
  type BestContactTime,
  type ContactMethod,
  type Sex,
} from '../../../domain/schemas/person-details.ts';
import { selfReferralBodySchema } from '../../../domain/schemas/referrals.ts';
import { isApiError } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { intakeApi, intakeKeys, type SelfReferralBody } from './intake-api.ts';
import { Button, ErrorSummary, LoadFailed, Loading, PageHeading, usePageTitle } from '../../ui/kit.tsx';
import { EMPTY_DATE, isoFromParts, type DateParts } from '../../ui/fields.tsx';
import {
  CheckboxesField,
  DateField,
  NeedCheckboxesField,
  RadiosField,
  SelectField,
  SingleCheckboxField,
  TextField,
  TextareaField,
} from '../../ui/form-fields.tsx';
import { formSchema, useNhsForm } from '../../ui/forms.ts';
import { orUndefined } from './labels.ts';
import { Link } from '../../router.tsx';

/**
 * The public self-referral page (no sign-in): plain English, one column, phone first. The server
 * limits sends per address; `website` is a honeypot that people never see (hidden by a class, out
 * of the tab order and of the accessibility tree) and robots fill in.
 */

const CONTACT_METHOD_WORDS: { readonly [M in ContactMethod]: string } = { phone: 'Phone call', text: 'Text message', email: 'Email', letter: 'Letter' };
const BEST_TIME_WORDS: { readonly [T in BestContactTime]: string } = { morning: 'Morning', afternoon: 'Afternoon', evening: 'Evening', any_time: 'Any time' };
const FORMAT_WORDS: { readonly [F in AccessibleFormat]: string } = {
  large_print: 'Large print',
  easy_read: 'Easy read',
  bsl: 'British Sign Language (BSL)',
  braille: 'Braille',
  audio: 'Audio',
};
/** The public form offers the plain answers; "indeterminate" is a clinical classification, not a self-description. */
const SEX_CHOICES: readonly { value: Sex; label: string }[] = [
  { value: 'female', label: 'Female' },
  { value: 'male', label: 'Male' },
  { value: 'not_known', label: 'I would rather not say' },
];

interface SelfReferralValues {
  firstName: string;
  lastName: string;
  dateOfBirth: DateParts;
  gpPracticeId: string;
  whatWouldHelp: NeedCode[];
  inYourOwnWords: string;
  phone: string;
  email: string;
  addressLine1: string;
  addressLine2: string;
  town: string;
  postcode: string;
  howToContactYou: ContactMethod[];
  bestTimesToContact: BestContactTime[];
  nhsNumber: string;
  needAnInterpreter: boolean;
  language: string;
  accessibleFormats: AccessibleFormat[];
  sex: Sex | '';
  ethnicCategory: EthnicCategoryCode | '';
  consent: boolean;
  website: string;
}

const EMPTY: SelfReferralValues = {
  firstName: '',
  lastName: '',
  dateOfBirth: EMPTY_DATE,
  gpPracticeId: '',
  whatWouldHelp: [],
  inYourOwnWords: '',
  phone: '',
  email: '',
  addressLine1: '',
  addressLine2: '',
  town: '',
  postcode: '',
  howToContactYou: [],
  bestTimesToContact: [],
  nhsNumber: '',
  needAnInterpreter: false,
  language: '',
  accessibleFormats: [],
  sex: '',
  ethnicCategory: '',
  consent: false,
  website: '',
};

/** Paths → input ids, in the order of the form. */
const FIELD_IDS: Record<string, string> = {
  firstName: 'firstName',
  lastName: 'lastName',
  dateOfBirth: 'dateOfBirth',
  gpPracticeId: 'gpPracticeId',
  whatWouldHelp: 'whatWouldHelp',
  inYourOwnWords: 'inYourOwnWords',
  phone: 'phone',
  email: 'email',
  addressLine1: 'addressLine1',
  addressLine2: 'addressLine2',
  town: 'town',
  postcode: 'postcode',
  howToContactYou: 'howToContactYou',
  bestTimesToContact: 'bestTimesToContact',
  nhsNumber: 'nhsNumber',
  needAnInterpreter: 'needAnInterpreter',
  language: 'language',
  accessibleFormats: 'accessibleFormats',
  sex: 'sex',
  ethnicCategory: 'ethnicCategory',
  consent: 'consent',
};

/** The referral as the public API takes it, with what only the form can check (the date boxes, a surgery chosen). */
const selfReferralForm = formSchema(selfReferralBodySchema, (f: SelfReferralValues, problem): SelfReferralBody => {
  const date = isoFromParts(f.dateOfBirth, 'Date of birth');
  if ('error' in date) problem('dateOfBirth', date.error);
  else if (date.ok === '') problem('dateOfBirth', 'Enter your date of birth');
  if (f.gpPracticeId === '') problem('gpPracticeId', 'Choose your GP surgery');
  return {
    firstName: f.firstName,
    lastName: f.lastName,
    dateOfBirth: 'ok' in date ? date.ok : '',
    nhsNumber: orUndefined(f.nhsNumber),
    addressLine1: orUndefined(f.addressLine1),
    addressLine2: orUndefined(f.addressLine2),
    town: orUndefined(f.town),
    postcode: orUndefined(f.postcode),
    phone: orUndefined(f.phone),
    email: orUndefined(f.email),
    howToContactYou: f.howToContactYou,
    bestTimesToContact: f.bestTimesToContact,
    gpPracticeId: f.gpPracticeId,
    whatWouldHelp: f.whatWouldHelp,
    inYourOwnWords: orUndefined(f.inYourOwnWords),
    needAnInterpreter: f.needAnInterpreter,
    language: f.needAnInterpreter ? orUndefined(f.language) : undefined,
    accessibleFormats: f.accessibleFormats,
    sex: f.sex === '' ? undefined : f.sex,
    ethnicCategory: f.ethnicCategory === '' ? undefined : f.ethnicCategory,
    // The schema wants `true`; an unticked box is sent as false and refused with the right words.
    consent: f.consent as true,
    website: f.website === '' ? undefined : f.website,
  };
});

function NotForEmergencies() {
  return (
    <div className="nhsuk-inset-text" data-testid="not-for-emergencies">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      <p>
        This is not for emergencies. If you or someone else is in danger now, call 999. For urgent medical help, call 111. To talk to someone any time, call
        Samaritans free on 116&nbsp;123.
      </p>
    </div>
  );
}

export function SelfReferralPage() {
  const practices = useQuery({ queryKey: intakeKeys.publicPractices(), queryFn: ({ signal }) => intakeApi.publicPractices(signal) });
  const form = useNhsForm({ schema: selfReferralForm, defaultValues: EMPTY, fieldIds: FIELD_IDS, fallbackId: 'firstName' });
  const [problem, setProblem] = useState<string | null>(null);
  const [reference, setReference] = useState<string | null>(null);
  usePageTitle(reference === null ? 'Refer yourself to social prescribing' : 'Referral sent', form.errors.length > 0 || problem !== null);

  const onSubmit = form.submitWith(async (body) => {
    setProblem(null);
    try {
      const { reference: ref } = await intakeApi.submitSelfReferral(body);
      setReference(ref);
      window.scrollTo(0, 0);
    } catch (err) {
      if (isApiError(err) && err.code === 'invalid_input' && Object.keys(err.fields).length > 0) form.failWith(err);
      else {
        form.fail([]);
        setProblem(
          isApiError(err) && err.code === 'rate_limited'
            ? 'Too many referrals have been sent from this connection in the last hour. Please try again later, or ask your GP surgery to refer you.'
            : isApiError(err)
              ? err.message
              : 'Something went wrong. Please try again.',
        );
      }
    }
  });

  if (reference !== null) return <Sent reference={reference} />;

  const err = form.errorFor;
  const c = form.control;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={form.errors} />
        {problem === null ? null : (
          <ErrorSummary errors={[]}>
            <p data-testid="self-referral-problem">{problem}</p>
          </ErrorSummary>
        )}
        <PageHeading>Refer yourself to social prescribing</PageHeading>
        <p className="nhsuk-body-l">
          Social prescribing helps with things that affect your health and wellbeing that a doctor or medicine cannot fix, like feeling lonely, money worries or
          housing.
        </p>
        <p className="nhsuk-body">
          A link worker from your GP surgery’s team will contact you. They will talk with you about what matters to you and help you find support near you. It
          is free, and you do not need to see your GP first.
        </p>
        <NotForEmergencies />
        {practices.isError ? <LoadFailed message={problemOf(practices.error).message} /> : null}
        <form onSubmit={onSubmit} noValidate data-testid="self-referral-form">
          <h2 className="nhsuk-heading-m">About you</h2>
          <TextField control={c} name="firstName" id="firstName" label="First name" autoComplete="given-name" spellCheck={false} error={err('firstName')} />
          <TextField control={c} name="lastName" id="lastName" label="Last name" autoComplete="family-name" spellCheck={false} error={err('lastName')} />
          <DateField control={c} name="dateOfBirth" id="dateOfBirth" legend="Date of birth" hint="For example, 27 3 1957" error={err('dateOfBirth')} />
          {practices.isPending ? <Loading what="GP surgeries" /> : null}
          {practices.isSuccess ? (
            <SelectField
              control={c}
              name="gpPracticeId"
              id="gpPracticeId"
              label="Your GP surgery"
              hint="Only surgeries that offer social prescribing through this service are listed."
              error={err('gpPracticeId')}
              options={[{ value: '', label: 'Choose your GP surgery' }, ...practices.data.practices.map((p) => ({ value: p.id, label: p.name }))]}
            />
          ) : null}

          <h2 className="nhsuk-heading-m">What you would like help with</h2>
          <NeedCheckboxesField
            control={c}
            name="whatWouldHelp"
            id="whatWouldHelp"
            legend="Choose anything you would like help with"
            hint="Choose as many as you like, or tell us in your own words below."
            error={err('whatWouldHelp')}
          />
          <TextareaField
            control={c}
            name="inYourOwnWords"
            id="inYourOwnWords"
            label="Tell us in your own words (optional)"
            hint="What is going on for you, and what you would like to change."
            error={err('inYourOwnWords')}
            rows={4}
          />

          <h2 className="nhsuk-heading-m">How we can contact you</h2>
          <p className="nhsuk-body">Give at least one way to contact you: a phone number, an email address or your address.</p>
          <TextField control={c} name="phone" id="phone" label="Phone number" autoComplete="tel" inputMode="numeric" width="width-20" error={err('phone')} />
          <TextField control={c} name="email" id="email" label="Email address" type="email" autoComplete="email" spellCheck={false} error={err('email')} />
          <TextField control={c} name="addressLine1" id="addressLine1" label="Address line 1" autoComplete="address-line1" error={err('addressLine1')} />
          <TextField
            control={c}
            name="addressLine2"
            id="addressLine2"
            label="Address line 2 (optional)"
            autoComplete="address-line2"
            error={err('addressLine2')}
          />
          <TextField control={c} name="town" id="town" label="Town or city" autoComplete="address-level2" width="width-20" error={err('town')} />
          <TextField control={c} name="postcode" id="postcode" label="Postcode" autoComplete="postal-code" width="width-10" error={err('postcode')} />
          <CheckboxesField
            control={c}
            name="howToContactYou"
            id="howToContactYou"
            legend="How would you like us to contact you? (optional)"
            small
            error={err('howToContactYou')}
            items={CONTACT_METHODS.map((m) => ({ value: m, label: CONTACT_METHOD_WORDS[m] }))}
          />
          <CheckboxesField
            control={c}
            name="bestTimesToContact"
            id="bestTimesToContact"
            legend="When is best? (optional)"
            small
            error={err('bestTimesToContact')}
            items={BEST_CONTACT_TIMES.map((t) => ({ value: t, label: BEST_TIME_WORDS[t] }))}
          />

          <h2 className="nhsuk-heading-m">Anything that would help us help you</h2>
          <TextField
            control={c}
            name="nhsNumber"
            id="nhsNumber"
            label="NHS number (optional)"
            hint="It is 10 digits, like 485 777 3456. You can find it on letters from the NHS or in the NHS App. Leave this empty if you do not know it."
            inputMode="numeric"
            autoComplete="off"
            width="width-10"
            error={err('nhsNumber')}
          />
          <SingleCheckboxField
            control={c}
            name="needAnInterpreter"
            id="needAnInterpreter"
            legend="Interpreter"
            label="I would like an interpreter"
            error={err('needAnInterpreter')}
            conditional={<TextField control={c} name="language" id="language" label="Which language?" width="width-20" error={err('language')} />}
          />
          <CheckboxesField
            control={c}
            name="accessibleFormats"
            id="accessibleFormats"
            legend="Would any of these help you? (optional)"
            small
            error={err('accessibleFormats')}
            items={ACCESSIBLE_FORMATS.map((f) => ({ value: f, label: FORMAT_WORDS[f] }))}
          />

          <h2 className="nhsuk-heading-m">Equality questions (optional)</h2>
          <p className="nhsuk-body">
            We ask so that we can check the service is fair to everyone. You do not have to answer, and your answers do not change the help you get.
          </p>
          <RadiosField control={c} name="sex" id="sex" legend="Your sex" small error={err('sex')} items={SEX_CHOICES} />
          <SelectField
            control={c}
            name="ethnicCategory"
            id="ethnicCategory"
            label="Your ethnic group"
            error={err('ethnicCategory')}
            options={[
              { value: '', label: 'Choose an answer' },
              ...ETHNIC_CATEGORIES.filter((e) => e.code !== '99').map((e) => ({
                value: e.code,
                label: e.code === 'Z' ? 'I would rather not say' : e.label.replace(' - ', ': '),
              })),
            ]}
          />

          <h2 className="nhsuk-heading-m">Your agreement</h2>
          <SingleCheckboxField
            control={c}
            name="consent"
            id="consent"
            legend="Agreeing to be contacted"
            label="I agree to the social prescribing team contacting me and reading what I have written here"
            hint="Only the social prescribing team at your GP surgery sees your referral. We need your agreement before we can contact you."
            error={err('consent')}
          />

          <div className="lw-hp" aria-hidden="true">
            <label htmlFor="website">Website (leave this empty)</label>
            <input id="website" type="text" tabIndex={-1} autoComplete="off" aria-hidden="true" {...form.register('website')} />
          </div>

          <Button busy={form.formState.isSubmitting}>Send my referral</Button>
        </form>
        <p className="nhsuk-body">
          Work for the NHS or a partner organisation? <Link to="/sign-in">Sign in to Linkwork</Link>
        </p>
      </div>
    </div>
  );
}

function Sent({ reference }: { reference: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <div className="nhsuk-panel" data-testid="self-referral-sent">
          <h1 className="nhsuk-panel__title" tabIndex={-1} ref={heading}>
            Thank you, we have your referral
          </h1>
          <div className="nhsuk-panel__body">
            Your reference is
            <br />
            <strong className="lw-reference" data-testid="reference">
              {reference}
            </strong>
          </div>
        </div>
        <p className="nhsuk-body">Write down your reference or take a screenshot. Quote it if you contact your GP surgery about this referral.</p>
        <h2 className="nhsuk-heading-m">What happens next</h2>
        <ol className="nhsuk-list nhsuk-list--number">
          <li>The social prescribing team at your GP surgery reads your referral.</li>
          <li>A link worker contacts you in the way you asked, to arrange a time to talk.</li>
          <li>Together you work out what matters to you and find support near you.</li>
        </ol>
        <NotForEmergencies />
      </div>
    </div>
  );
}
