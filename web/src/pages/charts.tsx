import { useI18n } from '../portal/i18n.ts';
import { useFigures } from './risk/format.ts';
import './charts.css';

/**
 * Small hand-written SVG charts for the risk and simulator pages: a multi-line chart over labelled
 * x positions and a fan chart of percentile bands. No chart library: a few paths and ticks are all
 * these pages need, and every figure stays inspectable in the DOM.
 */
export const SERIES_COLOURS = ['#0b6e4f', '#1f5fbf', '#b54708', '#7a2e9e', '#b42318', '#4a5a6a'];

const W = 960;
const H = 280;
/** Fan charts sit two abreast: a narrower drawing keeps their labels legible. */
const FAN_W = 600;
const PAD = { left: 64, right: 16, top: 12, bottom: 28 };

function scale(min: number, max: number, from: number, to: number) {
  const span = max - min || 1;
  return (v: number): number => from + ((v - min) / span) * (to - from);
}

/** Nice round ticks between min and max (about `n` of them). */
function ticks(min: number, max: number, n = 4): number[] {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) out.push(t);
  return out;
}

function Axes(props: {
  w: number;
  fontSize: number;
  y: (v: number) => number;
  yTicks: number[];
  xLabels: readonly { x: number; label: string }[];
  format: (v: number) => string;
}) {
  return (
    <g fontSize={props.fontSize} fill="#5d6b7a">
      {props.yTicks.map((t) => (
        <g key={t}>
          <line
            x1={PAD.left}
            x2={props.w - PAD.right}
            y1={props.y(t)}
            y2={props.y(t)}
            stroke="#eef1f4"
          />
          <text x={PAD.left - 6} y={props.y(t) + 4} textAnchor="end">
            {props.format(t)}
          </text>
        </g>
      ))}
      {props.xLabels.map((l, i) => (
        <text
          key={`${l.x}-${l.label}`}
          x={l.x}
          y={H - 8}
          textAnchor={i === props.xLabels.length - 1 ? 'end' : i === 0 ? 'start' : 'middle'}
        >
          {l.label}
        </text>
      ))}
    </g>
  );
}

function xLabelsFor(labels: readonly string[], x: (i: number) => number, count = 5) {
  if (labels.length === 0) return [];
  const every = Math.max(1, Math.ceil(labels.length / count));
  return labels.flatMap((label, i) =>
    i % every === 0 || i === labels.length - 1 ? [{ x: x(i), label }] : [],
  );
}

export interface LineSeries {
  readonly name: string;
  readonly values: readonly number[];
}

/** Lines over shared x labels (days), with a legend; a single point is drawn as a dot. */
export function LineChart(props: {
  labels: readonly string[];
  series: readonly LineSeries[];
  format?: (v: number) => string;
  title: string;
  /** One colour per series, when the series have colours of their own elsewhere on the page. */
  colours?: readonly string[];
}) {
  const figures = useFigures();
  const format = props.format ?? figures.compact;
  const all = props.series.flatMap((s) => s.values).filter(Number.isFinite);
  const min = Math.min(0, ...all);
  const max = Math.max(...all, min + 1);
  const n = props.labels.length;
  const x = scale(0, Math.max(1, n - 1), PAD.left, W - PAD.right);
  const y = scale(min, max, H - PAD.bottom, PAD.top);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.title}>
        <Axes
          w={W}
          fontSize={11}
          y={y}
          yTicks={ticks(min, max)}
          xLabels={xLabelsFor(props.labels, x)}
          format={format}
        />
        {props.series.map((s, k) => {
          const colour = props.colours?.[k] ?? SERIES_COLOURS[k % SERIES_COLOURS.length];
          const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
          return n === 1 ? (
            <circle key={s.name} cx={x(0)} cy={y(s.values[0] ?? 0)} r={4} fill={colour} />
          ) : (
            <polyline
              key={s.name}
              points={pts.join(' ')}
              fill="none"
              stroke={colour}
              strokeWidth={2}
            />
          );
        })}
      </svg>
      <Legend
        names={props.series.map((s) => s.name)}
        {...(props.colours === undefined ? {} : { colours: props.colours })}
      />
    </figure>
  );
}

export function Legend(props: { names: readonly string[]; colours?: readonly string[] }) {
  return (
    <figcaption className="legend">
      {props.names.map((name, k) => (
        <span key={name}>
          <i
            style={{
              background: props.colours?.[k] ?? SERIES_COLOURS[k % SERIES_COLOURS.length],
            }}
          />
          {name}
        </span>
      ))}
    </figcaption>
  );
}

export interface Fan {
  readonly p5: readonly number[];
  readonly p25: readonly number[];
  readonly p50: readonly number[];
  readonly p75: readonly number[];
  readonly p95: readonly number[];
}

/** Percentile bands of one strategy over time: 5-95 light, 25-75 darker, the median as a line. */
export function FanChart(props: {
  labels: readonly string[];
  fan: Fan;
  colour: string;
  title: string;
  yMax?: number;
}) {
  const { t } = useI18n();
  const figures = useFigures();
  const { fan, labels } = props;
  const max = props.yMax ?? Math.max(...fan.p95, 1);
  const x = scale(0, Math.max(1, labels.length - 1), PAD.left, FAN_W - PAD.right);
  const y = scale(0, max, H - PAD.bottom, PAD.top);
  const band = (lo: readonly number[], hi: readonly number[]): string => {
    const up = hi.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    const down = lo.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).reverse();
    return `M${up.join('L')}L${down.join('L')}Z`;
  };
  const median = fan.p50.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${FAN_W} ${H}`} role="img" aria-label={props.title}>
        <Axes
          w={FAN_W}
          fontSize={18}
          y={y}
          yTicks={ticks(0, max)}
          xLabels={xLabelsFor(labels, x, 3)}
          format={figures.compact}
        />
        <path d={band(fan.p5, fan.p95)} fill={props.colour} fillOpacity={0.15} />
        <path d={band(fan.p25, fan.p75)} fill={props.colour} fillOpacity={0.3} />
        <polyline points={median} fill="none" stroke={props.colour} strokeWidth={2} />
      </svg>
      <figcaption className="legend">
        <strong>{props.title}</strong>
        <span>{t('charts.fanLegend')}</span>
      </figcaption>
    </figure>
  );
}

/** A horizontal bar for a share (0..1) in a table cell; negative shares draw in red. */
export function ShareBar(props: { share: number }) {
  const w = Math.min(1, Math.abs(props.share)) * 100;
  return (
    <span className="sharebar" aria-hidden="true">
      <span className={props.share < 0 ? 'neg' : ''} style={{ width: `${w.toFixed(1)}%` }} />
    </span>
  );
}
