import type { AnnotationDocument, AnnotationObject } from '../../shared/annotation.schema';
import type { Geometry } from '../../shared/geometry.schema';

/**
 * The reviewer's diff list: what changed between the labeler's version of a task and the fixed one,
 * object by object, in words a person reads at a glance ("box moved 12 px right", "class car → cyclist").
 * Objects are paired by id, which every fix keeps (the review page edits the labeler's objects in place);
 * an object only in the fixed version was added by the reviewer, one only in the labeler's was deleted.
 * This is a description of edits, not a judgement: the typed findings come from `core/quality`.
 */

/** Kinds of change, in the order one object's changes are listed. */
export type DiffKind = 'added' | 'deleted' | 'class_changed' | 'moved' | 'resized' | 'reshaped' | 'attributes_changed' | 'categories_changed';

/** One change to one object. Distances in image pixels, rounded to 0.1. */
export interface DiffEntry {
  readonly kind: DiffKind;
  readonly objectId: string;
  readonly message: string;
  /** `moved`: the shift of the box's top-left corner or the polygon's centroid. */
  readonly dx?: number;
  readonly dy?: number;
  /** `class_changed`: from and to. */
  readonly fromClassId?: string;
  readonly toClassId?: string;
  /** `attributes_changed`: the keys whose values differ. */
  readonly attributes?: string[];
  /** `categories_changed` (a categorization's answer; `objectId` is `categories.<taxonomy>`): the taxonomy. */
  readonly taxonomy?: string;
}

/** Options: display names by class id (the id itself when missing), and the smallest distance that counts as a move, px. */
export interface DiffOptions {
  readonly classLabels?: Readonly<Record<string, string>>;
  readonly minShiftPx?: number;
}

/** Lists every change from `before` (the labeler's) to `after` (the fixed version); empty when they are the same. */
export function diffDocuments(before: AnnotationDocument, after: AnnotationDocument, options: DiffOptions = {}): DiffEntry[] {
  const label = (id: string) => options.classLabels?.[id] ?? id;
  const minShift = options.minShiftPx ?? 0.5;
  const afterById = new Map(after.objects.map((o) => [o.id, o]));
  const beforeIds = new Set(before.objects.map((o) => o.id));
  const entries: DiffEntry[] = [];

  for (const old of before.objects) {
    const next = afterById.get(old.id);
    if (!next) {
      entries.push({ kind: 'deleted', objectId: old.id, message: `${describe(old, label)} deleted` });
      continue;
    }
    if (old.classId !== next.classId) {
      entries.push({
        kind: 'class_changed',
        objectId: old.id,
        fromClassId: old.classId,
        toClassId: next.classId,
        message: `class ${label(old.classId)} → ${label(next.classId)}`,
      });
    }
    entries.push(...geometryChanges(old.id, old.geometry, next.geometry, minShift));
    const keys = changedAttributes(old, next);
    if (keys.length > 0) {
      entries.push({ kind: 'attributes_changed', objectId: old.id, attributes: keys, message: `${keys.join(', ')} changed` });
    }
  }
  for (const added of after.objects) {
    if (!beforeIds.has(added.id)) entries.push({ kind: 'added', objectId: added.id, message: `${describe(added, label)} added` });
  }
  // A categorization's answers, taxonomy by taxonomy (order of choices does not matter).
  const names = new Set([...Object.keys(before.categories ?? {}), ...Object.keys(after.categories ?? {})]);
  for (const taxonomy of names) {
    const was = before.categories?.[taxonomy] ?? [];
    const now = after.categories?.[taxonomy] ?? [];
    if (sameChoices(was, now)) continue;
    entries.push({ kind: 'categories_changed', objectId: `categories.${taxonomy}`, taxonomy, message: `${taxonomy}: ${was.join(', ') || 'nothing'} → ${now.join(', ') || 'nothing'}` });
  }
  return entries;
}

/** Whether two documents hold the same answer: the same objects (id, class, geometry, attributes) in order, and the same categories. */
export function sameAnswer(a: AnnotationDocument, b: AnnotationDocument): boolean {
  if (a.objects.length !== b.objects.length) return false;
  const strip = (d: AnnotationDocument) => JSON.stringify(d.objects.map((o) => [o.id, o.classId, o.geometry, o.attributes]));
  if (strip(a) !== strip(b)) return false;
  const names = new Set([...Object.keys(a.categories ?? {}), ...Object.keys(b.categories ?? {})]);
  return [...names].every((n) => sameChoices(a.categories?.[n] ?? [], b.categories?.[n] ?? []));
}

function sameChoices(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c) => b.includes(c));
}

