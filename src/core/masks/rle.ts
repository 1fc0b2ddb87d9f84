/**
 * COCO run-length encoding of binary masks, exactly as pycocotools (`maskApi.c`) defines it.
 *
 * Order: COCO masks are Fortran (column-major) arrays, so the runs go DOWN each column, left column first:
 * pixel (x, y) of an image `height` pixels tall is at run position `x * height + y`. (The issue text says
 * "row-major"; we follow COCO, since an RLE in any other order would decode wrongly in every COCO tool.)
 * `counts` alternate background and foreground run lengths and always START WITH BACKGROUND (a leading 0
 * when pixel (0, 0) is set). The counts sum to `height * width`.
 *
 * Bitmaps, on the other hand, are row-major (`data[y * width + x]`), as canvases and PNGs are; encode and
 * decode do the transposition.
 *
 * The compressed string form is pycocotools' `rleToString`: each count (from the fourth on, minus the count
 * two before it: same-kind runs tend to be similar) is written as a signed LEB128-like number in 5-bit
 * groups, least significant first, each group plus a continuation bit (0x20) offset by 48 into ASCII '0'..'o'.
 */

/** A binary mask as a row-major byte array: `data[y * width + x]` non-zero means the pixel is set. */
export type Bitmap = { readonly width: number; readonly height: number; readonly data: Uint8Array };

/**
 * A mask as uncompressed COCO RLE: `size` is `[height, width]` (COCO's order), `counts` column-major run
 * lengths starting with a background run. Invariant: counts are non-negative integers summing to height × width.
 */
export type Rle = { readonly size: readonly [number, number]; readonly counts: readonly number[] };

/** The compressed COCO form: `counts` is the pycocotools string. */
export type CompressedRle = { size: [number, number]; counts: string };

/** An empty (all background) bitmap. */
export function emptyBitmap(width: number, height: number): Bitmap {
  return { width, height, data: new Uint8Array(width * height) };
}

/** An empty mask of `height` × `width`. */
export function emptyRle(height: number, width: number): Rle {
  return { size: [height, width], counts: [height * width] };
}

/**
 * Encodes a row-major bitmap as COCO RLE (column-major runs).
 *
 * Why not walk the columns pixel by pixel: on a 4096-wide image every read is a cache miss (~100 ms for
 * 12.6 Mpx). Instead rows are compared with the row above, 4 pixels per 32-bit word where the layout allows,
 * so uniform stretches cost almost nothing; the vertical changes are then sorted by column (a counting sort),
 * and the runs are the gaps between consecutive changes in column-major order.
 */
export function encodeBitmap(bitmap: Bitmap): Rle {
  const { width: w, height: h, data } = bitmap;
  // Vertical changes as pixel indices y * w + x (y >= 1) in row order; grown by doubling.
  let changes = new Int32Array(1024);
  let n = 0;
  const add = (i: number) => {
    if (n === changes.length) {
      const bigger = new Int32Array(changes.length * 2);
      bigger.set(changes);
      changes = bigger;
    }
    changes[n++] = i;
  };
  const words = w % 4 === 0 && data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, (w * h) >> 2) : null;
  for (let y = 1; y < h; y++) {
    const row = y * w;
    const above = row - w;
    if (words) {
      const r = row >> 2;
      const a = above >> 2;
      const end = r + (w >> 2);
      for (let k = r; k < end; k++) {
        if (words[k] === words[k - (r - a)]) continue;
        const x0 = (k - r) * 4;
        for (let x = x0; x < x0 + 4; x++) if ((data[row + x] === 0) !== (data[above + x] === 0)) add(row + x);
      }
    } else {
      for (let x = 0; x < w; x++) if ((data[row + x] === 0) !== (data[above + x] === 0)) add(row + x);
    }
  }
  // Counting sort by column; stable, so each column's rows stay ascending.
  const start = new Int32Array(w + 1);
  for (let k = 0; k < n; k++) start[(changes[k]! % w) + 1]!++;
  for (let x = 0; x < w; x++) start[x + 1]! += start[x]!;
  const next = start.slice(0, w);
  const byColumn = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = changes[k]!;
    byColumn[next[i % w]!++] = (i / w) | 0;
  }
  const counts: number[] = [];
  let value = 0; // value of the run in progress
  let runStart = 0;
  for (let x = 0; x < w; x++) {
    const base = x * h;
    const top = data[x] === 0 ? 0 : 1;
    if (top !== value) {
      counts.push(base - runStart);
      runStart = base;
      value = top;
    }
    for (let k = start[x]!; k < start[x + 1]!; k++) {
      const p = base + byColumn[k]!;
      counts.push(p - runStart);
      runStart = p;
      value ^= 1;
    }
  }
  counts.push(w * h - runStart);
  return { size: [h, w], counts };
}

