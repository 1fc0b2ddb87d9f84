import { describe, expect, it } from 'vitest';
import type { AnnotationObject } from '../../shared/annotation.schema';
import type { Ontology } from '../../shared/project.schema';
import { attributeProblems } from './attributes';

const ontology: Ontology = {
  classes: [
    {
      id: 'sign', name: 'Sign', color: '#ff0000',
      attributes: [
        { id: 'occluded', name: 'Occluded', type: 'checkbox' },
        { id: 'kind', name: 'Kind', type: 'select', options: ['stop', 'yield'], required: true },
        { id: 'text', name: 'Text', type: 'text' },
      ],
    },
  ],
};
const obj = (attributes: AnnotationObject['attributes']): AnnotationObject => ({
  id: 'o', classId: 'sign', geometry: { kind: 'box', x: 0, y: 0, w: 1, h: 1 }, attributes, source: 'human', version: 1,
});

describe('attributeProblems', () => {
  it('finds nothing wrong with well-typed, complete attributes', () => {
    expect(attributeProblems({ objects: [obj({ occluded: false, kind: 'stop', text: 'STOP' })] }, ontology, true)).toEqual([]);
  });
  it('names wrong types, unknown attributes and values outside the options', () => {
    const p = attributeProblems({ objects: [obj({ occluded: 'yes', kind: 'speed', colour: 'red', text: 3 })] }, ontology, false);
    expect(p.map((x) => `${x.attributeId}: ${x.message}`).sort()).toEqual([
      "colour: no attribute 'colour' on this class",
      'kind: must be one of stop, yield',
      'occluded: must be true or false',
      'text: must be text',
    ]);
  });
  it('asks for required attributes only at submit', () => {
    const doc = { objects: [obj({})] };
    expect(attributeProblems(doc, ontology, false)).toEqual([]);
    expect(attributeProblems(doc, ontology, true)).toEqual([{ objectIndex: 0, objectId: 'o', attributeId: 'kind', message: 'Kind is required' }]);
  });
});
