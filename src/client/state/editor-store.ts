import { create } from 'zustand';
import type { AnnotationDocument, AnnotationObject } from '../../shared/annotation.schema';
import { pasteCommands } from '../../editor/clipboard';
import type { Geometry } from '../../shared/geometry.schema';
import type { PolygonEdit } from '../../editor/tools/polygon-edit';
import type { Size } from '../../core/geometry/point';
import {
  createEditor,
  dispatch,
  loadDocument,
  redoEditor,
  runEdit,
  runCommands,
  setTool,
  undoEditor,
  type EditorState,
  type ToolName,
} from '../../editor/editor';
import type { ToolEvent } from '../../editor/tools/tool';
import { useViewStore } from './view-store';
import { maskToolContext, useMaskStore } from './mask-store';
import { deleteObjectsCommands, moveObjectsCommands } from '../../editor/selection';

/** Smallest box side a labeler may draw, in image pixels (a project setting in a later issue). */
const MIN_BOX_PX = 4;

type EditorStore = {
  editor: EditorState;
  imageSize: Size;
  activeClassId: string | null;
  selectedId: string | null;
  /** Every selected object (shift-click, marquee); always holds `selectedId`, the one the handles and attribute panel are for. */
  selectedIds: ReadonlySet<string>;
  /** The object under the pointer in the list or on the canvas, highlighted in both. */
  hoveredId: string | null;
  /** Objects hidden from the canvas, and objects locked against edits (view state, not in the document). */
  hidden: ReadonlySet<string>;
  locked: ReadonlySet<string>;
  /** Starts a task: its image size and its document (a restored draft or an empty one). */
  open(doc: AnnotationDocument, imageSize: Size): void;
  setActiveClass(id: string): void;
  setTool(tool: ToolName): void;
  select(id: string | null): void;
  /** Shift-click: adds an object to the selection, or takes it out. */
  toggleSelected(id: string): void;
  /** Marquee: selects these objects (added to the selection with `add`). */
  selectMany(ids: readonly string[], add: boolean): void;
  /** Moves every selected, unlocked object by one delta (image px): one undoable step. */
  moveSelection(dx: number, dy: number): void;
  /** Deletes every selected, unlocked object: one undoable step. */
  deleteSelection(): void;
  /** Moves an object `by` places in the list (negative: earlier, drawn below): one undoable step. Drawing order is list order. */
  reorder(id: string, by: number): void;
  gesture(event: ToolEvent): void;
  deleteObject(id: string): void;
  hover(id: string | null): void;
  toggleHidden(id: string): void;
  toggleLocked(id: string): void;
  /** Changes an object's class (one undoable step); locked objects are left alone. */
  setObjectClass(id: string, classId: string): void;
  /** Changes the class of every selected, unlocked object: one undoable step. */
  setSelectionClass(classId: string): void;
  /** Sets (or, with undefined, clears) one attribute of an object: one undoable step. */
  setAttribute(id: string, attributeId: string, value: string | number | boolean | undefined): void;
  /** Sets the choices of one taxonomy of a categorization task: one undoable step. */
  setCategories(taxonomy: string, choices: readonly string[]): void;
  /** Replaces an object's geometry after an edit gesture (resize, move, vertex drag): one undoable step. */
  setGeometry(id: string, geometry: Geometry): void;
  /** Applies a polygon edit (vertex move, insert, delete) as one undoable step. */
  edit(edit: PolygonEdit): void;
  /** Objects copied with Ctrl+C; kept across tasks, so a sequence can carry objects to the next frame. */
  clipboard: readonly AnnotationObject[];
  copySelection(): void;
  /** Pastes the clipboard (in place on another task, shifted by 10 px on the one it came from). */
  paste(): void;
  duplicateSelection(): void;
  undo(): void;
  redo(): void;
};

