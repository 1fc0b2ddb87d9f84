/** Short human durations for tables: "45 s", "12 min", "3 h 5 min", "2 d". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

/** "12 min ago" for a past ISO time. */
export function ago(iso: string, now = Date.now()): string {
  return `${formatDuration(now - Date.parse(iso))} ago`;
}

/** "in 3 min" for a future ISO time, "expired" for a past one. */
export function until(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso) - now;
  return ms <= 0 ? 'expired' : `in ${formatDuration(ms)}`;
}

/** Local date and time, to the minute. */
export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
