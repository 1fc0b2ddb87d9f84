import type { Rework } from '../../shared/review-comment.schema';
import { anchorOf, CanvasOverlay, type CanvasPin } from '../canvas/CanvasOverlay';
import { useEditorStore } from '../state/editor-store';

/** Above the canvas of a task a reviewer sent back: who sent it and their comments, numbered as the pins. */
export function ReworkBanner({ rework }: { rework: Rework }) {
  return (
    <div className="rework-banner" role="alert" data-testid="rework-banner">
      <b>{rework.reviewerName}</b> sent this task back — fix it and submit again:
      <ol>
        {rework.comments.map((c, i) => (
          <li key={i}>{c.text}</li>
        ))}
      </ol>
    </div>
  );
}

/** The reviewer's comments pinned on the canvas: to their object (following it as it is edited) or point. */
export function ReworkPins({ rework }: { rework: Rework }) {
  const doc = useEditorStore((s) => s.editor.doc);
  const pins: CanvasPin[] = [];
  rework.comments.forEach((c, i) => {
    const at = c.objectId ? anchorOf(doc, c.objectId) : c.point ?? null;
    if (at) pins.push({ id: `c${i}`, x: at.x, y: at.y, text: c.text, tone: 'comment', number: i + 1 });
  });
  return <CanvasOverlay pins={pins} />;
}
