// Small hand-made SVG charts: vertical bars over time, horizontal bars by name; each with a text alternative.
import { niceMax, ticks } from '../lib/chart-scale.ts';

export interface ChartDatum {
  key: string;
  label: string;
  value: number;
}

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { top: 12, right: 12, bottom: 28, left: 56 };

/** Bars over time (one per day): zero days stay visible as gaps, the axis reads in the given format. */
export function ColumnChart({
  data,
  title,
  formatValue,
}: {
  data: ChartDatum[];
  title: string;
  formatValue: (value: number) => string;
}) {
  const max = niceMax(Math.max(0, ...data.map((d) => d.value)));
  const innerWidth = WIDTH - PAD.left - PAD.right;
  const innerHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = data.length > 0 ? innerWidth / data.length : innerWidth;
  const barWidth = Math.max(1, Math.min(28, slot * 0.7));
  const labelEvery = Math.max(1, Math.ceil(data.length / 8));
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${title}: ${data.length} bars, highest ${formatValue(Math.max(0, ...data.map((d) => d.value)))}`}
        preserveAspectRatio="none"
        className="chart-svg"
      >
        {ticks(max).map((tick) => {
          const y = PAD.top + innerHeight - (tick / max) * innerHeight;
          return (
            <g key={tick} className="chart-grid">
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} />
              <text x={PAD.left - 6} y={y + 4} textAnchor="end">
                {formatValue(tick)}
              </text>
            </g>
          );
        })}
        {data.map((datum, index) => {
          const height = (datum.value / max) * innerHeight;
          const x = PAD.left + index * slot + (slot - barWidth) / 2;
          return (
            <g key={datum.key}>
              <rect
                className="chart-bar"
                x={x}
                y={PAD.top + innerHeight - height}
                width={barWidth}
                height={Math.max(0, height)}
                rx={2}
              >
                <title>{`${datum.label}: ${formatValue(datum.value)}`}</title>
              </rect>
              {index % labelEvery === 0 && (
                <text
                  className="chart-label"
                  x={x + barWidth / 2}
                  y={HEIGHT - 8}
                  textAnchor="middle"
                >
                  {datum.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="visually-hidden">{title}</figcaption>
    </figure>
  );
}

/** Horizontal bars, largest first: models, test cases. */
export function BarList({
  data,
  title,
  formatValue,
  describe,
}: {
  data: ChartDatum[];
  title: string;
  formatValue: (value: number) => string;
  describe?: (datum: ChartDatum) => string;
}) {
  const sorted = [...data].sort((a, b) => b.value - a.value);
  const max = Math.max(0, ...sorted.map((d) => d.value)) || 1;
  return (
    <table className="bar-list">
      <caption className="visually-hidden">{title}</caption>
      <thead className="visually-hidden">
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((datum) => (
          <tr key={datum.key}>
            <th scope="row" className="bar-list-name" title={datum.label}>
              {datum.label}
            </th>
            <td className="bar-list-value">
              <span className="bar-list-track" aria-hidden="true">
                <span
                  className="bar-list-fill"
                  style={{ width: `${Math.max(1, (datum.value / max) * 100)}%` }}
                />
              </span>
              <span className="bar-list-number">
                {formatValue(datum.value)}
                {describe && <span className="muted"> · {describe(datum)}</span>}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
