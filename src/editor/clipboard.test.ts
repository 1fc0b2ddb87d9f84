import { describe, expect, it } from 'vitest';
import type { AnnotationObject } from '../shared/annotation.schema';
import { pasteCommands } from './clipboard';

const box: AnnotationObject = { id: 'a', classId: 'car', geometry: { kind: 'box', x: 90, y: 10, w: 20, h: 10 }, attributes: { occluded: true }, source: 'hypothesis', version: 4 };
const tri: AnnotationObject = { id: 'b', classId: 'car', geometry: { kind: 'polygon', points: [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 0, y: 10 }] }, attributes: {}, source: 'human', version: 1 };

describe('pasteCommands', () => {
  it('copies with new ids, as a person\'s fresh objects, keeping class and attributes', () => {
    let n = 0;
    const cmds = pasteCommands([box, tri], { width: 100, height: 100 }, () => `new-${++n}`, 5);
    expect(cmds).toEqual([
      { type: 'annotation.create', object: { ...box, id: 'new-1', geometry: { kind: 'box', x: 95, y: 15, w: 5, h: 10 }, source: 'human', version: 1 } },
      { type: 'annotation.create', object: { ...tri, id: 'new-2', geometry: { kind: 'polygon', points: [{ x: 5, y: 5 }, { x: 15, y: 5 }, { x: 5, y: 15 }] } } },
    ]);
  });
  it('drops a box that would fall wholly outside the image', () => {
    expect(pasteCommands([{ ...box, geometry: { kind: 'box', x: 120, y: 0, w: 5, h: 5 } }], { width: 100, height: 100 }, () => 'x')).toEqual([]);
  });
});
