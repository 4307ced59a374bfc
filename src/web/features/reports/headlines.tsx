import { useQuery } from '@tanstack/react-query';
import type { ReleasedFigure } from '../../../domain/insight/figures.ts';
import { problemOf } from '../../queries.ts';
import { LoadFailed, Loading } from '../../ui/kit.tsx';
import { Link } from '../../router.tsx';
import { formatValue, groupLabel, isSuppression, WITHHELD_TEXT } from './labels.ts';
import { reportsApi, reportsKeys } from './reports-api.ts';

function Value({ f }: { f: ReleasedFigure | null }) {
  if (f === null) return <span className="lw-headline__value">—</span>;
  if (f.value === null)
    return (
      <>
        <span className="lw-headline__value">{isSuppression(f.withheldReason) ? '*' : '—'}</span>
        {f.withheldReason === null ? null : (
          <span className="lw-block nhsuk-body-s nhsuk-u-secondary-text-colour nhsuk-u-margin-bottom-1">{WITHHELD_TEXT[f.withheldReason]}</span>
        )}
      </>
    );
  return <span className="lw-headline__value">{formatValue(f.value, f.unit)}</span>;
}

/** "How are we doing?": the period's headline figures, each a link to its report (PCN leads and commissioners). */
export function Headlines() {
  const q = useQuery({ queryKey: reportsKeys.headlines(), queryFn: ({ signal }) => reportsApi.headlines(signal) });
  if (q.isPending) return <Loading what="the headline figures" />;
  if (q.isError) return <LoadFailed message={problemOf(q.error).message} />;
  const h = q.data;
  return (
    <section aria-labelledby="headlines-h" data-testid="headlines">
      <h2 className="nhsuk-heading-m" id="headlines-h">
        How are we doing? <span className="nhsuk-u-secondary-text-colour nhsuk-u-font-size-19">{h.period.label}</span>
      </h2>
      <div className="lw-headline-grid">
        {h.headlines.map((x) => (
          <div className="lw-headline" key={x.id} data-testid={`headline-${x.id}`}>
            <Value f={x.figure} />
            <Link to={x.link} className="nhsuk-link">
              {x.label}
            </Link>
            {x.compare === null ? null : (
              <span className="lw-block nhsuk-body-s nhsuk-u-secondary-text-colour nhsuk-u-margin-bottom-0">
                against {x.compare.figure === null || x.compare.figure.value === null ? '—' : formatValue(x.compare.figure.value, x.compare.figure.unit)}{' '}
                {x.compare.label}
              </span>
            )}
          </div>
        ))}
        <div className="lw-headline" data-testid="headline-unmet">
          <Link to="/reports/unmet-need" className="nhsuk-link">
            Top unmet needs
          </Link>
          {h.topUnmetNeeds.length === 0 ? (
            <p className="nhsuk-body-s">None recorded{h.disclosure === 'suppressed' ? ' that can be shown' : ''}.</p>
          ) : (
            <ol className="nhsuk-list nhsuk-list--number nhsuk-body-s nhsuk-u-margin-bottom-0">
              {h.topUnmetNeeds.map((u) => (
                <li key={u.need}>
                  {groupLabel(u.need, {})} ({u.figure.value === null ? '*' : formatValue(u.figure.value, 'count')})
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
      {h.disclosure === 'suppressed' ? (
        <p className="nhsuk-body-s nhsuk-u-secondary-text-colour">
          Small numbers suppressed: * is 1 to 7, or hidden so it cannot be worked out; other counts rounded to 5.
        </p>
      ) : null}
    </section>
  );
}
