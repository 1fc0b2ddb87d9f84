/**
 * Exact Levenshtein (unit-cost substitution, deletion, insertion) distance and alignment between two
 * sequences of integer symbols (word ids or character codes), fast when the sequences are similar.
 *
 * Why not the textbook O(n·m) table: two 10,000-word transcripts are 100 M cells (400 MB with a
 * backtrace), far over the 50 ms budget. Why not a diff (Myers' LCS) with delete+insert runs paired up
 * afterwards: that is exact only for the LCS, and can cost more edits than Levenshtein (reference
 * "p q r s t", hypothesis "t u v w x": anchoring on the shared "t" gives 8 edits, Levenshtein 5).
 *
 * What we use instead is the diagonal "furthest reaching" algorithm of Ukkonen (1985) and
 * Landau–Vishkin: for e = 0, 1, 2, …, on every diagonal k = j − i it records the furthest row reachable
 * with at most e edits, then slides along matching symbols for free. It stops at the first e reaching
 * the corner, so e is the exact distance d, in O((n + m) + d²) time for typical inputs (O((n + m)·d) at
 * worst) and O(d²) memory for the backtrace. Aligning two 10,000-word transcripts 10% apart (d ≈ 1,000)
 * takes about 10 ms. The result is exact, not a bound: the same distance as the full table, always
 * (checked against it on random inputs in the tests).
 *
 * When the backtrace would pass {@link ALIGN_TRACE_CAP} entries (d beyond about 2,000, i.e. very
 * different sequences), alignment divides and conquers in linear space instead: the same diagonal
 * search run from both ends at once (keeping two levels per direction) meets on a cell of an optimal
 * path after about d/2 levels each, and the two halves are aligned recursively. Still exact, still
 * O(d²) time for typical inputs, O(n + m) memory beyond the capped trace. Measured on 10,000 words:
 * 30% apart (d ≈ 2,900) about 0.3 s, unrelated transcripts (d ≈ 10,000) about 2 s.
 * Distance alone ({@link levenshteinDistance}) keeps only two levels and falls back, when d is large,
 * to Myers/Hyyrö bit-parallel rows (O(n·⌈m/32⌉)).
 *
 * Ties: several alignments may share the minimal cost and differ in how they split it between
 * substitutions and deletion+insertion pairs ("a b" → "b c" is 2 substitutions, or a deletion, a hit
 * and an insertion). Tracing back from the end we prefer a deletion, then an insertion, then a
 * substitution or hit, which is the order we read in rapidfuzz's backtrace (the library jiwer uses);
 * we have not checked jiwer's split on such ties, and the divide-and-conquer path may settle them
 * otherwise.
 * The total S + D + I, hence WER and CER, is the exact distance in every case.
 */

/** One step of an alignment: the reference (`a`) symbol and/or hypothesis (`b`) symbol it consumes. */
export type EditOp = 'equal' | 'substitute' | 'delete' | 'insert';

/** Op codes in a packed alignment ({@link alignSequences}): equal, substitute, delete (from `a`), insert (from `b`). */
export const OP_EQUAL = 0;
/** See {@link OP_EQUAL}. */
export const OP_SUBSTITUTE = 1;
/** See {@link OP_EQUAL}. */
export const OP_DELETE = 2;
/** See {@link OP_EQUAL}. */
export const OP_INSERT = 3;

/**
 * Most backtrace entries (4 bytes each, so 16 MB) the diagonal algorithm may keep before alignment
 * divides the problem instead; about (d + 1)² entries are needed for distance d.
 */
export const ALIGN_TRACE_CAP = 1 << 22;

/**
 * An optimal alignment of `a` (reference) with `b` (hypothesis) as op codes in order from the start:
 * `OP_EQUAL`/`OP_SUBSTITUTE` consume one symbol of each, `OP_DELETE` one of `a`, `OP_INSERT` one of `b`.
 * The number of non-equal ops is the Levenshtein distance. Symbols are compared with `===`.
 */
export function alignSequences(a: Int32Array, b: Int32Array): Uint8Array {
  const out: number[] = [];
  alignInto(a, b, out, ALIGN_TRACE_CAP);
  return Uint8Array.from(out);
}

/**
 * The same alignment with a chosen cap (at least 4) on the diagonal algorithm's backtrace, in entries;
 * exported so tests can force the divide-and-conquer path on small inputs. Prefer {@link alignSequences}.
 */
