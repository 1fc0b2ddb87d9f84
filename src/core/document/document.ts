import type { AnnotationDocument, AnnotationObject } from '../../shared/annotation.schema';

/**
 * Changes to an annotation document, as data. Apply them with {@link applyCommand}, which returns
 * the next document (the input is never mutated) with forward and inverse patches for history.
 */
export type Command =
  | { type: 'annotation.create'; object: AnnotationObject }
  | { type: 'annotation.update'; id: string; changes: Partial<Pick<AnnotationObject, 'geometry' | 'classId' | 'attributes' | 'transcript'>> }
  | { type: 'annotation.delete'; id: string }
  /** Moves an object to `index` in the list (0 = drawn first, at the bottom); the object itself is unchanged. */
  | { type: 'annotation.reorder'; id: string; index: number }
  /** Sets the choices made in one taxonomy of a categorization task (an empty list clears it). */
  | { type: 'categories.set'; taxonomy: string; choices: readonly string[] };

/**
 * The smallest change to a document: put an object at an index (insert, or replace the object with the same id),
 * or remove the object with an id.
 */
export type Patch =
  | { op: 'put'; index: number; object: AnnotationObject }
  | { op: 'remove'; id: string }
  /** Sets a taxonomy's choices; `null` removes the taxonomy from the document. */
  | { op: 'categories'; taxonomy: string; choices: readonly string[] | null };

/** Where a change came from; only `local` changes go on the undo stack. */
export type ChangeOrigin = 'local' | 'load' | 'remote';

export type CommandResult = {
  doc: AnnotationDocument;
  forward: Patch[];
  inverse: Patch[];
};

/** An empty document. */
export function emptyDocument(): AnnotationDocument {
  return { objects: [] };
}

/** Applies one command. A command naming an unknown object, or creating a duplicate id, throws. */
export function applyCommand(doc: AnnotationDocument, cmd: Command): CommandResult {
  switch (cmd.type) {
    case 'annotation.create': {
      if (doc.objects.some((o) => o.id === cmd.object.id)) throw new Error(`object ${cmd.object.id} already exists`);
      const forward: Patch[] = [{ op: 'put', index: doc.objects.length, object: cmd.object }];
      return { doc: applyPatches(doc, forward), forward, inverse: [{ op: 'remove', id: cmd.object.id }] };
    }
    case 'annotation.update': {
      const index = indexOf(doc, cmd.id);
      const before = doc.objects[index]!;
      const after: AnnotationObject = { ...before, ...cmd.changes, version: before.version + 1 };
      const forward: Patch[] = [{ op: 'put', index, object: after }];
      return { doc: applyPatches(doc, forward), forward, inverse: [{ op: 'put', index, object: before }] };
    }
    case 'annotation.delete': {
      const index = indexOf(doc, cmd.id);
      const forward: Patch[] = [{ op: 'remove', id: cmd.id }];
      return { doc: applyPatches(doc, forward), forward, inverse: [{ op: 'put', index, object: doc.objects[index]! }] };
    }
    case 'annotation.reorder': {
      const from = indexOf(doc, cmd.id);
      const object = doc.objects[from]!;
      const to = Math.max(0, Math.min(doc.objects.length - 1, Math.trunc(cmd.index)));
      // A put of an object already in the list takes it out and inserts it at the index: a move.
      return { doc: applyPatches(doc, [{ op: 'put', index: to, object }]), forward: [{ op: 'put', index: to, object }], inverse: [{ op: 'put', index: from, object }] };
    }
    case 'categories.set': {
      const before = doc.categories?.[cmd.taxonomy] ?? null;
      const forward: Patch[] = [{ op: 'categories', taxonomy: cmd.taxonomy, choices: cmd.choices.length > 0 ? [...cmd.choices] : null }];
      return { doc: applyPatches(doc, forward), forward, inverse: [{ op: 'categories', taxonomy: cmd.taxonomy, choices: before }] };
    }
  }
}

/** Applies patches in order, returning a new document. */
export function applyPatches(doc: AnnotationDocument, patches: readonly Patch[]): AnnotationDocument {
  let objects = doc.objects;
  let categories = doc.categories;
  for (const p of patches) {
    if (p.op === 'categories') {
      const { [p.taxonomy]: _old, ...rest } = categories ?? {};
      categories = p.choices ? { ...rest, [p.taxonomy]: [...p.choices] } : rest;
    } else if (p.op === 'remove') {
      objects = objects.filter((o) => o.id !== p.id);
    } else {
      const existing = objects.findIndex((o) => o.id === p.object.id);
      const next = existing >= 0 ? objects.filter((_, i) => i !== existing) : objects.slice();
      next.splice(Math.min(p.index, next.length), 0, p.object);
      objects = next;
    }
  }
  if (categories === doc.categories) return { ...doc, objects };
  return { ...doc, objects, categories };
}

function indexOf(doc: AnnotationDocument, id: string): number {
  const index = doc.objects.findIndex((o) => o.id === id);
  if (index < 0) throw new Error(`no object ${id}`);
  return index;
}