/** The client's copy of the headless editor; the canvas reports gestures here and renders what it holds. */
export const useEditorStore = create<EditorStore>((set, get) => ({
  editor: createEditor({ objects: [] }),
  imageSize: { width: 1, height: 1 },
  activeClassId: null,
  selectedId: null,
  selectedIds: new Set(),
  hoveredId: null,
  hidden: new Set(),
  locked: new Set(),
  open(doc, imageSize) {
    set({ editor: loadDocument(createEditor({ objects: [] }), doc), imageSize, selectedId: null, selectedIds: new Set(), hoveredId: null, hidden: new Set(), locked: new Set() });
  },
  hover(id) {
    if (get().hoveredId !== id) set({ hoveredId: id });
  },
  toggleHidden(id) {
    set({ hidden: toggled(get().hidden, id) });
  },
  toggleLocked(id) {
    set({ locked: toggled(get().locked, id) });
  },
  setAttribute(id, attributeId, value) {
    const { editor, locked } = get();
    const obj = editor.doc.objects.find((o) => o.id === id);
    if (!obj || locked.has(id)) return;
    const attributes = { ...obj.attributes };
    if (value === undefined) delete attributes[attributeId];
    else attributes[attributeId] = value;
    set({ editor: runCommands(editor, [{ type: 'annotation.update', id, changes: { attributes } }]) });
  },
  setCategories(taxonomy, choices) {
    const { editor } = get();
    const before = editor.doc.categories?.[taxonomy] ?? [];
    if (before.length === choices.length && before.every((c, i) => c === choices[i])) return;
    set({ editor: runCommands(editor, [{ type: 'categories.set', taxonomy, choices }]) });
  },
  setGeometry(id, geometry) {
    if (get().locked.has(id)) return;
    set({ editor: runCommands(get().editor, [{ type: 'annotation.update', id, changes: { geometry } }]) });
  },
  edit(edit) {
    set({ editor: runEdit(get().editor, edit) });
  },
  clipboard: [],
  copySelection() {
    const { editor, selectedId } = get();
    const obj = editor.doc.objects.find((o) => o.id === selectedId);
    if (obj) set({ clipboard: [obj] });
  },
  paste() {
    const { editor, clipboard, imageSize } = get();
    if (clipboard.length === 0) return;
    const sameTask = clipboard.some((c) => editor.doc.objects.some((o) => o.id === c.id));
    const commands = pasteCommands(clipboard, imageSize, () => crypto.randomUUID(), sameTask ? 10 : 0);
    const next = runCommands(editor, commands);
    const last = commands.at(-1);
    if (last?.type === 'annotation.create') set({ editor: next, selectedId: last.object.id, selectedIds: new Set([last.object.id]) });
    else set({ editor: next });
  },
  duplicateSelection() {
    const { editor, selectedId, imageSize } = get();
    const obj = editor.doc.objects.find((o) => o.id === selectedId);
    if (!obj) return;
    const commands = pasteCommands([obj], imageSize, () => crypto.randomUUID(), 10);
    const last = commands.at(-1);
    if (last?.type === 'annotation.create') set({ editor: runCommands(editor, commands), selectedId: last.object.id, selectedIds: new Set([last.object.id]) });
    else set({ editor: runCommands(editor, commands) });
  },
  setObjectClass(id, classId) {
    const { editor, locked } = get();
    const obj = editor.doc.objects.find((o) => o.id === id);
    if (!obj || locked.has(id) || obj.classId === classId) return;
    set({ editor: runCommands(editor, [{ type: 'annotation.update', id, changes: { classId } }]) });
  },
  setSelectionClass(classId) {
    const { editor, locked, selectedIds } = get();
    const commands = editor.doc.objects
      .filter((o) => selectedIds.has(o.id) && !locked.has(o.id) && o.classId !== classId)
      .map((o) => ({ type: 'annotation.update' as const, id: o.id, changes: { classId } }));
    if (commands.length > 0) set({ editor: runCommands(editor, commands) });
  },
  setActiveClass(id) {
    set({ activeClassId: id });
  },
  setTool(tool) {
    set({ editor: setTool(get().editor, tool) });
  },
  select(id) {
    set({ selectedId: id, selectedIds: new Set(id ? [id] : []) });
  },
  toggleSelected(id) {
    const ids = toggled(get().selectedIds, id);
    const selectedId = ids.has(id) ? id : ([...ids].at(-1) ?? null);
    set({ selectedIds: ids, selectedId });
  },
  selectMany(ids, add) {
    const next = new Set(add ? get().selectedIds : []);
    for (const id of ids) next.add(id);
    set({ selectedIds: next, selectedId: ids.at(-1) ?? (add ? get().selectedId : null) });
  },
  moveSelection(dx, dy) {
    const { editor, selectedIds, locked, imageSize } = get();
    const objects = editor.doc.objects.filter((o) => selectedIds.has(o.id) && !locked.has(o.id));
    const commands = moveObjectsCommands(objects, { dx, dy }, imageSize);
    if (commands.length > 0) set({ editor: runCommands(editor, commands) });
  },
  reorder(id, by) {
    const { editor } = get();
    const index = editor.doc.objects.findIndex((o) => o.id === id);
    const to = Math.max(0, Math.min(editor.doc.objects.length - 1, index + by));
    if (index < 0 || to === index) return;
    set({ editor: runCommands(editor, [{ type: 'annotation.reorder', id, index: to }]) });
  },
  deleteSelection() {
    const { editor, selectedIds, locked } = get();
    const ids = editor.doc.objects.filter((o) => selectedIds.has(o.id) && !locked.has(o.id)).map((o) => o.id);
    if (ids.length === 0) return;
    const left = new Set([...selectedIds].filter((id) => locked.has(id)));
    set({ editor: runCommands(editor, deleteObjectsCommands(ids)), selectedIds: left, selectedId: [...left].at(-1) ?? null });
  },
  gesture(event) {
    const { editor, imageSize, activeClassId, selectedId } = get();
    // Tolerances a person aims within are a few screen pixels, whatever the zoom.
    const perScreenPx = 1 / useViewStore.getState().view.scale;
    const next = dispatch(
        editor,
        {
          imageSize,
          activeClassId,
          minSizePx: MIN_BOX_PX,
          newId: () => crypto.randomUUID(),
          snapRadiusPx: 8 * perScreenPx,
          dragThresholdPx: 3 * perScreenPx,
          freehandSpacingPx: 4 * perScreenPx,
          mask: maskToolContext(selectedId),
        },
        event,
      );
    // Instance mode: a mask gesture that made a new instance selects it, so the next stroke adds to it.
    if (next === editor) return;
    const made = next.doc.objects.length > editor.doc.objects.length && useMaskStore.getState().mode === 'instance' ? next.doc.objects.at(-1) : undefined;
    set({ editor: next, ...(made?.geometry.kind === 'mask' ? { selectedId: made.id, selectedIds: new Set([made.id]) } : {}) });
  },
  deleteObject(id) {
    if (get().locked.has(id)) return;
    set({ editor: runCommands(get().editor, [{ type: 'annotation.delete', id }]), selectedId: null, selectedIds: new Set() });
  },
  undo() {
    set({ editor: undoEditor(get().editor) });
  },
  redo() {
    set({ editor: redoEditor(get().editor) });
  },
}));

function toggled(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(set);
  if (!next.delete(id)) next.add(id);
  return next;
}