export function alignSequencesWithCap(a: Int32Array, b: Int32Array, traceCap: number): Uint8Array {
  const out: number[] = [];
  alignInto(a, b, out, Math.max(4, traceCap));
  return Uint8Array.from(out);
}

/** The Levenshtein distance between `a` and `b` (unit costs), exact. */
export function levenshteinDistance(a: Int32Array, b: Int32Array): number {
  // Common prefix and suffix cost nothing and only lengthen both passes.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const x = a.subarray(start, endA);
  const y = b.subarray(start, endB);
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  const [shortSeq, longSeq] = x.length <= y.length ? [x, y] : [y, x];
  // Give the diagonal algorithm about the time the bit-parallel one would take (measured: one unit of
  // diagonal work costs about twice one 32-row word step), then switch: at most twice the better of the two.
  const budget = (longSeq.length * Math.ceil(shortSeq.length / 32)) / 2 + 4096;
  const d = diagonalDistance(x, y, budget);
  return d >= 0 ? d : bitParallelDistance(shortSeq, longSeq);
}

/** Appends an optimal alignment of `a` and `b` to `out`. `distance`, when known (≥ 0), skips a doomed attempt. */
function alignInto(a: Int32Array, b: Int32Array, out: number[], cap: number, distance = -1): void {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) {
    for (let i = 0; i < n; i++) out.push(OP_DELETE);
    for (let j = 0; j < m; j++) out.push(OP_INSERT);
    return;
  }
  const mayFit = distance < 0 || traceSize(distance, n, m) <= cap;
  if (mayFit && diagonalAlign(a, b, out, cap)) return;
  // Only reached when the trace for d exceeds the cap (≥ 4), so d ≥ 2 and the split cell, reached with at
  // least one edit from each end, lies strictly inside: both halves are smaller problems.
  const { i, j, before, after } = middleSplit(a, b);
  alignInto(a.subarray(0, i), b.subarray(0, j), out, cap, before);
  alignInto(a.subarray(i), b.subarray(j), out, cap, after);
}

/** Backtrace entries the diagonal algorithm keeps for distance d on an n × m problem: Σ over levels of their diagonal count. */
function traceSize(d: number, n: number, m: number): number {
  let total = 0;
  for (let e = 0; e <= d; e++) total += Math.min(e, m) + Math.min(e, n) + 1;
  return total;
}

/**
 * A cell (i, j) on an optimal alignment path of `a` and `b`, with the edits before and after it (their
 * sum is the distance): the diagonal search runs forward from
 * (0, 0) and backward from (n, m) (forward on the reversed sequences), one level at a time, alternately;
 * the first time a forward reach with e_f edits passes a backward reach with e_b edits on the same
 * diagonal, some cell between them costs e_f from the start and e_b to the end, with e_f + e_b = d.
 * O(d²) time, O(n + m) memory.
 */
function middleSplit(a: Int32Array, b: Int32Array): { i: number; j: number; before: number; after: number } {
  const n = a.length;
  const m = b.length;
  const target = m - n;
  const offset = n + 1;
  const ra = a.slice().reverse();
  const rb = b.slice().reverse();
  let fPrev = new Int32Array(n + m + 3).fill(-1);
  let fCur = new Int32Array(n + m + 3).fill(-1);
  let bPrev = new Int32Array(n + m + 3).fill(-1);
  let bCur = new Int32Array(n + m + 3).fill(-1);
  advanceLevel(a, b, fPrev, fCur, 0);
  advanceLevel(ra, rb, bPrev, bCur, 0);
  let ef = 0;
  let eb = 0;
  for (;;) {
    // Forward diagonal k meets backward diagonal target − k; a backward reach of g rows ends at row n − g.
    const lo = Math.max(-ef, -n, target - Math.min(eb, m));
    const hi = Math.min(ef, m, target - Math.max(-eb, -n));
    for (let k = lo; k <= hi; k++) {
      const f = fCur[k + offset]!;
      const g = bCur[target - k + offset]!;
      if (f >= 0 && g >= 0 && f >= n - g) {
        const i = (n - g + f) >> 1;
        return { i, j: i + k, before: ef, after: eb };
      }
    }
    if (ef <= eb) {
      [fPrev, fCur] = [fCur, fPrev];
      advanceLevel(a, b, fPrev, fCur, ++ef);
    } else {
      [bPrev, bCur] = [bCur, bPrev];
      advanceLevel(ra, rb, bPrev, bCur, ++eb);
    }
  }
}

