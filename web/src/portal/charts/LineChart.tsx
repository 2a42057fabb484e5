import { toPlot } from '../format.ts';

/**
 * The reserve's value at each month end as an area chart, hand-drawn in SVG. Values are decimal
 * strings; they become floats only to place points. The table beside it carries the exact figures.
 */
export interface LinePoint {
  readonly day: string;
  readonly value: string;
}

const W = 640;
const H = 220;
const PAD = { left: 96, right: 30, top: 12, bottom: 28 };

export function LineChart({
  points,
  label,
  xLabel,
  yLabel,
}: {
  points: readonly LinePoint[];
  label: string;
  xLabel: (day: string) => string;
  yLabel: (value: string) => string;
}) {
  const values = points.map((p) => toPlot(p.value));
  const max = Math.max(...values, 1);
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number): number =>
    PAD.left + (points.length <= 1 ? innerW / 2 : (i * innerW) / (points.length - 1));
  const y = (v: number): number => PAD.top + innerH - (v / max) * innerH;
  const line = values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i)},${y(v)}`).join(' ');
  const area = `${line} L${x(values.length - 1)},${y(0)} L${x(0)},${y(0)} Z`;
  const ticks = [0, 0.5, 1].map((f) => String(Math.round(max * f)));
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} className="line-chart">
      <title>{label}</title>
      {ticks.map((t) => (
        <g key={t}>
          <line
            x1={PAD.left}
            x2={W - PAD.right}
            y1={y(toPlot(t))}
            y2={y(toPlot(t))}
            className="grid"
          />
          <text x={PAD.left - 6} y={y(toPlot(t)) + 4} textAnchor="end" className="axis">
            {yLabel(t)}
          </text>
        </g>
      ))}
      {points.length > 1 && <path d={area} className="area" />}
      {points.length > 1 && <path d={line} className="line" />}
      {points.map((p, i) => (
        <g key={p.day}>
          <circle
            cx={x(i)}
            cy={y(values[i] ?? 0)}
            r={4}
            className="dot"
            data-day={p.day}
            data-value={p.value}
          />
          <text x={x(i)} y={H - 8} textAnchor="middle" className="axis">
            {xLabel(p.day)}
          </text>
        </g>
      ))}
    </svg>
  );
}
