import { useState } from 'react';
import type { ServiceEditView } from '../../../domain/schemas/directory.ts';
import { isApiError } from '../../api.ts';
import { directoryApi } from './directory-api.ts';
import { Button, ErrorSummary, LoadFailed, Loading, NotificationBanner, PageHeading, usePageTitle, type FieldError } from '../../ui/kit.tsx';
import { errorOf, Textarea } from '../intake/intake-ui.tsx';
import { formatDateTime } from '../../ui/labels.ts';
import { Link } from '../../router.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { ChangeList } from './service.tsx';

/**
 * The lead's approval queue: listing changes held for approval, oldest first, each with what it
 * would replace. Approve puts it live; reject needs a reason, which the provider reads. A change
 * overtaken by another one cannot be approved as it is: the page says so and offers reject.
 */
export function ServiceEditsPage() {
  usePageTitle('Listing changes to approve');
  const [loaded, reload] = useLoad((signal) => directoryApi.edits({ status: 'pending' }, signal), []);
  const [flash, setFlash] = useState<string | null>(null);
  return (
    <>
      {flash === null ? null : (
        <NotificationBanner success testId="edits-flash">
          <p className="nhsuk-notification-banner__heading">{flash}</p>
        </NotificationBanner>
      )}
      <PageHeading>Listing changes to approve</PageHeading>
      <p className="nhsuk-body">
        Changes providers made to their listings, waiting for you before link workers see them. Capacity and waiting time are not here: they change at once.
      </p>
      {loaded.status === 'loading' ? <Loading what="changes" /> : null}
      {loaded.status === 'failed' ? <LoadFailed message={loaded.message} /> : null}
      {loaded.status === 'ok' && loaded.data.edits.length === 0 ? (
        <p className="nhsuk-body" data-testid="no-edits">
          No changes are waiting.
        </p>
      ) : null}
      {loaded.status === 'ok'
        ? loaded.data.edits.map((e) => (
            <EditCard
              key={e.id}
              edit={e}
              done={(m) => {
                setFlash(m);
                reload();
              }}
            />
          ))
        : null}
    </>
  );
}

function EditCard({ edit, done }: { edit: ServiceEditView; done: (message: string) => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const overtaken = edit.serviceVersion !== edit.baseVersion;
  const reasonId = `reject-reason-${edit.id}`;

  const approve = async () => {
    setBusy(true);
    try {
      await directoryApi.approveEdit(edit.id);
      done(`Approved: the change to ${edit.serviceName} is live.`);
    } catch (err) {
      setErrors([{ id: `edit-${edit.id}`, message: isApiError(err) ? err.message : 'Something went wrong. Try again.' }]);
    } finally {
      setBusy(false);
    }
  };
  const reject = async () => {
    if (reason.trim() === '') {
      setErrors([{ id: reasonId, message: 'Say why the change is not accepted' }]);
      return;
    }
    setBusy(true);
    try {
      await directoryApi.rejectEdit(edit.id, reason.trim());
      done(`Not accepted: ${edit.serviceName} stays as it was. The provider sees your reason.`);
    } catch (err) {
      setErrors([{ id: reasonId, message: isApiError(err) ? err.message : 'Something went wrong. Try again.' }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="nhsuk-card" aria-labelledby={`edit-${edit.id}-title`} data-testid="edit-card" id={`edit-${edit.id}`} tabIndex={-1}>
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading nhsuk-heading-m" id={`edit-${edit.id}-title`}>
          <Link to={`/directory/services/${edit.serviceId}`}>{edit.serviceName}</Link>
        </h2>
        <p className="nhsuk-body-s nhsuk-u-secondary-text-colour">
          {edit.organisationName}. Sent {formatDateTime(edit.submittedAt)}
          {edit.submittedBy === null ? '' : ` by ${edit.submittedBy}`}.
        </p>
        <ErrorSummary errors={errors} />
        {overtaken ? (
          <div className="nhsuk-inset-text">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>The listing has changed since this was sent, so it cannot be approved as it is. Reject it and ask the provider to make the change again.</p>
          </div>
        ) : null}
        <ChangeList changes={edit.changes} current={edit.current} />
        {rejecting ? (
          <>
            <Textarea
              id={reasonId}
              label="Why is it not accepted?"
              hint="The provider reads this. No personal details."
              value={reason}
              onChange={setReason}
              error={errorOf(errors, reasonId)}
              rows={2}
            />
            <div className="nhsuk-button-group">
              <Button type="button" variant="warning" busy={busy} onClick={() => void reject()}>
                Reject the change
              </Button>
              <Button type="button" variant="secondary" onClick={() => setRejecting(false)}>
                Cancel
              </Button>
            </div>
          </>
        ) : (
          <div className="nhsuk-button-group">
            {overtaken ? null : (
              <Button type="button" busy={busy} onClick={() => void approve()}>
                Approve<span className="nhsuk-u-visually-hidden"> the change to {edit.serviceName}</span>
              </Button>
            )}
            <Button type="button" variant="secondary" onClick={() => setRejecting(true)}>
              Reject…<span className="nhsuk-u-visually-hidden"> the change to {edit.serviceName}</span>
            </Button>
          </div>
        )}
      </div>
    </section>
  );
}
