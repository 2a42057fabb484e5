import { toPlot } from '../format.ts';

/**
 * A three-column flow (Sankey) diagram: seized -> legal outcome -> where forfeited value went. Band
 * widths are proportional to amounts in one asset's own units. Hand-drawn in SVG; the table beside
 * it lists every link with its exact amount.
 */
export interface SankeyLink {
  readonly source: string;
  readonly target: string;
  readonly units: string;
}

const W = 680;
const H = 300;
const NODE_W = 14;
const GAP = 14;
const COLUMNS_X = [10, 240, 470];

interface Box {
  key: string;
  column: number;
  x: number;
  y: number;
  h: number;
  outAt: number;
  inAt: number;
}

function layout(links: readonly SankeyLink[]): { boxes: Map<string, Box>; scale: number } {
  const size = new Map<string, number>();
  const column = new Map<string, number>();
  for (const l of links) {
    const v = toPlot(l.units);
    column.set(l.source, column.get(l.source) ?? 0);
    column.set(l.target, Math.max(column.get(l.target) ?? 0, (column.get(l.source) ?? 0) + 1));
    size.set(l.source, Math.max(size.get(l.source) ?? 0, 0));
    size.set(l.target, (size.get(l.target) ?? 0) + v);
  }
  for (const l of links) {
    const out = links.filter((m) => m.source === l.source).reduce((s, m) => s + toPlot(m.units), 0);
    size.set(l.source, Math.max(size.get(l.source) ?? 0, out));
  }
  const byColumn = [0, 1, 2].map((c) => [...column].filter(([, col]) => col === c).map(([k]) => k));
  const scale = Math.min(
    ...byColumn
      .filter((keys) => keys.length > 0)
      .map(
        (keys) => (H - GAP * (keys.length - 1)) / keys.reduce((s, k) => s + (size.get(k) ?? 0), 0),
      ),
  );
  const boxes = new Map<string, Box>();
  byColumn.forEach((keys, c) => {
    let y = 0;
    for (const key of keys) {
      const h = Math.max(2, (size.get(key) ?? 0) * scale);
      boxes.set(key, { key, column: c, x: COLUMNS_X[c] ?? 0, y, h, outAt: y, inAt: y });
      y += h + GAP;
    }
  });
  return { boxes, scale };
}

export function Sankey({
  links,
  label,
  nodeLabel,
}: {
  links: readonly SankeyLink[];
  label: string;
  nodeLabel: (key: string) => string;
}) {
  const { boxes, scale } = layout(links);
  const bands = links.map((l) => {
    const s = boxes.get(l.source);
    const t = boxes.get(l.target);
    if (s === undefined || t === undefined) return null;
    const w = Math.max(1, toPlot(l.units) * scale);
    const x0 = s.x + NODE_W;
    const x1 = t.x;
    const mid = (x0 + x1) / 2;
    const y0 = s.outAt;
    const y1 = t.inAt;
    s.outAt += w;
    t.inAt += w;
    const d = `M${x0},${y0} C${mid},${y0} ${mid},${y1} ${x1},${y1} L${x1},${y1 + w} C${mid},${y1 + w} ${mid},${y0 + w} ${x0},${y0 + w} Z`;
    return (
      <path key={`${l.source}-${l.target}`} d={d} className={`band band-${l.target}`}>
        <title>{`${nodeLabel(l.source)} → ${nodeLabel(l.target)}: ${l.units}`}</title>
      </path>
    );
  });
  return (
    <svg viewBox={`-4 -4 ${W + 8} ${H + 8}`} role="img" aria-label={label} className="sankey">
      <title>{label}</title>
      {bands}
      {[...boxes.values()].map((b) => (
        <g key={b.key} data-node={b.key}>
          <rect x={b.x} y={b.y} width={NODE_W} height={b.h} className={`node node-${b.key}`} />
          <text x={b.x + NODE_W + 6} y={b.y + Math.min(b.h / 2, 12) + 4} className="node-label">
            {nodeLabel(b.key)}
          </text>
        </g>
      ))}
    </svg>
  );
}
