import { useMutation } from '@tanstack/react-query';
import { OPEN_COMMUNITY_STATUSES } from '../../../domain/community-referral.ts';
import { isNeedCode, type NeedCode } from '../../../domain/needs.ts';
import type { CaseView } from '../../../domain/schemas/cases.ts';
import { createCommunityReferralBodySchema, serviceMatchBodySchema } from '../../../domain/schemas/community.ts';
import { isApiError } from '../../api.ts';
import { casesApi } from './cases-api.ts';
import { directoryApi, type MatchRequest, type MatchResult } from '../directory/directory-api.ts';
import { Button, Tag } from '../../ui/kit.tsx';
import { TextareaField } from '../../ui/form-fields.tsx';
import { errorFor, formSchema, useNhsForm } from '../../ui/forms.ts';
import { ageOn } from '../../ui/labels.ts';
import { Link } from '../../router.tsx';
import { capacityColour, capacityText } from '../directory/labels.ts';
import { reportFailure, type FormHost } from './host.ts';
import { needText } from './labels.ts';

const FIELDS = {
  text: 'find-service-text',
  serviceId: 'find-service-text',
  need: 'find-service-text',
  kind: 'find-service-text',
  reasonText: 'find-service-note',
  matchId: 'find-service-text',
  matchRank: 'find-service-text',
};

/** The needs recorded in the conversation (else on the referral), to search with and to pre-fill the words. */
function caseNeeds(data: CaseView): NeedCode[] {
  const codes = data.conversation !== null ? data.conversation.needs.map((n) => n.code) : data.referral.needs.filter(isNeedCode);
  return [...new Set(codes)];
}

/** "loneliness and isolation, bereavement": the recorded needs as words to start from. */
function startingWords(data: CaseView): string {
  return caseNeeds(data)
    .map((c) => needText(c).toLowerCase())
    .join(', ');
}

/** The search: the words, with the case's needs, age, postcode and barriers to rank by (built each render, so it follows the case). */
function matchForm(data: CaseView, needs: NeedCode[]) {
  return formSchema(serviceMatchBodySchema, (v: { text: string }, problem) => {
    if (v.text.trim() === '' && needs.length === 0) problem('text', 'Describe what would help, in your own words');
    const age = ageOn(data.person.dateOfBirth, new Date());
    const barriers = data.conversation?.barriers ?? [];
    const body: MatchRequest = {
      text: v.text.trim(),
      needs,
      referralId: data.id,
      ...(data.person.postcode === null ? {} : { postcode: data.person.postcode }),
      ...(age === null ? {} : { age }),
      ...(barriers.length === 0 ? {} : { barriers }),
    };
    return body;
  });
}

interface ReferValues {
  note: string;
  /** The suggestion chosen, and refer or signpost: set by the button pressed. */
  serviceId: string;
  kind: 'refer' | 'signpost';
  need: NeedCode | undefined;
  matchId: string | null;
  matchRank: number;
}

const referForm = formSchema(createCommunityReferralBodySchema, (v: ReferValues) => ({
  serviceId: v.serviceId,
  kind: v.kind,
  ...(v.need === undefined ? {} : { need: v.need }),
  ...(v.note.trim() === '' ? {} : { reasonText: v.note.trim() }),
  ...(v.matchId === null ? {} : { matchId: v.matchId, matchRank: v.matchRank }),
}));

/**
 * Find a service from the case (the key journey): the link worker says the need in their own
 * words (pre-filled from what was recorded), Linkwork ranks the directory with the person's age,
 * postcode and barriers and says why each suggestion fits; one click refers (the provider is asked
 * to accept) or records a signpost, and which suggestion was chosen is recorded with it.
 */
