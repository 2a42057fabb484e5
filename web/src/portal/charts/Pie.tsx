/**
 * A pie (donut) chart drawn from exact basis points: the slice angles come from the same `shareBps`
 * the API returns and the legend prints, so the chart, its labels and the downloads agree. Each
 * slice carries its bucket and share as data attributes, and the figure has a text alternative.
 */
export interface PieSlice {
  readonly key: string;
  readonly label: string;
  readonly shareBps: number;
  readonly color: string;
}

const R = 90;
const INNER = 52;

function point(fraction: number, radius: number): [number, number] {
  const angle = fraction * 2 * Math.PI - Math.PI / 2;
  return [100 + radius * Math.cos(angle), 100 + radius * Math.sin(angle)];
}

function arc(start: number, end: number): string {
  if (end - start >= 1) {
    // A full circle cannot be one arc: draw it as two halves.
    return `${arc(start, start + 0.5)} ${arc(start + 0.5, end)}`;
  }
  const [x0, y0] = point(start, R);
  const [x1, y1] = point(end, R);
  const [x2, y2] = point(end, INNER);
  const [x3, y3] = point(start, INNER);
  const large = end - start > 0.5 ? 1 : 0;
  return `M${x0},${y0} A${R},${R} 0 ${large} 1 ${x1},${y1} L${x2},${y2} A${INNER},${INNER} 0 ${large} 0 ${x3},${y3} Z`;
}

export function Pie({
  slices,
  label,
  centre,
}: {
  slices: readonly PieSlice[];
  label: string;
  centre: string;
}) {
  let at = 0;
  return (
    <svg
      viewBox="0 0 200 200"
      role="img"
      aria-label={label}
      className="pie"
      data-chart="allocation"
    >
      <title>{label}</title>
      {slices
        .filter((s) => s.shareBps > 0)
        .map((s) => {
          const start = at / 10_000;
          at += s.shareBps;
          return (
            <path
              key={s.key}
              d={arc(start, at / 10_000)}
              fill={s.color}
              data-bucket={s.key}
              data-share-bps={s.shareBps}
            >
              <title>{s.label}</title>
            </path>
          );
        })}
      <text x="100" y="105" textAnchor="middle" className="pie-centre">
        {centre}
      </text>
    </svg>
  );
}
