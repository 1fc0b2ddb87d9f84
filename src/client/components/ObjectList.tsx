import type { Ontology } from '../../shared/project.schema';
import { useEditorStore } from '../state/editor-store';

/** The document's objects, newest last; click selects, × deletes. */
export function ObjectList({ ontology }: { ontology: Ontology }) {
  const objects = useEditorStore((s) => s.editor.doc.objects);
  const selectedId = useEditorStore((s) => s.selectedId);
  const select = useEditorStore((s) => s.select);
  const remove = useEditorStore((s) => s.deleteObject);
  const names = new Map(ontology.classes.map((c) => [c.id, c]));
  return (
    <section className="object-list" aria-label="Objects" data-testid="object-list">
      <h3>Objects ({objects.length})</h3>
      {objects.length === 0 && <p className="muted">Drag on the image to draw a box.</p>}
      <ul>
        {objects.map((o, i) => {
          const cls = names.get(o.classId);
          return (
            <li key={o.id} className={o.id === selectedId ? 'selected' : undefined} onClick={() => select(o.id === selectedId ? null : o.id)}>
              <span className="swatch" style={{ background: cls?.color ?? '#999' }} />
              <span className="grow">{cls?.name ?? o.classId} #{i + 1}</span>
              {o.geometry.kind === 'box' && <span className="muted">{Math.round(o.geometry.w)}×{Math.round(o.geometry.h)}</span>}
              <button className="icon" aria-label="Delete object" onClick={(e) => { e.stopPropagation(); remove(o.id); }}>×</button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
