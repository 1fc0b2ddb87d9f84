import { describe, expect, it } from 'vitest';
import { toCoco } from './coco';
import { fixtureClasses, fixtureImages } from './export-fixture';

const opts = { projectName: 'Streets', exportedAt: '2026-01-05T10:00:00.000Z' };

describe('COCO export', () => {
  it('matches the hand-checked dataset', () => {
    expect(toCoco(fixtureClasses, fixtureImages(), opts)).toEqual({
      info: { description: 'Labelbench export of Streets', version: '1.0', year: 2026, contributor: 'Labelbench', url: '', date_created: '2026-01-05T10:00:00.000Z' },
      licenses: [],
      images: [
        { id: 1, file_name: 'street-01.jpg', width: 200, height: 100 },
        { id: 2, file_name: 'frame-2.png', width: 40, height: 20 },
        { id: 3, file_name: 'empty.jpg', width: 10, height: 10 },
      ],
      categories: [
        { id: 1, name: 'Car', supercategory: '' },
        { id: 2, name: 'Pedestrian', supercategory: '' },
      ],
      annotations: [
        // The box as a 4-point polygon, clockwise from the top-left; area 50 × 40.
        { id: 1, image_id: 1, category_id: 1, bbox: [10, 20, 50, 40], area: 2000, iscrowd: 0, segmentation: [[10, 20, 60, 20, 60, 60, 10, 60]], attributes: { truncated: true, colour: 'red' } },
        // The triangle: bounds 120..180 × 10..90, area base 60 × height 80 / 2.
        { id: 2, image_id: 1, category_id: 2, bbox: [120, 10, 60, 80], area: 2400, iscrowd: 0, segmentation: [[120, 10, 180, 10, 150, 90]], attributes: {} },
        // Clamped to the image: y −0.4 → 0, so the height is 7.6 and the area 76.
        { id: 3, image_id: 2, category_id: 1, bbox: [2.5, 0, 10, 7.6], area: 76, iscrowd: 0, segmentation: [[2.5, 0, 12.5, 0, 12.5, 7.6, 2.5, 7.6]], attributes: {} },
      ],
    });
  });

  it('survives a JSON round trip unchanged (plain data only)', () => {
    const coco = toCoco(fixtureClasses, fixtureImages(), opts);
    expect(JSON.parse(JSON.stringify(coco))).toEqual(coco);
  });

  it('keeps objects of a class removed from the ontology, as a category after the ontology ones', () => {
    const [first] = fixtureImages();
    const image = { ...first!, document: { objects: [{ ...first!.document.objects[0]!, classId: 'cyclist' }] } };
    const coco = toCoco(fixtureClasses, [image], opts);
    expect(coco.categories).toEqual([
      { id: 1, name: 'Car', supercategory: '' },
      { id: 2, name: 'Pedestrian', supercategory: '' },
      { id: 3, name: 'cyclist', supercategory: '' },
    ]);
    expect(coco.annotations[0]!.category_id).toBe(3);
  });

  it('lists every class even with no images', () => {
    const coco = toCoco(fixtureClasses, [], opts);
    expect(coco.images).toEqual([]);
    expect(coco.annotations).toEqual([]);
    expect(coco.categories.map((c) => c.name)).toEqual(['Car', 'Pedestrian']);
  });
});