/**
 * One level e of the diagonal search without a backtrace: `cur[k + n + 1]` becomes the furthest row
 * reachable on diagonal k with at most e edits (-1: none), from level e − 1 in `prev`. Both arrays have
 * n + m + 3 entries, initially -1. Why two arrays suffice, each holding every other level, with no
 * clearing: a level's diagonal range contains that of the level two before it, so every entry outside
 * the current range is still -1. Returns the number of diagonals visited plus symbols slid over.
 */
function advanceLevel(a: Int32Array, b: Int32Array, prev: Int32Array, cur: Int32Array, e: number): number {
  const n = a.length;
  const m = b.length;
  const offset = n + 1;
  const lo = Math.max(-e, -n);
  const hi = Math.min(e, m);
  let work = hi - lo + 1;
  for (let k = lo; k <= hi; k++) {
    const end = n < m - k ? n : m - k;
    let i: number;
    if (e === 0) {
      i = 0;
    } else {
      i = prev[k + offset]!;
      if (i >= 0) i++;
      const del = prev[k + 1 + offset]!;
      if (del >= 0 && del + 1 > i) i = del + 1;
      const ins = prev[k - 1 + offset]!;
      if (ins > i) i = ins;
      if (i > end) i = end;
    }
    if (i >= 0) {
      const from = i;
      while (i < end && a[i] === b[i + k]) i++;
      work += i - from;
    }
    cur[k + offset] = i;
  }
  return work;
}

/**
 * The diagonal algorithm with a backtrace (see the module comment). Appends the alignment to `out` and
 * returns true, or returns false without touching `out` when the trace would exceed `cap` entries.
 * The trace holds, level by level, the furthest row reached on each diagonal k in [lo_e, hi_e]; -1 = none.
 */
function diagonalAlign(a: Int32Array, b: Int32Array, out: number[], cap: number): boolean {
  const n = a.length;
  const m = b.length;
  const target = m - n;
  // Levels are stored back to back in chunks, a level never split across two, so nothing is ever copied.
  const chunkSize = Math.min(cap, 1 << 18);
  let chunk = new Int32Array(Math.min(chunkSize, 1024));
  const levelChunk: Int32Array[] = [];
  const levelStart: number[] = [];
  const levelLo: number[] = [];
  const levelHi: number[] = [];
  let used = 0;
  let total = 0;
  let d = -1;
  for (let e = 0; d < 0; e++) {
    const lo = Math.max(-e, -n);
    const hi = Math.min(e, m);
    const width = hi - lo + 1;
    total += width;
    if (total > cap) return false;
    if (used + width > chunk.length) {
      chunk = new Int32Array(Math.max(width, Math.min(chunkSize, chunk.length * 2)));
      used = 0;
    }
    const prev = e > 0 ? levelChunk[e - 1]! : chunk;
    const pStart = e > 0 ? levelStart[e - 1]! : 0;
    const pLo = e > 0 ? levelLo[e - 1]! : 1;
    const pHi = e > 0 ? levelHi[e - 1]! : 0;
    // The previous level's reach on diagonals k - 1, k and k + 1, slid along k (-1: not reached).
    let left = lo - 1 >= pLo && lo - 1 <= pHi ? prev[pStart + lo - 1 - pLo]! : -1;
    let mid = lo >= pLo && lo <= pHi ? prev[pStart + lo - pLo]! : -1;
    for (let k = lo; k <= hi; k++) {
      const right = k + 1 >= pLo && k + 1 <= pHi ? prev[pStart + k + 1 - pLo]! : -1;
      const end = n < m - k ? n : m - k;
      let i: number;
      if (e === 0) {
        i = 0;
      } else {
        i = mid >= 0 ? mid + 1 : -1; // substitution
        if (right >= 0 && right + 1 > i) i = right + 1; // deletion of a[right]
        if (left > i) i = left; // insertion of b[left + k - 1]
        // Clipping to the end of the diagonal is safe: neighbouring cells differ by at most one edit.
        if (i > end) i = end;
      }
      if (i >= 0) while (i < end && a[i] === b[i + k]) i++;
      chunk[used + k - lo] = i;
      left = mid;
      mid = right;
    }
    levelChunk.push(chunk);
    levelStart.push(used);
    levelLo.push(lo);
    levelHi.push(hi);
    used += width;
    if (target >= lo && target <= hi && chunk[levelStart[e]! + target - lo] === n) d = e;
  }

  const reach = (e: number, k: number): number => {
    if (e < 0 || k < levelLo[e]! || k > levelHi[e]!) return -1;
    return levelChunk[e]![levelStart[e]! + k - levelLo[e]!]!;
  };
  // Backtrace from (n, m). Invariant: cell (i, j) is reachable with at most e edits. If it is reachable
  // with e − 1 we only lower e; otherwise its cost is exactly e and some op from an (e − 1)-cell lands
  // on it, or it continues a run of equal symbols.
  const ops = new Uint8Array(n + m);
  let count = 0;
  let i = n;
  let j = m;
  let e = d;
  while (i > 0 || j > 0) {
    const k = j - i;
    if (e > 0 && reach(e - 1, k) >= i) {
      e--;
    } else if (e > 0 && i > 0 && reach(e - 1, k + 1) >= i - 1) {
      ops[count++] = OP_DELETE;
      i--;
      e--;
    } else if (e > 0 && j > 0 && reach(e - 1, k - 1) >= i) {
      ops[count++] = OP_INSERT;
      j--;
      e--;
    } else if (e > 0 && i > 0 && j > 0 && reach(e - 1, k) >= i - 1 && a[i - 1] !== b[j - 1]) {
      ops[count++] = OP_SUBSTITUTE;
      i--;
      j--;
      e--;
    } else {
      ops[count++] = OP_EQUAL;
      i--;
      j--;
    }
  }
  for (let t = count - 1; t >= 0; t--) out.push(ops[t]!);
  return true;
}

