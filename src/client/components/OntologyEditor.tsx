import { FieldError } from './FieldError';
import { HOTKEYS, classId, newClass, type ClassDraft, type FieldErrors } from './project-draft';

type Props = {
  classes: ClassDraft[];
  onChange: (classes: ClassDraft[]) => void;
  errors: FieldErrors;
};

/**
 * The ontology as an ordered list of classes: name, colour and hotkey (1–9), with add, remove and
 * move up/down. A new class's id is its name as a slug; a saved class keeps its id so existing
 * annotations still point at it when it is renamed.
 */
export function OntologyEditor({ classes, onChange, errors }: Props) {
  const update = (i: number, patch: Partial<ClassDraft>) => onChange(classes.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...classes];
    const [moved] = next.splice(i, 1);
    next.splice(i + by, 0, moved!);
    onChange(next);
  };
  const usedKeys = (i: number) => new Set(classes.filter((_, j) => j !== i).map((c) => c.hotkey));
  return (
    <fieldset className="ontology-editor" data-testid="ontology-editor">
      <legend>Classes</legend>
      {classes.length === 0 && <p className="muted">No classes yet. Labelers need at least one to draw with.</p>}
      <ol className="class-rows">
        {classes.map((c, i) => {
          const at = `ontology.classes.${i}`;
          const taken = usedKeys(i);
          return (
            <li key={c.key} className="class-row" data-testid={`class-row-${i}`}>
              <div className="class-row-fields">
                <span className="order-buttons">
                  <button type="button" className="icon" aria-label={`Move class ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)} data-testid={`class-up-${i}`}>↑</button>
                  <button type="button" className="icon" aria-label={`Move class ${i + 1} down`} disabled={i === classes.length - 1} onClick={() => move(i, 1)} data-testid={`class-down-${i}`}>↓</button>
                </span>
                <input
                  type="color"
                  className="color-input"
                  aria-label={`Colour of class ${i + 1}`}
                  value={/^#[0-9a-fA-F]{6}$/.test(c.color) ? c.color.toLowerCase() : '#999999'}
                  onChange={(e) => update(i, { color: e.target.value })}
                  data-testid={`class-color-${i}`}
                />
                <input
                  className="class-name"
                  aria-label={`Name of class ${i + 1}`}
                  placeholder="Class name, e.g. Car"
                  value={c.name}
                  maxLength={200}
                  onChange={(e) => update(i, { name: e.target.value })}
                  data-testid={`class-name-${i}`}
                />
                <code className="class-id muted" title={c.fixedId ? 'Saved classes keep their id' : 'Made from the name'}>
                  {classId(c) || '—'}
                </code>
                <select
                  aria-label={`Hotkey of class ${i + 1}`}
                  value={c.hotkey}
                  onChange={(e) => update(i, { hotkey: e.target.value })}
                  data-testid={`class-hotkey-${i}`}
                >
                  <option value="">no key</option>
                  {HOTKEYS.map((k) => (
                    <option key={k} value={k} disabled={taken.has(k)}>
                      key {k}
                    </option>
                  ))}
                </select>
                <button type="button" className="icon danger" aria-label={`Remove class ${i + 1}`} onClick={() => onChange(classes.filter((_, j) => j !== i))} data-testid={`class-remove-${i}`}>
                  ×
                </button>
              </div>
              <FieldError errors={errors} path={`${at}.name`} />
              <FieldError errors={errors} path={`${at}.id`} />
              <FieldError errors={errors} path={`${at}.color`} />
              <FieldError errors={errors} path={`${at}.hotkey`} />
              <details className="class-attributes" open={Boolean(c.attributes)}>
                <summary>Attributes{c.attributes ? ` (${c.attributes.split('\n').filter((l) => l.trim()).length})` : ''}</summary>
                <textarea
                  aria-label={`Attributes of class ${i + 1}`}
                  data-testid={`class-attributes-${i}`}
                  rows={3}
                  placeholder={'Occluded: checkbox\nSign type*: select(stop, yield, other)\nNote: text'}
                  value={c.attributes ?? ''}
                  onChange={(e) => update(i, { attributes: e.target.value })}
                />
                <FieldError errors={errors} path={`${at}.attributes`} />
              </details>
            </li>
          );
        })}
      </ol>
      <FieldError errors={errors} path="ontology" />
      <FieldError errors={errors} path="ontology.classes" />
      <button type="button" onClick={() => onChange([...classes, newClass(classes)])} data-testid="add-class">
        + Add class
      </button>
    </fieldset>
  );
}

/** Whether the ontology editor shows an error with this path. */
export function isOntologyPath(path: string): boolean {
  return path === 'ontology' || path === 'ontology.classes' || /^ontology\.classes\.\d+\.(name|id|color|hotkey)$/.test(path);
}
