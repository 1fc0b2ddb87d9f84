import { useEffect, useState } from 'react';
import type { Ontology } from '../../shared/project.schema';
import { useEditorStore } from '../state/editor-store';

/** Beyond this many classes (the digit hotkeys' reach) the picker gets a search box. */
const SEARCH_FROM = 10;

/**
 * The ontology's classes as buttons with their hotkeys; the active one is what new objects get.
 * With more classes than digit keys, a search box (focused with `/`) filters them by name; Enter
 * takes the first match (relabelling the selection when there is one, like a class key), Esc clears.
 */
export function ClassPicker({ ontology }: { ontology: Ontology }) {
  const active = useEditorStore((s) => s.activeClassId);
  const setActive = useEditorStore((s) => s.setActiveClass);
  const [query, setQuery] = useState('');
  useEffect(() => {
    if (!active || !ontology.classes.some((c) => c.id === active)) {
      const first = ontology.classes[0];
      if (first) setActive(first.id);
    }
  }, [active, ontology, setActive]);
  const searchable = ontology.classes.length >= SEARCH_FROM;
  const needle = query.trim().toLowerCase();
  const shown = needle ? ontology.classes.filter((c) => c.name.toLowerCase().includes(needle) || c.id.toLowerCase().includes(needle)) : ontology.classes;
  const pick = (id: string) => {
    const s = useEditorStore.getState();
    if (s.selectedIds.size > 0) s.setSelectionClass(id);
    setActive(id);
  };
  const buttons = (
    <>
      {shown.map((c) => (
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
      {shown.length === 0 && <p className="muted">No class matches “{query}”.</p>}
    </>
  );
  if (!searchable) {
    return (
      <section className="class-picker" aria-label="Classes">
        {buttons}
      </section>
    );
  }
  return (
    <section className="class-picker" aria-label="Classes">
      <input
        className="filter"
        data-testid="class-search"
        placeholder={`Find a class of ${ontology.classes.length} ( / )`}
        aria-label="Find a class"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && shown[0]) {
            pick(shown[0].id);
            setQuery('');
            e.currentTarget.blur();
          } else if (e.key === 'Escape') {
            setQuery('');
            e.currentTarget.blur();
          }
        }}
      />
      <div className="class-scroll">{buttons}</div>
    </section>
  );
}
