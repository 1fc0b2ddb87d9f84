import type { ExportClass } from './export-data';
import type { ProvenancedImage } from './labelbench';

/**
 * A small project for the exporter tests, with numbers easy to check by hand:
 * - `street-01.jpg`, 200×100: a car box (10, 20) 50×40 with attributes, and a pedestrian triangle
 *   (120, 10) (180, 10) (150, 90) — bounds (120, 10) 60×80, area 60 × 80 / 2 = 2400;
 * - `frame-2.png`, 40×20: a car box at (2.5, −0.4) 10×8 that strays 0.4 px above the image,
 *   so clamped it is (2.5, 0) 10×7.6;
 * - `empty.jpg`, 10×10, submitted with no objects.
 */
export const fixtureClasses: ExportClass[] = [
  { id: 'car', name: 'Car' },
  { id: 'pedestrian', name: 'Pedestrian' },
];

export function fixtureImages(): ProvenancedImage[] {
  return [
    {
      taskId: 't-1', fileName: 'street-01.jpg', width: 200, height: 100, status: 'completed', imageUrl: '/demo/images/street-01.jpg',
      annotation: { id: 'a-1', userId: 'u-1', submittedAt: '2026-01-05T09:00:00.000Z' },
      document: {
        objects: [
          { id: 'o1', classId: 'car', geometry: { kind: 'box', x: 10, y: 20, w: 50, h: 40 }, attributes: { truncated: true, colour: 'red' }, source: 'human', version: 3 },
          { id: 'o2', classId: 'pedestrian', geometry: { kind: 'polygon', points: [{ x: 120, y: 10 }, { x: 180, y: 10 }, { x: 150, y: 90 }] }, attributes: {}, source: 'hypothesis', version: 1 },
        ],
      },
    },
    {
      taskId: 't-2', fileName: 'frame-2.png', width: 40, height: 20, status: 'submitted', imageUrl: '/api/media/m-2',
      annotation: { id: 'a-2', userId: 'u-2', submittedAt: '2026-01-05T09:01:00.000Z' },
      document: { objects: [{ id: 'o3', classId: 'car', geometry: { kind: 'box', x: 2.5, y: -0.4, w: 10, h: 8 }, attributes: {}, source: 'human', version: 1 }] },
    },
    {
      taskId: 't-3', fileName: 'empty.jpg', width: 10, height: 10, status: 'completed', imageUrl: '/x/empty.jpg',
      annotation: { id: 'a-3', userId: 'u-1', submittedAt: '2026-01-05T09:02:00.000Z' },
      document: { objects: [] },
    },
  ];
}
