import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import { OPEN_COMMUNITY_STATUSES } from '../../../domain/community-referral.ts';
import { NEEDS, isNeedCode, type NeedCode } from '../../../domain/needs.ts';
import { recordUnmetNeedBodySchema, type CaseView } from '../../../domain/schemas/cases.ts';
import { createCommunityReferralBodySchema, type ServiceListItemView } from '../../../domain/schemas/community.ts';
import { UNMET_BARRIER_LABELS, UNMET_BARRIERS, UNMET_NEED_KIND_LABELS, UNMET_NEED_KINDS } from '../../../domain/unmet-need.ts';
import { problemOf } from '../../queries.ts';
import { casesApi, casesKeys } from './cases-api.ts';
import { Button, Loading, Tag, type TagColour } from '../../ui/kit.tsx';
import { RadiosField, SelectField, TextareaField } from '../../ui/form-fields.tsx';
import { errorFor, formSchema, useNhsForm } from '../../ui/forms.ts';
import { formatDate, formatDateTime } from '../../ui/labels.ts';
import { Table } from '../../ui/table.tsx';
import { reportFailure, type FormHost } from './host.ts';
import { communityStatusLabel, declineReasonLabel, leftOutWords, needText } from './labels.ts';

const NEED_OPTIONS = NEEDS.map((n) => ({ value: n.code, label: n.label }));

/** The needs to offer first: the conversation's, else the referral's. */
function caseNeeds(data: CaseView): NeedCode[] {
  const codes = data.conversation !== null ? data.conversation.needs.map((n) => n.code) : data.referral.needs.filter(isNeedCode);
  return [...new Set(codes)];
}

const statusColour = (s: string): TagColour =>
  s === 'declined' || s === 'no_response' ? 'orange' : s === 'sent' ? 'blue' : s === 'cancelled' ? 'grey' : 'green';

/**
 * Referrals and signposts made from the case, with where each one is now. With `host` (someone who
 * may update the case), a referral the provider has not started can be withdrawn, after a second
 * click to confirm; the provider's inbox then shows it cancelled.
 */
export function CommunityReferralList({ items, host }: { items: CaseView['communityReferrals']; host?: FormHost }) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const withdraw = useMutation({ mutationFn: (r: { id: string; version: number }) => casesApi.cancelCommunityReferral(r.id, r.version) });
  if (items.length === 0) return <p className="nhsuk-body">No referrals or signposts yet.</p>;
  const onWithdraw = async (r: CaseView['communityReferrals'][number]) => {
    if (host === undefined) return;
    try {
      await withdraw.mutateAsync({ id: r.id, version: r.version });
      setConfirming(null);
      await host.done(`Referral to ${r.serviceName} withdrawn. The provider sees it as cancelled.`);
    } catch (caught) {
      setConfirming(null);
      reportFailure(host, caught, { version: `withdraw-${r.id}` });
    }
  };
  const mayWithdraw = host !== undefined && items.some((r) => r.canWithdraw);
  return (
    <Table
      responsive
      testId="community-referrals"
      caption="Referrals and signposts from this case"
      captionStyle="hidden"
      rows={items}
      rowKey={(r) => r.id}
      rowAttributes={() => ({ 'data-testid': 'community-referral-row' })}
      columns={[
        {
          key: 'service',
          header: 'Service',
          cell: (r) => (
            <span className="lw-cell">
              <span className="lw-block">{r.serviceName}</span>
              <span className="nhsuk-u-secondary-text-colour nhsuk-u-font-size-16">
                {r.kind === 'refer' ? 'Referral' : 'Signposted'}
                {r.need === null ? '' : ` for ${needText(r.need).toLowerCase()}`}
              </span>
            </span>
          ),
        },
        {
          key: 'status',
          header: 'Status',
          cell: (r) => (
            <span className="lw-cell">
              <Tag colour={statusColour(r.status)}>{communityStatusLabel(r.status)}</Tag>
              {r.declineReason === null ? null : <span className="lw-block nhsuk-u-font-size-16">{declineReasonLabel(r.declineReason)}</span>}
            </span>
          ),
        },
        {
          key: 'sent',
          header: 'Sent',
          cell: (r) => (
            <span className="lw-cell">
              {formatDate(r.sentAt)}
              {r.respondedAt === null ? null : (
                <span className="lw-block nhsuk-u-secondary-text-colour nhsuk-u-font-size-16">Replied {formatDate(r.respondedAt)}</span>
              )}
            </span>
          ),
        },
        ...(mayWithdraw
          ? [
              {
                key: 'withdraw',
                header: 'Withdraw',
                cell: (r: CaseView['communityReferrals'][number]) =>
                  !r.canWithdraw ? null : confirming === r.id ? (
                    <span className="lw-cell" id={`withdraw-${r.id}`} tabIndex={-1}>
                      <span className="lw-block nhsuk-u-font-size-16">Withdraw the referral? The provider is told it is cancelled.</span>
                      <span className="nhsuk-button-group">
                        <Button type="button" small variant="warning" busy={withdraw.isPending} onClick={() => void onWithdraw(r)}>
                          Yes, withdraw<span className="nhsuk-u-visually-hidden"> the referral to {r.serviceName}</span>
                        </Button>
                        <Button type="button" small variant="secondary" onClick={() => setConfirming(null)}>
                          Keep it
                        </Button>
                      </span>
                    </span>
                  ) : (
                    <Button type="button" small variant="secondary" onClick={() => setConfirming(r.id)}>
                      Withdraw<span className="nhsuk-u-visually-hidden"> the referral to {r.serviceName}</span>
                    </Button>
                  ),
              },
            ]
          : []),
      ]}
    />
  );
}