export function FindService({ host, data }: { host: FormHost; data: CaseView }) {
  const needs = caseNeeds(data);
  const search = useNhsForm({ schema: matchForm(data, needs), defaultValues: { text: startingWords(data) }, fieldIds: FIELDS, report: host.fail });
  const refer = useNhsForm({
    schema: referForm,
    defaultValues: { note: '', serviceId: '', kind: 'refer', need: undefined, matchId: null, matchRank: 1 },
    fieldIds: FIELDS,
    report: host.fail,
  });
  // A search is a read, but it is sent (POST) and recorded with the case: run on request, kept until the next.
  const matching = useMutation({ mutationFn: (body: MatchRequest) => directoryApi.match(body) });
  const match = matching.data ?? null;
  const err = (id: string) => errorFor(host.errors, id);

  const onSearch = search.submitWith(async (body) => {
    try {
      await matching.mutateAsync(body);
    } catch (caught) {
      host.fail([{ id: FIELDS.text, message: isApiError(caught) ? (caught.fields['text'] ?? caught.message) : 'Something went wrong. Try again.' }]);
    }
  });

  const understood = (match?.understoodNeeds ?? []).map((u) => u.need);

  const send = (r: MatchResult, rank: number, kind: 'refer' | 'signpost') => {
    refer.setValue('serviceId', r.id);
    refer.setValue('kind', kind);
    // No need is sent: the server files the referral under the first searched need this service
    // meets (a debt service found by a search for loneliness and debt hears about debt).
    refer.setValue('need', undefined);
    refer.setValue('matchId', match?.matchId ?? null);
    refer.setValue('matchRank', rank);
    refer.submitWith(async (body) => {
      try {
        await casesApi.referToService(host.caseId, body);
        refer.setValue('note', '');
        matching.reset();
        await host.done(kind === 'refer' ? `Referred to ${r.name}. The provider has been asked to accept.` : `Signposting to ${r.name} recorded.`);
      } catch (caught) {
        reportFailure(host, caught, FIELDS);
      }
    })();
  };
  const busy = refer.formState.isSubmitting;
  const searching = search.formState.isSubmitting;

  const inProgress = new Set(
    data.communityReferrals.filter((r) => r.kind === 'refer' && (OPEN_COMMUNITY_STATUSES as readonly string[]).includes(r.status)).map((r) => r.serviceId),
  );
  return (
    <div data-testid="find-service">
      <form onSubmit={onSearch} noValidate role="search" aria-label="Find a service">
        <TextareaField
          control={search.control}
          name="text"
          id={FIELDS.text}
          label="What would help? In your words"
          hint={
            needs.length === 0
              ? 'For example: lonely since her husband died, likes singing'
              : `Their recorded needs are searched too: ${needs.map((c) => needText(c).toLowerCase()).join(', ')}. Add what they enjoy or what gets in the way.`
          }
          error={err(FIELDS.text)}
          rows={2}
        />
        <Button variant="secondary" busy={searching}>
          Find services
        </Button>
      </form>
      <div aria-live="polite" aria-busy={searching}>
        {match === null ? null : (
          <>
            <p className="nhsuk-body" data-testid="match-summary">
              {match.results.length === 0
                ? 'No suitable services found. Try other words, or record it as an unmet need below.'
                : `${match.results.length} ${match.results.length === 1 ? 'suggestion' : 'suggestions'}${understood.length === 0 ? '' : ` for ${understood.map((c) => needText(c).toLowerCase()).join(', ')}`}, best first.`}
            </p>
            {match.place === null ? null : (
              <p className="nhsuk-body-s nhsuk-u-secondary-text-colour" data-testid="match-place">
                Near {match.place.name} (named in the text): distances are from there.
              </p>
            )}
            {match.understoodNeeds.some((u) => u.terms.length > 0) ? (
              <p className="nhsuk-body-s nhsuk-u-secondary-text-colour" data-testid="match-heard">
                Understood from your words:{' '}
                {match.understoodNeeds
                  .filter((u) => u.terms.length > 0)
                  .map((u) => `${needText(u.need).toLowerCase()} (from ${u.terms.map((t) => `“${t}”`).join(', ')})`)
                  .join('; ')}
                . If that is wrong, change the words and search again.
              </p>
            ) : null}
            {match.results.length === 0 ? null : (
              <TextareaField
                control={refer.control}
                name="note"
                id={FIELDS.reasonText}
                label="Note for the provider (optional)"
                hint="What the provider needs to know to help. No clinical detail: they see this, their name and contact details only."
                error={err(FIELDS.reasonText)}
                rows={2}
              />
            )}
          </>
        )}
      </div>
      {match === null || match.results.length === 0 ? null : (
        <ol className="nhsuk-list lw-services" data-testid="match-results">
          {match.results.map((r, i) => (
            <li key={r.id} className="lw-service" data-testid="match-result">
              <h4 className="nhsuk-heading-xs lw-service__name">
                {i + 1}. <Link to={`/directory/services/${r.id}`}>{r.name}</Link>
              </h4>
              <p className="nhsuk-body-s lw-service__org">
                {r.organisationName}
                {r.distanceKm === null ? '' : ` · ${r.distanceKm < 10 ? r.distanceKm.toFixed(1) : Math.round(r.distanceKm)} km away`}
              </p>
              <p className="nhsuk-body-s">
                <Tag colour={capacityColour(r.capacity)}>{capacityText(r.capacity, r.waitingWeeks)}</Tag>
                {r.stale ? (
                  <span className="lw-tag-gap">
                    <Tag colour="orange">Not checked recently: ring first</Tag>
                  </span>
                ) : null}
              </p>
              {r.reasons.length === 0 ? null : (
                <ul className="nhsuk-list nhsuk-list--bullet nhsuk-body-s" aria-label={`Why ${r.name} is suggested`} data-testid="match-reasons">
                  {r.reasons.map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              )}
              <div className="nhsuk-button-group lw-service__actions">
                {!r.takesReferrals ? (
                  <span className="nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour lw-service__noref">Takes no referrals: signpost only</span>
                ) : !data.referral.consentGiven ? (
                  <span className="nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour lw-service__noref" data-testid="refer-needs-consent">
                    Refer once their consent is recorded (accept support first)
                  </span>
                ) : inProgress.has(r.id) ? (
                  <span className="nhsuk-u-font-size-16 lw-service__noref">
                    <strong>Referral in progress</strong>
                  </span>
                ) : (
                  <Button type="button" small busy={busy} onClick={() => send(r, i + 1, 'refer')}>
                    Refer<span className="nhsuk-u-visually-hidden"> to {r.name}</span>
                  </Button>
                )}
                <Button type="button" small variant="secondary" busy={busy} onClick={() => send(r, i + 1, 'signpost')}>
                  Signpost<span className="nhsuk-u-visually-hidden"> to {r.name}</span>
                </Button>
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
