import { describe, expect, it } from 'vitest';
import { instructionSections } from './sections';

describe('instructionSections', () => {
  it('lists heading titles in order, once each', () => {
    const md = '# Cars\nBox every car.\n\n## Parked cars ##\ntext\n### People\n#### too deep\n## Parked cars\n';
    expect(instructionSections(md)).toEqual(['Cars', 'Parked cars', 'People']);
  });
  it('ignores hashes that are not headings, and headings in code blocks', () => {
    expect(instructionSections('#nospace\n    # indented code\n```\n# in code\n```\ntext # not a heading')).toEqual([]);
  });
  it('is empty for instructions without headings', () => {
    expect(instructionSections('Box every car tightly.')).toEqual([]);
  });
});
