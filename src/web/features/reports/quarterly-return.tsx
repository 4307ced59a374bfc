import { useState } from 'react';
import { londonDate } from '../../../domain/insight/periods.ts';
import { completeQuarters } from '../../../domain/insight/quarterly-return.ts';
import { queryString } from '../../api.ts';
import { Select } from '../../ui/fields.tsx';

/**
 * "Download the quarterly return" (issue 11 part 5), for the reports pages of commissioners and
 * PCN leads: a quarter (the last complete one by default; a return is for a whole quarter) and
 * two plain download links to `GET /api/v1/reports/return` and `.csv`. The server decides
 * everything else: the scope is the reader's, and the return is always suppressed.
 */
export function QuarterlyReturnDownload({ today }: { today?: string }) {
  const quarters = completeQuarters(today ?? londonDate(new Date()), 8);
  const [period, setPeriod] = useState(quarters[0] ?? '');
  const query = queryString({ period });
  return (
    <section className="nhsuk-card" aria-labelledby="quarterly-return-heading" data-testid="quarterly-return">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading nhsuk-heading-m" id="quarterly-return-heading">
          Download the quarterly return
        </h2>
        <p className="nhsuk-body">
          Every report for one quarter, in the sections of the PRSB Social Prescribing Information Standard, ready to send to the ICB or a regional hub. It
          holds suppressed figures only: counts of 1 to 7 are withheld and other counts rounded to the nearest 5, whoever downloads it. It follows a published
          schema, so returns from different services can be added together without identifying anyone.
        </p>
        <Select
          id="return-period"
          label="Quarter"
          hint="Only quarters that have ended"
          value={period}
          onChange={setPeriod}
          options={quarters.map((q) => ({ value: q, label: q }))}
        />
        <ul className="nhsuk-list">
          <li>
            <a className="nhsuk-link" href={`/api/v1/reports/return${query}`} download data-testid="return-json">
              Quarterly return {period} (JSON)
            </a>
          </li>
          <li>
            <a className="nhsuk-link" href={`/api/v1/reports/return.csv${query}`} download data-testid="return-csv">
              Quarterly return {period} (CSV, one figure per row)
            </a>
          </li>
        </ul>
      </div>
    </section>
  );
}