const REFER_FIELDS = { serviceId: 'service-need', need: 'service-need', reasonText: 'service-note', kind: 'service-need' };

interface ReferValues {
  need: string;
  note: string;
  /** Which service, and refer or signpost: set by the button pressed. */
  serviceId: string;
  kind: 'refer' | 'signpost';
}

const referForm = formSchema(createCommunityReferralBodySchema, (v: ReferValues) => ({
  serviceId: v.serviceId,
  kind: v.kind,
  ...(isNeedCode(v.need) ? { need: v.need } : {}),
  ...(v.note.trim() === '' ? {} : { reasonText: v.note.trim() }),
}));

/**
 * Find a service for a need and refer (the provider is asked to accept) or signpost (they were
 * given the details) with one click. The list leaves out services that do not suit the person
 * (their age, sex, or too far from home), nearest first, and says how many it left out and why.
 */
export function ReferToService({ host, data }: { host: FormHost; data: CaseView }) {
  const suggested = caseNeeds(data);
  const form = useNhsForm({
    schema: referForm,
    defaultValues: { need: suggested[0] ?? '', note: '', serviceId: '', kind: 'refer' },
    fieldIds: REFER_FIELDS,
    report: host.fail,
  });
  const need = useWatch({ control: form.control, name: 'need' });
  const chosenNeed = isNeedCode(need) ? need : undefined;
  const services = useQuery({
    queryKey: casesKeys.services(host.caseId, chosenNeed),
    queryFn: ({ signal }) => casesApi.services(host.caseId, chosenNeed, signal),
  });
  const err = (id: string) => errorFor(host.errors, id);

  const send = (service: ServiceListItemView, kind: 'refer' | 'signpost') => {
    form.setValue('serviceId', service.id);
    form.setValue('kind', kind);
    form.submitWith(async (body) => {
      try {
        await casesApi.referToService(host.caseId, body);
        form.setValue('note', '');
        await host.done(kind === 'refer' ? `Referred to ${service.name}. The provider has been asked to accept.` : `Signposting to ${service.name} recorded.`);
      } catch (caught) {
        reportFailure(host, caught, REFER_FIELDS);
      }
    })();
  };

  const list = services.data?.services ?? [];
  const leftOut = services.data?.leftOut === undefined ? undefined : leftOutWords(services.data.leftOut, data.person.sex, services.data.radiusKm);
  const busy = form.formState.isSubmitting;
  // One referral at a time to a service: the server refuses a second while one is open.
  const inProgress = new Set(
    data.communityReferrals.filter((r) => r.kind === 'refer' && (OPEN_COMMUNITY_STATUSES as readonly string[]).includes(r.status)).map((r) => r.serviceId),
  );
  return (
    <div data-testid="refer-to-service">
      <SelectField
        control={form.control}
        name="need"
        id="service-need"
        label="Services for this need"
        hint={suggested.length === 0 ? undefined : `Their needs: ${suggested.map((c) => needText(c)).join(', ')}`}
        error={err('service-need')}
        options={[
          { value: '', label: 'Any need' },
          ...[...NEED_OPTIONS].sort((a, b) => Number(suggested.includes(b.value)) - Number(suggested.includes(a.value))),
        ]}
      />
      <TextareaField
        control={form.control}
        name="note"
        id="service-note"
        label="Note for the provider (optional)"
        hint="What the provider needs to know to help. No clinical detail: they see this, their name and contact details only."
        error={err('service-note')}
        rows={2}
      />
      <div aria-live="polite" aria-busy={services.isPending}>
        {services.isPending ? <Loading what="services" /> : null}
        {services.isError ? <p className="nhsuk-error-message">{problemOf(services.error).message}</p> : null}
        {services.isSuccess ? (
          <p className="nhsuk-body" data-testid="service-count">
            {list.length === 0
              ? 'No services found for this need. If none suits them, record it as an unmet need below.'
              : `${list.length} ${list.length === 1 ? 'service' : 'services'}${chosenNeed === undefined ? '' : ` for ${needText(chosenNeed).toLowerCase()}`}${services.data.byDistance === true && list.length > 1 ? ', nearest first' : ''}`}
          </p>
        ) : null}
      </div>
      <ul className="nhsuk-list lw-services">
        {list.map((s) => (
          <li key={s.id} className="lw-service" data-testid="service-item">
            <h4 className="nhsuk-heading-xs lw-service__name">{s.name}</h4>
            <p className="nhsuk-body-s lw-service__org">
              {s.organisationName}
              {s.distanceKm === null || s.distanceKm === undefined ? null : <span data-testid="service-distance">, {s.distanceKm.toFixed(1)} km away</span>}
            </p>
            {s.description === null ? null : <p className="nhsuk-body-s">{s.description}</p>}
            <div className="nhsuk-button-group lw-service__actions">
              {!s.takesReferrals ? (
                <span className="nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour lw-service__noref">Takes no referrals: signpost only</span>
              ) : !data.referral.consentGiven ? (
                <span className="nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour lw-service__noref" data-testid="refer-needs-consent">
                  Refer once their consent is recorded (accept support first)
                </span>
              ) : inProgress.has(s.id) ? (
                <span className="nhsuk-u-font-size-16 lw-service__noref" data-testid="referral-in-progress">
                  <strong>Referral in progress</strong>
                </span>
              ) : (
                <Button type="button" small busy={busy} onClick={() => send(s, 'refer')}>
                  Refer<span className="nhsuk-u-visually-hidden"> to {s.name}</span>
                </Button>
              )}
              <Button type="button" small variant="secondary" busy={busy} onClick={() => send(s, 'signpost')}>
                Signpost<span className="nhsuk-u-visually-hidden"> to {s.name}</span>
              </Button>
            </div>
          </li>
        ))}
      </ul>
      {leftOut === undefined ? null : (
        <p className="nhsuk-body-s nhsuk-u-secondary-text-colour" data-testid="services-left-out">
          {leftOut}
        </p>
      )}
    </div>
  );
}

