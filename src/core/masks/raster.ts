import type { Bitmap } from './rle';

/**
 * Pixel operations on row-major masks (see {@link Bitmap}). Sampling rule everywhere: pixel (x, y) is the unit
 * square [x, x+1) × [y, y+1), and a shape covers the pixel when it covers the pixel's CENTRE (x + 0.5, y + 0.5).
 * Coordinates are image pixels.
 */

/** A pixel rectangle: columns [x0, x1), rows [y0, y1). */
export type PixelRect = { x0: number; y0: number; x1: number; y1: number };

/** Anything indexable like a row-major raster: a 0/1 Uint8Array mask, or a Uint32Array RGBA view for drawing. */
export type Raster = { readonly width: number; readonly height: number; readonly data: { [i: number]: number } };

type Pt = { readonly x: number; readonly y: number };

/**
 * Writes `value` into every pixel whose centre lies within `radius` of the segment a–b (a round brush dragged
 * from a to b; a single dab when a equals b). Returns the touched rectangle, or null when it misses the image.
 */
export function paintSegment(target: Raster, a: Pt, b: Pt, radius: number, value: number): PixelRect | null {
  const { width: w, height: h, data } = target;
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - radius - 0.5));
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - radius - 0.5));
  const x1 = Math.min(w, Math.ceil(Math.max(a.x, b.x) + radius + 0.5));
  const y1 = Math.min(h, Math.ceil(Math.max(a.y, b.y) + radius + 0.5));
  if (x0 >= x1 || y0 >= y1) return null;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const r2 = radius * radius;
  for (let y = y0; y < y1; y++) {
    const py = y + 0.5 - a.y;
    const row = y * w;
    for (let x = x0; x < x1; x++) {
      const px = x + 0.5 - a.x;
      let t = len2 === 0 ? 0 : (px * dx + py * dy) / len2;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = px - t * dx;
      const ey = py - t * dy;
      if (ex * ex + ey * ey <= r2) data[row + x] = value;
    }
  }
  return { x0, y0, x1, y1 };
}

/** Paints a whole brush stroke (a polyline of pointer positions) with {@link paintSegment}; returns the touched rectangle. */
export function paintStroke(target: Raster, points: readonly Pt[], radius: number, value: number): PixelRect | null {
  let rect: PixelRect | null = null;
  for (let i = 0; i < points.length; i++) {
    const r = paintSegment(target, points[Math.max(0, i - 1)]!, points[i]!, radius, value);
    rect = unionRect(rect, r);
  }
  return rect;
}

/** The smallest rectangle holding both (either may be null). */
export function unionRect(a: PixelRect | null, b: PixelRect | null): PixelRect | null {
  if (!a) return b;
  if (!b) return a;
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

/**
 * Fills a polygon (closing edge implied) into `target` with `value`, even-odd rule, pixel centres: a scanline
 * fill, so the cost is the polygon's bounding box height times its edges plus the filled pixels.
 */
export function fillPolygon(target: Raster, points: readonly Pt[], value: number): PixelRect | null {
  const { width: w, height: h, data } = target;
  if (points.length < 3) return null;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
  }
  const y0 = Math.max(0, Math.ceil(minY - 0.5));
  const y1 = Math.min(h, Math.floor(maxY - 0.5) + 1);
  let rect: PixelRect | null = null;
  const xs: number[] = [];
  for (let y = y0; y < y1; y++) {
    const cy = y + 0.5;
    xs.length = 0;
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      const p = points[i]!;
      const q = points[j]!;
      // Half-open on y so a vertex exactly on the scanline is counted once.
      if (p.y <= cy !== q.y <= cy) xs.push(p.x + ((cy - p.y) / (q.y - p.y)) * (q.x - p.x));
    }
    xs.sort((m, n) => m - n);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // Centres x + 0.5 in [xs[k], xs[k+1]).
      const xa = Math.max(0, Math.ceil(xs[k]! - 0.5));
      const xb = Math.min(w, Math.ceil(xs[k + 1]! - 0.5));
      if (xa >= xb) continue;
      for (let x = xa, i = y * w + xa; x < xb; x++, i++) data[i] = value;
      rect = unionRect(rect, { x0: xa, y0: y, x1: xb, y1: y + 1 });
    }
  }
  return rect;
}

/** A polygon rasterised into a fresh mask of `width` × `height` (pixel centres, even-odd). */
export function polygonToBitmap(points: readonly Pt[], width: number, height: number): Bitmap {
  const bitmap = { width, height, data: new Uint8Array(width * height) };
  fillPolygon(bitmap, points, 1);
  return bitmap;
}

/**
 * Fills the holes of a mask: background pixels not 4-connected to the image border become set.
 * Returns a new bitmap and how many pixels were filled.
 */
