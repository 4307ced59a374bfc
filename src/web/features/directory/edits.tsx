import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { rejectEditBodySchema, type ServiceEditView } from '../../../domain/schemas/directory.ts';
import { isApiError } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { directoryApi, directoryKeys } from './directory-api.ts';
import { Button, ErrorSummary, LoadFailed, Loading, NotificationBanner, PageHeading, usePageTitle } from '../../ui/kit.tsx';
import { TextareaField } from '../../ui/form-fields.tsx';
import { formSchema, useNhsForm } from '../../ui/forms.ts';
import { formatDateTime } from '../../ui/labels.ts';
import { Link } from '../../router.tsx';
import { ChangeList } from './service.tsx';

/**
 * The lead's approval queue: listing changes held for approval, oldest first, each with what it
 * would replace. Approve puts it live; reject needs a reason, which the provider reads. A change
 * overtaken by another one cannot be approved as it is: the page says so and offers reject.
 */
export function ServiceEditsPage() {
  usePageTitle('Listing changes to approve');
  const queryClient = useQueryClient();
  const edits = useQuery({ queryKey: directoryKeys.edits(), queryFn: ({ signal }) => directoryApi.edits({ status: 'pending' }, signal) });
  const [flash, setFlash] = useState<string | null>(null);
  // The queue shows the change before the banner says it happened.
  const done = async (message: string) => {
    await queryClient.invalidateQueries({ queryKey: directoryKeys.all });
    setFlash(message);
  };
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
      {edits.isPending ? <Loading what="changes" /> : null}
      {edits.isError ? <LoadFailed message={problemOf(edits.error).message} /> : null}
      {edits.isSuccess && edits.data.edits.length === 0 ? (
        <p className="nhsuk-body" data-testid="no-edits">
          No changes are waiting.
        </p>
      ) : null}
      {edits.isSuccess ? edits.data.edits.map((e) => <EditCard key={e.id} edit={e} done={done} />) : null}
    </>
  );
}

const rejectForm = formSchema(rejectEditBodySchema, (v: { reason: string }) => ({ reason: v.reason }));

function EditCard({ edit, done }: { edit: ServiceEditView; done: (message: string) => Promise<void> }) {
  const [rejecting, setRejecting] = useState(false);
  const overtaken = edit.serviceVersion !== edit.baseVersion;
  const reasonId = `reject-reason-${edit.id}`;
  const reject = useNhsForm({ schema: rejectForm, defaultValues: { reason: '' }, fieldIds: { reason: reasonId } });
  const approve = useMutation({
    mutationFn: () => directoryApi.approveEdit(edit.id),
    onSuccess: () => done(`Approved: the change to ${edit.serviceName} is live.`),
  });
  const errors =
    approve.error === null
      ? reject.errors
      : [{ id: `edit-${edit.id}`, message: isApiError(approve.error) ? approve.error.message : 'Something went wrong. Try again.' }];

  const onReject = reject.submitWith(async ({ reason }) => {
    await directoryApi.rejectEdit(edit.id, reason);
    await done(`Not accepted: ${edit.serviceName} stays as it was. The provider sees your reason.`);
  });

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
            <TextareaField
              control={reject.control}
              name="reason"
              id={reasonId}
              label="Why is it not accepted?"
              hint="The provider reads this. No personal details."
              error={reject.errorFor(reasonId)}
              rows={2}
            />
            <div className="nhsuk-button-group">
              <Button type="button" variant="warning" busy={reject.formState.isSubmitting} onClick={() => onReject()}>
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
              <Button type="button" busy={approve.isPending} onClick={() => approve.mutate()}>
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
