import { describe, expect, it } from 'vitest';
import { fixtureClasses, fixtureImages } from './export-fixture';
import { toVoc, vocBndbox, xml } from './voc';

const header = (fileName: string, width: number, height: number) => [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<annotation>',
  '  <folder>Streets</folder>',
  `  <filename>${fileName}</filename>`,
  '  <source>',
  '    <database>Labelbench</database>',
  '  </source>',
  '  <size>',
  `    <width>${width}</width>`,
  `    <height>${height}</height>`,
  '    <depth>3</depth>',
  '  </size>',
  '  <segmented>0</segmented>',
];

describe('Pascal VOC export', () => {
  it('matches the hand-checked files', () => {
    const files = toVoc(fixtureClasses, fixtureImages(), { folder: 'Streets' });
    expect(files.map((f) => f.path)).toEqual(['Annotations/street-01.xml', 'Annotations/frame-2.xml', 'Annotations/empty.xml', 'labels.txt']);
    expect(files[0]!.content).toBe([
      ...header('street-01.jpg', 200, 100),
      '  <object>',
      '    <name>Car</name>',
      '    <pose>Unspecified</pose>',
      '    <truncated>1</truncated>',
      '    <difficult>0</difficult>',
      '    <bndbox>',
      // x 10..60, y 20..60: 1-based first pixel 11 / 21, last pixel 60 / 60
      '      <xmin>11</xmin>',
      '      <ymin>21</ymin>',
      '      <xmax>60</xmax>',
      '      <ymax>60</ymax>',
      '    </bndbox>',
      '    <attributes>',
      '      <attribute><name>truncated</name><value>true</value></attribute>',
      '      <attribute><name>colour</name><value>red</value></attribute>',
      '    </attributes>',
      '  </object>',
      '  <object>',
      '    <name>Pedestrian</name>',
      '    <pose>Unspecified</pose>',
      '    <truncated>0</truncated>',
      '    <difficult>0</difficult>',
      '    <bndbox>',
      // triangle bounds x 120..180, y 10..90
      '      <xmin>121</xmin>',
      '      <ymin>11</ymin>',
      '      <xmax>180</xmax>',
      '      <ymax>90</ymax>',
      '    </bndbox>',
      '  </object>',
      '</annotation>',
      '',
    ].join('\n'));
    expect(files[1]!.content).toBe([
      ...header('frame-2.png', 40, 20),
      '  <object>',
      '    <name>Car</name>',
      '    <pose>Unspecified</pose>',
      '    <truncated>0</truncated>',
      '    <difficult>0</difficult>',
      '    <bndbox>',
      // clamped x 2.5..12.5, y 0..7.6: round(2.5) + 1 = 4, round(12.5) = 13, round(0) + 1 = 1, round(7.6) = 8
      '      <xmin>4</xmin>',
      '      <ymin>1</ymin>',
      '      <xmax>13</xmax>',
      '      <ymax>8</ymax>',
      '    </bndbox>',
      '  </object>',
      '</annotation>',
      '',
    ].join('\n'));
    expect(files[2]!.content).toBe([...header('empty.jpg', 10, 10), '</annotation>', ''].join('\n'));
    expect(files[3]!.content).toBe('Car\nPedestrian\n');
  });

  describe('bndbox rounding', () => {
    it('covers at least one pixel for a box thinner than a pixel', () => {
      expect(vocBndbox({ kind: 'box', x: 5.1, y: 5.1, w: 0.2, h: 0.2 }, { width: 10, height: 10 })).toEqual({ xmin: 6, ymin: 6, xmax: 6, ymax: 6 });
    });
    it('stays inside 1..width and 1..height', () => {
      expect(vocBndbox({ kind: 'box', x: -0.5, y: -0.5, w: 11, h: 11 }, { width: 10, height: 10 })).toEqual({ xmin: 1, ymin: 1, xmax: 10, ymax: 10 });
    });
  });

  describe('escaping', () => {
    it('escapes XML specials in names, file names and attributes', () => {
      const [image] = fixtureImages();
      const files = toVoc([{ id: 'car', name: 'Car & <"Truck\'s">' }, { id: 'pedestrian', name: 'P' }], [{ ...image!, fileName: 'a&b.jpg' }], { folder: 'R&D <x>' });
      const text = files[0]!.content;
      expect(text).toContain('<name>Car &amp; &lt;&quot;Truck&apos;s&quot;&gt;</name>');
      expect(text).toContain('<filename>a&amp;b.jpg</filename>');
      expect(text).toContain('<folder>R&amp;D &lt;x&gt;</folder>');
    });
    it('drops characters XML cannot hold', () => {
      expect(xml('a\u0000b\u0008c\td')).toBe('abc\td');
    });
  });
});
