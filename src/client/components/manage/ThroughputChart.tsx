import type { QueueStats } from '../../../shared/project.schema';
import { clockTime } from '../time-format';

const MINUTES = 60;
const W = 600;
const H = 80;

/**
 * Completions per minute over the last hour as bars in an inline SVG. Minutes missing from the
 * answer count as zero; the last bar is the current minute (by this browser's clock, or the server's
 * newest minute when that is later).
 */
export function ThroughputChart({ perMinute, now = Date.now() }: { perMinute: QueueStats['throughput']['perMinute']; now?: number }) {
  const byMinute = new Map<number, number>();
  for (const m of perMinute) {
    const t = Math.floor(Date.parse(m.minute) / 60_000);
    if (Number.isFinite(t)) byMinute.set(t, (byMinute.get(t) ?? 0) + m.completed);
  }
  const last = Math.max(Math.floor(now / 60_000), ...byMinute.keys());
  const slots = Array.from({ length: MINUTES }, (_, i) => {
    const minute = last - MINUTES + 1 + i;
    return { minute, completed: byMinute.get(minute) ?? 0 };
  });
  const max = Math.max(1, ...slots.map((s) => s.completed));
  const barW = W / MINUTES;
  return (
    <figure className="throughput-chart" data-testid="throughput-chart">
      <div className="chart-scale muted">{max}/min</div>
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label="Tasks completed per minute, last 60 minutes">
        <line x1={0} y1={H - 0.5} x2={W} y2={H - 0.5} className="chart-axis" />
        {slots.map((s, i) => {
          const h = s.completed === 0 ? 0 : Math.max(2, (s.completed / max) * (H - 4));
          return (
            <rect key={s.minute} x={i * barW + 1} y={H - h} width={barW - 2} height={h} className="chart-bar">
              <title>{`${clockTime(new Date(s.minute * 60_000).toISOString())}: ${s.completed} completed`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="chart-labels muted">
        <span>60 min ago</span>
        <span>30 min</span>
        <span>now</span>
      </figcaption>
    </figure>
  );
}
