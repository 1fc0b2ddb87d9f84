import { describe, expect, it } from 'vitest';
import { RAW_TEXT_NORMALIZATION } from './normalize';
import { alignWords, characterErrorRate, countOps, wordErrorRate } from './wer';
import { seededRandom } from '../random';

const rng = seededRandom;

function exactDistance<T>(a: readonly T[], b: readonly T[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), prev[j]! + 1, cur[j - 1]! + 1);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

describe('wordErrorRate', () => {
  it('works the classic example: one substitution and one deletion in six words', () => {
    const r = wordErrorRate('the cat sat on the mat', 'the cat sit on mat');
    expect(r).toMatchObject({ substitutions: 1, deletions: 1, insertions: 0, hits: 4, referenceWords: 6, hypothesisWords: 5 });
    expect(r.wer).toBeCloseTo(2 / 6, 12);
    expect(r.alignment).toEqual([
      { op: 'equal', ref: 'the', hyp: 'the', refIndex: 0, hypIndex: 0 },
      { op: 'equal', ref: 'cat', hyp: 'cat', refIndex: 1, hypIndex: 1 },
      { op: 'substitute', ref: 'sat', hyp: 'sit', refIndex: 2, hypIndex: 2 },
      { op: 'equal', ref: 'on', hyp: 'on', refIndex: 3, hypIndex: 3 },
      { op: 'delete', ref: 'the', refIndex: 4 },
      { op: 'equal', ref: 'mat', hyp: 'mat', refIndex: 5, hypIndex: 4 },
    ]);
  });

  it('counts an inserted word against the reference length', () => {
    const r = wordErrorRate('hello world', 'hello big world');
    expect(r).toMatchObject({ substitutions: 0, deletions: 0, insertions: 1, hits: 2, wer: 0.5 });
    expect(r.alignment[1]).toEqual({ op: 'insert', hyp: 'big', hypIndex: 1 });
  });

  it('can exceed 1 when the hypothesis is mostly insertions', () => {
    // "a" → "x y z": one substitution, two insertions over one reference word.
    expect(wordErrorRate('a', 'x y z')).toMatchObject({ substitutions: 1, insertions: 2, wer: 3 });
  });

  it('is 0 for a perfect transcript', () => {
    const r = wordErrorRate('Kubernetes runs containers.', 'kubernetes runs containers');
    expect(r.wer).toBe(0);
    expect(r.alignment.every((e) => e.op === 'equal')).toBe(true);
  });

  it('ignores case, punctuation and tags by default but not in the raw preset', () => {
    const ref = 'Hello, World! [noise]';
    expect(wordErrorRate(ref, 'hello world').wer).toBe(0);
    // Raw: "Hello," → "hello" and "World!" → "world" are substitutions, "[noise]" a deletion: 3 of 3 words.
    expect(wordErrorRate(ref, 'hello world', RAW_TEXT_NORMALIZATION)).toMatchObject({ substitutions: 2, deletions: 1, wer: 1 });
  });

  it('follows jiwer on empty references and hypotheses', () => {
    expect(wordErrorRate('', '')).toMatchObject({ wer: 0, hits: 0, insertions: 0 });
    expect(wordErrorRate('', 'a b')).toMatchObject({ wer: 2, insertions: 2 });
    expect(wordErrorRate('a b', '')).toMatchObject({ wer: 1, deletions: 2 });
    expect(wordErrorRate('[noise]', 'hi').wer).toBe(1); // the tag is dropped: an empty reference
  });

  it('points every word back at where it was typed', () => {
    const ref = 'The  Kubernetes cluster';
    const hyp = 'the Cooper Netties cluster';
    const r = wordErrorRate(ref, hyp);
    const sub = r.alignment.find((e) => e.op === 'substitute')!;
    const ins = r.alignment.find((e) => e.op === 'insert')!;
    const refToken = r.referenceTokens[sub.refIndex!]!;
    expect(ref.slice(refToken.start, refToken.end)).toBe('Kubernetes');
    expect(r.hypothesisTokens.map((t) => hyp.slice(t.start, t.end))).toEqual(['the', 'Cooper', 'Netties', 'cluster']);
    expect(ins.hypIndex === 1 || ins.hypIndex === 2).toBe(true);
    expect(r).toMatchObject({ substitutions: 1, insertions: 1, deletions: 0 });
  });

  it('equals the exact table on random transcripts (property)', () => {
    const rand = rng(21);
    const vocab = ['the', 'a', 'cat', 'dog', 'sat', 'ran', 'on', 'mat', 'log', 'big'];
    for (let n = 0; n < 300; n++) {
      const ref = Array.from({ length: Math.floor(rand() * 20) }, () => vocab[Math.floor(rand() * vocab.length)]!);
      const hyp = ref.flatMap((w) => {
        const r = rand();
        if (r < 0.1) return [];
        if (r < 0.2) return [vocab[Math.floor(rand() * vocab.length)]!];
        if (r < 0.3) return [w, vocab[Math.floor(rand() * vocab.length)]!];
        return [w];
      });
      const r = wordErrorRate(ref.join(' '), hyp.join(' '));
      const d = exactDistance(ref, hyp);
      expect(r.substitutions + r.deletions + r.insertions).toBe(d);
      expect(r.wer).toBeCloseTo(d / Math.max(1, ref.length), 12);
      expect(r.hits + r.substitutions + r.deletions).toBe(ref.length);
      expect(r.hits + r.substitutions + r.insertions).toBe(hyp.length);
      expect(r.alignment.filter((e) => e.ref !== undefined).map((e) => e.ref)).toEqual(ref);
      expect(r.alignment.filter((e) => e.hyp !== undefined).map((e) => e.hyp)).toEqual(hyp);
    }
  });

  it('stays exact on a long transcript with 10% edits', () => {
    const rand = rng(22);
    const vocab = Array.from({ length: 300 }, (_, i) => `w${i}`);
    const ref = Array.from({ length: 2500 }, () => vocab[Math.floor(rand() * vocab.length)]!);
    const hyp = ref.flatMap((w) => {
      const r = rand();
      if (r < 0.033) return [];
      if (r < 0.066) return [vocab[Math.floor(rand() * vocab.length)]!];
      if (r < 0.1) return [w, vocab[Math.floor(rand() * vocab.length)]!];
      return [w];
    });
    const counts = countOps(alignWords(ref, hyp));
    expect(counts.substitutions + counts.deletions + counts.insertions).toBe(exactDistance(ref, hyp));
  });
});

describe('characterErrorRate', () => {
  it('works hand-worked examples', () => {
    expect(characterErrorRate('kitten', 'sitting')).toEqual({ cer: 0.5, distance: 3, referenceChars: 6, hypothesisChars: 7 });
    // Spaces are characters: "ab cd" → "abcd" is one deletion of five.
    expect(characterErrorRate('ab cd', 'abcd').cer).toBeCloseTo(0.2, 12);
  });

  it('normalises before counting', () => {
    expect(characterErrorRate('Hello, World!', 'hello world').cer).toBe(0);
    expect(characterErrorRate('Hello, World!', 'hello world', RAW_TEXT_NORMALIZATION).distance).toBe(4); // H, comma, W, !
    expect(characterErrorRate('nai\u0308ve', 'na\u00efve').cer).toBe(0);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(characterErrorRate('a😀b', 'ab')).toMatchObject({ distance: 1, referenceChars: 3 });
  });

  it('follows jiwer on empty references', () => {
    expect(characterErrorRate('', '').cer).toBe(0);
    expect(characterErrorRate('', 'abd').cer).toBe(3);
    expect(characterErrorRate('abc', '').cer).toBe(1);
  });
});