function describe(o: AnnotationObject, label: (id: string) => string): string {
  return `${o.geometry.kind} ${label(o.classId)}`;
}

function geometryChanges(objectId: string, a: Geometry, b: Geometry, minShift: number): DiffEntry[] {
  if (a.kind !== b.kind) return [{ kind: 'reshaped', objectId, message: `${a.kind} replaced by a ${b.kind}` }];
  if (a.kind === 'box' && b.kind === 'box') {
    const out: DiffEntry[] = [];
    const resized = Math.abs(a.w - b.w) >= minShift || Math.abs(a.h - b.h) >= minShift;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    if (resized) {
      out.push({ kind: 'resized', objectId, message: `box resized ${fmtSize(a.w, a.h)} → ${fmtSize(b.w, b.h)} px${edgeNote(a, b, minShift)}` });
    } else if (Math.hypot(dx, dy) >= minShift) {
      out.push({ kind: 'moved', objectId, dx: round1(dx), dy: round1(dy), message: `box moved ${shiftWords(dx, dy, minShift)}` });
    }
    return out;
  }
  if (a.kind === 'polygon' && b.kind === 'polygon') {
    const same = a.points.length === b.points.length && a.points.every((p, i) => p.x === b.points[i]!.x && p.y === b.points[i]!.y);
    if (same) return [];
    if (a.points.length === b.points.length) {
      // Every vertex shifted by one vector: the polygon was dragged whole.
      const dx = b.points[0]!.x - a.points[0]!.x;
      const dy = b.points[0]!.y - a.points[0]!.y;
      const rigid = a.points.every((p, i) => Math.abs(b.points[i]!.x - p.x - dx) < 1e-6 && Math.abs(b.points[i]!.y - p.y - dy) < 1e-6);
      if (rigid) return Math.hypot(dx, dy) >= minShift ? [{ kind: 'moved', objectId, dx: round1(dx), dy: round1(dy), message: `polygon moved ${shiftWords(dx, dy, minShift)}` }] : [];
      let changed = 0;
      let farthest = 0;
      a.points.forEach((p, i) => {
        const d = Math.hypot(b.points[i]!.x - p.x, b.points[i]!.y - p.y);
        if (d > 0) changed++;
        farthest = Math.max(farthest, d);
      });
      return [{ kind: 'reshaped', objectId, message: `${changed} ${changed === 1 ? 'vertex' : 'vertices'} moved, up to ${round1(farthest)} px` }];
    }
    const delta = b.points.length - a.points.length;
    return [{ kind: 'reshaped', objectId, message: `polygon reshaped, ${Math.abs(delta)} ${Math.abs(delta) === 1 ? 'vertex' : 'vertices'} ${delta > 0 ? 'added' : 'removed'}` }];
  }
  // Masks compare by their RLE string (cheap even when the mask is large); other kinds by value.
  const same = a.kind === 'mask' && b.kind === 'mask'
    ? a.rle.counts === b.rle.counts && a.rle.size[0] === b.rle.size[0] && a.rle.size[1] === b.rle.size[1]
    : JSON.stringify(a) === JSON.stringify(b);
  return same ? [] : [{ kind: 'reshaped', objectId, message: `${a.kind} changed` }];
}

function edgeNote(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }, minShift: number): string {
  const edges: string[] = [];
  const push = (name: string, d: number) => {
    if (Math.abs(d) >= minShift) edges.push(`${name} ${d > 0 ? '+' : '−'}${round1(Math.abs(d))}`);
  };
  // Positive means the edge moved outward (the box grew on that side).
  push('left', a.x - b.x);
  push('top', a.y - b.y);
  push('right', b.x + b.w - (a.x + a.w));
  push('bottom', b.y + b.h - (a.y + a.h));
  return edges.length ? ` (${edges.join(', ')})` : '';
}

function shiftWords(dx: number, dy: number, minShift: number): string {
  const parts: string[] = [];
  if (Math.abs(dx) >= minShift) parts.push(`${round1(Math.abs(dx))} px ${dx > 0 ? 'right' : 'left'}`);
  if (Math.abs(dy) >= minShift) parts.push(`${round1(Math.abs(dy))} px ${dy > 0 ? 'down' : 'up'}`);
  return parts.join(', ') || `${round1(Math.hypot(dx, dy))} px`;
}

function changedAttributes(a: AnnotationObject, b: AnnotationObject): string[] {
  const keys = new Set([...Object.keys(a.attributes), ...Object.keys(b.attributes)]);
  return [...keys].filter((k) => a.attributes[k] !== b.attributes[k]).sort();
}

function fmtSize(w: number, h: number): string {
  return `${round1(w)}×${round1(h)}`;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
