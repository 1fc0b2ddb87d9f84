import { useCallback, useEffect, useRef, useState } from 'react';

/** Rows drawn above and below the visible ones, so a quick scroll does not show blank space. */
const OVERSCAN = 8;

/**
 * A window over a long list of fixed-height rows: only the rows in view (plus a few) are rendered,
 * with padding standing in for the rest. Why: 3,000 object rows (each with a class menu) took about
 * a second to lay out and made every selection re-render thousands of rows.
 * `scrollTo(index)` brings a row into view (the selection, picked on the canvas).
 */
export function useWindowedRows(count: number, rowPx: number, viewportPx: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const onScroll = useCallback(() => setScrollTop(ref.current?.scrollTop ?? 0), []);
  const first = Math.max(0, Math.floor(scrollTop / rowPx) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + viewportPx) / rowPx) + OVERSCAN);
  const scrollTo = useCallback(
    (index: number) => {
      const el = ref.current;
      if (!el || index < 0) return;
      const top = index * rowPx;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowPx > el.scrollTop + el.clientHeight) el.scrollTop = top + rowPx - el.clientHeight;
      setScrollTop(el.scrollTop);
    },
    [rowPx],
  );
  // The list got shorter than where it was scrolled to (objects deleted, a filter typed).
  useEffect(() => {
    const el = ref.current;
    if (el && scrollTop > 0 && scrollTop > count * rowPx) setScrollTop(el.scrollTop);
  }, [count, rowPx, scrollTop]);
  return { ref, onScroll, first, last, padTop: first * rowPx, padBottom: (count - last) * rowPx, scrollTo };
}