/**
 * Distance only, by the diagonal algorithm keeping two levels: O(n + m) memory. Returns -1 once the
 * work (diagonals visited plus symbols slid over) passes `budget`, so the caller can switch algorithm.
 */
function diagonalDistance(a: Int32Array, b: Int32Array, budget: number): number {
  const n = a.length;
  const m = b.length;
  const at = m - n + n + 1;
  let prev = new Int32Array(n + m + 3).fill(-1);
  let cur = new Int32Array(n + m + 3).fill(-1);
  let work = 0;
  for (let e = 0; ; e++) {
    work += advanceLevel(a, b, prev, cur, e);
    if (cur[at] === n) return e;
    if (work > budget) return -1;
    [prev, cur] = [cur, prev];
  }
}

/**
 * Levenshtein distance by Myers (1999) / Hyyrö (2003) bit-parallel rows: the table's columns as bit
 * vectors of vertical differences, 32 rows per word, `pattern` along the rows. O(|text| · ⌈|pattern| / 32⌉)
 * whatever the distance; {@link levenshteinDistance} uses it when the sequences turn out very different.
 */
export function bitParallelDistance(pattern: Int32Array, text: Int32Array): number {
  const p = pattern.length;
  if (p === 0) return text.length;
  const words = Math.ceil(p / 32);
  // Dense symbol ids so the match masks sit in one array.
  const ids = new Map<number, number>();
  for (const s of pattern) if (!ids.has(s)) ids.set(s, ids.size);
  const peq = new Int32Array((ids.size + 1) * words); // the last row of masks, all zero, is for symbols not in the pattern
  for (let r = 0; r < p; r++) {
    const id = ids.get(pattern[r]!)!;
    peq[id * words + (r >>> 5)]! |= 1 << (r & 31);
  }
  const absent = ids.size;
  const vp = new Int32Array(words).fill(-1);
  const vn = new Int32Array(words);
  const lastBit = 1 << ((p - 1) & 31);
  let score = p;
  for (let c = 0; c < text.length; c++) {
    const base = (ids.get(text[c]!) ?? absent) * words;
    let hpCarry = 1; // the top row grows by one per column
    let hnCarry = 0;
    for (let w = 0; w < words; w++) {
      const eq = peq[base + w]!;
      const pv = vp[w]!;
      const mv = vn[w]!;
      const x = eq | hnCarry;
      const d0 = ((((x & pv) >>> 0) + (pv >>> 0)) ^ pv) | x | mv;
      let hp = mv | ~(d0 | pv);
      let hn = d0 & pv;
      if (w === words - 1) {
        if (hp & lastBit) score++;
        else if (hn & lastBit) score--;
      }
      const hpOut = hp >>> 31;
      const hnOut = hn >>> 31;
      hp = (hp << 1) | hpCarry;
      hn = (hn << 1) | hnCarry;
      hpCarry = hpOut;
      hnCarry = hnOut;
      vp[w] = hn | ~(d0 | hp);
      vn[w] = hp & d0;
    }
  }
  return score;
}
