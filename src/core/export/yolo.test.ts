import { describe, expect, it } from 'vitest';
import { fixtureClasses, fixtureImages } from './export-fixture';
import { toYolo } from './yolo';

const DATA_YAML = [
  '# Labelbench export of Streets: labels only. Put each image in images/ beside labels/, under the same stem.',
  'train: images',
  'val: images',
  'nc: 2',
  'names:',
  '  0: "Car"',
  '  1: "Pedestrian"',
  '',
].join('\n');

describe('YOLO export', () => {
  describe('detect variant', () => {
    it('matches the hand-checked files', () => {
      expect(toYolo(fixtureClasses, fixtureImages(), { variant: 'detect', projectName: 'Streets' })).toEqual([
        { path: 'data.yaml', content: DATA_YAML },
        { path: 'classes.txt', content: 'Car\nPedestrian\n' },
        {
          path: 'labels/street-01.txt',
          content:
            // box: centre (35, 40) / (200, 100), size (50, 40) / (200, 100)
            '0 0.175000 0.400000 0.250000 0.400000\n' +
            // triangle as its bounds: centre (150, 50), size (60, 80)
            '1 0.750000 0.500000 0.300000 0.800000\n',
        },
        // clamped box (2.5, 0) 10×7.6 in 40×20: centre (7.5, 3.8)
        { path: 'labels/frame-2.txt', content: '0 0.187500 0.190000 0.250000 0.380000\n' },
        { path: 'labels/empty.txt', content: '' },
      ]);
    });
  });

  describe('segment variant', () => {
    it('writes polygons as normalised vertices and boxes as their 4 corners', () => {
      const files = toYolo(fixtureClasses, fixtureImages(), { variant: 'segment', projectName: 'Streets' });
      expect(files.slice(2)).toEqual([
        {
          path: 'labels/street-01.txt',
          content:
            '0 0.050000 0.200000 0.300000 0.200000 0.300000 0.600000 0.050000 0.600000\n' +
            '1 0.600000 0.100000 0.900000 0.100000 0.750000 0.900000\n',
        },
        { path: 'labels/frame-2.txt', content: '0 0.062500 0.000000 0.312500 0.000000 0.312500 0.380000 0.062500 0.380000\n' },
        { path: 'labels/empty.txt', content: '' },
      ]);
    });
  });

  it('quotes class names in data.yaml and keeps each on one line in classes.txt', () => {
    const files = toYolo([{ id: 'a', name: 'Bus: "double"\ndecker' }], [], { variant: 'detect', projectName: 'P' });
    expect(files.find((f) => f.path === 'data.yaml')!.content).toContain('  0: "Bus: \\"double\\" decker"\n');
    expect(files.find((f) => f.path === 'classes.txt')!.content).toBe('Bus: "double" decker\n');
  });

  it('refuses two images that would write the same label file', () => {
    const [a, b] = fixtureImages();
    expect(() => toYolo(fixtureClasses, [a!, { ...b!, fileName: 'Street-01.png' }], { variant: 'detect', projectName: 'P' })).toThrow(/street-01/i);
  });
});
