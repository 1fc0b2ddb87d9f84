import type { AnnotationDocument } from '../shared/annotation.schema';
import { applyCommand, type Command, type Patch } from '../core/document/document';
import { emptyHistory, record, redo, undo, type History } from '../core/history/history';
import { boxToolHandle, boxToolInitial, type BoxToolState } from './tools/box-tool';
import type { ToolContext, ToolEvent } from './tools/tool';

/** The tools the editor knows. Switch only through {@link setTool}. */
export type ToolName = 'select' | 'box';

/** Every tool's state, tagged by tool, so a tool never reads another's state. */
export type ToolState = { tool: 'select' } | { tool: 'box'; state: BoxToolState };

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

export function setTool(editor: EditorState, tool: ToolName): EditorState {
  const next: ToolState = tool === 'box' ? { tool: 'box', state: boxToolInitial } : { tool: 'select' };
  return { ...editor, tool: next, hint: null };
}

/** Feeds one gesture event to the active tool and applies what it commits as one history entry. */
export function dispatch(editor: EditorState, ctx: Omit<ToolContext, 'doc'>, event: ToolEvent): EditorState {
  if (editor.tool.tool !== 'box') return editor;
  const t = boxToolHandle(editor.tool.state, { ...ctx, doc: editor.doc }, event);
  const next = runCommands({ ...editor, tool: { tool: 'box', state: t.state } }, t.commands);
  return { ...next, hint: t.hint ?? (event.type === 'pointer.down' ? null : editor.hint) };
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
