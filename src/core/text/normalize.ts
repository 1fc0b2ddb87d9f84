/**
 * Text normalisation for transcript comparison (WER, CER and the word diff shown to labelers).
 * Both sides of a comparison must go through the same normalisation; the defaults below are the
 * documented ones the quality engine uses. Pure functions on strings.
 */

/**
 * What to normalise away before comparing. Applied in this order: Unicode NFC, tags, lower-casing,
 * punctuation, whitespace.
 */
export interface TextNormalization {
  /** Compose Unicode (NFC), so "é" typed as e + combining accent equals the precomposed "é". */
  readonly nfc: boolean;
  /** Lower-case with `String.prototype.toLowerCase` (locale-independent). */
  readonly lowercase: boolean;
  /**
   * Delete every punctuation character (Unicode category P*, as jiwer's `RemovePunctuation`): "don't"
   * becomes "dont", "well-known" becomes "wellknown", and a word that was only punctuation ("—") vanishes.
   * Symbols (Unicode S*: "$", "+", "=") are kept; note that "%", "#", "&" and "@" are punctuation (Po) and
   * go. Never applied inside tags.
   */
  readonly stripPunctuation: boolean;
  /**
   * Trim the ends and turn every run of whitespace into one space. Only matters for CER and for
   * {@link normalizeText}: words are always split on whitespace. When false, the text is still trimmed
   * (as jiwer's CER does) but inner whitespace counts character by character.
   */
  readonly collapseWhitespace: boolean;
  /**
   * Bracketed tags such as `[noise]`, `[inaudible]` or `[crosstalk]` (any `[...]` without nested brackets):
   * `'drop'` removes them (they are checked apart, as `missing_tag`), `'keep'` keeps each as one word,
   * lower-cased with the rest when `lowercase` is set and with inner whitespace collapsed.
   */
  readonly tags: 'drop' | 'keep';
}

/**
 * The quality engine's default: case, punctuation, extra whitespace and tags ignored, so WER measures
 * the words. Matches jiwer with `ToLowerCase`, `RemovePunctuation`, `RemoveMultipleSpaces`, `Strip`
 * and the tags removed beforehand.
 */
export const DEFAULT_TEXT_NORMALIZATION: TextNormalization = {
  nfc: true,
  lowercase: true,
  stripPunctuation: true,
  collapseWhitespace: true,
  tags: 'drop',
};

/**
 * Almost nothing normalised: jiwer's own default for WER (`RemoveMultipleSpaces`, `Strip`), tags kept
 * as words. Raw WER minus default WER is what the `punctuation_casing` finding measures.
 */
export const RAW_TEXT_NORMALIZATION: TextNormalization = {
  nfc: false,
  lowercase: false,
  stripPunctuation: false,
  collapseWhitespace: true,
  tags: 'keep',
};

/**
 * One word of a normalised transcript. `start` and `end` are UTF-16 offsets into the original,
 * un-normalised string (`end` exclusive), so the word can be struck or highlighted where the labeler
 * typed it.
 */
export interface TextToken {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Whether this token is a bracketed tag kept by `tags: 'keep'`. */
  readonly tag: boolean;
}

const TAG = /\[[^[\]]*\]/g;
const PUNCTUATION = /\p{P}/gu;
/** The ASCII characters of Unicode category P*, for the common all-ASCII word (the \p{P} scan is slower). */
const ASCII_PUNCTUATION = /[!"#%&'()*,\-./:;?@[\\\]_{}]/g;
const NON_ASCII = /[^\x00-\x7f]/;
const WORD = /\S+/g;

/** Fills the options not given from {@link DEFAULT_TEXT_NORMALIZATION}. */
export function resolveNormalization(options: Partial<TextNormalization> = {}): TextNormalization {
  return { ...DEFAULT_TEXT_NORMALIZATION, ...options };
}

/** The words of `text` after normalisation, with their positions in `text`. Empty words are dropped. */
export function tokenizeWords(text: string, options: Partial<TextNormalization> = {}): TextToken[] {
  const o = resolveNormalization(options);
  const tokens: TextToken[] = [];
  const addWords = (from: number, to: number) => {
    const part = text.slice(from, to);
    for (const w of part.matchAll(WORD)) {
      const word = normalizePlain(w[0], o);
      if (word.length === 0) continue;
      const start = from + w.index;
      tokens.push({ text: word, start, end: start + w[0].length, tag: false });
    }
  };
  let at = 0;
  for (const t of text.matchAll(TAG)) {
    addWords(at, t.index);
    at = t.index + t[0].length;
    if (o.tags === 'keep') tokens.push({ text: normalizeTag(t[0], o), start: t.index, end: at, tag: true });
  }
  addWords(at, text.length);
  return tokens;
}

/**
 * `text` normalised as a whole string, as compared character by character for CER. With
 * `collapseWhitespace` it equals the {@link tokenizeWords} texts joined by single spaces.
 */
export function normalizeText(text: string, options: Partial<TextNormalization> = {}): string {
  const o = resolveNormalization(options);
  let out = '';
  let at = 0;
  for (const t of text.matchAll(TAG)) {
    out += normalizePlain(text.slice(at, t.index), o);
    // A dropped tag becomes a space, so "a[noise]b" does not glue into one word.
    out += o.tags === 'keep' ? normalizeTag(t[0], o) : ' ';
    at = t.index + t[0].length;
  }
  out += normalizePlain(text.slice(at), o);
  return o.collapseWhitespace ? out.replace(/\s+/g, ' ').trim() : out.trim();
}

function normalizePlain(s: string, o: TextNormalization): string {
  const ascii = !NON_ASCII.test(s);
  let r = o.nfc && !ascii ? s.normalize('NFC') : s;
  if (o.lowercase) r = r.toLowerCase();
  if (o.stripPunctuation) r = r.replace(ascii ? ASCII_PUNCTUATION : PUNCTUATION, '');
  return r;
}

function normalizeTag(tag: string, o: TextNormalization): string {
  let r = o.nfc ? tag.normalize('NFC') : tag;
  if (o.lowercase) r = r.toLowerCase();
  return r.replace(/\s+/g, ' ');
}
