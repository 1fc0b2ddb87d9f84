import { describe, expect, it } from 'vitest';
import { normalizeText, RAW_TEXT_NORMALIZATION, tokenizeWords } from './normalize';

const texts = (s: string, o = {}) => tokenizeWords(s, o).map((t) => t.text);

describe('tokenizeWords', () => {
  it('lower-cases, strips punctuation and drops tags by default, keeping raw offsets', () => {
    const raw = "Hello, World!  [noise] It's";
    expect(tokenizeWords(raw)).toEqual([
      { text: 'hello', start: 0, end: 6, tag: false },
      { text: 'world', start: 7, end: 13, tag: false },
      { text: 'its', start: 23, end: 27, tag: false },
    ]);
  });

  it('keeps a tag as one word when asked, without touching its brackets', () => {
    const tokens = tokenizeWords("Hello, World!  [Background   Noise] It's", { tags: 'keep' });
    expect(tokens.map((t) => t.text)).toEqual(['hello', 'world', '[background noise]', 'its']);
    expect(tokens[2]).toMatchObject({ start: 15, end: 35, tag: true });
  });

  it('splits words glued to a tag', () => {
    expect(texts('a[noise]b')).toEqual(['a', 'b']);
    expect(texts('a[noise]b', { tags: 'keep' })).toEqual(['a', '[noise]', 'b']);
  });

  it('drops words that were only punctuation', () => {
    expect(texts('yes — no ...')).toEqual(['yes', 'no']);
    expect(texts('yes — no', RAW_TEXT_NORMALIZATION)).toEqual(['yes', '—', 'no']);
  });

  it('leaves case and punctuation alone in the raw preset', () => {
    expect(texts('Hello, World! [noise]', RAW_TEXT_NORMALIZATION)).toEqual(['Hello,', 'World!', '[noise]']);
  });

  it('composes Unicode so both spellings of é are one word', () => {
    expect(texts('cafe\u0301')).toEqual(texts('caf\u00e9'));
    expect(texts('cafe\u0301', { nfc: false })).not.toEqual(texts('caf\u00e9', { nfc: false }));
  });

  it('strips exactly the Unicode punctuation, on ASCII and non-ASCII words alike', () => {
    const punctuation = /\p{P}/u;
    for (let code = 33; code < 127; code++) {
      const c = String.fromCharCode(code);
      if (c === '[' || c === ']') continue; // tag brackets
      const kept = punctuation.test(c) ? '' : c.toLowerCase();
      expect(texts(`a${c}b`)).toEqual([`a${kept}b`]);
      expect(texts(`é${c}b`)).toEqual([`é${kept}b`]);
    }
    expect(texts('«bonjour»  ¿qué?')).toEqual(['bonjour', 'qué']);
  });

  it('keeps symbols, which Unicode does not call punctuation (though it does "%")', () => {
    expect(texts('costs $5 + tax = 10%')).toEqual(['costs', '$5', '+', 'tax', '=', '10']);
  });
});

describe('normalizeText', () => {
  it('gives the words joined by single spaces', () => {
    const raw = '  Hello,   World! [Noise]  ';
    expect(normalizeText(raw)).toBe('hello world');
    expect(normalizeText(raw)).toBe(texts(raw).join(' '));
    expect(normalizeText(raw, { tags: 'keep' })).toBe('hello world [noise]');
  });

  it('keeps inner whitespace when not collapsing, but trims the ends (as jiwer for CER)', () => {
    expect(normalizeText('  a  b\tc ', { collapseWhitespace: false })).toBe('a  b\tc');
  });

  it('does not glue words across a dropped tag', () => {
    expect(normalizeText('a[noise]b')).toBe('a b');
  });
});
