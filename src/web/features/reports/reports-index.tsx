import { REPORTS, REPORT_NAMES } from '../../../domain/insight/reports.ts';
import { CardLink, PageHeading, usePageTitle } from '../../ui/kit.tsx';
import { useMe } from '../../session.tsx';
import { QuarterlyReturnDownload } from './quarterly-return.tsx';

/** The reports, one card each (/reports). */
export function ReportsIndexPage() {
  usePageTitle('Reports');
  const me = useMe();
  return (
    <>
      <PageHeading>Reports</PageHeading>
      <p className="nhsuk-body">
        Every figure is defined beneath its chart, shown in a table too, and can be downloaded as CSV. Figures that leave the PCN have small numbers suppressed.
      </p>
      <ul className="nhsuk-grid-row nhsuk-card-group">
        {REPORT_NAMES.map((n) => (
          <li className="nhsuk-grid-column-one-half nhsuk-card-group__item" key={n}>
            <CardLink to={`/reports/${n}`} title={REPORTS[n].title} description={REPORTS[n].summary} testId={`card-report-${n}`} />
          </li>
        ))}
        <li className="nhsuk-grid-column-one-half nhsuk-card-group__item">
          <CardLink
            to="/reports/outcomes"
            title="Wellbeing outcomes"
            description="Change in wellbeing scores from the start of support to follow-up, with confidence intervals."
            testId="card-report-outcomes"
          />
        </li>
        {me.permissions.includes('impact:view') ? (
          <li className="nhsuk-grid-column-one-half nhsuk-card-group__item">
            <CardLink
              to="/reports/impact"
              title="Impact on GP appointments and fit notes"
              description="Change in appointments and fit notes after referral, against matched people who were not referred, with the before-and-after figure and its warning."
              testId="card-report-impact"
            />
          </li>
        ) : null}
      </ul>
      {me.permissions.includes('report:return') ? <QuarterlyReturnDownload /> : null}
    </>
  );
}
