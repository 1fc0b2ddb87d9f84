import { describe, expect, it } from 'vitest';
import { compareTranscript } from './transcript-findings';

describe('transcript findings', () => {
  it('finds nothing when the transcript is the reference', () => {
    expect(compareTranscript('We deploy on Kubernetes today.', 'We deploy on Kubernetes today.', { glossary: ['Kubernetes'] })).toMatchObject({ findings: [], wer: 0, rawWer: 0, referenceWords: 5, hits: 5, insertions: 0 });
  });

  it('finds a substitution, a deletion and an insertion, with their places in both strings', () => {
    const { findings, wer } = compareTranscript('the cat sat on the mat', 'the cat sit on mat please');
    expect(findings.map((f) => [f.type, f.ref, f.hyp])).toEqual([
      ['substitution', 'sat', 'sit'],
      ['deletion', 'the', undefined],
      ['insertion', undefined, 'please'],
    ]);
    expect(findings[0]).toMatchObject({ refStart: 8, refEnd: 11, hypStart: 8, hypEnd: 11, message: '"sat" is written "sit"' });
    expect(findings[1]!.message).toBe('"the" is missing');
    expect(findings[2]!.message).toBe('"please" is not said here');
    expect(wer).toBeCloseTo(3 / 6, 12);
  });

  it('reports a misspelt glossary term once, in place of its substitutions', () => {
    const { findings } = compareTranscript('we moved the cluster to Kubernetes last week', 'we moved the cluster to cooper netes last week', { glossary: ['Kubernetes'] });
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatchObject({ type: 'glossary_term', term: 'Kubernetes', ref: 'kubernetes', magnitude: 1, message: 'the glossary term "Kubernetes" is written "cooper"' });
    expect(findings[1]).toMatchObject({ type: 'insertion', hyp: 'netes' });
  });

  it('handles multi-word glossary terms and missing ones', () => {
    const r = compareTranscript('ask Acme Cloud support', 'ask support', { glossary: ['Acme Cloud'] });
    expect(r.findings).toEqual([
      expect.objectContaining({ type: 'glossary_term', term: 'Acme Cloud', magnitude: 2, message: 'the glossary term "Acme Cloud" is missing' }),
    ]);
  });

  it('does not flag a glossary term that is transcribed right', () => {
    const r = compareTranscript('Kubernetes is fine and so is the mat', 'Kubernetes is fine and so is the hat', { glossary: ['Kubernetes'] });
    expect(r.findings.map((f) => f.type)).toEqual(['substitution']);
  });

  it('finds only punctuation_casing when just case and punctuation differ', () => {
    const r = compareTranscript('Hello, world. How are you?', 'hello world how are you');
    expect(r.wer).toBe(0);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ type: 'punctuation_casing' });
    expect(r.findings[0]!.magnitude).toBeCloseTo(r.rawWer, 12);
    expect(r.findings[0]!.message).toMatch(/punctuation or capitals differ/);
  });
});
