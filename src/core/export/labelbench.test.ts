import { describe, expect, it } from 'vitest';
import { fixtureClasses, fixtureImages } from './export-fixture';
import { toLabelbench } from './labelbench';

const opts = { projectId: 'p-1', projectName: 'Streets', exportedAt: '2026-01-05T10:00:00.000Z' };

describe('Labelbench export', () => {
  it('matches the hand-checked document, geometry exactly as stored', () => {
    expect(toLabelbench(fixtureClasses, fixtureImages(), opts)).toEqual({
      format: 'labelbench',
      formatVersion: 1,
      project: { id: 'p-1', name: 'Streets' },
      exportedAt: '2026-01-05T10:00:00.000Z',
      classes: [{ id: 'car', name: 'Car' }, { id: 'pedestrian', name: 'Pedestrian' }],
      tasks: [
        {
          taskId: 't-1', status: 'completed',
          image: { fileName: 'street-01.jpg', url: '/demo/images/street-01.jpg', width: 200, height: 100 },
          annotation: { id: 'a-1', userId: 'u-1', submittedAt: '2026-01-05T09:00:00.000Z' },
          objects: [
            { id: 'o1', classId: 'car', className: 'Car', geometry: { kind: 'box', x: 10, y: 20, w: 50, h: 40 }, attributes: { truncated: true, colour: 'red' }, source: 'human', version: 3 },
            { id: 'o2', classId: 'pedestrian', className: 'Pedestrian', geometry: { kind: 'polygon', points: [{ x: 120, y: 10 }, { x: 180, y: 10 }, { x: 150, y: 90 }] }, attributes: {}, source: 'hypothesis', version: 1 },
          ],
        },
        {
          taskId: 't-2', status: 'submitted',
          image: { fileName: 'frame-2.png', url: '/api/media/m-2', width: 40, height: 20 },
          annotation: { id: 'a-2', userId: 'u-2', submittedAt: '2026-01-05T09:01:00.000Z' },
          // Not clamped: our own format keeps what was submitted.
          objects: [{ id: 'o3', classId: 'car', className: 'Car', geometry: { kind: 'box', x: 2.5, y: -0.4, w: 10, h: 8 }, attributes: {}, source: 'human', version: 1 }],
        },
        {
          taskId: 't-3', status: 'completed',
          image: { fileName: 'empty.jpg', url: '/x/empty.jpg', width: 10, height: 10 },
          annotation: { id: 'a-3', userId: 'u-1', submittedAt: '2026-01-05T09:02:00.000Z' },
          objects: [],
        },
      ],
    });
  });

  it('carries a categorization\'s answer beside its (empty) objects', () => {
    const [first] = fixtureImages();
    const out = toLabelbench(fixtureClasses, [{ ...first!, document: { objects: [], categories: { weather: ['rain'], seen: ['car', 'bus'] } } }], opts);
    expect(out.tasks[0]).toMatchObject({ objects: [], categories: { weather: ['rain'], seen: ['car', 'bus'] } });
    expect('categories' in toLabelbench(fixtureClasses, fixtureImages(), opts).tasks[0]!).toBe(false);
  });

  it('names a class no longer in the ontology as null', () => {
    const [first] = fixtureImages();
    const image = { ...first!, document: { objects: [{ ...first!.document.objects[0]!, classId: 'cyclist' }] } };
    const out = toLabelbench(fixtureClasses, [image], opts);
    expect(out.tasks[0]!.objects[0]).toMatchObject({ classId: 'cyclist', className: null });
  });
});
