import type { AnnotationDocument } from '../shared/annotation.schema';
import { applyCommand, type Command, type Patch } from '../core/document/document';
import { emptyHistory, record, redo, undo, type History } from '../core/history/history';
import { boxToolHandle, boxToolInitial, type BoxToolState } from './tools/box-tool';
import type { PolygonEdit } from './tools/polygon-edit';
import { polygonToolHandle, polygonToolInitial, type PolygonToolState } from './tools/polygon-tool';
import type { ToolContext, ToolEvent, Transition } from './tools/tool';
import { brushToolHandle, brushToolInitial, type BrushToolState } from './tools/brush-tool';
import { polygonFillHandle, polygonFillInitial, type PolygonFillState } from './tools/polygon-fill-tool';
import { wandToolHandle, wandToolInitial, type WandToolState } from './tools/wand-tool';

export { polygonToolPreview, type PolygonPreview } from './tools/polygon-tool';

/** The tools the editor knows. Switch only through {@link setTool}. */
export type ToolName = 'select' | 'box' | 'polygon' | 'brush' | 'eraser' | 'polygon-fill' | 'wand';

/** Every tool's state, tagged by tool, so a tool never reads another's state. */
export type ToolState =
  | { tool: 'select' }
  | { tool: 'box'; state: BoxToolState }
  | { tool: 'polygon'; state: PolygonToolState }
  | { tool: 'brush'; state: BrushToolState }
  | { tool: 'eraser'; state: BrushToolState }
  | { tool: 'polygon-fill'; state: PolygonFillState }
  | { tool: 'wand'; state: WandToolState };

/** The headless editor: the document, its history and the active tool. Immutable. */
export type EditorState = {
  doc: AnnotationDocument;
  history: History;
  tool: ToolState;
  /** The last hint a tool gave (e.g. "box too small"); cleared by the next gesture. */
  hint: string | null;
};

export function createEditor(doc: AnnotationDocument): EditorState {
  return { doc, history: emptyHistory(), tool: { tool: 'box', state: boxToolInitial }, hint: null };
}

/** Replaces the document with one loaded from elsewhere (origin `load`): history starts afresh. */
export function loadDocument(editor: EditorState, doc: AnnotationDocument): EditorState {
  return { ...editor, doc, history: emptyHistory(), hint: null };
}

/** Switches tools; the new tool starts afresh and whatever the old one had in progress is dropped (never committed). */
export function setTool(editor: EditorState, tool: ToolName): EditorState {
  return { ...editor, tool: initialToolState(tool), hint: null };
}

function initialToolState(tool: ToolName): ToolState {
  switch (tool) {
    case 'box':
      return { tool: 'box', state: boxToolInitial };
    case 'polygon':
      return { tool: 'polygon', state: polygonToolInitial };
    case 'select':
      return { tool: 'select' };
    case 'brush':
    case 'eraser':
      return { tool, state: brushToolInitial };
    case 'polygon-fill':
      return { tool, state: polygonFillInitial };
    case 'wand':
      return { tool, state: wandToolInitial };
  }
}

/** Feeds one gesture event to the active tool and applies what it commits as one history entry. */
export function dispatch(editor: EditorState, ctx: Omit<ToolContext, 'doc'>, event: ToolEvent): EditorState {
  const full: ToolContext = { ...ctx, doc: editor.doc };
  let t: Transition<ToolState>;
  switch (editor.tool.tool) {
    case 'box': {
      const r = boxToolHandle(editor.tool.state, full, event);
      t = { ...r, state: { tool: 'box', state: r.state } };
      break;
    }
    case 'polygon': {
      const r = polygonToolHandle(editor.tool.state, full, event);
      t = { ...r, state: { tool: 'polygon', state: r.state } };
      break;
    }
    case 'brush':
    case 'eraser': {
      const tool = editor.tool.tool;
      const r = brushToolHandle(editor.tool.state, full, event, tool === 'eraser');
      t = { ...r, state: { tool, state: r.state } };
      break;
    }
    case 'polygon-fill': {
      const r = polygonFillHandle(editor.tool.state, full, event);
      t = { ...r, state: { tool: 'polygon-fill', state: r.state } };
      break;
    }
    case 'wand': {
      const r = wandToolHandle(editor.tool.state, full, event);
      t = { ...r, state: { tool: 'wand', state: r.state } };
      break;
    }
    case 'select':
      return editor;
  }
  const hint = t.hint ?? (event.type === 'pointer.down' ? null : editor.hint);
  // Nothing changed (a hover move with a tool at rest): the same state, so nothing that draws it re-renders.
  if (t.commands.length === 0 && 'state' in t.state && 'state' in editor.tool && t.state.state === editor.tool.state && hint === editor.hint) return editor;
  const next = runCommands({ ...editor, tool: t.state }, t.commands);
  return { ...next, hint };
}

/** Applies an edit built outside the tools (e.g. a polygon vertex drag, see `tools/polygon-edit.ts`) as one history entry, showing its hint. */
export function runEdit(editor: EditorState, edit: Pick<PolygonEdit, 'commands' | 'hint'>): EditorState {
  return { ...runCommands(editor, edit.commands), hint: edit.hint ?? null };
}

/** Applies commands as one undoable step (origin `local`). */
export function runCommands(editor: EditorState, commands: readonly Command[]): EditorState {
  if (commands.length === 0) return editor;
  let doc = editor.doc;
  const forward: Patch[] = [];
  const inverse: Patch[] = [];
  for (const cmd of commands) {
    const r = applyCommand(doc, cmd);
    doc = r.doc;
    forward.push(...r.forward);
    inverse.unshift(...r.inverse);
  }
  return { ...editor, doc, history: record(editor.history, { forward, inverse }) };
}

export function undoEditor(editor: EditorState): EditorState {
  const r = undo(editor.doc, editor.history);
  return { ...editor, doc: r.doc, history: r.history };
}

export function redoEditor(editor: EditorState): EditorState {
  const r = redo(editor.doc, editor.history);
  return { ...editor, doc: r.doc, history: r.history };
}
