import { useEffect, useRef } from 'react';

/**
 * A small line chart of scores over time with the same figures in a table beside it (the table is
 * what screen readers and keyboard users read; the canvas is hidden from them).
 *
 * Chart.js draws on a canvas and sizes it through the CSSOM (`canvas.style.width = …`), which a
 * strict `style-src 'self'` CSP allows — only style attributes in markup and inline <style> are
 * blocked. It is loaded on demand (a separate chunk) with only the parts a line chart needs
 * registered, so pages without a chart, such as the public questionnaire, never download it.
 */

export interface ScoreSeries {
  label: string;
  /** One value per x label; null where this series has no score at that point. */
  values: readonly (number | null)[];
}

export interface ScoreChartProps {
  /** Prefix for the ids of the table and caption. */
  id: string;
  title: string;
  /** One label per administration, oldest first ("Baseline, 3 Nov 2026"). */
  xLabels: readonly string[];
  series: readonly ScoreSeries[];
  yMin: number;
  yMax: number;
  /** What the numbers are ("Score 0 to 10"). */
  yLabel: string;
}

// NHS identity colours, with a different dash per line so the lines differ without colour too.
const COLOURS = ['#005eb8', '#7c2855', '#007f3b', '#ed8b00', '#330072', '#425563'];
const DASHES: number[][] = [[], [6, 4], [2, 3], [10, 4, 2, 4], [8, 8], [1, 1]];

export function ScoreChart({ id, title, xLabels, series, yMin, yMax, yLabel }: ScoreChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const key = JSON.stringify({ xLabels, series, yMin, yMax });

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | null = null;
    void (async () => {
      const { Chart } = await import('./score-chart-lib.ts');
      if (cancelled || canvas.current === null) return;
      const chart = new Chart(canvas.current, {
        type: 'line',
        data: {
          labels: [...xLabels],
          datasets: series.map((s, i) => ({
            label: s.label,
            data: [...s.values],
            borderColor: COLOURS[i % COLOURS.length],
            backgroundColor: COLOURS[i % COLOURS.length],
            borderDash: DASHES[i % DASHES.length],
            borderWidth: 3,
            pointRadius: 5,
            pointHoverRadius: 5,
            spanGaps: true,
          })),
        },
        options: {
          responsive: true,
          maintainAspectRatio: true,
          aspectRatio: 2,
          animation: false,
          events: [],
          scales: {
            y: {
              min: yMin,
              max: yMax,
              ticks: { stepSize: yMax - yMin > 20 ? 5 : 1, color: '#212b32' },
              title: { display: true, text: yLabel, color: '#212b32' },
            },
            x: { ticks: { color: '#212b32' } },
          },
          plugins: { legend: { position: 'bottom', labels: { color: '#212b32', boxWidth: 24 } } },
        },
      });
      destroy = () => chart.destroy();
    })();
    return () => {
      cancelled = true;
      destroy?.();
    };
    // The key captures every input; the arrays are rebuilt by the parent on each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return (
    <figure className="lw-score-chart" aria-labelledby={`${id}-caption`}>
      <figcaption className="nhsuk-heading-s" id={`${id}-caption`}>
        {title}
      </figcaption>
      <div className="lw-score-chart__body">
        <div className="lw-score-chart__canvas" aria-hidden="true">
          <canvas ref={canvas} data-testid={`${id}-canvas`} />
        </div>
        {/* On a narrow phone a wide table scrolls inside its own labelled, focusable box, not the page. */}
        <div className="lw-table-scroll lw-score-chart__table" role="region" aria-labelledby={`${id}-table-caption`} tabIndex={0}>
          <table className="nhsuk-table" data-testid={`${id}-table`}>
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden" id={`${id}-table-caption`}>
              {title}: the figures in the chart
            </caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th className="nhsuk-table__header" scope="col">
                  When
                </th>
                {series.map((s) => (
                  <th className="nhsuk-table__header nhsuk-table__header--numeric" scope="col" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {xLabels.map((x, row) => (
                <tr className="nhsuk-table__row" key={`${row}:${x}`}>
                  <th className="nhsuk-table__cell" scope="row">
                    {x}
                  </th>
                  {series.map((s) => {
                    const v = s.values[row];
                    return (
                      <td className="nhsuk-table__cell nhsuk-table__cell--numeric" key={s.label}>
                        {v === null || v === undefined ? '–' : v}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </figure>
  );
}
