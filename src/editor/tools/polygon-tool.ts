import type { PolygonGeometry } from '../../shared/geometry.schema';
import { distance, imagePoint, type ImagePoint } from '../../core/geometry/point';
import { allCollinear, clampPolygon, dedupeVertices, isSelfIntersecting, roundPolygon } from '../../core/geometry/polygon';
import type { ToolContext, ToolEvent, Transition } from './tool';

/**
 * The polygon tool, as in CVAT and Label Studio. Click to place vertices; click the first vertex again, press
 * Enter or double-click (`close`) to finish; Backspace (`undo-vertex`) takes back the last vertex; Esc
 * (`cancel`) drops the polygon. Hold Shift while pressing to trace freehand: vertices follow the pointer while
 * it is down and Shift is held; releasing returns to clicking, so the two mix in one polygon.
 *
 * - `idle`: no vertices yet. `press` is a press that may still turn out to be a click (the first vertex).
 * - `drawing`: vertices placed by clicks (or earlier strokes); `cursor` is where the pointer is, for the
 *   rubber-band segment; `press` as in idle.
 * - `freehand`: the pointer is down with Shift: moves add vertices at least a minimum spacing apart.
 *
 * Nothing reaches the document until the polygon is closed, then one `annotation.create` (one history entry).
 * A refused close (no class, fewer than three vertices, no area) keeps the vertices so the labeler can fix it.
 */
export type PolygonToolState =
  | { name: 'idle'; press: Press | null }
  | { name: 'drawing'; points: readonly ImagePoint[]; cursor: ImagePoint | null; press: Press | null }
  | { name: 'freehand'; points: readonly ImagePoint[]; cursor: ImagePoint };

/** A pointer press: where it went down, and whether it has since travelled far enough to be a drag. */
export type Press = { readonly at: ImagePoint; readonly dragged: boolean };

/** What the canvas draws while a polygon is in progress. */
export type PolygonPreview = {
  /** The vertices placed so far, in order (clamped to the image when an image size is given). */
  points: ImagePoint[];
  /** The free end of the rubber-band segment from the last vertex; snapped onto the first vertex when `closable`. */
  cursor: ImagePoint | null;
  /** A click now would close the polygon: three or more vertices and the cursor within the snap radius of the first. */
  closable: boolean;
};

/** Default tolerances in image pixels; the canvas should pass zoom-aware ones through the {@link ToolContext}. */
export const POLYGON_SNAP_RADIUS_PX = 8;
export const POLYGON_DRAG_THRESHOLD_PX = 3;
export const FREEHAND_SPACING_PX = 4;

/** The hints the polygon tool and the polygon edits give. */
export const POLYGON_HINTS = {
  noClass: 'Pick a class first (keys 1–9)',
  tooFewVertices: 'A polygon needs at least 3 vertices',
  noArea: 'Polygon has no area inside the image',
  crossesItself: 'Polygon crosses itself',
} as const;

export const polygonToolInitial: PolygonToolState = { name: 'idle', press: null };

export function polygonToolHandle(state: PolygonToolState, ctx: ToolContext, event: ToolEvent): Transition<PolygonToolState> {
  if (event.type === 'cancel') return stay(polygonToolInitial);
  switch (state.name) {
    case 'idle':
      return onIdle(state, ctx, event);
    case 'drawing':
      return onDrawing(state, ctx, event);
    case 'freehand':
      return onFreehand(state, ctx, event);
  }
}

function onIdle(state: Extract<PolygonToolState, { name: 'idle' }>, ctx: ToolContext, event: ToolEvent): Transition<PolygonToolState> {
  switch (event.type) {
    case 'pointer.down':
      if (event.shift) return stay({ name: 'freehand', points: [event.point], cursor: event.point });
      return stay({ name: 'idle', press: { at: event.point, dragged: false } });
    case 'pointer.move':
      return stay({ name: 'idle', press: track(state.press, event.point, ctx) });
    case 'pointer.up':
      if (!isClick(state.press, event.point, ctx)) return stay(polygonToolInitial);
      return stay({ name: 'drawing', points: [state.press!.at], cursor: event.point, press: null });
    default:
      return stay(state);
  }
}

function onDrawing(state: Extract<PolygonToolState, { name: 'drawing' }>, ctx: ToolContext, event: ToolEvent): Transition<PolygonToolState> {
  switch (event.type) {
    case 'pointer.down':
      if (event.shift) return stay({ name: 'freehand', points: addSpaced(state.points, event.point, ctx), cursor: event.point });
      return stay({ ...state, cursor: event.point, press: { at: event.point, dragged: false } });
    case 'pointer.move':
      return stay({ ...state, cursor: event.point, press: track(state.press, event.point, ctx) });
    case 'pointer.up': {
      const next = { ...state, cursor: event.point, press: null };
      if (!isClick(state.press, event.point, ctx)) return stay(next);
      return click(next, state.press!.at, ctx);
    }
    case 'close':
      return commit({ ...state, press: null }, ctx);
    case 'undo-vertex': {
      const points = state.points.slice(0, -1);
      return stay(points.length === 0 ? polygonToolInitial : { ...state, points });
    }
    case 'cancel':
      return stay(polygonToolInitial);
  }
}

