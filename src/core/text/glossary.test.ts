import { describe, expect, it } from 'vitest';
import { glossaryCompletions, glossaryNearMisses } from './glossary';

describe('glossary near-misses', () => {
  const glossary = ['Kubernetes', 'standup', 'New York', 'API'];
  it('flags a word a few edits from a term, with where it is', () => {
    expect(glossaryNearMisses('deploy to cubernetes today', glossary)).toEqual([{ offset: 10, length: 10, typed: 'cubernetes', term: 'Kubernetes' }]);
    // A hyphen is part of a word, so 'stand-up' is one edit from 'standup'.
    expect(glossaryNearMisses('the stand-up at nine', glossary)).toEqual([{ offset: 4, length: 8, typed: 'stand-up', term: 'standup' }]);
  });
  it('does not flag the term itself in any case, nor far words, nor short terms', () => {
    expect(glossaryNearMisses('KUBERNETES and kubernetes', glossary)).toEqual([]);
    expect(glossaryNearMisses('cucumbers', glossary)).toEqual([]);
    expect(glossaryNearMisses('the APO', glossary)).toEqual([]);
  });
  it('matches terms of several words against runs of words', () => {
    expect(glossaryNearMisses('flew to new yrok', glossary)).toEqual([{ offset: 8, length: 8, typed: 'new yrok', term: 'New York' }]);
  });
});

describe('glossary completions', () => {
  it('offers terms the word at the caret starts', () => {
    expect(glossaryCompletions('on kub', 6, ['Kubernetes', 'kubectl', 'Kafka'])).toEqual({ start: 3, prefix: 'kub', terms: ['Kubernetes', 'kubectl'] });
    expect(glossaryCompletions('on k', 4, ['Kubernetes'])).toBeNull();
    expect(glossaryCompletions('Kubernetes', 10, ['Kubernetes'])).toBeNull();
  });
});
