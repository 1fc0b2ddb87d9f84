import { describe, expect, it } from 'vitest';
import type { AnnotationObject } from '../../shared/annotation.schema';
import { applyCommand, applyPatches, emptyDocument } from './document';

const box = (id: string, x = 0): AnnotationObject => ({
  id, classId: 'car', geometry: { kind: 'box', x, y: 0, w: 10, h: 10 }, attributes: {}, source: 'human', version: 1,
});

describe('applyCommand', () => {
  it('creates an object without mutating the input', () => {
    const doc = emptyDocument();
    const r = applyCommand(doc, { type: 'annotation.create', object: box('a') });
    expect(doc.objects).toHaveLength(0);
    expect(r.doc.objects.map((o) => o.id)).toEqual(['a']);
    expect(applyPatches(r.doc, r.inverse)).toEqual(doc);
  });

  it('updates an object, bumps its version, and inverts to the original', () => {
    const doc = applyCommand(emptyDocument(), { type: 'annotation.create', object: box('a') }).doc;
    const r = applyCommand(doc, { type: 'annotation.update', id: 'a', changes: { classId: 'pedestrian' } });
    expect(r.doc.objects[0]).toMatchObject({ classId: 'pedestrian', version: 2 });
    expect(applyPatches(r.doc, r.inverse)).toEqual(doc);
  });

  it('deletes an object and restores it at its old place on inverse', () => {
    let doc = emptyDocument();
    for (const id of ['a', 'b', 'c']) doc = applyCommand(doc, { type: 'annotation.create', object: box(id) }).doc;
    const r = applyCommand(doc, { type: 'annotation.delete', id: 'b' });
    expect(r.doc.objects.map((o) => o.id)).toEqual(['a', 'c']);
    expect(applyPatches(r.doc, r.inverse).objects.map((o) => o.id)).toEqual(['a', 'b', 'c']);
  });

  it('reorders an object without changing it (drawing order is list order), and inverts to the old place', () => {
    let doc = emptyDocument();
    for (const id of ['a', 'b', 'c']) doc = applyCommand(doc, { type: 'annotation.create', object: box(id) }).doc;
    const up = applyCommand(doc, { type: 'annotation.reorder', id: 'a', index: 2 });
    expect(up.doc.objects.map((o) => o.id)).toEqual(['b', 'c', 'a']);
    expect(up.doc.objects[2]).toBe(doc.objects[0]);
    expect(applyPatches(up.doc, up.inverse)).toEqual(doc);
    // Out-of-range indexes are clamped to the list.
    expect(applyCommand(doc, { type: 'annotation.reorder', id: 'c', index: -5 }).doc.objects.map((o) => o.id)).toEqual(['c', 'a', 'b']);
  });

  it('refuses a duplicate id and an unknown id', () => {
    const doc = applyCommand(emptyDocument(), { type: 'annotation.create', object: box('a') }).doc;
    expect(() => applyCommand(doc, { type: 'annotation.create', object: box('a') })).toThrow(/already exists/);
    expect(() => applyCommand(doc, { type: 'annotation.delete', id: 'zz' })).toThrow(/no object/);
  });
});