function onFreehand(state: Extract<PolygonToolState, { name: 'freehand' }>, ctx: ToolContext, event: ToolEvent): Transition<PolygonToolState> {
  switch (event.type) {
    case 'pointer.move':
      return stay({ ...state, cursor: event.point, points: event.shift ? addSpaced(state.points, event.point, ctx) : state.points });
    case 'pointer.up': {
      const points = event.shift ? addSpaced(state.points, event.point, ctx) : state.points;
      return stay({ name: 'drawing', points, cursor: event.point, press: null });
    }
    case 'close':
      return commit(state, ctx);
    case 'undo-vertex': {
      const points = state.points.slice(0, -1);
      return stay(points.length === 0 ? polygonToolInitial : { ...state, points });
    }
    default:
      // A second press while one is down means the pointer up was lost (e.g. released outside the window): ignore it.
      return stay(state);
  }
}

/**
 * A click while drawing: on the first vertex it closes; on the last vertex it adds nothing (the second click of
 * a double-click, whose `close` follows); anywhere else it adds a vertex.
 */
function click(state: Extract<PolygonToolState, { name: 'drawing' }>, at: ImagePoint, ctx: ToolContext): Transition<PolygonToolState> {
  const radius = ctx.snapRadiusPx ?? POLYGON_SNAP_RADIUS_PX;
  const first = state.points[0]!;
  const last = state.points[state.points.length - 1]!;
  if (distance(at, first) <= radius) {
    if (state.points.length >= 3) return commit(state, ctx);
    if (state.points.length > 1) return { state, commands: [], hint: POLYGON_HINTS.tooFewVertices };
  }
  if (distance(at, last) <= radius) return stay(state);
  return stay({ ...state, points: [...state.points, at] });
}

/**
 * Closes the polygon: clamps its vertices to the image and creates it with the active class. Refusals keep
 * `state` (the vertices stay) with a hint. A polygon that crosses itself is still created, with a hint, so the
 * labeler sees it and may fix or undo it; the quality checks flag it later via `polygonIssues`.
 */
function commit(state: PolygonToolState, ctx: ToolContext): Transition<PolygonToolState> {
  const points = state.name === 'idle' ? [] : state.points;
  if (!ctx.activeClassId) return { state, commands: [], hint: POLYGON_HINTS.noClass };
  if (dedupeVertices(points).length < 3) return { state, commands: [], hint: POLYGON_HINTS.tooFewVertices };
  const clamped = dedupeVertices(roundPolygon(clampPolygon(points, ctx.imageSize)));
  if (clamped.length < 3 || allCollinear(clamped)) return { state, commands: [], hint: POLYGON_HINTS.noArea };
  const geometry: PolygonGeometry = { kind: 'polygon', points: clamped };
  return {
    state: polygonToolInitial,
    commands: [
      {
        type: 'annotation.create',
        object: { id: ctx.newId(), classId: ctx.activeClassId, geometry, attributes: {}, source: 'human', version: 1 },
      },
    ],
    ...(isSelfIntersecting(clamped) ? { hint: POLYGON_HINTS.crossesItself } : {}),
  };
}

/**
 * The polygon in progress for the canvas to draw; null when there is none. Pass the image size to see the
 * vertices clamped as they will be stored, and the zoom-aware snap radius to match what a click would do.
 */
export function polygonToolPreview(
  state: PolygonToolState,
  ctx: Partial<Pick<ToolContext, 'imageSize' | 'snapRadiusPx'>> = {},
): PolygonPreview | null {
  if (state.name === 'idle') return null;
  const fit = (p: ImagePoint): ImagePoint => (ctx.imageSize ? toImagePoint(clampPolygon([p], ctx.imageSize)[0]!) : p);
  const points = state.points.map(fit);
  const first = state.points[0];
  const closable =
    state.name === 'drawing' &&
    state.points.length >= 3 &&
    state.cursor !== null &&
    first !== undefined &&
    distance(state.cursor, first) <= (ctx.snapRadiusPx ?? POLYGON_SNAP_RADIUS_PX);
  const cursor = closable ? points[0]! : state.cursor && fit(state.cursor);
  return { points, cursor, closable };
}

/** Marks a press as a drag once it has travelled the drag threshold; a drag never turns back into a click. */
function track(press: Press | null, at: ImagePoint, ctx: ToolContext): Press | null {
  if (!press || press.dragged) return press;
  return distance(press.at, at) >= (ctx.dragThresholdPx ?? POLYGON_DRAG_THRESHOLD_PX) ? { ...press, dragged: true } : press;
}

/**
 * Whether a release ends a click. A press that travelled is a drag and places nothing (the canvas may use plain
 * drags to pan); why not place a vertex at the release instead: a labeler who drags has not aimed at a point.
 */
function isClick(press: Press | null, at: ImagePoint, ctx: ToolContext): boolean {
  return press !== null && !track(press, at, ctx)!.dragged;
}

/** Appends a freehand vertex unless it is closer than the minimum spacing to the last one. */
function addSpaced(points: readonly ImagePoint[], p: ImagePoint, ctx: ToolContext): readonly ImagePoint[] {
  const last = points[points.length - 1];
  if (last && distance(last, p) < (ctx.freehandSpacingPx ?? FREEHAND_SPACING_PX)) return points;
  return [...points, p];
}

function toImagePoint(p: { x: number; y: number }): ImagePoint {
  return imagePoint(p.x, p.y);
}

function stay(state: PolygonToolState): Transition<PolygonToolState> {
  return { state, commands: [] };
}
