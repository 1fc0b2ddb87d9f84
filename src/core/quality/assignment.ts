import type { Rect } from './overlap';

/**
 * One-to-one matching of an answer's objects ("rows") to a reference's objects ("columns") by
 * optimal assignment, the way detection benchmarks and CVAT's quality checks pair shapes.
 * Pure functions on plain numbers; nothing here knows about annotation objects.
 */

/** A candidate pair for {@link assignMaxWeight}: row index, column index and a weight > 0 (e.g. IoU). */
export interface WeightedPair {
  readonly row: number;
  readonly col: number;
  readonly weight: number;
}

/** The result of an assignment: each row's column and each column's row, -1 when unmatched. */
export interface Assignment {
  readonly rowToCol: Int32Array;
  readonly colToRow: Int32Array;
  /** Sum of the weights of the matched pairs. */
  readonly totalWeight: number;
}

/**
 * Every pair (i, j) whose rectangles `a[i]` and `b[j]` overlap with positive area (touching edges do
 * not count), as a flat list `[i0, j0, i1, j1, …]` in no particular order. Found by a sweep along x:
 * rectangles are visited by left edge, and each is compared only with the still-open rectangles of the
 * other list, so the cost is O((n + m) log(n + m)) plus about n·(the number of boxes a vertical line
 * crosses), not n·m, for a real scene. Coordinates in image pixels.
 */
export function overlappingPairs(a: readonly Rect[], b: readonly Rect[]): Int32Array {
  const n = a.length;
  const total = n + b.length;
  // Plain arrays of numbers, so the sweep reads no objects of mixed shapes.
  const x0 = new Float64Array(total);
  const y0 = new Float64Array(total);
  const x1 = new Float64Array(total);
  const y1 = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    const r = i < n ? a[i]! : b[i - n]!;
    x0[i] = r.x;
    y0[i] = r.y;
    x1[i] = r.x + r.w;
    y1[i] = r.y + r.h;
  }
  const order = orderByValue(x0);
  const openA = new Int32Array(n);
  const openB = new Int32Array(total - n);
  let openACount = 0;
  let openBCount = 0;
  let pairs = new Int32Array(Math.max(16, 4 * total));
  let count = 0;
  for (let s = 0; s < total; s++) {
    const id = order[s]!;
    const isA = id < n;
    const solid = x1[id]! > x0[id]! && y1[id]! > y0[id]!;
    const others = isA ? openB : openA;
    const othersCount = isA ? openBCount : openACount;
    const base = isA ? n : 0;
    const left = x0[id]!;
    const top = y0[id]!;
    const bottom = y1[id]!;
    let kept = 0;
    for (let t = 0; t < othersCount; t++) {
      const j = others[t]!;
      const o = base + j;
      if (x1[o]! <= left) continue; // closed to the left of everything still to come
      others[kept++] = j;
      if (solid && y0[o]! < bottom && top < y1[o]!) {
        // Open rectangles start at or left of `left` and end right of it: x-overlap is certain.
        if (count + 2 > pairs.length) {
          const grown = new Int32Array(pairs.length * 2);
          grown.set(pairs);
          pairs = grown;
        }
        pairs[count++] = isA ? id : j;
        pairs[count++] = isA ? j : id - n;
      }
    }
    if (isA) openBCount = kept;
    else openACount = kept;
    if (solid) {
      if (isA) openA[openACount++] = id;
      else openB[openBCount++] = id - n;
    }
  }
  return pairs.slice(0, count);
}

/**
 * The indices of `values` in ascending order of value (ties by index). One native numeric sort of the
 * values, then a binary search for each rank and a counting sort: several times faster than sorting
 * indices with a comparator.
 */
function orderByValue(values: Float64Array): Int32Array {
  const n = values.length;
  const sorted = values.slice().sort();
  const start = new Int32Array(n + 1);
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = lo;
    start[lo + 1]!++;
  }
  for (let r = 1; r <= n; r++) start[r]! += start[r - 1]!;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[start[rank[i]!]!++] = i;
  return order;
}

/**
 * Minimum-cost assignment on a dense, possibly rectangular cost matrix (`cost[row][col]`, finite
 * numbers): every row is given a distinct column when rows ≤ columns, otherwise every column a distinct
 * row; returns each row's column (-1 for rows left over when rows > columns). Hungarian method with
 * potentials in the Jonker–Volgenant shortest-augmenting-path form, O(r²·c) for r = min, c = max side.
 */
export function solveAssignment(cost: readonly (readonly number[])[]): Int32Array {
  const rows = cost.length;
  const cols = rows === 0 ? 0 : cost[0]!.length;
  const rowToCol = new Int32Array(rows).fill(-1);
  if (rows === 0 || cols === 0) return rowToCol;
  if (rows <= cols) {
    const flat = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) flat[i * cols + j] = cost[i]![j]!;
    const assigned = hungarian(flat, rows, cols);
    rowToCol.set(assigned);
  } else {
    const flat = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) flat[j * rows + i] = cost[i]![j]!;
    const colToRow = hungarian(flat, cols, rows);
    for (let j = 0; j < cols; j++) rowToCol[colToRow[j]!] = j;
  }
  return rowToCol;
}

