import { describe, expect, it } from 'vitest';
import type { Taxonomy } from '../../shared/task.schema';
import { categoryProblems, toggleChoice } from './categories';
import { applyCommand, emptyDocument } from './document';

const weather: Taxonomy = { name: 'weather', choices: ['sunny', 'rain', 'snow'], allowMultiple: false };
const seen: Taxonomy = { name: 'seen', choices: ['car', 'bus', 'bike'], allowMultiple: true };

describe('categories in the document', () => {
  it('sets, replaces and clears a taxonomy, each undoable through its inverse patch', () => {
    const a = applyCommand(emptyDocument(), { type: 'categories.set', taxonomy: 'weather', choices: ['rain'] });
    expect(a.doc.categories).toEqual({ weather: ['rain'] });
    const b = applyCommand(a.doc, { type: 'categories.set', taxonomy: 'weather', choices: ['snow'] });
    expect(b.doc.categories).toEqual({ weather: ['snow'] });
    const c = applyCommand(b.doc, { type: 'categories.set', taxonomy: 'weather', choices: [] });
    expect(c.doc.categories).toEqual({});
    // Undo in reverse order restores each earlier state.
    expect(applyCommand(c.doc, { type: 'categories.set', taxonomy: 'weather', choices: ['snow'] }).doc.categories).toEqual(b.doc.categories);
    expect(applyCommand(emptyDocument(), { type: 'categories.set', taxonomy: 'weather', choices: ['rain'] }).inverse).toEqual([{ op: 'categories', taxonomy: 'weather', choices: null }]);
    expect(b.inverse).toEqual([{ op: 'categories', taxonomy: 'weather', choices: ['rain'] }]);
  });
  it('leaves documents without categories as they were when objects change', () => {
    const r = applyCommand(emptyDocument(), { type: 'annotation.create', object: { id: 'a', classId: 'car', geometry: { kind: 'box', x: 0, y: 0, w: 1, h: 1 }, attributes: {}, source: 'human', version: 1 } });
    expect('categories' in r.doc).toBe(false);
  });
});

describe('categoryProblems', () => {
  it('finds nothing wrong with a complete, valid answer', () => {
    expect(categoryProblems({ objects: [], categories: { weather: ['rain'], seen: ['car', 'bike'] } }, [weather, seen], true)).toEqual([]);
  });
  it('names unknown taxonomies and choices, repeats, and several choices where one is allowed', () => {
    const p = categoryProblems({ objects: [], categories: { weather: ['rain', 'snow'], seen: ['car', 'car'], mood: ['happy'] } }, [weather, seen, { ...weather, name: 'light', choices: ['day'] }], false);
    expect(p).toEqual([
      { taxonomy: 'weather', message: 'takes one choice' },
      { taxonomy: 'seen', message: 'a choice is given twice' },
      { taxonomy: 'mood', message: "no taxonomy 'mood' on this task" },
    ]);
    expect(categoryProblems({ objects: [], categories: { weather: ['hail'] } }, [weather], false)).toEqual([{ taxonomy: 'weather', message: 'must be among sunny, rain, snow' }]);
  });
  it('asks for every taxonomy only at submit, and refuses categories on a task that asks for none', () => {
    expect(categoryProblems({ objects: [] }, [weather], false)).toEqual([]);
    expect(categoryProblems({ objects: [] }, [weather, seen], true).map((p) => p.message)).toEqual(['choose one of sunny, rain, snow', 'choose at least one of car, bus, bike']);
    expect(categoryProblems({ objects: [], categories: { weather: ['rain'] } }, undefined, false)).toEqual([{ taxonomy: 'weather', message: 'this task asks for no categories' }]);
  });
});

describe('toggleChoice', () => {
  it('replaces or clears a single choice, and toggles multiple ones in the task order', () => {
    expect(toggleChoice(weather, [], 'rain')).toEqual(['rain']);
    expect(toggleChoice(weather, ['rain'], 'snow')).toEqual(['snow']);
    expect(toggleChoice(weather, ['rain'], 'rain')).toEqual([]);
    expect(toggleChoice(seen, ['bike'], 'car')).toEqual(['car', 'bike']);
    expect(toggleChoice(seen, ['car', 'bike'], 'car')).toEqual(['bike']);
  });
});
