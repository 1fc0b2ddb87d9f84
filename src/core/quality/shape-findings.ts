import type { BoxGeometry, Geometry } from '../../shared/geometry.schema';
import type { CompareOptions } from './compare-options';
import { fmtPx, round2 } from './finding-text';
import type { BoxEdge, EdgeOffset, Finding } from './finding-types';
import { geometryOutline } from './overlap';

/** The per-pair geometry checks of `compareImage`: box edges beyond tolerance (loose, tight) and coarse polygon outlines. */

/**
 * How far each edge of `answer` lies outside (positive) or inside (negative) the same edge of
 * `reference`, in image pixels, in left, top, right, bottom order.
 */
export function boxEdgeOffsets(answer: BoxGeometry, reference: BoxGeometry): EdgeOffset[] {
  return [
    { edge: 'left', offsetPx: round2(reference.x - answer.x) },
    { edge: 'top', offsetPx: round2(reference.y - answer.y) },
    { edge: 'right', offsetPx: round2(answer.x + answer.w - (reference.x + reference.w)) },
    { edge: 'bottom', offsetPx: round2(answer.y + answer.h - (reference.y + reference.h)) },
  ];
}

/** The `loose_box` / `tight_box` findings of a matched box pair (none when every edge lies within tolerance). */
export function boxEdgeFindings(
  a: BoxGeometry,
  r: BoxGeometry,
  name: string,
  opts: CompareOptions,
  ids: { objectId: string; referenceId: string; iou: number },
): Finding[] {
  const tolX = Math.max(opts.edgeTolerancePx, opts.edgeToleranceFraction * r.w);
  const tolY = Math.max(opts.edgeTolerancePx, opts.edgeToleranceFraction * r.h);
  // Most matched boxes are fine: decide on plain numbers before building any objects.
  const left = r.x - a.x;
  const top = r.y - a.y;
  const right = a.x + a.w - (r.x + r.w);
  const bottom = a.y + a.h - (r.y + r.h);
  if (Math.abs(left) <= tolX && Math.abs(right) <= tolX && Math.abs(top) <= tolY && Math.abs(bottom) <= tolY) return [];
  const offsets = boxEdgeOffsets(a, r);
  const tolerance = (edge: BoxEdge) => (edge === 'left' || edge === 'right' ? tolX : tolY);
  const loose = offsets.filter((o) => o.offsetPx > tolerance(o.edge));
  const tight = offsets.filter((o) => -o.offsetPx > tolerance(o.edge));
  const out: Finding[] = [];
  if (loose.length > 0) {
    out.push({
      type: 'loose_box',
      ...ids,
      magnitude: Math.max(...loose.map((o) => o.offsetPx)),
      edges: loose,
      message: `${listEdges(loose)} outside the ${name}`,
    });
  }
  if (tight.length > 0) {
    out.push({
      type: 'tight_box',
      ...ids,
      magnitude: Math.max(...tight.map((o) => -o.offsetPx)),
      edges: tight,
      message: `${listEdges(tight)} inside the ${name}, cutting it off`,
    });
  }
  return out;
}

/**
 * Whether `answer` is a coarse outline of the reference polygon: fewer than `coarseVertexRatio` of its
 * vertices and some reference vertex farther than `boundaryTolerancePx` from the answer's outline.
 * Why reference vertices to the answer's outline: a coarse polygon's own vertices usually sit on the
 * true boundary; what it loses are the reference's corners between them. Null when it is not coarse.
 */
export function coarseBoundary(
  answer: Geometry,
  referencePoints: readonly { x: number; y: number }[],
  opts: CompareOptions,
): { answerVertices: number; referenceVertices: number; deviationPx: number } | null {
  const outline = distinctRing(geometryOutline(answer));
  const refRing = distinctRing(referencePoints);
  if (!(outline.length < opts.coarseVertexRatio * refRing.length)) return null;
  let deviation = 0;
  for (const p of refRing) deviation = Math.max(deviation, distanceToRing(p, outline));
  if (!(deviation > opts.boundaryTolerancePx)) return null;
  return { answerVertices: outline.length, referenceVertices: refRing.length, deviationPx: round2(deviation) };
}

function distinctRing<P extends { x: number; y: number }>(points: readonly P[]): P[] {
  const out: P[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || last.x !== p.x || last.y !== p.y) out.push(p);
  }
  while (out.length > 1 && out[0]!.x === out[out.length - 1]!.x && out[0]!.y === out[out.length - 1]!.y) out.pop();
  return out;
}

/** Distance in image pixels from `p` to the closed outline through `ring`. */
function distanceToRing(p: { x: number; y: number }, ring: readonly { x: number; y: number }[]): number {
  let best = Infinity;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
    const d = Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
    if (d < best) best = d;
  }
  return best;
}

function listEdges(edges: readonly EdgeOffset[]): string {
  const parts = edges.map((e) => `${e.edge} edge ${fmtPx(Math.abs(e.offsetPx))} px`);
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
}