const UNMET_FIELDS = { need: 'unmet-need-code', kind: 'unmet-need-kind', barrier: 'unmet-need-barrier', note: 'unmet-need-note' };

interface UnmetValues {
  need: string;
  kind: string;
  barrier: string;
  note: string;
}

const EMPTY_UNMET: UnmetValues = { need: '', kind: '', barrier: '', note: '' };

// A barrier chosen and then hidden (the kind changed) is not sent: it applies only to `barrier`.
const unmetNeedForm = formSchema(recordUnmetNeedBodySchema, (v: UnmetValues) => ({
  need: v.need === '' ? undefined : v.need,
  kind: v.kind === '' ? undefined : v.kind,
  ...(v.kind === 'barrier' && v.barrier !== '' ? { barrier: v.barrier } : {}),
  note: v.note,
}));

const KIND_ITEMS = UNMET_NEED_KINDS.map((k) => ({ value: k, label: UNMET_NEED_KIND_LABELS[k] }));
const BARRIER_OPTIONS = [{ value: '', label: 'Choose the barrier' }, ...UNMET_BARRIERS.map((b) => ({ value: b, label: UNMET_BARRIER_LABELS[b] }))];

/** The words for an unmet-need kind code (from a timeline event's data), if it is one. */
export function unmetKindLabel(code: string | null): string | undefined {
  const kind = UNMET_NEED_KINDS.find((k) => k === code);
  return kind === undefined ? undefined : UNMET_NEED_KIND_LABELS[kind];
}

