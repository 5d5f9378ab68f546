// A small line chart of the last 15 minutes (SVG, no library): connections per director.
import type { Sample } from '../live/store';
import { HISTORY_MS } from '../live/store';

const COLORS = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626'];

export function Chart({ series, now = Date.now(), field = 'connections' }: { series: Map<string, Sample[]> | undefined; now?: number; field?: 'connections' | 'cps' }) {
  const W = 480;
  const H = 110;
  const all = [...(series?.entries() ?? [])];
  const max = Math.max(1, ...all.flatMap(([, s]) => s.map((x) => x[field])));
  const x = (at: number) => ((at - (now - HISTORY_MS)) / HISTORY_MS) * W;
  const y = (v: number) => H - 4 - (v / max) * (H - 14);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`${field}, last 15 minutes`}>
        <line x1="0" y1={H - 4} x2={W} y2={H - 4} className="axis" />
        <text x="2" y="10" className="tick">
          {max}
        </text>
        {all.map(([director, s], i) => (
          <g key={director}>
            <polyline fill="none" stroke={COLORS[i % COLORS.length]} strokeWidth="2" points={s.map((p) => `${x(p.at).toFixed(1)},${y(p[field]).toFixed(1)}`).join(' ')} />
            {/* the latest sample as a dot: one sample alone is no line yet */}
            {s.length > 0 ? <circle cx={x(s[s.length - 1].at).toFixed(1)} cy={y(s[s.length - 1][field]).toFixed(1)} r="3" fill={COLORS[i % COLORS.length]} /> : null}
          </g>
        ))}
      </svg>
      <figcaption>
        {field === 'cps' ? 'new connections/s' : 'connections'}, last 15 minutes
        {all.length === 0 ? ' — no counters reported yet' : ''}
        {all.map(([d], i) => (
          <span key={d} className="legend">
            <i className={`swatch swatch-${i % COLORS.length}`} />
            {d}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
