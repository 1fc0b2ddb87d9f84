import { describe, expect, it } from 'vitest';
import type { AnnotationObject } from '../../shared/annotation.schema';
import { applyCommand, emptyDocument } from '../document/document';
import { emptyHistory, record, redo, undo } from './history';

const box = (id: string): AnnotationObject => ({
  id, classId: 'car', geometry: { kind: 'box', x: 0, y: 0, w: 10, h: 10 }, attributes: {}, source: 'human', version: 1,
});

describe('history', () => {
  it('undoes and redoes steps in order', () => {
    let doc = emptyDocument();
    let history = emptyHistory();
    for (const id of ['a', 'b']) {
      const r = applyCommand(doc, { type: 'annotation.create', object: box(id) });
      doc = r.doc;
      history = record(history, r);
    }
    ({ doc, history } = undo(doc, history));
    expect(doc.objects.map((o) => o.id)).toEqual(['a']);
    ({ doc, history } = undo(doc, history));
    expect(doc.objects).toEqual([]);
    ({ doc, history } = undo(doc, history));
    expect(doc.objects).toEqual([]);
    ({ doc, history } = redo(doc, history));
    ({ doc, history } = redo(doc, history));
    expect(doc.objects.map((o) => o.id)).toEqual(['a', 'b']);
    expect(history.redo).toHaveLength(0);
  });

  it('clears redo after a new change', () => {
    let doc = emptyDocument();
    let history = emptyHistory();
    const r = applyCommand(doc, { type: 'annotation.create', object: box('a') });
    ({ doc, history } = undo(r.doc, record(history, r)));
    expect(history.redo).toHaveLength(1);
    const r2 = applyCommand(doc, { type: 'annotation.create', object: box('b') });
    expect(record(history, r2).redo).toHaveLength(0);
  });

  it('ignores empty entries', () => {
    expect(record(emptyHistory(), { forward: [], inverse: [] }).undo).toHaveLength(0);
  });
});
