import { useViewStore } from '../state/view-store';

/** Zoom and the cursor's position in image pixels, for the status bar. */
export function StatusReadout() {
  const scale = useViewStore((s) => s.view.scale);
  const cursor = useViewStore((s) => s.cursor);
  return (
    <span className="muted readout" data-testid="zoom-readout">
      {Math.round(scale * 100)}%{cursor ? ` · ${Math.round(cursor.x)}, ${Math.round(cursor.y)} px` : ''}
    </span>
  );
}
