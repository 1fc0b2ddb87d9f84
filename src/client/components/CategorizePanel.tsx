import { useEffect, useState } from 'react';
import { toggleChoice } from '../../core/document/categories';
import type { Taxonomy } from '../../shared/task.schema';
import { useEditorStore } from '../state/editor-store';
import { isTypingTarget } from './typing-target';

/**
 * A categorization task's questions, keyboard first: `1`–`9` pick the n-th choice of the active question
 * (a single-choice question then moves on to the next), `↑`/`↓` change the active question. Unanswered
 * questions are marked; changes are undoable like any other edit and autosave with the draft. In review,
 * `before` holds the labeler's answers: a question the reviewer changed says what the labeler had chosen.
 */
export function CategorizePanel({ taxonomies, before }: { taxonomies: readonly Taxonomy[]; before?: Readonly<Record<string, readonly string[]>> }) {
  const categories = useEditorStore((s) => s.editor.doc.categories);
  const setCategories = useEditorStore((s) => s.setCategories);
  const [active, setActive] = useState(0);

  const pick = (index: number, choice: string) => {
    const t = taxonomies[index]!;
    const next = toggleChoice(t, categories?.[t.name] ?? [], choice);
    setCategories(t.name, next);
    setActive(!t.allowMultiple && next.length > 0 ? Math.min(index + 1, taxonomies.length - 1) : index);
  };

  useEffect(() => {
    // Nothing to draw on a categorization: the pointer only pans and zooms.
    useEditorStore.getState().setTool('select');
  }, []);

  useEffect(() => {
    // Capture phase, before the labeling page's keys: digits and arrows mean choices and questions here.
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target)) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const t = taxonomies[active];
      if (/^[1-9]$/.test(e.key) && t) {
        const choice = t.choices[Number(e.key) - 1];
        if (choice) pick(active, choice);
      } else if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, taxonomies.length - 1));
      else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
      else if (!['b', 'p', 'B', 'P'].includes(e.key)) return; // no drawing tools on a categorization
      e.preventDefault();
      e.stopImmediatePropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  });

  return (
    <section className="categorize-panel" aria-label="Categories" data-testid="categorize-panel">
      <h3>Categorize</h3>
      {taxonomies.map((t, ti) => {
        const chosen = categories?.[t.name] ?? [];
        return (
          <fieldset
            key={t.name}
            className={`taxonomy${ti === active ? ' active' : ''}${chosen.length === 0 ? ' unanswered' : ''}`}
            data-testid={`taxonomy-${t.name}`}
            onFocus={() => setActive(ti)}
            onClick={() => setActive(ti)}
          >
            <legend>
              {t.name}
              <span className="muted">{t.allowMultiple ? ' · any that apply' : ' · one'}</span>
            </legend>
            {t.description && <p className="muted taxonomy-description">{t.description}</p>}
            {before && !sameChoices(before[t.name] ?? [], chosen) && (
              <p className="taxonomy-changed" data-testid={`changed-${t.name}`}>Labeler chose: {(before[t.name] ?? []).join(', ') || 'nothing'}</p>
            )}
            {t.choices.map((c, ci) => (
              <label key={c} className="choice-row">
                <input
                  type={t.allowMultiple ? 'checkbox' : 'radio'}
                  name={`taxonomy-${t.name}`}
                  checked={chosen.includes(c)}
                  onChange={() => pick(ti, c)}
                  // A radio that is already on does not fire change; clicking it again clears the answer.
                  onClick={(e) => { if (!t.allowMultiple && chosen.includes(c)) { e.preventDefault(); pick(ti, c); } }}
                />
                <span>{c}</span>
                {ci < 9 && ti === active && <kbd>{ci + 1}</kbd>}
              </label>
            ))}
          </fieldset>
        );
      })}
      <p className="muted key-hint"><kbd>1</kbd>–<kbd>9</kbd> choose · <kbd>↑</kbd>/<kbd>↓</kbd> question · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> submit</p>
    </section>
  );
}

function sameChoices(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c) => b.includes(c));
}
