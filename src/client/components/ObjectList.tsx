import { useEffect, useState } from 'react';
import { useWindowedRows } from './use-windowed-rows';
import type { Ontology } from '../../shared/project.schema';
import { useEditorStore } from '../state/editor-store';
import type { AnnotationObject } from '../../shared/annotation.schema';
import { isSelfIntersecting } from '../../core/geometry/polygon';
import { ArrowIcon, EyeIcon, LockIcon, WarningIcon } from './Icons';

/** Row height and the list's visible height in CSS px (fixed, so only the rows in view are rendered). */
const ROW_PX = 30;
const LIST_PX = 420;

/**
 * The document's objects, newest last. Click selects; hovering highlights the object on the canvas;
 * each row can change class, hide, lock or delete its object; the selected row moves up or down
 * (drawing order is list order: later rows are drawn on top). Polygons that cross themselves carry a
 * warning flag. A filter finds objects by class.
 */
export function ObjectList({ ontology }: { ontology: Ontology }) {
  const objects = useEditorStore((s) => s.editor.doc.objects);
  const selectedId = useEditorStore((s) => s.selectedId);
  const selectedIds = useEditorStore((s) => s.selectedIds);
  const hoveredId = useEditorStore((s) => s.hoveredId);
  const hidden = useEditorStore((s) => s.hidden);
  const locked = useEditorStore((s) => s.locked);
  const { select, toggleSelected, reorder, hover, deleteObject, toggleHidden, toggleLocked, setObjectClass } = useEditorStore.getState();
  const [filter, setFilter] = useState('');
  const classes = new Map(ontology.classes.map((c) => [c.id, c]));
  const needle = filter.trim().toLowerCase();
  const rows = objects
    .map((o, i) => ({ o, n: i + 1, cls: classes.get(o.classId) }))
    .filter((r) => !needle || (r.cls?.name ?? r.o.classId).toLowerCase().includes(needle));
  const win = useWindowedRows(rows.length, ROW_PX, LIST_PX);
  const selectedRow = rows.findIndex((r) => r.o.id === selectedId);
  const { scrollTo } = win;
  // A selection made on the canvas scrolls its row into view.
  useEffect(() => scrollTo(selectedRow), [selectedRow, scrollTo]);
  return (
    <section className="object-list" aria-label="Objects" data-testid="object-list">
      <h3>Objects ({objects.length})</h3>
      {objects.length > 8 && <input className="filter" placeholder="Filter by class" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter objects" />}
      {objects.length === 0 && <p className="muted">Drag on the image to draw a box.</p>}
      <div className="object-scroll" ref={win.ref} onScroll={win.onScroll} style={{ maxHeight: LIST_PX }}>
      <ul onPointerLeave={() => hover(null)} style={{ paddingTop: win.padTop, paddingBottom: win.padBottom }}>
        {rows.slice(win.first, win.last).map(({ o, n, cls }) => (
          <li
            key={o.id}
            style={{ height: ROW_PX }}
            data-testid={`object-row-${n}`}
            className={[selectedIds.has(o.id) && 'selected', o.id === hoveredId && 'hovered', hidden.has(o.id) && 'is-hidden'].filter(Boolean).join(' ') || undefined}
            onClick={(e) => (e.shiftKey ? toggleSelected(o.id) : select(o.id === selectedId && selectedIds.size === 1 ? null : o.id))}
            onPointerEnter={() => hover(o.id)}
          >
            <span className="swatch" style={{ background: cls?.color ?? '#999' }} />
            <span className="grow">
              {cls?.name ?? o.classId} #{n}
              {o.source === 'hypothesis' && <span className="tag" title="Pre-annotation from the customer">pre</span>}
            </span>
            {crossesItself(o) && (
              <span className="flag" data-testid="flag-self-intersecting" role="img" aria-label="Polygon crosses itself" title="This polygon crosses itself: drag a vertex to untangle it">
                <WarningIcon />
              </span>
            )}
            {o.id === selectedId && !needle && (
              <>
                <button className="icon" aria-label="Move up (drawn below)" title="Move up: drawn below the objects after it" disabled={n === 1} onClick={(e) => { e.stopPropagation(); reorder(o.id, -1); }}>
                  <ArrowIcon up />
                </button>
                <button className="icon" aria-label="Move down (drawn above)" title="Move down: drawn above the objects before it" disabled={n === objects.length} onClick={(e) => { e.stopPropagation(); reorder(o.id, 1); }}>
                  <ArrowIcon up={false} />
                </button>
              </>
            )}
            <select
              aria-label="Class"
              value={o.classId}
              disabled={locked.has(o.id)}
              onClick={(e) => e.stopPropagation()}
              onChange={(e) => setObjectClass(o.id, e.target.value)}
            >
              {ontology.classes.map((c) => (
                <option key={c.id} value={c.id}>{c.name}</option>
              ))}
            </select>
            <button className="icon" aria-label={hidden.has(o.id) ? 'Show object' : 'Hide object'} aria-pressed={hidden.has(o.id)} onClick={(e) => { e.stopPropagation(); toggleHidden(o.id); }}>
              <EyeIcon off={hidden.has(o.id)} />
            </button>
            <button className="icon" aria-label={locked.has(o.id) ? 'Unlock object' : 'Lock object'} aria-pressed={locked.has(o.id)} onClick={(e) => { e.stopPropagation(); toggleLocked(o.id); }}>
              <LockIcon locked={locked.has(o.id)} />
            </button>
            <button className="icon" aria-label="Delete object" disabled={locked.has(o.id)} onClick={(e) => { e.stopPropagation(); deleteObject(o.id); }}>×</button>
          </li>
        ))}
      </ul>
      </div>
    </section>
  );
}

const crossing = new WeakMap<AnnotationObject, boolean>();
/** Whether a polygon crosses itself, remembered per object (objects are never mutated), so only rows in view pay for the check once. */
function crossesItself(o: AnnotationObject): boolean {
  let v = crossing.get(o);
  if (v === undefined) {
    v = o.geometry.kind === 'polygon' && isSelfIntersecting(o.geometry.points);
    crossing.set(o, v);
  }
  return v;
}
