import type { ReleasedFigure } from '../../../domain/insight/figures.ts';
import { formatValue } from './labels.ts';

/**
 * Report charts drawn as SVG with attributes only (the strict CSP allows no inline styles), hidden
 * from assistive technology: the table beside every chart holds the same figures and is read instead.
 */

const INK = '#212b32';
const BLUE = '#005eb8';
const GREY = '#4c6272';

export interface Bar {
  label: string;
  figure: ReleasedFigure;
}

/** Horizontal bars, with 95% intervals as whiskers where there are any; a reference line (1.0 for ratios). */
export function BarChart({ bars, reference, testId }: { bars: readonly Bar[]; reference?: number; testId?: string }) {
  const W = 960;
  const rowH = 34;
  const left = 300;
  const right = 90;
  const H = bars.length * rowH + 34;
  const values = bars.flatMap((b) => [b.figure.value, b.figure.ci95Upper].filter((v): v is number => v !== null));
  const hi = Math.max(reference ?? 0, ...values, 1e-9) * 1.05;
  const x = (v: number) => left + (Math.max(0, v) / hi) * (W - left - right);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="presentation" aria-hidden="true" focusable="false" data-testid={testId}>
      {bars.map((b, i) => {
        const y = 14 + i * rowH;
        const f = b.figure;
        return (
          <g key={`${b.label}-${i}`}>
            <text x={left - 10} y={y + 17} fontSize="16" textAnchor="end" fill={INK}>
              {b.label.length > 34 ? `${b.label.slice(0, 33)}…` : b.label}
            </text>
            {f.value === null ? (
              <text x={left + 6} y={y + 17} fontSize="15" fill={GREY}>
                not shown
              </text>
            ) : (
              <>
                <rect x={left} y={y + 4} width={Math.max(1, x(f.value) - left)} height={rowH - 12} fill={BLUE} />
                {f.ci95Lower !== null && f.ci95Upper !== null ? (
                  <line x1={x(f.ci95Lower)} x2={x(f.ci95Upper)} y1={y + rowH / 2 - 1} y2={y + rowH / 2 - 1} stroke={INK} strokeWidth="2" />
                ) : null}
                <text x={x(Math.max(f.value, f.ci95Upper ?? 0)) + 6} y={y + 17} fontSize="15" fill={INK}>
                  {formatValue(f.value, f.unit)}
                </text>
              </>
            )}
          </g>
        );
      })}
      {reference === undefined ? null : <line x1={x(reference)} x2={x(reference)} y1={6} y2={H - 20} stroke={GREY} strokeDasharray="5 4" />}
    </svg>
  );
}

/** A line over time (months in order). */
export function LineChart({ points, testId }: { points: readonly Bar[]; testId?: string }) {
  const W = 960;
  const H = 260;
  const left = 60;
  const bottom = 40;
  const shown = points.filter((p) => p.figure.value !== null);
  const hi = Math.max(1, ...shown.map((p) => p.figure.value ?? 0)) * 1.1;
  const x = (i: number) => left + (points.length <= 1 ? 0 : (i / (points.length - 1)) * (W - left - 30));
  const y = (v: number) => H - bottom - (v / hi) * (H - bottom - 20);
  const path = points
    .map((p, i) => (p.figure.value === null ? null : `${x(i)},${y(p.figure.value)}`))
    .filter((s): s is string => s !== null)
    .join(' ');
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="presentation" aria-hidden="true" focusable="false" data-testid={testId}>
      <line x1={left} x2={W - 20} y1={H - bottom} y2={H - bottom} stroke={GREY} />
      <text x={left - 8} y={y(hi / 1.1) + 5} fontSize="14" textAnchor="end" fill={INK}>
        {Math.round(hi / 1.1)}
      </text>
      <text x={left - 8} y={H - bottom + 5} fontSize="14" textAnchor="end" fill={INK}>
        0
      </text>
      <polyline points={path} fill="none" stroke={BLUE} strokeWidth="3" />
      {points.map((p, i) => (p.figure.value === null ? null : <circle key={p.label} cx={x(i)} cy={y(p.figure.value)} r="4" fill={BLUE} />))}
      {points.map((p, i) =>
        i % Math.max(1, Math.ceil(points.length / 12)) === 0 ? (
          <text key={`t-${p.label}`} x={x(i)} y={H - 14} fontSize="13" textAnchor="middle" fill={INK}>
            {p.label}
          </text>
        ) : null,
      )}
    </svg>
  );
}

