import { useState, type FormEvent } from 'react';
import { OPEN_COMMUNITY_STATUSES } from '../../../domain/community-referral.ts';
import { NEEDS, isNeedCode, type NeedCode } from '../../../domain/needs.ts';
import type { CaseView } from '../../../domain/schemas/cases.ts';
import { recordUnmetNeedBodySchema } from '../../../domain/schemas/cases.ts';
import type { ServiceView } from '../../../domain/schemas/community.ts';
import { casesApi } from './cases-api.ts';
import { Button, Loading, Tag } from '../../ui/kit.tsx';
import { errorFor } from '../../ui/forms.ts';
import { formatDate, formatDateTime } from '../../ui/labels.ts';
import { useLoad } from '../../ui/use-load.ts';
import { reportFailure, type FormHost } from './host.ts';
import { communityStatusLabel, declineReasonLabel, needText } from './labels.ts';
import { SmallSelect, Textarea } from './parts.tsx';

const NEED_OPTIONS = NEEDS.map((n) => ({ value: n.code, label: n.label }));

/** The needs to offer first: the conversation's, else the referral's. */
function caseNeeds(data: CaseView): NeedCode[] {
  const codes = data.conversation !== null ? data.conversation.needs.map((n) => n.code) : data.referral.needs.filter(isNeedCode);
  return [...new Set(codes)];
}

