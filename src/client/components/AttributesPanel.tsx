import type { Ontology } from '../../shared/project.schema';
import { useEditorStore } from '../state/editor-store';

/** The selected object's attributes, as its class defines them (checkbox, select or text). */
export function AttributesPanel({ ontology }: { ontology: Ontology }) {
  const selected = useEditorStore((s) => s.editor.doc.objects.find((o) => o.id === s.selectedId) ?? null);
  const locked = useEditorStore((s) => (s.selectedId ? s.locked.has(s.selectedId) : false));
  const setAttribute = useEditorStore((s) => s.setAttribute);
  if (!selected) return null;
  const specs = ontology.classes.find((c) => c.id === selected.classId)?.attributes ?? [];
  if (specs.length === 0) return null;
  return (
    <section className="attributes-panel" aria-label="Attributes" data-testid="attributes-panel">
      <h3>Attributes</h3>
      {specs.map((a) => {
        const value = selected.attributes[a.id];
        const missing = a.required && (value === undefined || value === '');
        const label = `${a.name}${a.required ? ' *' : ''}`;
        if (a.type === 'checkbox') {
          return (
            <label key={a.id} className="attr-row">
              <input type="checkbox" disabled={locked} checked={value === true} onChange={(e) => setAttribute(selected.id, a.id, e.target.checked)} />
              {label}
            </label>
          );
        }
        if (a.type === 'select') {
          return (
            <label key={a.id} className={missing ? 'attr-row missing' : 'attr-row'}>
              {label}
              <select disabled={locked} value={typeof value === 'string' ? value : ''} onChange={(e) => setAttribute(selected.id, a.id, e.target.value || undefined)}>
                <option value="">—</option>
                {(a.options ?? []).map((o) => (
                  <option key={o} value={o}>{o}</option>
                ))}
              </select>
            </label>
          );
        }
        return (
          <label key={a.id} className={missing ? 'attr-row missing' : 'attr-row'}>
            {label}
            <input disabled={locked} value={typeof value === 'string' ? value : ''} onChange={(e) => setAttribute(selected.id, a.id, e.target.value || undefined)} />
          </label>
        );
      })}
    </section>
  );
}