export interface FunnelPoint {
  label: string;
  size: number;
  rate: number | null;
  limits: { l95: number; u95: number; l998: number; u998: number } | null;
}

/** A funnel plot: each practice's rate against its list size, with 95% and 99.8% limits around the overall rate. */
export function FunnelPlot({ points, centre, testId }: { points: readonly FunnelPoint[]; centre: number; testId?: string }) {
  const W = 960;
  const H = 380;
  const left = 80;
  const right = 190;
  const bottom = 50;
  const top = 20;
  const sorted = [...points].sort((a, b) => a.size - b.size);
  const sizes = sorted.map((p) => p.size);
  const minSize = Math.min(...sizes) * 0.9;
  const maxSize = Math.max(...sizes) * 1.05;
  const values = sorted.flatMap((p) => [p.rate ?? centre, p.limits?.l998 ?? centre, p.limits?.u998 ?? centre]);
  const lo = Math.max(0, Math.min(centre, ...values) * 0.9);
  const hi = Math.max(centre, ...values) * 1.08;
  const x = (s: number) => left + ((s - minSize) / Math.max(1, maxSize - minSize)) * (W - left - right);
  const y = (r: number) => H - bottom - ((r - lo) / Math.max(1e-9, hi - lo)) * (H - bottom - top);
  const line = (pick: (l: NonNullable<FunnelPoint['limits']>) => number) =>
    sorted.flatMap((p) => (p.limits === null ? [] : [`${x(p.size)},${y(pick(p.limits))}`])).join(' ');
  const tick = (v: number) => Math.round(v * 10) / 10;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="presentation" aria-hidden="true" focusable="false" data-testid={testId}>
      <line x1={left} x2={W - right} y1={H - bottom} y2={H - bottom} stroke={GREY} />
      <line x1={left} x2={left} y1={top} y2={H - bottom} stroke={GREY} />
      <line x1={left} x2={W - right} y1={y(centre)} y2={y(centre)} stroke={INK} strokeDasharray="6 4" />
      <polyline points={line((l) => l.u95)} fill="none" stroke={GREY} strokeDasharray="3 3" />
      <polyline points={line((l) => l.l95)} fill="none" stroke={GREY} strokeDasharray="3 3" />
      <polyline points={line((l) => l.u998)} fill="none" stroke={GREY} />
      <polyline points={line((l) => l.l998)} fill="none" stroke={GREY} />
      {sorted.map((p) =>
        p.rate === null ? null : (
          <g key={p.label}>
            <circle cx={x(p.size)} cy={y(p.rate)} r="7" fill={BLUE} />
            <text x={x(p.size) + 11} y={y(p.rate) + 5} fontSize="14" fill={INK}>
              {p.label.length > 22 ? `${p.label.slice(0, 21)}…` : p.label}
            </text>
          </g>
        ),
      )}
      {[lo, centre, hi].map((v) => (
        <text key={`y${v}`} x={left - 8} y={y(v) + 5} fontSize="13" textAnchor="end" fill={INK}>
          {tick(v)}
        </text>
      ))}
      {[Math.min(...sizes), Math.max(...sizes)].map((v) => (
        <text key={`x${v}`} x={x(v)} y={H - bottom + 20} fontSize="13" textAnchor="middle" fill={INK}>
          {Math.round(v).toLocaleString('en-GB')}
        </text>
      ))}
      <text x={(W - right + left) / 2} y={H - 8} fontSize="14" textAnchor="middle" fill={INK}>
        Registered list (people)
      </text>
      <text x={left + 8} y={y(centre) - 8} fontSize="13" fill={INK}>
        overall rate {tick(centre)} per 1,000
      </text>
    </svg>
  );
}