/** Why an unmet need could not be met, in words: the kind, and the barrier when there is one. */
export function unmetKindText(u: Pick<CaseView['unmetNeeds'][number], 'kind' | 'barrier'>): string {
  return u.barrier === null ? UNMET_NEED_KIND_LABELS[u.kind] : `${UNMET_NEED_KIND_LABELS[u.kind]}: ${UNMET_BARRIER_LABELS[u.barrier].toLowerCase()}`;
}

/**
 * Record a need that could not be met, and which kind of gap it was (no suitable service, full,
 * a barrier and which, or the person declined): intelligence for commissioners.
 */
export function UnmetNeedForm({ host, data }: { host: FormHost; data: CaseView }) {
  const form = useNhsForm({ schema: unmetNeedForm, defaultValues: EMPTY_UNMET, fieldIds: UNMET_FIELDS, report: host.fail });
  const kind = useWatch({ control: form.control, name: 'kind' });
  const err = (id: string) => errorFor(host.errors, id);

  const onSubmit = form.submitWith(async (body) => {
    try {
      await casesApi.recordUnmetNeed(host.caseId, body);
      form.reset(EMPTY_UNMET);
      await host.done(
        `Unmet need recorded: ${needText(body.need).toLowerCase()} (${unmetKindText(body).toLowerCase()})${data.person.lsoa === null ? '' : ` in ${data.person.lsoa}`}.`,
      );
    } catch (caught) {
      reportFailure(host, caught, UNMET_FIELDS);
    }
  });

  return (
    <>
      {data.unmetNeeds.length === 0 ? null : (
        <ul className="nhsuk-list nhsuk-list--bullet" data-testid="unmet-needs">
          {data.unmetNeeds.map((u) => (
            <li key={u.id} data-testid="unmet-need-item">
              <strong>{needText(u.need)}</strong>: {unmetKindText(u)}, {formatDateTime(u.createdAt)}
              {u.lsoa === null ? '' : ` (area ${u.lsoa})`}
              {u.note === null ? null : <span className="lw-block lw-pre">{u.note}</span>}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={onSubmit} noValidate data-testid="unmet-need-form">
        <SelectField
          control={form.control}
          name="need"
          id={UNMET_FIELDS.need}
          label="Need that could not be met"
          error={err(UNMET_FIELDS.need)}
          options={[{ value: '', label: 'Choose a need' }, ...NEED_OPTIONS]}
        />
        <RadiosField
          control={form.control}
          name="kind"
          id={UNMET_FIELDS.kind}
          legend="Why could it not be met?"
          error={err(UNMET_FIELDS.kind)}
          items={KIND_ITEMS}
        />
        {kind === 'barrier' ? (
          <div className="nhsuk-radios__conditional" data-testid="unmet-need-barrier-group">
            <SelectField
              control={form.control}
              name="barrier"
              id={UNMET_FIELDS.barrier}
              label="What stands in the way?"
              error={err(UNMET_FIELDS.barrier)}
              options={BARRIER_OPTIONS}
            />
          </div>
        ) : null}
        <TextareaField
          control={form.control}
          name="note"
          id={UNMET_FIELDS.note}
          label="Note (optional)"
          hint={`What is missing, for the lead. Commissioners see counts by need, kind and area, never this note. The area is taken from their address${data.person.lsoa === null ? ' (not known for this person)' : ` (${data.person.lsoa})`}. No names.`}
          error={err(UNMET_FIELDS.note)}
          rows={2}
        />
        <Button busy={form.formState.isSubmitting} variant="secondary">
          Record unmet need
        </Button>
      </form>
    </>
  );
}
