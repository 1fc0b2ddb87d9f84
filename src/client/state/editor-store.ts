import { create } from 'zustand';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { Size } from '../../core/geometry/point';
import {
  createEditor,
  dispatch,
  loadDocument,
  redoEditor,
  runCommands,
  setTool,
  undoEditor,
  type EditorState,
  type ToolName,
} from '../../editor/editor';
import type { ToolEvent } from '../../editor/tools/tool';

/** Smallest box side a labeler may draw, in image pixels (a project setting in a later issue). */
const MIN_BOX_PX = 4;

type EditorStore = {
  editor: EditorState;
  imageSize: Size;
  activeClassId: string | null;
  selectedId: string | null;
  /** Starts a task: its image size and its document (a restored draft or an empty one). */
  open(doc: AnnotationDocument, imageSize: Size): void;
  setActiveClass(id: string): void;
  setTool(tool: ToolName): void;
  select(id: string | null): void;
  gesture(event: ToolEvent): void;
  deleteObject(id: string): void;
  undo(): void;
  redo(): void;
};

/** The client's copy of the headless editor; the canvas reports gestures here and renders what it holds. */
export const useEditorStore = create<EditorStore>((set, get) => ({
  editor: createEditor({ objects: [] }),
  imageSize: { width: 1, height: 1 },
  activeClassId: null,
  selectedId: null,
  open(doc, imageSize) {
    set({ editor: loadDocument(createEditor({ objects: [] }), doc), imageSize, selectedId: null });
  },
  setActiveClass(id) {
    set({ activeClassId: id });
  },
  setTool(tool) {
    set({ editor: setTool(get().editor, tool) });
  },
  select(id) {
    set({ selectedId: id });
  },
  gesture(event) {
    const { editor, imageSize, activeClassId } = get();
    set({
      editor: dispatch(editor, { imageSize, activeClassId, minSizePx: MIN_BOX_PX, newId: () => crypto.randomUUID() }, event),
    });
  },
  deleteObject(id) {
    set({ editor: runCommands(get().editor, [{ type: 'annotation.delete', id }]), selectedId: null });
  },
  undo() {
    set({ editor: undoEditor(get().editor) });
  },
  redo() {
    set({ editor: redoEditor(get().editor) });
  },
}));
