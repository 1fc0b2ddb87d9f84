import { levenshteinDistance } from './edit-distance';

/** A word of a text that looks like a misspelt glossary term: where it is, what was typed, the term meant. */
export type GlossaryNearMiss = { offset: number; length: number; typed: string; term: string };

const codes = (s: string) => Int32Array.from([...s.toLowerCase()].map((c) => c.codePointAt(0)!));

/** Edits allowed for a term of this length: 1 up to 5 letters, 2 up to 10, then 3. */
function budget(length: number): number {
  return length <= 5 ? 1 : length <= 10 ? 2 : 3;
}

/**
 * Words (and runs of as many words as a term has) of `text` that are close to a glossary term without
 * being it: within 1–3 character edits by the term's length, ignoring case. Terms shorter than 4 letters are
 * skipped (too many ordinary words are one edit from them). An exact match, in any case, is not a miss.
 * Example: "deploy to cubernetes" with the term "Kubernetes" → `{ offset: 10, length: 10, typed: 'cubernetes', term: 'Kubernetes' }`.
 */
export function glossaryNearMisses(text: string, glossary: readonly string[]): GlossaryNearMiss[] {
  const words = [...text.matchAll(/[\p{L}\p{N}'-]+/gu)].map((m) => ({ word: m[0], offset: m.index }));
  const terms = glossary.filter((t) => t.replace(/\s/g, '').length >= 4);
  const exact = new Set(terms.map((t) => t.toLowerCase()));
  const out: GlossaryNearMiss[] = [];
  for (const term of terms) {
    const n = term.split(/\s+/).length;
    const target = codes(term);
    for (let i = 0; i + n <= words.length; i++) {
      const first = words[i]!;
      const last = words[i + n - 1]!;
      const typed = text.slice(first.offset, last.offset + last.word.length);
      if (exact.has(typed.toLowerCase())) continue;
      if (Math.abs(typed.length - term.length) > budget(term.length)) continue;
      const d = levenshteinDistance(codes(typed), target);
      if (d > 0 && d <= budget(term.length)) out.push({ offset: first.offset, length: typed.length, typed, term });
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/**
 * The glossary terms the word being typed could become: the word before `caret` (at least 2 letters) is a
 * prefix of the term, ignoring case, and not the whole term yet. At most `limit`, in glossary order.
 */
export function glossaryCompletions(text: string, caret: number, glossary: readonly string[], limit = 3): { start: number; prefix: string; terms: string[] } | null {
  const before = text.slice(0, caret);
  const m = /[\p{L}\p{N}'-]+$/u.exec(before);
  if (!m || m[0].length < 2) return null;
  const prefix = m[0].toLowerCase();
  const terms = glossary.filter((t) => t.toLowerCase().startsWith(prefix) && t.toLowerCase() !== prefix).slice(0, limit);
  return terms.length ? { start: m.index, prefix: m[0], terms } : null;
}