/**
 * Decodes COCO RLE into a row-major bitmap (set pixels are 1). Throws on an RLE that fails {@link rleProblem}.
 *
 * Why not write the runs down the columns: the same cache misses as in encoding. Row 0 is read off the runs,
 * then every row starts as a copy of the row above (a memcpy) and only the pixels where a run changes are flipped.
 */
export function decodeRle(rle: Rle): Bitmap {
  const problem = rleProblem(rle);
  if (problem) throw new Error(problem);
  const [h, w] = rle.size;
  const out = emptyBitmap(w, h);
  const data = out.data;
  const c = rle.counts;
  // Changes at rows >= 1, bucketed by row (counting sort): rowStart[y]..rowStart[y+1] in `cols`.
  const perRow = new Int32Array(h + 1);
  let pos = 0;
  for (let i = 0; i < c.length - 1; i++) {
    pos += c[i]!;
    const y = pos % h;
    if (y !== 0 && pos < w * h) perRow[y + 1]!++;
  }
  for (let y = 1; y <= h; y++) perRow[y]! += perRow[y - 1]!;
  const fill = perRow.slice(0, h);
  const cols = new Int32Array(perRow[h]!);
  pos = 0;
  let value = 0;
  let x = 0;
  // Row 0 from the runs: walk the change positions and the column tops together.
  for (let i = 0; i < c.length; i++) {
    const end = pos + c[i]!;
    for (; x < w && x * h < end; x++) data[x] = value;
    if (i < c.length - 1) {
      const y = end % h;
      if (y !== 0 && end < w * h) cols[fill[y]!++] = (end / h) | 0;
    }
    pos = end;
    value ^= 1;
  }
  for (let y = 1; y < h; y++) {
    const row = y * w;
    data.copyWithin(row, row - w, row);
    for (let k = perRow[y]!; k < perRow[y + 1]!; k++) data[row + cols[k]!]! ^= 1;
  }
  return out;
}

/**
 * Writes `value` into a row-major array at column-major run positions [start, end): the run's column pieces.
 * Exported for renderers that decode straight into RGBA (a Uint32Array view) without an intermediate bitmap.
 */
export function fillColumnRun(target: { [i: number]: number }, w: number, h: number, start: number, end: number, value: number): void {
  let s = start;
  while (s < end) {
    const x = (s / h) | 0;
    const y0 = s - x * h;
    const stop = Math.min(end, (x + 1) * h);
    const y1 = y0 + (stop - s);
    for (let y = y0, i = y0 * w + x; y < y1; y++, i += w) target[i] = value;
    s = stop;
  }
}

/** Calls `fn(start, end)` for each foreground run, as column-major positions [start, end). */
export function forEachForegroundRun(rle: Rle, fn: (start: number, end: number) => void): void {
  let pos = 0;
  const c = rle.counts;
  for (let i = 0; i < c.length; i++) {
    const next = pos + c[i]!;
    if (i & 1 && next > pos) fn(pos, next);
    pos = next;
  }
}

/**
 * Why an RLE is not a valid mask of its own size (or of `expected` [height, width] when given), or null when
 * it is: sizes must be positive integers, counts non-negative integers summing to height × width.
 */