/** Referrals and signposts made from the case, with where each one is now. */
export function CommunityReferralList({ items }: { items: CaseView['communityReferrals'] }) {
  if (items.length === 0) return <p className="nhsuk-body">No referrals or signposts yet.</p>;
  return (
    <table className="nhsuk-table-responsive" data-testid="community-referrals">
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Referrals and signposts from this case</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th className="nhsuk-table__header" scope="col">
            Service
          </th>
          <th className="nhsuk-table__header" scope="col">
            Status
          </th>
          <th className="nhsuk-table__header" scope="col">
            Sent
          </th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {items.map((r) => (
          <tr className="nhsuk-table__row" key={r.id} data-testid="community-referral-row">
            <td className="nhsuk-table__cell">
              <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                Service{' '}
              </span>
              <span className="lw-cell">
                <span className="lw-block">{r.serviceName}</span>
                <span className="nhsuk-u-secondary-text-colour nhsuk-u-font-size-16">
                  {r.kind === 'refer' ? 'Referral' : 'Signposted'}
                  {r.need === null ? '' : ` for ${needText(r.need).toLowerCase()}`}
                </span>
              </span>
            </td>
            <td className="nhsuk-table__cell">
              <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                Status{' '}
              </span>
              <span className="lw-cell">
                <Tag
                  colour={
                    r.status === 'declined' || r.status === 'no_response'
                      ? 'orange'
                      : r.status === 'sent'
                        ? 'blue'
                        : r.status === 'cancelled'
                          ? 'grey'
                          : 'green'
                  }
                >
                  {communityStatusLabel(r.status)}
                </Tag>
                {r.declineReason === null ? null : <span className="lw-block nhsuk-u-font-size-16">{declineReasonLabel(r.declineReason)}</span>}
              </span>
            </td>
            <td className="nhsuk-table__cell">
              <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                Sent{' '}
              </span>
              <span className="lw-cell">
                {formatDate(r.sentAt)}
                {r.respondedAt === null ? null : (
                  <span className="lw-block nhsuk-u-secondary-text-colour nhsuk-u-font-size-16">Replied {formatDate(r.respondedAt)}</span>
                )}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const REFER_FIELDS = { serviceId: 'service-need', need: 'service-need', reasonText: 'service-note', kind: 'service-need' };

/**
 * Find a service for a need and refer (the provider is asked to accept) or signpost (they were
 * given the details) with one click.
 */
export function ReferToService({ host, data }: { host: FormHost; data: CaseView }) {
  const suggested = caseNeeds(data);
  const [need, setNeed] = useState<string>(suggested[0] ?? '');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [loaded] = useLoad((signal) => casesApi.services(isNeedCode(need) ? need : undefined, signal), [need]);
  const err = (id: string) => errorFor(host.errors, id);

  const send = async (service: ServiceView, kind: 'refer' | 'signpost') => {
    setBusy(`${service.id}:${kind}`);
    try {
      await casesApi.referToService(host.caseId, {
        serviceId: service.id,
        kind,
        ...(isNeedCode(need) ? { need } : {}),
        ...(note.trim() === '' ? {} : { reasonText: note.trim() }),
      });
      setNote('');
      await host.done(kind === 'refer' ? `Referred to ${service.name}. The provider has been asked to accept.` : `Signposting to ${service.name} recorded.`);
    } catch (caught) {
      reportFailure(host, caught, REFER_FIELDS);
    } finally {
      setBusy(null);
    }
  };

  const services = loaded.status === 'ok' ? loaded.data.services : [];
  // One referral at a time to a service: the server refuses a second while one is open.
  const inProgress = new Set(
    data.communityReferrals.filter((r) => r.kind === 'refer' && (OPEN_COMMUNITY_STATUSES as readonly string[]).includes(r.status)).map((r) => r.serviceId),
  );
  return (
    <div data-testid="refer-to-service">
      <SmallSelect
        id="service-need"
        label="Services for this need"
        hint={suggested.length === 0 ? undefined : `Their needs: ${suggested.map((c) => needText(c)).join(', ')}`}
        value={need}
        onChange={setNeed}
        error={err('service-need')}
        options={[
          { value: '', label: 'Any need' },
          ...[...NEED_OPTIONS].sort((a, b) => Number(suggested.includes(b.value)) - Number(suggested.includes(a.value))),
        ]}
      />
      <Textarea
        id="service-note"
        label="Note for the provider (optional)"
        hint="What the provider needs to know to help. No clinical detail: they see this, their name and contact details only."
        value={note}
        onChange={setNote}
        error={err('service-note')}
        rows={2}
      />
      <div aria-live="polite" aria-busy={loaded.status === 'loading'}>
        {loaded.status === 'loading' ? <Loading what="services" /> : null}
        {loaded.status === 'failed' ? <p className="nhsuk-error-message">{loaded.message}</p> : null}
        {loaded.status === 'ok' ? (
          <p className="nhsuk-body" data-testid="service-count">
            {services.length === 0
              ? 'No services found for this need. If none suits them, record it as an unmet need below.'
              : `${services.length} ${services.length === 1 ? 'service' : 'services'}${isNeedCode(need) ? ` for ${needText(need).toLowerCase()}` : ''}`}
          </p>
        ) : null}
      </div>
      <ul className="nhsuk-list lw-services">
        {services.map((s) => (
          <li key={s.id} className="lw-service" data-testid="service-item">
            <h4 className="nhsuk-heading-xs lw-service__name">{s.name}</h4>
            <p className="nhsuk-body-s lw-service__org">{s.organisationName}</p>
            {s.description === null ? null : <p className="nhsuk-body-s">{s.description}</p>}
            <div className="nhsuk-button-group lw-service__actions">
              {!s.takesReferrals ? (
                <span className="nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour lw-service__noref">Takes no referrals: signpost only</span>
              ) : inProgress.has(s.id) ? (
                <span className="nhsuk-u-font-size-16 lw-service__noref" data-testid="referral-in-progress">
                  <strong>Referral in progress</strong>
                </span>
              ) : (
                <Button type="button" small busy={busy !== null} onClick={() => void send(s, 'refer')}>
                  Refer<span className="nhsuk-u-visually-hidden"> to {s.name}</span>
                </Button>
              )}
              <Button type="button" small variant="secondary" busy={busy !== null} onClick={() => void send(s, 'signpost')}>
                Signpost<span className="nhsuk-u-visually-hidden"> to {s.name}</span>
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

const UNMET_FIELDS = { need: 'unmet-need-code', note: 'unmet-need-note' };

/** Record a need no service meets in their area: intelligence for commissioners. */
export function UnmetNeedForm({ host, data }: { host: FormHost; data: CaseView }) {
  const [need, setNeed] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const err = (id: string) => errorFor(host.errors, id);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = recordUnmetNeedBodySchema.safeParse({ need: need === '' ? undefined : need, note });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      host.fail([{ id: issue?.path[0] === 'note' ? UNMET_FIELDS.note : UNMET_FIELDS.need, message: issue?.message ?? 'Choose a need from the list' }]);
      return;
    }
    setBusy(true);
    try {
      await casesApi.recordUnmetNeed(host.caseId, parsed.data);
      setNeed('');
      setNote('');
      await host.done(`Unmet need recorded: ${needText(parsed.data.need).toLowerCase()}${data.person.lsoa === null ? '' : ` in ${data.person.lsoa}`}.`);
    } catch (caught) {
      reportFailure(host, caught, UNMET_FIELDS);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {data.unmetNeeds.length === 0 ? null : (
        <ul className="nhsuk-list nhsuk-list--bullet" data-testid="unmet-needs">
          {data.unmetNeeds.map((u) => (
            <li key={u.id}>
              <strong>{needText(u.need)}</strong>, {formatDateTime(u.createdAt)}
              {u.lsoa === null ? '' : ` (area ${u.lsoa})`}
              {u.note === null ? null : <span className="lw-block lw-pre">{u.note}</span>}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="unmet-need-form">
        <SmallSelect
          id={UNMET_FIELDS.need}
          label="Need with no suitable service"
          value={need}
          onChange={setNeed}
          error={err(UNMET_FIELDS.need)}
          options={[{ value: '', label: 'Choose a need' }, ...NEED_OPTIONS]}
        />
        <Textarea
          id={UNMET_FIELDS.note}
          label="Note (optional)"
          hint={`What is missing, for commissioners. The area is taken from their address${data.person.lsoa === null ? ' (not known for this person)' : ` (${data.person.lsoa})`}. No names.`}
          value={note}
          onChange={setNote}
          error={err(UNMET_FIELDS.note)}
          rows={2}
        />
        <Button busy={busy} variant="secondary">
          Record unmet need
        </Button>
      </form>
    </>
  );
}
