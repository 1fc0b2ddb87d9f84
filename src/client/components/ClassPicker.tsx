import { useEffect } from 'react';
import type { Ontology } from '../../shared/project.schema';
import { useEditorStore } from '../state/editor-store';

/** The ontology's classes as buttons with their hotkeys; the active one is what new boxes get. */
export function ClassPicker({ ontology }: { ontology: Ontology }) {
  const active = useEditorStore((s) => s.activeClassId);
  const setActive = useEditorStore((s) => s.setActiveClass);
  useEffect(() => {
    if (!active || !ontology.classes.some((c) => c.id === active)) {
      const first = ontology.classes[0];
      if (first) setActive(first.id);
    }
  }, [active, ontology, setActive]);
  return (
    <section className="class-picker" aria-label="Classes">
      {ontology.classes.map((c) => (
        <button
          key={c.id}
          data-testid={`class-${c.id}`}
          className={c.id === active ? 'class-button active' : 'class-button'}
          aria-pressed={c.id === active}
          onClick={() => setActive(c.id)}
        >
          <span className="swatch" style={{ background: c.color }} />
          {c.name}
          {c.hotkey && <kbd>{c.hotkey}</kbd>}
        </button>
      ))}
    </section>
  );
}