export function rleProblem(rle: Rle, expected?: readonly [number, number]): string | null {
  const [h, w] = rle.size;
  if (!Number.isInteger(h) || !Number.isInteger(w) || h <= 0 || w <= 0) return `size [${h}, ${w}] is not two positive integers`;
  if (expected && (expected[0] !== h || expected[1] !== w)) {
    return `mask is ${w}×${h} but the image is ${expected[1]}×${expected[0]}`;
  }
  let sum = 0;
  for (const c of rle.counts) {
    if (!Number.isInteger(c) || c < 0) return `count ${c} is not a non-negative integer`;
    sum += c;
  }
  if (sum !== h * w) return `counts sum to ${sum}, not height × width = ${h * w}`;
  return null;
}

/** The compressed pycocotools string of a run list (`rleToString` in maskApi.c). */
export function countsToString(counts: readonly number[]): string {
  const out: number[] = [];
  for (let i = 0; i < counts.length; i++) {
    // pycocotools deltas from the fourth count on (`if (i > 2)`), not the third: kept exactly for compatibility.
    let x = counts[i]! - (i > 2 ? counts[i - 2]! : 0);
    let more = true;
    while (more) {
      let c = x & 0x1f;
      x = Math.floor(x / 32); // arithmetic shift that stays exact past 2^31
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      out.push(c + 48);
    }
  }
  // In slices: spreading a very long array into one call overflows the argument limit.
  let s = '';
  for (let i = 0; i < out.length; i += 8192) s += String.fromCharCode(...out.slice(i, i + 8192));
  return s;
}

/**
 * Parses a pycocotools counts string (`rleFrString`). Throws on a character outside '0'..'o' or a truncated
 * number; the result is not checked against a size (use {@link rleProblem}).
 */
export function countsFromString(s: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < s.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= s.length) throw new Error('counts string ends inside a number');
      const c = s.charCodeAt(p) - 48;
      if (c < 0 || c > 63) throw new Error(`counts string has '${s[p]}' at ${p}, outside '0'..'o'`);
      x += (c & 0x1f) * 2 ** (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x -= 2 ** (5 * k); // sign-extend
    }
    if (counts.length > 2) x += counts[counts.length - 2]!;
    counts.push(x);
  }
  return counts;
}

/** Compresses an RLE into COCO's string form. */
export function compressRle(rle: Rle): CompressedRle {
  return { size: [rle.size[0], rle.size[1]], counts: countsToString(rle.counts) };
}

/** Expands COCO's string form into run lengths. Throws on a malformed string (not on a wrong sum: see {@link rleProblem}). */
export function decompressRle(rle: { size: readonly [number, number]; counts: string }): Rle {
  return { size: [rle.size[0], rle.size[1]], counts: countsFromString(rle.counts) };
}

/**
 * Encodes a bitmap that covers only part of an image: `crop` placed with its top-left at (`x0`, `y0`) in an image
 * of `width` × `height`, everything outside it unset. Costs the crop's size plus its runs, not the image's size,
 * so a brush stroke in one corner of a 12-megapixel image encodes in a fraction of a full encode.
 */
export function encodeBitmapAt(crop: Bitmap, x0: number, y0: number, width: number, height: number): Rle {
  if (x0 < 0 || y0 < 0 || x0 + crop.width > width || y0 + crop.height > height) throw new Error('the crop lies outside the image');
  const local = encodeBitmap(crop);
  const ch = crop.height;
  const counts: number[] = [];
  let end = 0; // end of the last foreground interval written, in image positions
  let openStart = -1;
  let openEnd = -1;
  const flush = () => {
    if (openStart < 0) return;
    counts.push(openStart - end, openEnd - openStart);
    end = openEnd;
  };
  forEachForegroundRun(local, (s, e) => {
    let p = s;
    while (p < e) {
      const cx = (p / ch) | 0;
      const cy = p - cx * ch;
      const stop = Math.min(e, (cx + 1) * ch);
      const a = (x0 + cx) * height + y0 + cy;
      const b = a + (stop - p);
      // Pieces in consecutive columns touch when the crop spans the image's full height: merge them.
      if (openStart >= 0 && a === openEnd) openEnd = b;
      else {
        flush();
        openStart = a;
        openEnd = b;
      }
      p = stop;
    }
  });
  flush();
  // Like encodeBitmap: a mask that ends on a set pixel has no trailing zero-length background run.
  if (end < width * height || counts.length === 0) counts.push(width * height - end);
  return { size: [height, width], counts };
}