/**
 * Maximum-weight one-to-one matching between `rowCount` rows and `colCount` columns, using only the
 * given pairs whose weight is at least `minWeight` (and > 0); every other pair counts as impossible,
 * so a row with no such pair stays unmatched (-1). With IoU as the weight and the project's match IoU
 * (default 0.5) as `minWeight` this is "optimal assignment on IoU, pairs below the threshold
 * unmatched". It maximises the total weight among matchings that use only allowed pairs, which can
 * differ from thresholding an unconstrained optimum afterwards (that may trade an allowed pair for a
 * below-threshold one and then drop it).
 *
 * Why components: objects only compete for partners they overlap, so the graph of allowed pairs falls
 * into small connected components (usually one or two objects each). Each component is solved on its
 * own dense matrix by {@link solveAssignment}, a lone pair without any solving at all; a scene of
 * 1,000 × 1,000 boxes costs about as much as its allowed pairs, while one component of k objects
 * (a crowd of near-identical boxes) costs O(k³).
 *
 * Deterministic: the same input gives the same matching, whatever the order of `pairs` within a
 * component's rows and columns (they are sorted by index before solving).
 */
export function assignMaxWeight(
  rowCount: number,
  colCount: number,
  pairs: readonly WeightedPair[],
  minWeight = 0,
): Assignment {
  const rowToCol = new Int32Array(rowCount).fill(-1);
  const colToRow = new Int32Array(colCount).fill(-1);
  const edges = pairs.filter((p) => p.weight > 0 && p.weight >= minWeight);
  if (edges.length === 0) return { rowToCol, colToRow, totalWeight: 0 };

  // Union-find over rows [0, rowCount) and columns [rowCount, rowCount + colCount).
  const parent = new Int32Array(rowCount + colCount);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (const e of edges) {
    const ra = find(e.row);
    const rb = find(rowCount + e.col);
    if (ra !== rb) parent[ra] = rb;
  }
  const byComponent = new Map<number, WeightedPair[]>();
  for (const e of edges) {
    const root = find(e.row);
    const list = byComponent.get(root);
    if (list) list.push(e);
    else byComponent.set(root, [e]);
  }

  let totalWeight = 0;
  for (const component of byComponent.values()) {
    if (component.length === 1) {
      const e = component[0]!;
      rowToCol[e.row] = e.col;
      colToRow[e.col] = e.row;
      totalWeight += e.weight;
      continue;
    }
    const rows = [...new Set(component.map((e) => e.row))].sort((x, y) => x - y);
    const cols = [...new Set(component.map((e) => e.col))].sort((x, y) => x - y);
    const rowAt = new Map(rows.map((r, i) => [r, i]));
    const colAt = new Map(cols.map((c, i) => [c, i]));
    // Dense matrix with the smaller side as rows. A missing pair costs 0, the same as leaving both
    // unmatched, so it never beats a real pair (cost -weight < 0) and is dropped afterwards.
    const transpose = rows.length > cols.length;
    const r = transpose ? cols.length : rows.length;
    const c = transpose ? rows.length : cols.length;
    const flat = new Float64Array(r * c);
    const weight = new Float64Array(r * c);
    for (const e of component) {
      const i = rowAt.get(e.row)!;
      const j = colAt.get(e.col)!;
      const at = transpose ? j * c + i : i * c + j;
      if (e.weight > weight[at]!) {
        weight[at] = e.weight;
        flat[at] = -e.weight;
      }
    }
    const assigned = hungarian(flat, r, c);
    for (let i = 0; i < r; i++) {
      const j = assigned[i]!;
      if (j < 0 || weight[i * c + j]! <= 0) continue;
      const row = transpose ? rows[j]! : rows[i]!;
      const col = transpose ? cols[i]! : cols[j]!;
      rowToCol[row] = col;
      colToRow[col] = row;
      totalWeight += weight[i * c + j]!;
    }
  }
  return { rowToCol, colToRow, totalWeight };
}

/**
 * Hungarian algorithm with row/column potentials (shortest augmenting paths, as in Jonker–Volgenant),
 * for `rows` ≤ `cols`, on a row-major cost matrix. Returns each row's column. O(rows² · cols).
 */
function hungarian(cost: Float64Array, rows: number, cols: number): Int32Array {
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(cols + 1);
  const match = new Int32Array(cols + 1); // match[j] = 1-based row assigned to column j, 0 = free
  const way = new Int32Array(cols + 1);
  const minv = new Float64Array(cols + 1);
  const used = new Uint8Array(cols + 1);
  for (let i = 1; i <= rows; i++) {
    match[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = match[j0]!;
      let delta = Infinity;
      let j1 = 0;
      const base = (i0 - 1) * cols - 1;
      const ui0 = u[i0]!;
      for (let j = 1; j <= cols; j++) {
        if (used[j]) continue;
        const cur = cost[base + j]! - ui0 - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= cols; j++) {
        if (used[j]) {
          u[match[j]!]! += delta;
          v[j]! -= delta;
        } else {
          minv[j]! -= delta;
        }
      }
      j0 = j1;
    } while (match[j0] !== 0);
    do {
      const j1 = way[j0]!;
      match[j0] = match[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const rowToCol = new Int32Array(rows).fill(-1);
  for (let j = 1; j <= cols; j++) if (match[j]! > 0) rowToCol[match[j]! - 1] = j - 1;
  return rowToCol;
}
