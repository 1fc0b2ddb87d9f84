/** Seconds as `m:ss.s` (or `h:mm:ss.s` from an hour on), as transcribers read times. */
export function timeLabel(sec: number): string {
  const tenths = Math.round(sec * 10);
  const h = Math.floor(tenths / 36_000);
  const m = Math.floor((tenths % 36_000) / 600);
  const s = (tenths % 600) / 10;
  const ss = s.toFixed(1).padStart(4, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
