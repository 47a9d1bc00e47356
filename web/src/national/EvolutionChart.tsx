import { periodShort } from "../reports/model";
import { type Metric, metricValue, niceTicks, type SeriesPoint } from "./model";

const W = 720;
const H = 300;
const M = { top: 36, right: 16, bottom: 40, left: 64 };

const tickFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2, notation: "compact" });

/**
 * Bars of one metric per quarter, with the value above each bar. A picture: the table that
 * follows it on the page carries the same figures as text.
 */
export function EvolutionChart({
  points,
  metric,
  axisLabel,
  format,
  title,
  titleId,
  descId,
}: {
  points: SeriesPoint[];
  metric: Metric;
  /** What the vertical axis counts ("jours", "nombre de départements"…). */
  axisLabel: string;
  /** A figure with its unit ("45 %", "12 j"). */
  format: (value: number) => string;
  title: string;
  titleId: string;
  descId: string;
}) {
  const values = points.map((p) => metricValue(p, metric));
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] ?? 1;
  const innerW = W - M.left - M.right;
  const innerH = H - M.top - M.bottom;
  const band = innerW / Math.max(points.length, 1);
  const barW = Math.min(56, band * 0.6);
  const y = (v: number) => M.top + innerH - (v / top) * innerH;

  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="app-chart" role="img" aria-labelledby={`${titleId} ${descId}`}>
      <title>{title}</title>
      <g className="app-chart__grid">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
            <text x={M.left - 8} y={y(t) + 4} className="app-chart__tick app-chart__tick--y">
              {/* Percent-like figures (shares of « oui ») keep their unit; others stay compact. */}
              {format(t).endsWith("%") ? format(t) : tickFormat.format(t)}
            </text>
          </g>
        ))}
      </g>
      <text x={M.left} y={M.top - 10} className="app-chart__tick app-chart__axis-label">
        {axisLabel}
      </text>
      {points.map((p, i) => {
        const v = values[i];
        const cx = M.left + band * i + band / 2;
        return (
          <g key={p.period}>
            {v !== null && v !== undefined && (
              <>
                <rect
                  x={cx - barW / 2}
                  y={y(v)}
                  width={barW}
                  height={Math.max(0, M.top + innerH - y(v))}
                  className="app-chart__bar"
                >
                  <title>
                    {periodShort(p.period)} : {format(v)}
                  </title>
                </rect>
                <text x={cx} y={y(v) - 6} className="app-chart__value">
                  {format(v)}
                </text>
              </>
            )}
            {(v === null || v === undefined) && (
              <text x={cx} y={M.top + innerH - 6} className="app-chart__value app-chart__value--none">
                {p.expected === false ? "non demandé" : "—"}
              </text>
            )}
            <text x={cx} y={H - M.bottom + 18} className="app-chart__tick app-chart__tick--x">
              {periodShort(p.period)}
            </text>
          </g>
        );
      })}
      <line
        x1={M.left}
        x2={W - M.right}
        y1={M.top + innerH}
        y2={M.top + innerH}
        className="app-chart__axis"
      />
    </svg>
  );
}
