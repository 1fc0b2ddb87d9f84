import type { AnnotationDocument } from '../../shared/annotation.schema';
import { applyPatches, type Patch } from '../document/document';

/** One undoable step: what one gesture did, as patches (never closures or snapshots). */
export type HistoryEntry = { forward: Patch[]; inverse: Patch[] };

/** Undo and redo stacks; the last element is the most recent. Immutable: every operation returns a new value. */
export type History = { undo: readonly HistoryEntry[]; redo: readonly HistoryEntry[] };

export function emptyHistory(): History {
  return { undo: [], redo: [] };
}

/** Records a new step; clears the redo stack, as every editor does after a fresh change. */
export function record(history: History, entry: HistoryEntry): History {
  if (entry.forward.length === 0) return history;
  return { undo: [...history.undo, entry], redo: [] };
}

/** Undoes the last step; returns the inputs unchanged when there is nothing to undo. */
export function undo(doc: AnnotationDocument, history: History): { doc: AnnotationDocument; history: History } {
  const entry = history.undo.at(-1);
  if (!entry) return { doc, history };
  return {
    doc: applyPatches(doc, entry.inverse),
    history: { undo: history.undo.slice(0, -1), redo: [...history.redo, entry] },
  };
}

/** Redoes the last undone step; returns the inputs unchanged when there is nothing to redo. */
export function redo(doc: AnnotationDocument, history: History): { doc: AnnotationDocument; history: History } {
  const entry = history.redo.at(-1);
  if (!entry) return { doc, history };
  return {
    doc: applyPatches(doc, entry.forward),
    history: { undo: [...history.undo, entry], redo: history.redo.slice(0, -1) },
  };
}