export function fillHoles(bitmap: Bitmap): { bitmap: Bitmap; filled: number } {
  const { width: w, height: h, data } = bitmap;
  const outside = new Uint8Array(w * h); // 1: background reachable from the border
  const stack = new Int32Array(w * h);
  let top = 0;
  const seed = (i: number) => {
    if (data[i] === 0 && outside[i] === 0) {
      outside[i] = 1;
      stack[top++] = i;
    }
  };
  for (let x = 0; x < w; x++) {
    seed(x);
    seed((h - 1) * w + x);
  }
  for (let y = 0; y < h; y++) {
    seed(y * w);
    seed(y * w + w - 1);
  }
  while (top > 0) {
    const i = stack[--top]!;
    const x = i % w;
    if (x > 0) seed(i - 1);
    if (x < w - 1) seed(i + 1);
    if (i >= w) seed(i - w);
    if (i < w * (h - 1)) seed(i + w);
  }
  const out = new Uint8Array(w * h);
  let filled = 0;
  for (let i = 0; i < out.length; i++) {
    if (data[i] !== 0) out[i] = 1;
    else if (outside[i] === 0) {
      out[i] = 1;
      filled++;
    }
  }
  return { bitmap: { width: w, height: h, data: out }, filled };
}

/**
 * Clears every 4-connected group of set pixels smaller than `minPx` (specks left by a stray brush or wand).
 * Returns a new bitmap and how many pixels were cleared.
 */
export function removeSpecks(bitmap: Bitmap, minPx: number): { bitmap: Bitmap; removed: number } {
  const { width: w, height: h, data } = bitmap;
  const out = new Uint8Array(w * h);
  for (let i = 0; i < out.length; i++) out[i] = data[i] === 0 ? 0 : 1;
  const seen = new Uint8Array(w * h);
  const component = new Int32Array(w * h);
  let removed = 0;
  for (let start = 0; start < out.length; start++) {
    if (out[start] === 0 || seen[start] === 1) continue;
    // Depth-first over the component; `component` doubles as the stack (the visited list grows behind it).
    let size = 0;
    let read = 0;
    component[size++] = start;
    seen[start] = 1;
    while (read < size) {
      const i = component[read++]!;
      const x = i % w;
      const visit = (j: number) => {
        if (out[j] === 1 && seen[j] === 0) {
          seen[j] = 1;
          component[size++] = j;
        }
      };
      if (x > 0) visit(i - 1);
      if (x < w - 1) visit(i + 1);
      if (i >= w) visit(i - w);
      if (i < w * (h - 1)) visit(i + w);
    }
    if (size < minPx) {
      for (let k = 0; k < size; k++) out[component[k]!] = 0;
      removed += size;
    }
  }
  return { bitmap: { width: w, height: h, data: out }, removed };
}

/**
 * The magic wand: the 4-connected region around `seed` whose colours are within `tolerance` of the seed pixel's
 * (largest difference over R, G and B, 0–255). `rgba` is row-major RGBA as in ImageData. A scanline fill: each
 * row span is filled at once and only its upper and lower neighbours are queued, so a megapixel region costs
 * a few passes over its pixels.
 */
export function floodRegion(rgba: { readonly [i: number]: number; readonly length: number }, width: number, height: number, seed: Pt, tolerance: number): Bitmap {
  const out = new Uint8Array(width * height);
  const sx = Math.floor(seed.x);
  const sy = Math.floor(seed.y);
  if (sx < 0 || sy < 0 || sx >= width || sy >= height) return { width, height, data: out };
  const s = (sy * width + sx) * 4;
  const r = rgba[s]!;
  const g = rgba[s + 1]!;
  const b = rgba[s + 2]!;
  const similar = (i: number) => {
    const p = i * 4;
    return Math.abs(rgba[p]! - r) <= tolerance && Math.abs(rgba[p + 1]! - g) <= tolerance && Math.abs(rgba[p + 2]! - b) <= tolerance;
  };
  const stack: number[] = [sx, sy];
  while (stack.length > 0) {
    const y = stack.pop()!;
    const x = stack.pop()!;
    const row = y * width;
    if (out[row + x] === 1 || !similar(row + x)) continue;
    let left = x;
    while (left > 0 && out[row + left - 1] === 0 && similar(row + left - 1)) left--;
    let right = x;
    while (right < width - 1 && out[row + right + 1] === 0 && similar(row + right + 1)) right++;
    for (let i = left; i <= right; i++) out[row + i] = 1;
    for (const ny of [y - 1, y + 1]) {
      if (ny < 0 || ny >= height) continue;
      const nrow = ny * width;
      let inSpan = false;
      for (let i = left; i <= right; i++) {
        const ok = out[nrow + i] === 0 && similar(nrow + i);
        if (ok && !inSpan) stack.push(i, ny);
        inSpan = ok;
      }
    }
  }
  return { width, height, data: out };
}

/** The boundary of a mask: set pixels with a 4-neighbour that is unset or off the image (for the outline view). */
export function outlineOf(bitmap: Bitmap): Bitmap {
  const { width: w, height: h, data } = bitmap;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0, i = y * w; x < w; x++, i++) {
      if (data[i] === 0) continue;
      if (x === 0 || y === 0 || x === w - 1 || y === h - 1 || data[i - 1] === 0 || data[i + 1] === 0 || data[i - w] === 0 || data[i + w] === 0) out[i] = 1;
    }
  }
  return { width: w, height: h, data: out };
}
